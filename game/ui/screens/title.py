"""The title screen: the case's name and a way in. Imports nothing of the engine, to start fast."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

if TYPE_CHECKING:
    from game.ui.app import DetectiveApp


class TitleScreen(Screen):
    CSS_PATH = "title.tcss"
    BINDINGS = [
        Binding("n", "new_game", "New game", id="new_game"),
        Binding("q", "app.quit", "Quit", id="quit_title"),
    ]

    def __init__(self, title: str, tagline: str) -> None:
        super().__init__()
        self.case_title = title
        self.tagline = tagline

    def compose(self) -> ComposeResult:
        with Vertical(id="cover"):
            yield Static("a detective game for the terminal", id="kicker")
            yield Static(self.case_title, id="case-title")
            yield Static(self.tagline, id="tagline")
            with Center(id="choices"):
                yield Button("New game", id="new", variant="primary")
                yield Button("Quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()

    def show_cover(self, title: str, tagline: str) -> None:
        self.case_title, self.tagline = title, tagline
        self.query_one("#case-title", Static).update(title)
        self.query_one("#tagline", Static).update(tagline)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.action_new_game()
        else:
            self.app.exit(0)

    def action_new_game(self) -> None:
        cast("DetectiveApp", self.app).new_game()
