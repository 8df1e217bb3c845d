"""Undo and redo, back to the start of the game, in bounded memory.

The transcript only ever grows, so a snapshot keeps its length, not a copy: undoing cuts it back,
and the cut lines wait on the redo side. Everything else in a state is a few small sets.

A load is a step too: it replaces the game whole, so its snapshot keeps the game it replaced
whole, transcript and play time, and undoing the load brings that game back (an f9 pressed by
mistake loses nothing). A game loaded before any other was begun has nothing before the load:
its history starts there.

Each step keeps what it was, as a player would say it ("talk to Vincent", "loading
\u201cpre_hearing\u201d"), so an undo can tell what it took back: an undo that leaves the game
for another (a load undone) must not pass for one more action taken back. A load's step keeps
the player's record of the game it replaced too (see state.Record): the record travels with
its game.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.session import Action
from game.engine.state import GameState, Record, Spoken


@dataclass
class _Snapshot:
    state: GameState  # an action's: without its transcript; a load's: whole
    transcript_length: int
    what: str = ""  # the step, as a player would say it
    action: Action | None = None  # an action's
    cut: list[Spoken] = field(default_factory=list)  # lines after the cut, for redo
    play_seconds: float | None = None  # a load's: the play time of the game it keeps
    record: Record | None = None  # a load's: the record of the game it keeps


@dataclass(frozen=True, slots=True)
class Step:
    """What an undo or a redo gives back: the state, and, when the step was a load, the play
    time and the record of the game it brings back (None: the play time goes on). `what` is the
    step undone or redone, as a player would say it: "talk to Vincent", "loading
    \u201cpre_hearing\u201d" (empty for a step taken without saying, by a test); `action`, an
    action's."""

    state: GameState
    play_seconds: float | None = None
    what: str = ""
    action: Action | None = None
    record: Record | None = None

    @property
    def was_load(self) -> bool:
        return self.play_seconds is not None


class History:
    def __init__(self) -> None:
        self._undo: list[_Snapshot] = []
        self._redo: list[_Snapshot] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_what(self) -> str:
        """What the next undo would take back, as a player would say it ("" if nothing)."""
        return self._undo[-1].what if self._undo else ""

    @property
    def redo_what(self) -> str:
        """What the next redo would do again ("" if nothing)."""
        return self._redo[-1].what if self._redo else ""

    def before_action(self, state: GameState, action: Action | None = None,
                      what: str = "") -> None:
        """`action` is about to change `state`; `what` says it (Session.describe)."""
        self._undo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript),
                                    what, action))
        self._redo.clear()

    def forget_last(self) -> None:
        """The action was refused: nothing changed, so there is nothing to undo."""
        self._undo.pop()

    def before_load(self, state: GameState, play_seconds: float, record: Record | None = None,
                    what: str = "") -> None:
        """A save is about to replace the game `state`, played for `play_seconds`, whose
        player's record is `record`; `what` says the load ("loading \u201cevening\u201d")."""
        self._undo.append(_whole(state, play_seconds, record, what))
        self._redo.clear()

    def undo(self, state: GameState, play_seconds: float = 0.0,
             record: Record | None = None) -> Step | None:
        """Take back the last step of the game `state` (played for `play_seconds`, with the
        player's `record`: kept for a redo when the step was a load)."""
        if not self._undo:
            return None
        snapshot = self._undo.pop()
        if snapshot.play_seconds is not None:
            self._redo.append(_whole(state, play_seconds, record, snapshot.what))
            return _step(snapshot)
        length = snapshot.transcript_length
        self._redo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript),
                                    snapshot.what, snapshot.action, state.transcript[length:]))
        restored = snapshot.state
        restored.transcript = state.transcript[:length]
        return _step(snapshot, restored)

    def redo(self, state: GameState, play_seconds: float = 0.0,
             record: Record | None = None) -> Step | None:
        if not self._redo:
            return None
        snapshot = self._redo.pop()
        if snapshot.play_seconds is not None:
            self._undo.append(_whole(state, play_seconds, record, snapshot.what))
            return _step(snapshot)
        self._undo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript),
                                    snapshot.what, snapshot.action))
        restored = snapshot.state
        restored.transcript = state.transcript + snapshot.cut
        return _step(snapshot, restored)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


def _whole(state: GameState, play_seconds: float, record: Record | None, what: str) -> _Snapshot:
    return _Snapshot(state.copy(), len(state.transcript), what, play_seconds=play_seconds,
                     record=record.copy() if record is not None else Record())


def _step(snapshot: _Snapshot, state: GameState | None = None) -> Step:
    return Step(snapshot.state if state is None else state, snapshot.play_seconds,
                snapshot.what, snapshot.action, snapshot.record)
