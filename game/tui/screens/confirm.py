"""A yes-or-no question before a step that cannot be taken back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.tui.styled import styled


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    def __init__(self, question: str, yes_label: str, no_label: str = "Not yet",
                 ready: bool = False) -> None:
        super().__init__()
        self.question = question  # plain text: it may quote the story
        self.yes_label = yes_label
        self.no_label = no_label
        self.ready = ready  # yes has the focus: a notice to read, not a step to take back

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(styled(self.question), id="question")
            with Horizontal(id="answers"):
                yield Button(f"{self.yes_label} (y)", id="yes",
                             variant="primary" if self.ready else "warning")
                yield Button(f"{self.no_label} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.ready else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, sure: bool) -> None:
        self.dismiss(sure)
