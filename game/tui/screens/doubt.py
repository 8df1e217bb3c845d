"""Doubt a statement: a short note of the player's own (or none), kept with the flag. On a
statement already doubted, the note can be changed, or the flag taken off (trust it again)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from game.engine.session import MAX_NOTE
from game.tui.styled import styled

# What the screen returns: ("doubt", note), ("trust", ""), or None (nothing changes).
Doubted = tuple[str, str]


class DoubtScreen(ModalScreen[Doubted | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="cancel"),
        Binding("ctrl+t", "trust", "Trust it again", id="trust"),
    ]

    def __init__(self, statement: str, doubted: bool, note: str) -> None:
        super().__init__()
        self.statement = statement  # plain text: it quotes the story
        self.doubted = doubted
        self.note = note

    def compose(self) -> ComposeResult:
        keys = ("enter: keep the flag with this note \u00b7 ctrl+t: trust it again \u00b7 "
                "escape: back") if self.doubted else "enter: flag it \u00b7 escape: back"
        with Vertical(id="doubt"):
            yield Static(styled(("You doubt this" if self.doubted else "Doubt this?", "b"), "\n",
                                ("\u201c" + self.statement + "\u201d", "i")), id="doubt-title")
            yield Input(value=self.note, placeholder="a note for yourself (may be left empty)",
                        max_length=MAX_NOTE, id="note")
            yield Static(styled((keys, "dim")), id="doubt-keys")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.doubted or action != "trust"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(("doubt", event.value))

    def action_trust(self) -> None:
        self.dismiss(("trust", ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
