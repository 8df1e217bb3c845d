"""A game being played: the session, its undo history, its play time and its saves.

Both interfaces play through this, so undo, autosave and loading behave the same in each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import tomli_w

from game.engine import events as ev
from game.engine.history import History
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.state import GameState
from game.persistence.savefile import (
    LoadedSave,
    SaveError,
    describe_position,
    read_save,
    save_document,
)
from game.persistence.slots import AUTOSAVE, SaveFolder


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
        return self._restore(self.history.undo(self.session.state))

    def redo(self) -> bool:
        return self._restore(self.history.redo(self.session.state))

    def _restore(self, restored: GameState | None) -> bool:
        if restored is None:
            return False
        self.session.state = restored
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
            play_seconds=self.play_seconds, label=describe_position(self.story, state))
        return tomli_w.dumps(document)

    def save(self, slot: str) -> Path:
        if self.folder is None:
            raise SaveError("there is no saves folder")
        return self.folder.write(slot, self.save_text())

    def autosave(self) -> None:
        if self.folder is None:
            return
        try:
            self.save(AUTOSAVE)
            self.autosave_problem = ""
        except SaveError as error:
            self.autosave_problem = str(error)

    def load(self, slot: str) -> LoadedSave:
        """Replace the game with a saved one. On any problem raise SaveError and change nothing."""
        if self.folder is None:
            raise SaveError("there is no saves folder")
        loaded = read_save(self.folder.read(slot), self.story)
        self.session = Session(self.story, loaded.state)
        self.history.clear()
        self._played_before, self._since = loaded.play_seconds, self.clock()
        return loaded
