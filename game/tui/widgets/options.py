"""The list every screen chooses from: arrows and enter, or 1-9 to pick a choice at once.

The digits work whatever has the focus inside a screen: a screen binds them too (`number_keys`)
and hands them to `pick_by_number`, which picks in the list that has the focus, else the one that
had it last, else the first one shown.
"""

from __future__ import annotations

from itertools import count

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.styled import styled
from game.tui.widgets.static import same

_focus_clock = count(1)


class ChoiceList(OptionList):
    """An OptionList whose first nine enabled choices are numbered and picked by their digit.

    Prompts are Content built with `styled()`; a plain string prompt is shown as it is, never
    read as markup (most prompts quote the story)."""

    BINDINGS = [Binding(str(n), f"pick({n})", f"Choice {n}", show=False) for n in range(1, 10)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.focused_at = 0  # when it last had the focus, to send it the digits typed elsewhere

    def on_focus(self) -> None:
        self.focused_at = next(_focus_clock)

    def set_choices(self, options: list[Option]) -> None:
        """Swap in new choices, keeping the highlight on the same id where it still exists."""
        numbered = []
        number = 0
        for option in options:
            if option.disabled:
                numbered.append(option)
                continue
            number += 1
            # Past nine, no digit picks a choice: no number, the text in line with the rest.
            label = styled((str(number), "dim"), " ") if number <= 9 else styled("  ")
            numbered.append(Option(hanging(label + option.prompt, len(label.plain)),
                                   id=option.id))
        replace_options(self, numbered)

    def action_pick(self, number: int) -> None:
        enabled = [i for i in range(self.option_count)
                   if not self.get_option_at_index(i).disabled]
        if number <= len(enabled):
            self.highlighted = enabled[number - 1]
            self.action_select()


def hanging(prompt: object, first: int | None = None) -> object:
    """`prompt` with its wrapped lines indented under their text (see Hanging)."""
    return Hanging(prompt, first) if isinstance(prompt, Content) else prompt


def replace_options(option_list: OptionList, options: list[Option]) -> None:
    """Swap in new options, keeping the highlight on the same id where it still exists.

    When the options shown are the first of the new ones (the same ids, in the same order), they
    are updated in place and the rest appended: nothing moves, the list does not scroll."""
    old = [option.id for option in option_list.options]
    new = [option.id for option in options]
    if old and None not in old and new[:len(old)] == old:
        # Only what changed: a prompt replaced makes the list measure and draw every choice
        # again, and the screens set every list again after each action.
        changed = False
        for index, option in enumerate(options[:len(old)]):
            current = option_list.get_option_at_index(index)
            if not same(current.prompt, option.prompt):
                option_list.replace_option_prompt_at_index(index, option.prompt)
                changed = True
            if current.disabled != option.disabled:
                current.disabled = option.disabled
                changed = True
        option_list.add_options(options[len(old):])
        highlighted = option_list.highlighted
        if highlighted is None or option_list.get_option_at_index(highlighted).disabled:
            option_list.highlighted = _nearest_enabled(options, highlighted or 0)
        if changed:
            option_list.refresh()
        return
    highlighted = option_list.highlighted_option
    keep = highlighted.id if highlighted is not None else None
    scrolled = option_list.scroll_y
    option_list.clear_options()
    option_list.add_options(options)
    option_list.scroll_to(y=scrolled, animate=False, immediate=True)
    for index, option in enumerate(options):
        if option.id == keep and not option.disabled:
            option_list.highlighted = index
            return
    option_list.highlighted = _nearest_enabled(options, 0)


def _nearest_enabled(options: list[Option], index: int) -> int | None:
    """The enabled option at `index` or nearest to it, the one below first on a tie."""
    for distance in range(len(options)):
        for candidate in (index + distance, index - distance):
            if 0 <= candidate < len(options) and not options[candidate].disabled:
                return candidate
    return None


# ---- the digits, for a whole screen --------------------------------------------------------------


def number_keys() -> list[Binding]:
    """Bindings of 1-9 for a screen with `action_pick_number`: no description, so the list of
    keys (`?`) shows them once, from the list itself."""
    return [Binding(str(n), f"pick_number({n})", "", show=False) for n in range(1, 10)]


def pick_by_number(screen: Screen, number: int) -> None:
    """Pick choice `number` in the list the digits are meant for, whatever has the focus."""
    focused = screen.focused
    if isinstance(focused, ChoiceList):
        target: ChoiceList | None = focused
    else:
        shown = [c for c in screen.query(ChoiceList) if c.display and c.option_count]
        target = max(shown, key=lambda c: c.focused_at, default=None)
    if target is not None:
        target.action_pick(number)


class Hanging(Content):
    """A choice's prompt whose wrapped lines stay under the text they continue: the first line
    under the text after its number (`first` cells), every other line (and the first, without
    a number) under its own indent."""

    def __init__(self, content: Content, first: int | None = None) -> None:
        super().__init__(content.plain, list(content.spans))
        self.first = first
        self._hung: tuple[int, Content] | None = None

    def hung(self, width: int) -> Content:
        if self._hung is not None and self._hung[0] == width:
            return self._hung[1]
        rows: list[Content] = []
        for number, line in enumerate(self.split("\n", allow_blank=True)):
            text = line.plain
            indent = self.first if number == 0 and self.first is not None \
                else len(text) - len(text.lstrip(" "))
            if line.cell_length <= width or width - indent < 8:
                rows.append(line)
                continue
            wrapped = line[indent:].wrap(width - indent)
            rows.append(line[:indent] + wrapped[0])
            rows += [Content(" " * indent) + row for row in wrapped[1:]]
        hung = Content("\n").join(rows)
        self._hung = (width, hung)
        return hung

    def render_strips(self, width, height, style, options):
        return self.hung(width).render_strips(width, height, style, options)

    def get_height(self, rules, width: int) -> int:
        return self.hung(width).get_height(rules, width)
