"""Save as: a name for the slot. A name the saves folder would refuse is refused here, with the
engine's reason, and nothing is written; enter returns a good name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.engine.savefile import SaveError
from game.engine.slots import check_slot_name

HINT = "[dim]Letters, digits, - and _.  enter: save \u00b7 escape: back[/]"


class SaveAsScreen(ModalScreen[str | None]):
    CSS_PATH = "save_as.tcss"
    BINDINGS = [Binding("escape", "cancel", "Back", id="cancel")]

    def __init__(self, taken: list[str]) -> None:
        super().__init__()
        self.taken = taken  # slots already in the folder: saving there replaces them

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as"):
            yield Static("[b]Save as[/]", id="save-as-title")
            yield Input(placeholder="a name for this save", max_length=64, id="slot-name")
            yield Static(HINT, id="save-as-note")

    def on_mount(self) -> None:
        self.query_one("#slot-name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        name = event.value.strip()
        note = HINT
        if name in self.taken:
            note = f"[$warning]This replaces the save `{escape(name)}`.[/]  {HINT}"
        self.query_one("#save-as-note", Static).update(note)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        try:
            check_slot_name(name)
        except SaveError as error:
            self.query_one("#save-as-note", Static).update(
                f"[b $error]Not saved:[/] {escape(str(error))}")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
