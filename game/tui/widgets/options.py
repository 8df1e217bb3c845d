"""The list every screen chooses from: arrows and enter, or 1-9 to pick a choice at once."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.styled import styled


class ChoiceList(OptionList):
    """An OptionList whose first nine enabled choices are numbered and picked by their digit.

    Prompts are Content built with `styled()`; a plain string prompt is shown as it is, never
    read as markup (most prompts quote the story)."""

    BINDINGS = [Binding(str(n), f"pick({n})", f"Choice {n}", show=False) for n in range(1, 10)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def set_choices(self, options: list[Option]) -> None:
        """Swap in new choices, keeping the highlight on the same id where it still exists."""
        numbered = []
        number = 0
        for option in options:
            if option.disabled:
                numbered.append(option)
                continue
            number += 1
            label = styled((str(number), "dim"), " ") if number <= 9 else styled("  ")
            numbered.append(Option(label + option.prompt, id=option.id))
        replace_options(self, numbered)

    def action_pick(self, number: int) -> None:
        enabled = [i for i in range(self.option_count)
                   if not self.get_option_at_index(i).disabled]
        if number <= len(enabled):
            self.highlighted = enabled[number - 1]
            self.action_select()


def replace_options(option_list: OptionList, options: list[Option]) -> None:
    """Swap in new options, keeping the highlight on the same id where it still exists."""
    highlighted = option_list.highlighted_option
    keep = highlighted.id if highlighted is not None else None
    option_list.clear_options()
    option_list.add_options(options)
    for index, option in enumerate(options):
        if option.id == keep and not option.disabled:
            option_list.highlighted = index
            return
    for index, option in enumerate(options):
        if not option.disabled:
            option_list.highlighted = index
            return
