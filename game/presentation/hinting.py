"""Hints as both faces give them: first a nudge, then, asked again on the same state, the step."""

from __future__ import annotations

from game.analysis.hints import next_hint
from game.engine.session import Session
from game.presentation.views import HintView


class Hinter:
    def __init__(self) -> None:
        self._last: tuple[int, str] | None = None

    def hint(self, session: Session) -> HintView:
        found = next_hint(session)
        key = (session.state.turn, found.exact)
        exact = self._last == key
        self._last = key
        if exact:
            return HintView(found.exact, True, found.action, found.character)
        return HintView(found.nudge, False, found.action, found.character)

    def forget(self) -> None:
        """After an undo or a load: the next hint starts with a nudge again."""
        self._last = None
