"""What every in-game screen shares: the views it can open, hints, undo and saves, and redrawing
from state."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from game.engine.session import Session
    from game.tui.app import DetectiveApp


class GameScreen(Screen):
    BINDINGS = [
        Binding("e", "open('locker')", "Evidence", id="locker"),
        Binding("n", "open('notebook')", "Notebook", id="notebook"),
        Binding("v", "open('versions')", "Versions", id="versions"),
        Binding("h", "hint", "Hint", id="hint"),
        # Kept out of the footer (it is full at 80 columns): ? and the command palette list them.
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo"),
        Binding("f5", "quick_save", "Quick save", show=False, id="quick_save"),
        Binding("f9", "quick_load", "Quick load", show=False, id="quick_load"),
        Binding("ctrl+s", "save_as", "Save as\u2026", show=False, id="save_as"),
        Binding("ctrl+l", "load", "Load a save", show=False, id="load"),
    ]

    @property
    def game(self) -> DetectiveApp:
        return cast("DetectiveApp", self.app)

    @property
    def session(self) -> Session:
        session = self.game.session
        assert session is not None, "a game screen is only shown during a game"
        return session

    # The widget that has the focus when the screen shows and nothing else has it.
    HOME_FOCUS = ""

    def show_state(self) -> None:
        """Redraw from the session. Called after every action and when the screen returns."""

    def redraw(self) -> None:
        """show_state, unless the screen has already left the stack: a key typed ahead can
        pop a screen before its own mount or resume message is handled."""
        if self in self.app.screen_stack and self.is_mounted:
            self.show_state()

    def on_mount(self) -> None:
        # Textual runs every class's on_mount, the subclass's first: it may set what the first
        # draw needs.
        self.redraw()
        if self in self.app.screen_stack and self.HOME_FOCUS:
            self.query_one(self.HOME_FOCUS).focus()

    def on_screen_resume(self) -> None:
        self.redraw()
        if self in self.app.screen_stack and self.focused is None and self.HOME_FOCUS:
            self.query_one(self.HOME_FOCUS).focus()

    def action_open(self, view: str) -> None:
        self.game.open_view(view)

    def action_hint(self) -> None:
        self.game.show_hint()

    def action_undo(self) -> None:
        self.game.undo()

    def action_redo(self) -> None:
        self.game.redo()

    def action_quick_save(self) -> None:
        self.game.quick_save()

    def action_quick_load(self) -> None:
        self.game.quick_load()

    def action_save_as(self) -> None:
        self.game.open_save_as()

    def action_load(self) -> None:
        self.game.open_load_screen()
