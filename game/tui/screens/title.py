"""The title screen: the case's name and a way in. To start fast, it imports nothing of the
engine but `game.engine.text` (a regular expression).

Continue and Load are added once the saves folder has been looked at, and only when there is a
save: the first frame has only what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from game.tui.styled import styled

if TYPE_CHECKING:
    from game.tui.app import DetectiveApp


class TitleScreen(Screen):
    CSS_PATH = "title.tcss"
    BINDINGS = [
        Binding("c", "continue_game", "Continue", id="continue"),
        Binding("l", "load", "Load", id="load"),
        Binding("n", "new_game", "New game", id="new_game"),
        Binding("q", "app.quit", "Quit", id="quit_title"),
    ]

    def __init__(self, title: str, tagline: str) -> None:
        super().__init__()
        self.case_title = title
        self.tagline = tagline
        self.can_continue = False
        self.can_load = False

    @property
    def game(self) -> DetectiveApp:
        return cast("DetectiveApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="cover"):
            yield Static("a detective game for the terminal", id="kicker")
            # Read from case.toml before the loader has looked at it: plain text, made visible.
            yield Static(styled(self.case_title), id="case-title")
            yield Static(styled(self.tagline), id="tagline")
            with Center(id="choices"):
                yield Button("New game", id="new", variant="primary")
                yield Button("Quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()

    def show_cover(self, title: str, tagline: str) -> None:
        self.case_title, self.tagline = title, tagline
        self.query_one("#case-title", Static).update(styled(title))
        self.query_one("#tagline", Static).update(styled(tagline))

    def show_saves(self, can_continue: bool, can_load: bool) -> None:
        """Offer Continue (there is a save to load) and Load (there are saves to list)."""
        self.can_continue, self.can_load = can_continue, can_load
        choices = self.query_one("#choices")
        new = self.query_one("#new", Button)
        choices.set_class(can_continue or can_load, "-saves")
        if can_load and not self.query("#load"):
            choices.mount(Button("Load", id="load"), after=new)
        if can_continue and not self.query("#continue"):
            resume = Button("Continue", id="continue", variant="primary")
            choices.mount(resume, before=new)
            if new.has_focus or self.focused is None:
                resume.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue_game":
            return self.can_continue
        if action == "load":
            return self.can_load
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        match event.button.id:
            case "continue":
                self.action_continue_game()
            case "load":
                self.action_load()
            case "new":
                self.action_new_game()
            case _:
                self.app.exit(0)

    def action_continue_game(self) -> None:
        self.game.continue_game()

    def action_load(self) -> None:
        self.game.open_load_screen()

    def action_new_game(self) -> None:
        self.game.new_game()
