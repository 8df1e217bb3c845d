"""What every in-game screen shares: the views it can open, hints, undo and saves, and redrawing
from state."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.screen import Screen

from game.engine.session import Action
from game.tui.requests import Playing, Want
from game.tui.widgets.options import number_keys, pick_by_number

if TYPE_CHECKING:
    from game.engine.session import Session


class GameScreen(Screen):
    BINDINGS = [
        Binding("e", "open('locker')", "Evidence", id="locker"),
        Binding("n", "open('notebook')", "Notebook", id="notebook"),
        # Kept out of the footer, which must fit 80 columns with the screen's own keys first:
        # ? and the command palette list them.
        Binding("v", "open('versions')", "Versions", show=False, id="versions"),
        # Only in a case with a deduction board (the case board shows it in its footer).
        Binding("b", "open('deduction')", "Deductions", show=False, id="deduction"),
        Binding("h", "hint", "Hint", id="hint"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo"),
        Binding("f5", "quick_save", "Quick save", show=False, id="quick_save"),
        Binding("f9", "quick_load", "Quick load", show=False, id="quick_load"),
        Binding("ctrl+s", "save_as", "Save as\u2026", show=False, id="save_as"),
        Binding("ctrl+l", "load", "Load a save", show=False, id="load"),
        # 1-9 pick in the screen's list whatever has the focus (the list binds them too).
        *number_keys(),
    ]

    # The view this screen is ("locker", "notebook", "versions"): its own key is hidden here.
    VIEW = ""

    @property
    def game(self) -> Playing:
        return cast("Playing", self.app)

    @property
    def session(self) -> Session:
        session = self.game.session
        assert session is not None, "a game screen is only shown during a game"
        return session

    # The widget that has the focus when the screen shows and nothing else has it.
    HOME_FOCUS = ""

    def show_state(self) -> None:
        """Redraw from the session. Called after every action and when the screen returns."""

    _ready = False  # its widgets are mounted: set by on_mount

    def redraw(self) -> None:
        """show_state, unless the screen has already left the stack (a key typed ahead can pop
        a screen before its own mount or resume message is handled), or its widgets are not
        mounted yet (a screen switched to and covered in one step, as a load does, can be
        resumed before its mount: its on_mount draws it)."""
        if self._ready and self in self.app.screen_stack:
            self.show_state()

    def on_mount(self) -> None:
        # Textual runs every class's on_mount, the subclass's first: it may set what the first
        # draw needs.
        self._ready = True
        self.redraw()
        self._focus_home()

    def on_screen_resume(self) -> None:
        self.redraw()
        if self.focused is None:
            self._focus_home()

    def _focus_home(self) -> None:
        # A screen replaced while it mounts (a Continue typed before the case had opened) may
        # still be on the stack with its widgets already gone: then there is nothing to focus.
        if self in self.app.screen_stack and self.HOME_FOCUS:
            for widget in self.query(self.HOME_FOCUS):
                widget.focus()
                return

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The key of the view already shown is off (and out of the footer), and so is the
        # deduction board's in a case that has none.
        if action == "open" and parameters:
            if parameters[0] == self.VIEW:
                return False
            if parameters[0] == "deduction":
                session = self.game.session
                return session is not None and bool(session.story.board)
        return True

    def action_open(self, view: str) -> None:
        self.game.want(Want(view))

    def action_pick_number(self, number: int) -> None:
        pick_by_number(self, number)

    def action_hint(self) -> None:
        self.game.want(Want.HINT)

    def action_undo(self) -> None:
        self.game.want(Want.UNDO)

    def action_redo(self) -> None:
        self.game.want(Want.REDO)

    def action_quick_save(self) -> None:
        self.game.want(Want.QUICK_SAVE)

    def action_quick_load(self) -> None:
        self.game.want(Want.QUICK_LOAD)

    def action_save_as(self) -> None:
        self.game.want(Want.SAVE_AS)

    def action_load(self) -> None:
        self.game.want(Want.LOAD)

    def act(self, action: Action) -> None:
        self.game.act(action)

    def choose(self, choice_id: str) -> None:
        self.game.act_when_sure(Action("choose", choice_id))


def game_bindings(*own: Binding) -> list[Binding]:
    """A game screen's keys, its own first: the footer shows them in this order and, on a narrow
    terminal, cuts from the right. For a screen declared with `inherit_bindings=False`, which
    Textual would otherwise put after the ones every game screen shares. A key the screen
    binds itself (the versions' tab) replaces the shared one, as inheriting would."""
    taken = {key.strip() for binding in own for key in binding.key.split(",")}
    shared = [binding for binding in (*Screen.BINDINGS, *GameScreen.BINDINGS)
              if isinstance(binding, Binding) and not taken & set(binding.key.split(","))]
    return [*own, *shared]
