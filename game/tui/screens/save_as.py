"""Save as: a name for the slot. A name the saves folder would refuse is refused here, with the
engine's reason, and nothing is written; enter returns a good name. A name already taken says
that the save there will be replaced, and of which case it is when it is another's."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.persistence.savefile import SaveError
from game.persistence.slots import MAX_SLOT_NAME, check_slot_name
from game.tui.styled import one_line, styled

HINT = styled(("Letters, digits, - and _.  enter: save \u00b7 escape: back", "dim"))


def refusal(name: str) -> str:
    """Why the saves folder would refuse `name` (the engine's words), or "" if it would not."""
    try:
        check_slot_name(name)
    except SaveError as error:
        return one_line(str(error))  # it quotes what was typed
    return ""


class SaveAsScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Back", id="cancel")]

    def __init__(self, taken: Mapping[str, str]) -> None:
        super().__init__()
        # The names that would replace a save: each with its case's title when it is of another
        # case ("" when of this one). `autosave` and `quicksave` are this case's own.
        self.taken = dict(taken)

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as"):
            yield Static(styled(("Save as", "b")), id="save-as-title")
            # No max_length: the box would cut a long paste short without a word, and the game
            # would save under what is left. A long name is refused, with the limit.
            yield Input(placeholder="a name for this save", id="slot-name")
            yield Static(HINT, id="save-as-note")

    def on_mount(self) -> None:
        self.query_one("#slot-name", Input).focus()

    def _note(self, note: Content) -> None:
        self.query_one("#save-as-note", Static).update(note)

    def on_input_changed(self, event: Input.Changed) -> None:
        name = event.value.strip()
        if len(name) > MAX_SLOT_NAME:  # said at once: a paste can be far longer than the box
            self._note(styled((f"Too long: {refusal(name)}.", "$warning"), "  ", HINT))
        elif name in self.taken:
            case = self.taken[name]
            of = f", of another case ({one_line(case, 60)})" if case else ""
            self._note(styled((f"This replaces the save `{name}`{of}.", "$warning"), "  ", HINT))
        else:
            self._note(HINT)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if problem := refusal(name):
            self._note(styled(("Not saved:", "b $error"), " ", problem))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
