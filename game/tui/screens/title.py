"""The title screen: the case's name and a way in. To start fast, it imports nothing of the
engine but `game.engine.text` (a regular expression).

Continue (an autosave of this case) and Load (saves at all) are in the first frame: the app
knows of them from the names of the files in the saves folder, before the story loads. Once the
folder has been read they are set right: an autosave that cannot be loaded is not continued.
"""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from game.tui.requests import Playing, Want
from game.tui.styled import styled
from game.tui.widgets.footer import Footer


class TitleScreen(Screen):
    BINDINGS = [
        Binding("c", "continue_game", "Continue", id="continue"),
        Binding("l", "load", "Load", id="load"),
        Binding("n", "new_game", "New game", id="new_game"),
        Binding("q", "app.quit", "Quit", id="quit_title"),
    ]

    def __init__(self, title: str, tagline: str, can_continue: bool = False,
                 can_load: bool = False) -> None:
        super().__init__()
        self.case_title = title
        self.tagline = tagline
        self.can_continue = can_continue
        self.can_load = can_load

    @property
    def game(self) -> Playing:
        return cast("Playing", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="cover"):
            yield Static("a detective game for the terminal", id="kicker")
            # Read from case.toml before the loader has looked at it: plain text, made visible.
            yield Static(styled(self.case_title), id="case-title")
            yield Static(styled(self.tagline), id="tagline")
            saves = self.can_continue or self.can_load
            with Center(id="choices", classes="-saves" if saves else ""):
                if self.can_continue:
                    yield Button("Continue", id="continue", variant="primary")
                yield Button("New game", id="new", variant="primary")
                if self.can_load:
                    yield Button("Load", id="load")
                yield Button("Quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#continue" if self.can_continue else "#new", Button).focus()

    def show_cover(self, title: str, tagline: str) -> None:
        self.case_title, self.tagline = title, tagline
        self.query_one("#case-title", Static).update(styled(title))
        self.query_one("#tagline", Static).update(styled(tagline))

    def show_saves(self, can_continue: bool, can_load: bool) -> None:
        """Offer Continue (a save of this case to load) and Load (saves to list), or no longer."""
        self.can_continue, self.can_load = can_continue, can_load
        choices = self.query_one("#choices")
        new = self.query_one("#new", Button)
        choices.set_class(can_continue or can_load, "-saves")
        for button_id, wanted in (("continue", can_continue), ("load", can_load)):
            shown = self.query(f"#{button_id}")
            if shown and not wanted:
                if shown.first().has_focus:
                    new.focus()
                shown.remove()
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
        self.game.want(Want.CONTINUE)

    def action_load(self) -> None:
        self.game.want(Want.LOAD)

    def action_new_game(self) -> None:
        self.game.want(Want.NEW_GAME)
