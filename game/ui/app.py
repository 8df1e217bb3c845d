"""The Textual app: screens over one engine Session. The UI keeps no game fact of its own.

Screens call `act()` with an engine Action; the app performs it through the Session, turns the
events that come back into what the player sees (a room, a scene, a banner, a toast), and asks
every game screen on the stack to redraw itself from the session.

Start-up is kept light: the title screen needs only a glance at `case.toml`; the engine and the
whole story (pydantic, every file) load in a thread after the first frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from game.storyfiles.peek import peek_cover
from game.ui.screens.title import TitleScreen

if TYPE_CHECKING:
    from game.engine import events as ev
    from game.engine.model import Story
    from game.engine.session import Action, Session
    from game.storyfiles.diagnostics import Diagnostic


class DetectiveApp(App[int]):
    CSS_PATH = "theme.tcss"
    TITLE = "detective"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
        Binding("question_mark", "keys", "Keys", id="keys"),
    ]

    def __init__(self, case_dir: Path, story: Story | None = None) -> None:
        super().__init__()
        self.case_dir = case_dir
        self.cover = peek_cover(case_dir)
        self.story: Story | None = story
        self.session: Session | None = None
        self.problems: list[Diagnostic] = []
        self._start_when_loaded = False
        self._last_hint: tuple[int, str] | None = None
        if self.cover.title:
            self.title = self.cover.title

    # ---- start-up -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(TitleScreen(self.cover.title or self.case_dir.name, self.cover.tagline))
        if self.story is None:
            self.call_after_refresh(self._load_story)

    @work(thread=True, exclusive=True, group="load")
    def _load_story(self) -> None:
        from game.storyfiles.diagnostics import StoryError
        from game.storyfiles.loader import load_story

        try:
            story = load_story(self.case_dir)
        except StoryError as error:
            self.call_from_thread(self._show_problems, list(error.diagnostics))
            return
        self.call_from_thread(self._story_loaded, story)

    def _story_loaded(self, story: Story) -> None:
        self.story = story
        self.title = story.case.title
        if isinstance(self.screen, TitleScreen):
            self.screen.show_cover(story.case.title, story.case.tagline)
        if self._start_when_loaded:
            self.new_game()

    def _show_problems(self, problems: list[Diagnostic]) -> None:
        from game.ui.screens.problems import ProblemsScreen

        self.problems = problems
        self.switch_screen(ProblemsScreen(self.case_dir, problems))

    # ---- the game -----------------------------------------------------------------------------

    def new_game(self) -> None:
        """Start (or restart) the case. Waits for the story if it is still loading."""
        if self.problems:
            return
        if self.story is None:
            self._start_when_loaded = True
            self.notify("Opening the case file...", timeout=2)
            return
        from game.engine.session import Session
        from game.ui.screens.board import BoardScreen

        self._start_when_loaded = False
        self.session = Session(self.story)
        events = self.session.begin()
        # The stack is Textual's default screen, then the one game screen, then what is over it.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(BoardScreen())
        self.call_after_refresh(self.show_events, events, "Prologue")

    def act(self, action: Action) -> list[ev.GameEvent]:
        """Perform one player action and show what it did."""
        if self.session is None:
            return []
        events = self.session.perform(action)
        self.show_events(events)
        return events

    def show_events(self, events: list[ev.GameEvent], prologue: str = "") -> None:
        from game.ui.presenting import plan_presentation

        assert self.session is not None
        plan = plan_presentation(self.session, events, prologue)
        for text, severity in plan.toasts:
            self.notify(text, severity=severity, timeout=6 if severity == "warning" else 4)
        if plan.destination == "room" and plan.room is not None:
            self._go_to_room(plan.room)
        elif plan.destination == "board":
            self._go_to_board()
        elif plan.destination == "hearing":
            from game.ui.screens.hearing import HearingScreen

            self._go_to_board()
            self.switch_screen(HearingScreen())
        elif plan.destination == "ending":
            from game.ui.screens.ending import EndingScreen

            if not isinstance(self.screen, EndingScreen):
                self.switch_screen(EndingScreen())
        self.redraw()
        self._show_moments(list(plan.moments))

    @work(group="moments")
    async def _show_moments(self, moments: list[Screen]) -> None:
        """One modal after another: each opens when the one before it is dismissed."""
        for moment in moments:
            await self.push_screen_wait(moment)
        if moments:
            self.redraw()

    def redraw(self) -> None:
        from game.ui.screens.base import GameScreen

        # Only what can be seen: the top screen and any under a modal. A hidden screen
        # redraws itself when it comes back.
        for screen in reversed(self.screen_stack):
            if isinstance(screen, GameScreen):
                screen.redraw()
            if not isinstance(screen, ModalScreen):
                break

    def _go_to_board(self) -> None:
        from game.ui.screens.board import BoardScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, BoardScreen):
            self.pop_screen()

    def _go_to_room(self, character_id: str) -> None:
        from game.ui.screens.interrogation import InterrogationScreen

        self._go_to_board()
        self.push_screen(InterrogationScreen(character_id))

    # ---- actions every screen shares -----------------------------------------------------------

    def action_keys(self) -> None:
        from game.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        keys = [(binding.key_display or self.get_key_display(binding), binding.description)
                for binding in _unique_bindings(self.screen)]
        self.push_screen(HelpScreen(keys))

    def open_view(self, view: str) -> None:
        """Open the locker, notebook or versions over whatever is showing."""
        from game.ui.screens.locker import LockerScreen
        from game.ui.screens.notebook import NotebookScreen
        from game.ui.screens.versions import VersionsScreen

        if self.session is None:
            return
        screens = {"locker": LockerScreen, "notebook": NotebookScreen, "versions": VersionsScreen}
        if type(self.screen) is screens[view]:
            return
        # Views replace each other rather than pile up: escape always goes back to the game.
        if isinstance(self.screen, (LockerScreen, NotebookScreen, VersionsScreen)):
            self.switch_screen(screens[view]())
        else:
            self.push_screen(screens[view]())

    def show_hint(self) -> None:
        from game.engine.hints import next_hint

        if self.session is None:
            return
        hint = next_hint(self.session)
        # A second press on the same state says exactly what to do.
        key = (self.session.state.turn, hint.exact)
        if self._last_hint == key:
            self.notify(hint.exact, title="Hint", timeout=8)
        else:
            self.notify(hint.nudge + "  (h again: the exact step)", title="Hint", timeout=8)
        self._last_hint = key

    def confirm_hearing(self) -> None:
        from game.engine.session import Action
        from game.ui.screens.confirm import ConfirmScreen

        if self.session is None or not self.session.hearing_available():
            self.notify("The hearing is not set yet: there is more to learn first.",
                        severity="warning")
            return

        def go(sure: bool | None) -> None:
            if sure:
                self.act(Action("hearing"))

        question = ("Go to the hearing? Once there, you cannot question anyone or search "
                    "anywhere again.")
        self.push_screen(ConfirmScreen(question, "Go to the hearing"), go)

    def confirm_new_game(self) -> None:
        from game.ui.screens.confirm import ConfirmScreen

        if self.session is None or self.session.over:
            self.new_game()
            return

        def restart(sure: bool | None) -> None:
            if sure:
                self.new_game()

        self.push_screen(ConfirmScreen("Start the case again from the beginning? This game "
                                       "will be lost.", "Start again"), restart)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.session is None:
            yield SystemCommand("New game", "Open the case from the beginning", self.new_game)
            return
        from game.ui.commands import game_commands

        for title, help_text, callback in game_commands(self):
            yield SystemCommand(title, help_text, callback)


def _unique_bindings(screen: Screen):
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.description and binding.action not in seen and not binding.system:
            seen.add(binding.action)
            yield binding


def make_app(case_dir: Path | None = None, story: Story | None = None) -> DetectiveApp:
    """The one factory: `detective` and the tests build the app the same way."""
    if case_dir is None:
        from game.cli import BUNDLED_CASE

        case_dir = BUNDLED_CASE
    return DetectiveApp(case_dir, story)


def run_app(case_dir: Path) -> int:
    app = make_app(case_dir)
    app.run()
    return app.return_code or 0
