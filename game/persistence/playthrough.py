"""A game being played: the session, its undo history, its play time and its saves.

Both interfaces play through this, so undo, autosave and loading behave the same in each.

The autosave and the quick save are the case's own (`autosave.<case id>`, see saves_location): a
player names them `autosave` and `quicksave`, and no other case writes over them. A save of
another case is refused by naming that case. A load can be undone like an action, back to the
game it replaced; a game loaded before any other was begun has its history start at the load
(`loaded_from` says from which slot, for the interfaces to tell the player).
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
from game.engine.state import GameState
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
        # What the case report counts and an undo must not take back: hints taken, by tier
        # (`hints_1`...), and objections taken back (`undone_objections`). Saved with the game.
        self.record: dict[str, int] = {}

    # ---- playing --------------------------------------------------------------------------------

    def begin(self) -> list[ev.GameEvent]:
        return self.session.begin()

    def perform(self, action: Action) -> list[ev.GameEvent]:
        self.history.before_action(self.session.state)
        events = self.session.perform(action)
        if any(isinstance(e, ev.Refused) for e in events):
            self.history.forget_last()
        else:
            self.autosave()
        return events

    def undo(self) -> bool:
        before = self.session.state
        step = self.history.undo(before, self.play_seconds)
        if step is not None and step.play_seconds is None and (
                step.state.wrong_objections < before.wrong_objections
                or len(step.state.contradicted) < len(before.contradicted)):
            self.count("undone_objections")
        return self._restore(step)

    def count(self, what: str) -> None:
        self.record[what] = self.record.get(what, 0) + 1

    def redo(self) -> bool:
        return self._restore(self.history.redo(self.session.state, self.play_seconds))

    def _restore(self, step: Step | None) -> bool:
        if step is None:
            return False
        self.last_step_was_load = step.was_load
        if step.play_seconds is not None:  # a whole other game: a new session, its own clock
            self.session = Session(self.story, step.state)
            self._played_before, self._since = step.play_seconds, self.clock()
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
            record=self.record)
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
        self.record = {}
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
            self.history.before_load(self.session.state, self.play_seconds)
        else:
            self.history.clear()
            self.loaded_from = shown_name(slot)  # as the player knows it: `autosave`
        self.session = Session(self.story, loaded.state)
        self._played_before, self._since = loaded.play_seconds, self.clock()
        self.record = dict(loaded.record)
        return loaded

    def _slot_to_read(self, slot: str) -> str:
        """This case's own slot; for `autosave` and `quicksave` from before saves were kept per
        case (`autosave.toml`), that old file when the case has no slot of its own yet."""
        own = self.slot_file(slot)
        if own != slot and self.folder is not None and not os.path.lexists(
                self.folder.slot_path(own)) and os.path.lexists(self.folder.slot_path(slot)):
            return slot
        return own
