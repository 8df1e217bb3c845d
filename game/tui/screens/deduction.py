"""The deduction board: what happened, in groups of blanks the player fills in with what they
have learned (Obra Dinn, Golden Idol).

On the left, each group and its blanks, with what is written in them; on the right, the answers
that can be written in the blank highlighted. A group is checked once every blank in it is
filled: it is confirmed (its lines are told, and it is locked) or "not confirmed", and never is
it said which blank is wrong.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.presentation import build
from game.presentation.views import BlankView, DeductionView, GroupView
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.options import ChoiceList, hanging, replace_options
from game.tui.widgets.static import show


def _number_width(option_id: str | None) -> int | None:
    """The width of "3 " before a blank's question; None for a heading or a group's lines."""
    if option_id is None or not option_id.startswith("blank-"):
        return None
    return len(option_id.removeprefix("blank-")) + 1


class BlankList(ChoiceList):
    """The blanks, each with its number over the whole board, as the line mode numbers them (a
    blank keeps its number once its group is confirmed): a digit picks the blank of that
    number, when it can still be written in."""

    def set_choices(self, options: list[Option]) -> None:
        # Numbered by the board, not by their place here; a question that wraps goes on under
        # its text, after the number.
        replace_options(self, [Option(hanging(option.prompt, _number_width(option.id)),
                                      id=option.id, disabled=option.disabled)
                               for option in options])

    def action_pick(self, number: int) -> None:
        for index in range(self.option_count):
            option = self.get_option_at_index(index)
            if option.id == f"blank-{number}" and not option.disabled:
                self.highlighted = index
                self.action_select()
                return


class DeductionScreen(GameScreen, inherit_bindings=False):
    HOME_FOCUS = "#blanks"
    VIEW = "deduction"
    BINDINGS = game_bindings(Binding("escape", "back", "Back", id="back"))

    def __init__(self) -> None:
        super().__init__()
        self._view = DeductionView(())
        self._blanks: dict[str, tuple[GroupView, BlankView]] = {}  # option id -> its blank
        self._answering: str | None = None  # the blank whose answers are listed

    def compose(self) -> ComposeResult:
        yield Static(id="deduction-bar", classes="topbar")
        with Horizontal(id="deduction-body"):
            with Vertical(id="blanks-column"):
                yield Static(styled("The blanks  ", ("(enter: write in one)", "dim")),
                             classes="heading")
                yield BlankList(id="blanks")
            with Vertical(id="answers-column"):
                yield Static(id="answers-heading", classes="heading")
                yield ChoiceList(id="answers")
        yield Footer(compact=True)

    # ---- drawing ------------------------------------------------------------------------------

    @property
    def _inquiry_over(self) -> bool:
        """The inquiry is over (at the hearing, or after): the board can be read, not filled."""
        state = self.session.state
        return state.at_hearing or state.ending is not None

    def show_state(self) -> None:
        view = self._view = build.deduction(self.session)
        total = len(view.groups)
        show(self.query_one("#deduction-bar", Static), styled(
            ("Deductions", "b"), "  \u00b7  the deduction board  \u00b7  ",
            (f"{view.confirmed} of {total} confirmed", "b $success" if view.confirmed == total
             else "") if total else ("nothing on it yet", "dim")))
        self._blanks.clear()
        options: list[Option] = []
        for group_number, group in enumerate(view.groups):
            options.append(Option(group_heading(group), disabled=True))
            for blank in group.blanks:
                key = f"blank-{blank.number}"
                self._blanks[key] = (group, blank)
                options.append(Option(blank_prompt(blank, group.confirmed), id=key,
                                      disabled=group.confirmed or self._inquiry_over))
            if group.confirmed and group.lines:
                options.append(Option(Content("\n").join(
                    styled(("  " + line, "i $text-muted")) for line in group.lines),
                    disabled=True))
            if group_number < total - 1:
                options.append(Option(styled(""), disabled=True))
        blanks = self.query_one("#blanks", ChoiceList)
        blanks.set_choices(options)
        self._show_answers(force=True)

    def _highlighted_blank(self) -> tuple[GroupView, BlankView] | None:
        option = self.query_one("#blanks", ChoiceList).highlighted_option
        if option is None or option.disabled:
            return None
        return self._blanks.get(option.id or "")

    def _show_answers(self, force: bool = False) -> None:
        chosen = self._highlighted_blank()
        key = chosen[1].number if chosen is not None else None
        if not force and key == self._answering:
            return
        self._answering = key
        heading = self.query_one("#answers-heading", Static)
        answers = self.query_one("#answers", ChoiceList)
        options: list[Option] = []
        if chosen is None:
            if self._inquiry_over:
                show(heading, styled(("The inquiry is over", "dim")))
            elif not self._view.groups:
                show(heading, styled(("Nothing is on the board yet: what you learn will put "
                                      "questions on it.", "dim")))
            elif all(group.confirmed for group in self._view.groups):
                show(heading, styled(("Every group is confirmed", "b $success")))
            else:
                show(heading, styled(("Pick a blank", "dim")))
        else:
            group, blank = chosen
            self._title_answers(blank)
            for choice in blank.answers:
                written = choice.label == blank.written
                if choice.action is None:
                    continue
                options.append(Option(styled(choice.label, "  " if written else "",
                                             ("(written)", "dim") if written else ""),
                                      id=choice.action.using))
            if not options:
                options.append(Option(styled(("Nothing you know fits here yet.", "dim")),
                                      disabled=True))
        answers.set_choices(options)
        if chosen is not None:
            written = [choice.action.using for choice in chosen[1].answers
                       if choice.action is not None and choice.label == chosen[1].written]
            ids = [option.id for option in answers.options]
            answers.highlighted = ids.index(written[0]) if written and written[0] in ids \
                else (0 if ids and ids[0] is not None else None)

    def _title_answers(self, blank: BlankView) -> None:
        """'Write in:' while the answers have the focus (the digits write one); while the
        blanks have it, the answers are a preview, and the heading says how to write."""
        heading = self.query_one("#answers-heading", Static)
        if self.query_one("#answers", ChoiceList).has_focus:
            show(heading, styled("Write in: ", (blank.question, "b")))
        else:
            show(heading, styled("Answers for: ", (blank.question, "b"),
                                 ("  (enter: write in it)", "dim")))

    def on_descendant_focus(self) -> None:
        chosen = self._highlighted_blank()
        if chosen is not None and chosen[1].number == self._answering:
            self._title_answers(chosen[1])

    # ---- the player's moves --------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "blanks":
            self._show_answers()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "blanks":
            self._show_answers()
            answers = self.query_one("#answers", ChoiceList)
            if any(not option.disabled for option in answers.options):
                answers.focus()
            return
        chosen = self._highlighted_blank()
        if chosen is None or event.option.id is None:
            return
        blank = chosen[1]
        for choice in blank.answers:
            # The answer written already is left as it is: written again, a full group would
            # be checked again, and a wrong one counted twice.
            if choice.action is not None and choice.action.using == event.option.id:
                if choice.label != blank.written:
                    self.act(choice.action)
                break
        self._next_blank()

    def _next_blank(self) -> None:
        """On to the next blank still empty, its answers listed and in the focus: the digits
        pick among the answers on view, as they did for the blank before. With none left
        empty, back to the blanks where it was."""
        blanks = self.query_one("#blanks", ChoiceList)
        blanks.focus()
        at = blanks.highlighted or 0
        order = [*range(at + 1, blanks.option_count), *range(at + 1)]
        for index in order:
            option = blanks.get_option_at_index(index)
            if option.disabled or option.id not in self._blanks:
                continue
            if not self._blanks[option.id][1].written:
                blanks.highlighted = index
                self._show_answers()  # now, not when the highlight's message comes
                answers = self.query_one("#answers", ChoiceList)
                if any(not answer.disabled for answer in answers.options):
                    answers.focus()
                return

    def action_back(self) -> None:
        answers = self.query_one("#answers", ChoiceList)
        if answers.has_focus:
            self.query_one("#blanks", ChoiceList).focus()
            return
        self.app.pop_screen()


def group_heading(group: GroupView) -> Content:
    """A group's title and how it stands: confirmed, or not (never which blank is wrong)."""
    written = sum(bool(blank.written) for blank in group.blanks)
    if group.confirmed:
        status = styled(("\u2713 confirmed", "b $success"))
    elif written == len(group.blanks):
        tries = f" \u00b7 {group.tries} wrong {'try' if group.tries == 1 else 'tries'}" \
            if group.tries else ""
        status = styled(("\u2717 not confirmed", "b $warning"), (tries, "dim"))
    else:
        status = styled((f"{written} of {len(group.blanks)} written", "dim"))
    return styled((group.title, "b $secondary"), "  ", status)


def blank_prompt(blank: BlankView, locked: bool) -> Content:
    written = (blank.written, "b $success" if locked else "b $accent") if blank.written \
        else ("\u2026", "dim")
    indent = " " * (len(str(blank.number)) + 1)
    return styled((str(blank.number), "dim"), " ", blank.question, "\n", indent, written)
