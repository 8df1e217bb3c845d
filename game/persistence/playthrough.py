"""A game being played: the session, its undo history, its play time and its saves.

Both interfaces play through this, so undo, autosave and loading behave the same in each.

The autosave and the quick save are the case's own (`autosave.<case id>`, see saves_location): a
player names them `autosave` and `quicksave`, and no other case writes over them. A save of
another case is refused by naming that case. A load can be undone like an action, back to the
game it replaced; a game loaded before any other was begun has its history start at the load
(`loaded_from` says from which slot, for the interfaces to tell the player).

The player's record (hints taken, objections taken back: what the case report grades, see
state.Record) follows the game: a load brings the record saved with it, undoing the load brings
back the record of the game it replaced, and no undo or redo lowers what was counted since. A
wrong objection taken back by undo is counted once for its guess (statement and evidence): undo
must not make guessing free, nor count one guess twice. Made again, by redo or by hand, it is a
wrong objection in the game again, which costs more, and no longer counted as taken back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import tomli_w

from game.engine import events as ev
from game.engine.history import History, Step
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.state import UNDONE, GameState, Record
from game.engine.text import one_line
from game.persistence.savefile import (
    NOTHING_LOST,
    AnotherCase,
    LoadedSave,
    SaveError,
    describe_position,
    read_save,
    save_document,
)
from game.persistence.slots import (
    AUTOSAVE,
    CASE_SLOTS,
    SaveFolder,
    case_name,
    case_slot,
    case_titles,
    check_slot_name,
    shown_name,
)


@dataclass(frozen=True)
class StartingPoint:
    """A game to play on from (`detective play --from`): the state, and where it comes from, as
    the player is told it."""

    state: GameState
    origin: str


# What an undo or a redo did to a wrong objection's count (Moved.objection).
COUNTED = "counted"  # taken back: counted now, once, in the case report
COUNTED_BEFORE = "counted before"  # taken back again: it was counted already
MADE_AGAIN = "made again"  # redone: a wrong objection again, no longer counted as taken back


@dataclass(frozen=True)
class Moved:
    """The last undo or redo, for the faces to say (presentation.build.moved_said): what it
    took back or did again, as a player would say it, and what it did to the record."""

    back: bool  # an undo
    what: str  # "talk to Vincent", "loading \u201cpre_hearing\u201d"
    was_load: bool
    objection: str = ""  # COUNTED, COUNTED_BEFORE, MADE_AGAIN, or "": no wrong objection


class Playthrough:
    def __init__(self, story: Story, folder: SaveFolder | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.story = story
        self.folder = folder  # None: no saves (tests, or a folder that could not be made)
        self.session = Session(story)
        self.history = History()
        self.clock = clock
        self._played_before = 0.0  # play time carried in from a loaded save
        self._since = clock()
        self.autosave_problem = ""  # the last autosave's failure, for the UI to mention
        self.loaded_from = ""  # the slot this game was loaded from, when undo stops at the load
        self.last_step_was_load = False  # the last undo or redo took back or redid a load
        # What the case report counts and an undo must not take back. Saved with the game.
        self.played = Record()
        self._line_began = Record()  # the record when this game was loaded or brought back
        self.moved: Moved | None = None  # the last undo or redo

    # ---- playing --------------------------------------------------------------------------------

    def begin(self) -> list[ev.GameEvent]:
        return self.session.begin()

    @property
    def record(self) -> dict[str, int]:
        """The counts the case report grades (build.report): `hints_1`..., `undone_objections`."""
        return self.played.counts

    def perform(self, action: Action) -> list[ev.GameEvent]:
        self.history.before_action(self.session.state, action, self.session.describe(action))
        events = self.session.perform(action)
        if any(isinstance(e, ev.Refused) for e in events):
            self.history.forget_last()
        else:
            if any(isinstance(e, ev.ObjectionFailed) for e in events):
                self._made_again((action.target, action.using))
            self.autosave()
        return events

    def undo(self) -> bool:
        before = self.session.state
        step = self.history.undo(before, self.play_seconds, self.played)
        if step is None:
            return False
        objection = ""
        if (guess := _wrong_objection(step.action, step.state, before)) is not None:
            objection = COUNTED_BEFORE if guess in self.played.taken_back else COUNTED
            if objection == COUNTED:
                self.played.taken_back.add(guess)
                self.count(UNDONE)
        return self._restore(step, back=True, objection=objection)

    def count(self, what: str) -> None:
        self.played.count(what)

    def redo(self) -> bool:
        before = self.session.state
        step = self.history.redo(before, self.play_seconds, self.played)
        if step is None:
            return False
        objection = ""
        if (guess := _wrong_objection(step.action, before, step.state)) is not None:
            objection = MADE_AGAIN if self._made_again(guess) else ""
        return self._restore(step, back=False, objection=objection)

    def _made_again(self, guess: tuple[str, str]) -> bool:
        """A wrong objection taken back is made again: the game counts it as wrong again, so it
        is no longer counted as taken back too (True if it was)."""
        if guess not in self.played.taken_back:
            return False
        self.played.taken_back.discard(guess)
        self.played.count(UNDONE, -1)
        return True

    def _restore(self, step: Step, back: bool, objection: str = "") -> bool:
        self.last_step_was_load = step.was_load
        self.moved = Moved(back, step.what, step.was_load, objection)
        if step.play_seconds is not None:  # a whole other game: a new session, its own clock
            self.session = Session(self.story, step.state)
            self._played_before, self._since = step.play_seconds, self.clock()
            # Its own record, and whatever was counted in the game left since it began.
            self.played = self.played.carried(self._line_began, step.record or Record())
            self._line_began = self.played.copy()
        else:
            self.session.state = step.state
        self.autosave()
        return True

    @property
    def play_seconds(self) -> float:
        return self._played_before + self.clock() - self._since

    # ---- saves ----------------------------------------------------------------------------------

    def save_text(self) -> str:
        state = self.session.state
        document = save_document(
            self.story, state, saved_at=datetime.now(UTC).isoformat(timespec="seconds"),
            play_seconds=self.play_seconds, label=describe_position(self.story, state),
            record=self.played)
        return tomli_w.dumps(document)

    def slot_file(self, slot: str) -> str:
        """The slot a player's name stands for: `autosave` and `quicksave` are this case's own."""
        return case_slot(slot, self.story.case.id) if slot in CASE_SLOTS else slot

    def save(self, slot: str) -> Path:
        """Save to the slot the player names (never to another case's own slots)."""
        if self.folder is None:
            raise SaveError("there is no saves folder")
        return self.folder.write(self.slot_file(check_slot_name(slot)), self.save_text())

    def autosave(self) -> None:
        if self.folder is None:
            return
        try:
            self.save(AUTOSAVE)
            self.autosave_problem = ""
        except SaveError as error:
            self.autosave_problem = str(error)

    def start_at(self, point: StartingPoint) -> None:
        """Play on from a state (where a walkthrough leads, `play --from`): a game of its own,
        whose history starts there, as a game loaded first does."""
        self.history.clear()
        self.loaded_from = point.origin
        self.session = Session(self.story, point.state.copy())
        self._played_before, self._since = 0.0, self.clock()
        self.played, self._line_began = Record(), Record()
        self.autosave()

    def reload(self, story: Story) -> list[str]:
        """Go on with this game in `story`, the case as its files now are (`play --watch`),
        through the reconciliation a save gets: what the case no longer has is dropped, and
        said. Raise SaveError (and change nothing) if the game cannot go on in it. The history
        starts again here: its steps were played in the case as it was."""
        loaded = read_save(self.save_text(), story)
        self.story = story
        self.session = Session(story, loaded.state)
        self.history.clear()
        self.loaded_from = "the case's files, read again"
        return [line for line in loaded.report if line != NOTHING_LOST]

    def load(self, slot: str, exact: bool = False) -> LoadedSave:
        """Replace the game with a saved one: `slot` as the player names it (`autosave` is this
        case's), or, `exact`, the slot file a listing gives (`autosave.mini`, or an old
        `autosave`). On any problem raise SaveError and change nothing; a save of another case is
        refused by naming that case."""
        if self.folder is None:
            raise SaveError("there is no saves folder")
        try:
            text = self.folder.read(slot if exact else self._slot_to_read(slot))
            loaded = read_save(text, self.story)
        except AnotherCase as error:
            where = case_name(error.case, case_titles(self.story))
            raise SaveError(f"it is a save of another case, {where}; play that case to load it") \
                from None
        if self.session.state.started:  # a game was being played: the load can be undone
            self.history.before_load(self.session.state, self.play_seconds, self.played,
                                     f"loading \u201c{one_line(shown_name(slot), 60)}\u201d")
        else:
            self.history.clear()
            self.loaded_from = shown_name(slot)  # as the player knows it: `autosave`
        self.session = Session(self.story, loaded.state)
        self._played_before, self._since = loaded.play_seconds, self.clock()
        self.played, self._line_began = loaded.record.copy(), loaded.record.copy()
        return loaded

    def _slot_to_read(self, slot: str) -> str:
        """This case's own slot; for `autosave` and `quicksave` from before saves were kept per
        case (`autosave.toml`), that old file when the case has no slot of its own yet."""
        own = self.slot_file(slot)
        if own != slot and self.folder is not None and not os.path.lexists(
                self.folder.slot_path(own)) and os.path.lexists(self.folder.slot_path(slot)):
            return slot
        return own


def _wrong_objection(action: Action | None, without: GameState,
                     with_it: GameState) -> tuple[str, str] | None:
    """The guess (statement, evidence) of `action`, when it is the wrong objection that makes
    the game `with_it` from the game `without`."""
    if action is None or action.verb != "object" \
            or with_it.wrong_objections <= without.wrong_objections:
        return None
    return action.target, action.using
