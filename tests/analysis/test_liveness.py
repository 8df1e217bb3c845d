"""Facts no reader can consult any more do not make states differ (game.analysis.liveness)."""

from __future__ import annotations

from typing import Any

from game.analysis.explore import explore
from game.engine.model import Story
from tests.analysis.test_oracle_agrees import _tiny_story, assert_agree

# A clue found two ways, either of them optional: searching the flat (x), or asking about the
# neighbour (s, which sets g). Either opens the topic t that gives the evidence e0 the hearing
# wants. Once t has been asked and e0 is held, how it was opened no longer matters.
TWO_WAYS: dict[str, Any] = {
    "topics": {"s": {"character": "c0", "title": "s", "sets": ["g"]},
               "t": {"character": "c0", "title": "t", "when": "visited x or flag g",
                     "gives": ["e0"]}},
    "searches": {"x": {"place": "p0"}},
}


def _story(hearing_reads: str) -> Story:
    return _tiny_story(**TWO_WAYS, hearing={
        "available": hearing_reads, "options": {"o0": {"text": "o", "ending": "end0"}}})


def test_how_a_clue_was_opened_is_forgotten_once_it_is_taken() -> None:
    story = _story("has e0")
    found = explore(story)
    # Before e0: nothing, x, g, both. After it, x and g are read by nothing that can still
    # change anything (t is spent, the search x reads only itself): one state, not three.
    assert found.states == 5
    assert_agree(story)


def test_a_fact_the_hearing_reads_is_never_forgotten() -> None:
    story = _story("has e0 and not flag g")
    found = explore(story)
    assert found.states == 6  # g still tells two states with e0 apart; x no longer does
    assert_agree(story)
