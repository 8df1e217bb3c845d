"""Undo and redo, back to the start of the game, in bounded memory.

The transcript only ever grows, so a snapshot keeps its length, not a copy: undoing cuts it back,
and the cut lines wait on the redo side. Everything else in a state is a few small sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.state import GameState, Statement


@dataclass
class _Snapshot:
    state: GameState  # without its transcript
    transcript_length: int
    cut: list[Statement] = field(default_factory=list)  # lines after the cut, for redo


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

    def undo(self, state: GameState) -> GameState | None:
        if not self._undo:
            return None
        snapshot = self._undo.pop()
        length = snapshot.transcript_length
        self._redo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript),
                                    state.transcript[length:]))
        restored = snapshot.state
        restored.transcript = state.transcript[:length]
        return restored

    def redo(self, state: GameState) -> GameState | None:
        if not self._redo:
            return None
        snapshot = self._redo.pop()
        self._undo.append(_Snapshot(state.copy(with_transcript=False), len(state.transcript)))
        restored = snapshot.state
        restored.transcript = state.transcript + snapshot.cut
        return restored

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
