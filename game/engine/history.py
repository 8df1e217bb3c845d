"""Undo and redo, back to the start of the game, in bounded memory.

The transcript only ever grows, so a snapshot keeps its length, not a copy: undoing cuts it back,
and the cut lines wait on the redo side. Everything else in a state is a few small sets.

A load is a step too: it replaces the game whole, so its snapshot keeps the game it replaced
whole, transcript and play time, and undoing the load brings that game back (an f9 pressed by
mistake loses nothing). A game loaded before any other was begun has nothing before the load:
its history starts there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.state import GameState, Spoken


@dataclass
class _Snapshot:
    state: GameState  # an action's: without its transcript; a load's: whole
    transcript_length: int
    cut: list[Spoken] = field(default_factory=list)  # lines after the cut, for redo
    play_seconds: float | None = None  # a load's: the play time of the game it keeps


@dataclass(frozen=True, slots=True)
class Step:
    """What an undo or a redo gives back: the state, and, when the step was a load, the play
    time of the game it brings back (None: the play time goes on)."""

    state: GameState
    play_seconds: float | None = None

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

    def before_action(self, state: GameState) -> None:
        self._undo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript)))
        self._redo.clear()

    def forget_last(self) -> None:
        """The action was refused: nothing changed, so there is nothing to undo."""
        self._undo.pop()

    def before_load(self, state: GameState, play_seconds: float) -> None:
        """A save is about to replace the game `state`, played for `play_seconds`."""
        self._undo.append(_whole(state, play_seconds))
        self._redo.clear()

    def undo(self, state: GameState, play_seconds: float = 0.0) -> Step | None:
        if not self._undo:
            return None
        snapshot = self._undo.pop()
        if snapshot.play_seconds is not None:
            self._redo.append(_whole(state, play_seconds))
            return Step(snapshot.state, snapshot.play_seconds)
        length = snapshot.transcript_length
        self._redo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript),
                                    state.transcript[length:]))
        restored = snapshot.state
        restored.transcript = state.transcript[:length]
        return Step(restored)

    def redo(self, state: GameState, play_seconds: float = 0.0) -> Step | None:
        if not self._redo:
            return None
        snapshot = self._redo.pop()
        if snapshot.play_seconds is not None:
            self._undo.append(_whole(state, play_seconds))
            return Step(snapshot.state, snapshot.play_seconds)
        self._undo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript)))
        restored = snapshot.state
        restored.transcript = state.transcript + snapshot.cut
        return Step(restored)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


def _whole(state: GameState, play_seconds: float) -> _Snapshot:
    return _Snapshot(state.copy(), len(state.transcript), play_seconds=play_seconds)
