"""Hints as both faces give them, in three tiers: asked again on the same state, a hint says
more. First where to look, then what is weak, then the exact step. The playthrough counts each
tier taken (for the case report), and an undo does not take the count back."""

from __future__ import annotations

from game.analysis.hints import next_hint
from game.engine.session import Session
from game.presentation.views import HintView

TIERS = 3


class Hinter:
    def __init__(self) -> None:
        self._last: tuple[int, str] | None = None
        self._tier = 0

    def hint(self, session: Session) -> HintView:
        found = next_hint(session)
        key = (session.state.turn, found.exact)
        self._tier = min(self._tier + 1, TIERS) if self._last == key else 1
        self._last = key
        text = {1: found.lead or found.nudge, 2: found.nudge, 3: found.exact}[self._tier]
        if self._tier < TIERS and text == found.exact:
            self._tier = TIERS  # nothing vaguer to say (the case is over, the hearing waits)
        return HintView(text, self._tier == TIERS, found.action, found.character, self._tier)

    def forget(self) -> None:
        """After an undo or a load: the next hint starts with the vaguest again."""
        self._last = None
        self._tier = 0
