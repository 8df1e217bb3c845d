"""The Textual app: screens over one engine Playthrough. The UI keeps no game fact of its own.

Screens call `act` with an engine Action, or `want` (game.tui.requests). The app performs
the action through the Playthrough (which keeps the undo history and autosaves), turns the events
that come back into what the player sees (a room, a scene, a banner, a toast), and asks every game
screen on the stack to redraw itself from the session. After an undo, a redo or a load, the
screens are set to where the state says the player is.

Start-up is kept light: the title screen needs only a glance at `case.toml`, and at the names of
the files in the saves folder (is there an autosave of this case?), so Continue is in its first
frame; the engine, the whole story (pydantic, every file) and the saves folder load in a thread
after it, and what the player asked for meanwhile (Continue, Load) is done once they are open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from game.storyfiles.peek import peek_cover
from game.tui.requests import VIEWS, Want
from game.tui.screens.title import TitleScreen
from game.tui.styled import one_line, visible

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import SeverityLevel

    from game.engine import events as ev
    from game.engine.model import Story
    from game.engine.session import Action, Session
    from game.persistence.playthrough import Playthrough, StartingPoint
    from game.persistence.slots import SaveFolder, SlotInfo
    from game.presentation.hinting import Hinter
    from game.storyfiles.diagnostics import Diagnostic, StoryError
    from game.tui.screens.interrogation import InterrogationScreen


def _palette_commands() -> type[Provider]:
    from game.tui.commands import PlainCommands  # the palette is not needed for the first frame

    return PlainCommands


# Every screen's styles are read with the app's, once. A screen with a CSS_PATH of its own made
# Textual parse the whole stylesheet again, and restyle every widget of every screen, the first
# time the screen was shown: a pause at each first open. Each file styles only its own screen
# (its rules are nested under the screen's type), so reading them all at the start changes nothing.
_STYLES = Path(__file__).parent
STYLESHEETS = [_STYLES / "theme.tcss", *sorted((_STYLES / "screens").glob("*.tcss"))]


class DetectiveApp(App[int]):
    CSS_PATH = STYLESHEETS
    TITLE = "detective"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
        Binding("question_mark", "keys", "Keys", id="keys"),
    ]
    COMMANDS = {_palette_commands}

    def __init__(self, case_dir: Path, story: Story | None = None,
                 saves_dir: Path | None = None, load_slot: str | None = None,
                 start: StartingPoint | None = None, watch: bool = False) -> None:
        super().__init__()
        self.case_dir = case_dir
        self.cover = peek_cover(case_dir)
        self.story: Story | None = story
        self.saves_dir = saves_dir  # None: play without saves (the tests do)
        self.load_slot = load_slot  # a slot to load as soon as the case is open
        self.start = start  # or a game to play on from, as soon as the case is open
        self.watch = watch  # `--watch`: read the case again whenever its files change
        self._stop_watching = threading.Event()
        self.saves: SaveFolder | None = None  # opened after the first frame
        self.playthrough: Playthrough | None = None
        self.problems: list[Diagnostic] = []
        self._start_when_loaded = False
        self._when_opened: Callable[[], None] | None = None  # asked for before the case was open
        self._saves_looked_at = False
        self._hinter: Hinter | None = None  # made on the first hint: it needs the analysis
        self.last_hint = ""  # the board shows it until the game is another (load, undo, new)
        self._autosave_warned = ""
        self._room: InterrogationScreen | None = None  # made once, for everyone seated in turn
        # The scenes (and notices) of the last answer in the room, until the player asks for
        # them: they are read after the answer, not over it.
        self._held: tuple[list[Screen], list[tuple[str, str]], int | None] | None = None
        self._showing_from: int | None = None  # held_from while the held scenes are shown
        self.exit_on_signals = False  # run_app sets it: SIGTERM and SIGHUP exit the app
        if self.cover.title:
            self.title = one_line(self.cover.title)

    @property
    def session(self) -> Session | None:
        """The game being played, or None before the first one."""
        return self.playthrough.session if self.playthrough is not None else None

    @property
    def record(self) -> dict[str, int]:
        return self.playthrough.record if self.playthrough is not None else {}

    # ---- start-up -----------------------------------------------------------------------------

    def on_load(self) -> None:
        if self.exit_on_signals:
            from game.tui.terminal import leave_on_signals

            leave_on_signals(self)

    def on_mount(self) -> None:
        can_continue, can_load = self._saves_at_a_glance()
        self.push_screen(TitleScreen(self.cover.title or one_line(self.case_dir.name),
                                     self.cover.tagline, can_continue, can_load))
        if self.story is None or self.saves_dir is not None or self.start is not None:
            self.call_after_refresh(self._open_case)

    def _saves_at_a_glance(self) -> tuple[bool, bool]:
        """Whether this case has an autosave, and whether there are saves at all, from the names
        of files alone (no save is read, no pydantic imported): the title offers Continue and
        Load in its first frame. Once the folder is read, the title is set right (an autosave
        that cannot be loaded is not continued)."""
        from game.persistence.saves_location import AUTOSAVE, case_slot_path

        case_id = self.story.case.id if self.story is not None else self.cover.id
        if self.saves_dir is None:
            return False, False
        try:
            own = bool(case_id) and case_slot_path(self.saves_dir, AUTOSAVE, case_id).is_file()
            old = (self.saves_dir / f"{AUTOSAVE}.toml").is_file()  # before saves were per case
            return own or old, own or old or any(self.saves_dir.glob("*.toml"))
        except OSError:
            return False, False

    @work(thread=True, exclusive=True, group="load")
    def _open_case(self) -> None:
        """Load the story (unless it was given) and open the saves folder, off the UI thread."""
        story = self.story
        if story is None:
            from game.storyfiles.diagnostics import StoryError
            from game.storyfiles.loader import load_story

            try:
                story = load_story(self.case_dir)
            except StoryError as error:
                self.call_from_thread(self._show_problems, list(error.diagnostics))
                return
        saves, slots, problem = None, [], ""
        if self.saves_dir is not None:
            from game.persistence.slots import SaveFolder

            try:
                saves = SaveFolder.open(self.saves_dir)
                slots = saves.slots()
            except OSError as error:
                where = one_line(str(self.saves_dir))
                saves, problem = None, f"{where}: {error.strerror or error}"
        self.call_from_thread(self._case_opened, story, saves, slots, problem)

    def _case_opened(self, story: Story, saves: SaveFolder | None, slots: list[SlotInfo],
                     problem: str) -> None:
        self.story = story
        if self.watch:
            self._start_watching()
        self.title = story.case.title
        self.saves = saves
        self._saves_looked_at = True
        if self.playthrough is not None and self.playthrough.folder is None:
            self.playthrough.folder = saves  # a game begun before the folder was open
        if problem:
            self.notify(f"Playing without saves: the folder cannot be used ({problem}).",
                        severity="warning", timeout=8, markup=False)
        if isinstance(self.screen, TitleScreen):
            self.screen.show_cover(story.case.title, story.case.tagline)
            ours = any(not info.problem and info.case == story.case.id for info in slots)
            self.screen.show_saves(can_continue=ours, can_load=bool(slots))
        if self.load_slot is not None:
            slot, self.load_slot = self.load_slot, None
            if self.load_game(slot):
                return
        if self.start is not None:
            start, self.start = self.start, None
            self.play_from(start)
            return
        then, self._when_opened = self._when_opened, None
        if self._start_when_loaded:
            self.new_game()
        elif then is not None:
            then()

    def _still_opening(self, then: Callable[[], None]) -> bool:
        """True when the case or its saves folder is still being opened; `then` is done once it
        is (a Continue pressed in the first frame is not lost)."""
        if self.problems or (self.story is not None
                             and (self.saves_dir is None or self._saves_looked_at)):
            return False
        self._when_opened = then
        self.notify("Opening the case file...", timeout=2)
        return True

    def _show_problems(self, problems: list[Diagnostic]) -> None:
        from game.tui.screens.problems import ProblemsScreen

        self.problems = problems
        self.switch_screen(ProblemsScreen(self.case_dir, problems))

    # ---- the game -----------------------------------------------------------------------------

    def new_game(self, noted: bool = False) -> None:
        """Start (or restart) the case, after its content note if it has one. Waits for the
        story if it is still loading."""
        if self.problems:
            return
        if self.story is None:
            self._start_when_loaded = True
            self.notify("Opening the case file...", timeout=2)
            return
        note = self.story.case.content_note
        if note and not noted:
            from game.tui.screens.confirm import ConfirmScreen

            self._start_when_loaded = False
            self.push_screen(ConfirmScreen(f"Content note: {note}", "Go on", "Go back",
                                           ready=True),
                             lambda go: self.new_game(noted=True) if go else None)
            return
        from game.persistence.playthrough import Playthrough
        from game.tui.screens.board import BoardScreen

        self._start_when_loaded = False
        self.workers.cancel_group(self, "moments")
        self._another_game()
        self.playthrough = Playthrough(self.story, self.saves)
        events = self.playthrough.begin()
        # The stack is Textual's default screen, then the one game screen, then what is over it.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(BoardScreen())
        self.call_after_refresh(self.show_events, events, "Prologue")

    def act(self, action: Action) -> list[ev.GameEvent]:
        """Perform one player action and show what it did."""
        if self.playthrough is None:
            return []
        turn = self.playthrough.session.state.turn
        events = self.playthrough.perform(action)
        if self.playthrough.session.state.turn != turn and action.verb != "leave":
            # The game moved on: the hint given before is stale (leaving the room to follow
            # it is no move away from it).
            self.last_hint = ""
        self.show_events(events)
        self._warn_autosave()
        return events

    def show_events(self, events: list[ev.GameEvent], prologue: str = "") -> None:
        from game.tui.presenting import plan_presentation

        assert self.session is not None
        plan = plan_presentation(self.session, events, prologue)
        moments, toasts = list(plan.moments), plan.toasts
        if self._held is not None and (moments or plan.destination):
            # Scenes held in the room come before those of a later step (one played from the
            # palette, or one that leaves the room).
            moments, toasts = [*self._held[0], *moments], [*self._held[1], *toasts]
            self._held = None
        if plan.destination == "board":
            # Leaving the room: its notices were there to be read, and on the board they would
            # sit over the case so far.
            self.clear_notifications()
        if not moments:
            self._notify_all(toasts)
        if plan.destination == "room" and plan.room is not None:
            self._go_to_room(plan.room)
        elif plan.destination == "board":
            self._go_to_board()
        elif plan.destination == "hearing":
            from game.tui.screens.hearing import HearingScreen

            self._go_to_board()
            self.switch_screen(HearingScreen())
        elif plan.destination == "ending":
            from game.tui.screens.ending import EndingScreen

            if not isinstance(self.screen, EndingScreen):
                self.switch_screen(EndingScreen())
        from game.tui.screens.interrogation import InterrogationScreen

        if moments and plan.after_talk and isinstance(self.screen, InterrogationScreen):
            # The answer that brought them is read first: the room says a scene follows, and
            # shows it when the player asks (see InterrogationScreen's keys while one is held).
            self._held = (moments, toasts, self._cut(plan))
            moments = []
        self.redraw()
        if moments:
            self._show_moments(moments, toasts)

    @property
    def held(self) -> str:
        """The title of the scene an answer in the room brought, held until the player has
        read the answer ("" when none is)."""
        if self._held is None:
            return ""
        first = self._held[0][0]
        return getattr(first, "scene_title", "")

    @property
    def held_from(self) -> int | None:
        """Where the room stops drawing the transcript while a scene is held: the lines said
        after the scene come after it (None: no scene held, or all are drawn)."""
        return self._held[2] if self._held is not None else self._showing_from

    def _cut(self, plan) -> int | None:
        """The transcript index of the first line said after the first scene of `plan`."""
        assert self.session is not None
        transcript = self.session.state.transcript
        said = [line.text for line in transcript[len(transcript) - len(plan.lines):]]
        if not plan.lines or said != plan.lines:
            return None  # not the lines of this step as expected: draw them all
        return len(transcript) - len(plan.lines) + plan.lines_before

    def show_held(self) -> None:
        """Show the scenes held in the room, and the notices of their step after them."""
        if self._held is not None:
            moments, toasts, self._showing_from = self._held
            self._held = None
            self.redraw()  # the room's marker goes (the lines after the scene come after it)
            self._show_moments(moments, toasts)

    def _notify_all(self, toasts: list[tuple[str, str]]) -> None:
        for text, severity in toasts:
            self.notify(text, severity=severity, timeout=6 if severity == "warning" else 4,
                        markup=False)

    @work(group="moments")
    async def _show_moments(self, moments: list[Screen],
                            toasts: list[tuple[str, str]] | None = None) -> None:
        """One modal after another: each opens when the one before it is dismissed. The notices
        of the same action come after the last (a notice would stand over a scene's text)."""
        for moment in moments:
            await self.push_screen_wait(moment)
        self._showing_from = None  # what was said after the scenes is read now
        if moments:
            self.redraw()
        self._notify_all(toasts or [])

    def _another_game(self) -> None:
        """The game shown is another (a load, an undo, a redo, a new game): what was said of
        the one before is stale, its notices and its hint."""
        self.clear_notifications()
        self._held = None  # the scenes of a step no longer taken
        self._showing_from = None
        self._hinter = None  # the next hint starts with a nudge again
        self.last_hint = ""

    def redraw(self) -> None:
        from game.tui.screens.base import GameScreen

        # Only what can be seen: the top screen and any under a modal. A hidden screen
        # redraws itself when it comes back.
        for screen in reversed(self.screen_stack):
            if isinstance(screen, GameScreen):
                screen.redraw()
            if not isinstance(screen, ModalScreen):
                break

    def _go_to_board(self) -> None:
        from game.tui.screens.board import BoardScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, BoardScreen):
            self.pop_screen()

    def _go_to_room(self, character_id: str) -> None:
        self._go_to_board()
        self.push_screen(self._seated(character_id))

    def _seated(self, character_id: str) -> InterrogationScreen:
        """The interrogation room with `character_id` in the chair. It is made once and kept
        (installed) between conversations: composing it anew took most of the time a talk
        takes to show."""
        from game.tui.screens.interrogation import InterrogationScreen

        if self._room is None:
            self._room = InterrogationScreen(character_id)
            self.install_screen(self._room, "room")
        else:
            self._room.seat(character_id)
        return self._room

    def show_position(self, rebuild: bool = False) -> None:
        """Set the screens to where the state says the player is, and redraw them: after an undo,
        a redo or a load. Whatever was open over the game (a view, a scene) is closed; `rebuild`
        makes the game screens anew (a loaded game has another conversation)."""
        from game.tui.screens.board import BoardScreen
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.hearing import HearingScreen
        from game.tui.screens.interrogation import InterrogationScreen

        assert self.session is not None
        state = self.session.state
        self.workers.cancel_group(self, "moments")  # scenes of a step no longer taken
        base: type[Screen] = (EndingScreen if state.ending is not None
                              else HearingScreen if state.at_hearing else BoardScreen)
        room = state.interlocutor if base is BoardScreen else None
        stack = self.screen_stack
        base_kept = not rebuild and len(stack) > 1 and type(stack[1]) is base
        room_kept = (base_kept and room is not None and len(stack) > 2
                     and isinstance(stack[2], InterrogationScreen))
        while len(self.screen_stack) > (3 if room_kept else 2):
            self.pop_screen()
        if not base_kept:
            self.switch_screen(base())
        if room is not None and not room_kept:
            self.push_screen(self._seated(room))
        self.redraw()

    # ---- undo, redo and saves ------------------------------------------------------------------

    def undo(self) -> None:
        self._step(back=True)

    def redo(self) -> None:
        self._step(back=False)

    def _step(self, back: bool) -> None:
        if self.playthrough is None:
            return
        moved = self.playthrough.undo() if back else self.playthrough.redo()
        if not moved:
            loaded_from = self.playthrough.loaded_from
            if back:  # a game loaded at start: nothing of before was played here
                from game.presentation.build import nothing_to_undo

                self.notify(nothing_to_undo(loaded_from), severity="warning", timeout=5)
            else:
                self.notify(f"Nothing to {'undo' if back else 'redo'}.", severity="warning",
                            timeout=3)
            return
        from game.persistence.playthrough import COUNTED
        from game.presentation.build import moved_said

        self._another_game()
        loaded = self.playthrough.last_step_was_load  # a whole other game: screens made anew
        self.show_position(rebuild=loaded)
        step = self.playthrough.moved
        assert step is not None
        # What was taken back, or done again; a wrong objection taken back is graded: said
        # as a warning, and for longer.
        counted = step.objection == COUNTED
        self.notify(moved_said(step) + ("  (ctrl+y: redo)" if back else ""),
                    severity="warning" if counted else "information",
                    timeout=8 if counted else 4, markup=False)
        self._warn_autosave()

    def save_game(self, slot: str) -> bool:
        from game.persistence.savefile import SaveError

        if self.playthrough is None:
            return False
        try:
            self.playthrough.save(slot)
        except SaveError as error:
            self.notify(f"Could not save \u201c{one_line(slot)}\u201d: {error}", severity="error",
                        timeout=8, markup=False)
            return False
        self.notify(f"Saved as \u201c{one_line(slot)}\u201d.", timeout=3, markup=False)
        return True

    def load_game(self, slot: str, exact: bool = False) -> bool:
        """Load a slot and go where it was saved. A refused load changes nothing, and says why.
        `slot` as the player names it (`autosave`: this case's), or `exact`ly a listed file."""
        from game.persistence.playthrough import Playthrough
        from game.persistence.savefile import SaveError
        from game.persistence.slots import shown_name

        if self.story is None or self.problems:
            return False
        shown = one_line(shown_name(slot))
        playthrough = self.playthrough or Playthrough(self.story, self.saves)
        try:
            loaded = playthrough.load(slot, exact=exact)
        except SaveError as error:
            self.notify(f"Could not load \u201c{shown}\u201d: {error}", title="Not loaded",
                        severity="error", timeout=10, markup=False)
            return False
        self.playthrough = playthrough
        self._start_when_loaded = False
        self._another_game()
        self.show_position(rebuild=True)
        undo = ("ctrl+z: back to the game you were playing" if playthrough.history.can_undo
                else "undo starts from here")
        self.notify(f"Loaded \u201c{shown}\u201d: {one_line(loaded.label)}  ({undo})", timeout=5,
                    markup=False)
        if loaded.report:
            from game.tui.screens.scene import SceneLine, SceneScreen

            lines = [SceneLine("", line, False) for line in loaded.report]
            report = SceneScreen(f"Loaded \u201c{shown}\u201d", lines, [], kind="report",
                                 subtitle="The case has changed since this save:")
            self.call_after_refresh(self._show_moments, [report])
        return True

    # ---- live reload (`--watch`) ---------------------------------------------------------------

    def _start_watching(self) -> None:
        """A thread of its own waits on the files (a Textual worker would hold up the exit)."""
        from game.storyfiles.watching import watch_case

        if self._stop_watching.is_set() or getattr(self, "_watcher", None) is not None:
            return

        def changed() -> None:
            from game.presentation.reloading import read_case

            read = read_case(self.case_dir)  # off the UI thread: it takes a moment
            if not self._stop_watching.is_set():
                self.call_from_thread(self.case_changed, read)

        self._watcher = threading.Thread(target=watch_case, daemon=True, name="watch-case",
                                         args=(self.case_dir, changed, self._stop_watching))
        self._watcher.start()

    def case_changed(self, read: Story | StoryError) -> None:
        """The case's files changed: go on in the case as they now are, or say why not."""
        from game.presentation.reloading import go_on_in
        from game.storyfiles.diagnostics import StoryError

        if self.playthrough is None:  # no game yet: the next one starts in the new case
            if not isinstance(read, StoryError):
                self.story = read
                self.notify("The case was read again.", timeout=4)
            else:
                self.notify("The case files changed, and the case no longer loads: "
                            "`detective check` says why.", severity="warning", timeout=8)
            return
        outcome = go_on_in(self.playthrough, read)
        if outcome.story is not None:
            self.story = outcome.story
            self._hinter = None
            self.show_position(rebuild=True)
        first, *rest = [*outcome.lines, *(str(problem) for problem in outcome.problems)]
        self.notify("\n".join(one_line(line, 300) for line in rest) if rest else first,
                    title=one_line(first, 300) if rest else "", markup=False,
                    severity="information" if outcome.story is not None else "warning",
                    timeout=6 if outcome.story is not None else 12)

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def play_from(self, start: StartingPoint) -> None:
        """Play on from where a walkthrough leads: its history starts there."""
        from game.persistence.playthrough import Playthrough

        assert self.story is not None
        playthrough = Playthrough(self.story, self.saves)
        playthrough.start_at(start)
        self.playthrough = playthrough
        self._start_when_loaded = False
        self._another_game()
        self.show_position(rebuild=True)
        self.notify(f"Playing on from {one_line(start.origin)}  (undo starts from here)",
                    timeout=5, markup=False)

    def quick_save(self) -> None:
        from game.persistence.slots import QUICKSAVE

        self.save_game(QUICKSAVE)  # this case's own quick save

    def quick_load(self) -> None:
        from game.persistence.slots import QUICKSAVE

        self.load_game(QUICKSAVE)

    def continue_game(self) -> None:
        """Load the most recent save of this case that can be read."""
        if self._still_opening(self.continue_game) or self.story is None:
            return
        latest = self.saves.latest(self.story.case.id) if self.saves is not None else None
        if latest is None:
            self.notify("There is no save of this case to continue.", severity="warning")
            return
        self.load_game(latest, exact=True)

    def open_load_screen(self) -> None:
        from game.tui.screens.load import LoadScreen

        if self._still_opening(self.open_load_screen):
            return
        if self.saves is None:
            self.notify("Saves are off: there is no saves folder.", severity="warning")
            return
        if isinstance(self.screen, LoadScreen) or self.story is None:
            return
        slots = self.saves.slots()
        if not slots:
            self.notify("There are no saves yet.", severity="warning")
            return

        def chosen(slot: str | None) -> None:
            if slot is not None:
                self.load_game(slot, exact=True)

        from game.persistence.slots import case_titles

        self.push_screen(LoadScreen(slots, self.story.case.id, case_titles(self.story)), chosen)

    def open_save_as(self) -> None:
        from game.persistence.saves_location import CASE_SLOTS
        from game.tui.screens.save_as import SaveAsScreen

        if self.playthrough is None or isinstance(self.screen, SaveAsScreen):
            return
        if self.saves is None:
            self.notify("Saves are off: there is no saves folder.", severity="warning")
            return
        from game.persistence.slots import CASE_SLOT, case_title, case_titles

        # What a name typed here would replace: a save the player named (of any case: it says
        # which), or this case's own autosave and quick save; never another case's.
        case_id, titles = self.playthrough.story.case.id, case_titles(self.playthrough.story)
        taken = {info.name: "" if info.case == case_id else case_title(info.case, titles)
                 for info in reversed(self.saves.slots())
                 if (info.case == case_id if CASE_SLOT.match(info.slot)
                     else info.slot not in CASE_SLOTS)}

        def chosen(slot: str | None) -> None:
            if slot is not None:
                self.save_game(slot)

        self.push_screen(SaveAsScreen(taken), chosen)

    def _warn_autosave(self) -> None:
        """A toast when autosaving fails, once for each new problem."""
        problem = self.playthrough.autosave_problem if self.playthrough is not None else ""
        if problem and problem != self._autosave_warned:
            self.notify(f"The game could not be autosaved: {problem}", title="Autosave",
                        severity="warning", timeout=10, markup=False)
        self._autosave_warned = problem

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notice is plain text, whatever the caller asks: most quote the story, a save, an
        error or a path (Textual's own, the screenshot's, quote a path too)."""
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    # ---- actions every screen shares -----------------------------------------------------------

    def action_keys(self) -> None:
        from game.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        keys = []
        for binding in _unique_bindings(self.screen):
            if binding.action.startswith("pick("):  # a choice list's 1-9: one line for nine
                if binding.action == "pick(1)":
                    keys.append(("1-9", "Pick that choice at once"))
                continue
            keys.append((binding.key_display or self.get_key_display(binding),
                         binding.description))
        words = self.story.case.words if self.story else None
        self.push_screen(HelpScreen(keys, words.hearing, words.credibility) if words
                         else HelpScreen(keys))

    def open_view(self, view: str) -> None:
        """Open the locker, notebook, versions or deduction board over whatever is showing."""
        from game.tui.screens.deduction import DeductionScreen
        from game.tui.screens.locker import LockerScreen
        from game.tui.screens.notebook import NotebookScreen
        from game.tui.screens.versions import VersionsScreen

        if self.session is None:
            return
        if view == "deduction" and not self.session.story.board:
            self.notify("This case has no deduction board.", severity="warning", timeout=3)
            return
        screens = {"locker": LockerScreen, "notebook": NotebookScreen, "versions": VersionsScreen,
                   "deduction": DeductionScreen}
        if type(self.screen) is screens[view]:
            return
        # Views replace each other rather than pile up: escape always goes back to the game.
        if isinstance(self.screen, tuple(screens.values())):
            self.switch_screen(screens[view]())
        else:
            self.push_screen(screens[view]())

    @property
    def hinter(self) -> Hinter:
        if self._hinter is None:
            from game.presentation.hinting import Hinter

            self._hinter = Hinter()
        return self._hinter

    def show_hint(self) -> None:
        if self.session is None:
            return
        hint = self.hinter.hint(self.session)  # asked again on the same state, it says more
        if self.playthrough is not None:
            self.playthrough.count(f"hints_{hint.tier}")
        self.last_hint = hint.text if hint.exact else hint.text + "  (h again: say more)"
        from game.tui.screens.board import BoardScreen

        if isinstance(self.screen, BoardScreen):
            self.screen.redraw()  # the board shows it in a line of its own: no notice over it
            return
        self.notify(self.last_hint, title="Hint", timeout=8, markup=False)

    def confirm_hearing(self) -> None:
        from game.presentation.build import confirm_hearing
        from game.tui.screens.confirm import ConfirmScreen

        if self.session is None or not self.session.hearing_available():
            stage = self.session.story.stage if self.session else "hearing"
            self.notify(f"The {stage} is not set yet: there is more to learn first.",
                        severity="warning")
            return
        confirmation = confirm_hearing(self.session)

        def go(sure: bool | None) -> None:
            if sure:
                self.act(confirmation.action)

        self.push_screen(ConfirmScreen(confirmation.question, confirmation.yes), go)

    def act_when_sure(self, action: Action) -> None:
        from game.presentation.build import confirm_choice
        from game.tui.screens.confirm import ConfirmScreen

        confirmation = (confirm_choice(self.session, action.target)
                        if action.verb == "choose" and self.session is not None else None)
        if confirmation is None:
            self.act(action)
            return

        def decide(sure: bool | None) -> None:
            if sure:
                self.act(confirmation.action)

        self.push_screen(ConfirmScreen(confirmation.question, confirmation.yes), decide)

    def confirm_new_game(self) -> None:
        from game.tui.screens.confirm import ConfirmScreen

        if self.session is None or self.session.over:
            self.new_game()
            return

        def restart(sure: bool | None) -> None:
            if sure:
                self.new_game()

        from game.presentation.build import restart_question

        question = restart_question(self.saves is not None, "ctrl+s")
        self.push_screen(ConfirmScreen(question, "Start again"), restart)

    # ---- what the screens ask for -------------------------------------------------------------

    def want(self, want: Want) -> None:
        if want in VIEWS:
            self.open_view(want)
            return
        answers: dict[Want, Callable[[], object]] = {
            Want.HINT: self.show_hint, Want.UNDO: self.undo, Want.REDO: self.redo,
            Want.QUICK_SAVE: self.quick_save, Want.QUICK_LOAD: self.quick_load,
            Want.SAVE_AS: self.open_save_as, Want.LOAD: self.open_load_screen,
            Want.HEARING: self.confirm_hearing, Want.NEW_GAME: self.confirm_new_game,
            Want.CONTINUE: self.continue_game, Want.HELD_SCENE: self.show_held,
        }
        answers[want]()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.session is None:
            yield SystemCommand("New game", "Open the case from the beginning", self.new_game)
            if self.saves is not None:
                yield SystemCommand("Continue", "Load the most recent save", self.continue_game)
                yield SystemCommand("Load a save", "Pick a saved game", self.open_load_screen)
            return
        from game.tui.commands import game_commands

        for title, help_text, callback in game_commands(self):
            yield SystemCommand(title, help_text, callback)


def _unique_bindings(screen: Screen):
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.description and binding.action not in seen and not binding.system:
            seen.add(binding.action)
            yield binding


def make_app(case_dir: Path | None = None, story: Story | None = None,
             saves_dir: Path | None = None, load_slot: str | None = None,
             start: StartingPoint | None = None, watch: bool = False) -> DetectiveApp:
    """The one factory: `detective` and the tests build the app the same way. Without
    `saves_dir` the game is played without saves."""
    if case_dir is None:
        from game.storyfiles.bundled import bundled_case_dir

        case_dir = bundled_case_dir()
    return DetectiveApp(case_dir, story, saves_dir, load_slot, start, watch)


def run_app(case_dir: Path, saves_dir: Path | None = None, load_slot: str | None = None,
            story: Story | None = None, start: StartingPoint | None = None,
            watch: bool = False) -> int:
    """Play in the terminal. The exit status is the app's: 0, or 128 + a signal that ended it."""
    from game.tui.terminal import survives_hangup

    app = make_app(case_dir, story, saves_dir=saves_dir, load_slot=load_slot, start=start,
                   watch=watch)
    app.exit_on_signals = True
    app.driver_class = survives_hangup(app.driver_class)
    app.run()
    return app.return_code or 0
