"""The reading-time estimate of a walkthrough (game.storyfiles.reading)."""

from pathlib import Path

import pytest

from game.storyfiles.reading import Reading, reading_of
from tests.analysis.test_oracle_agrees import _tiny_story

pytestmark = pytest.mark.timeout(60)


def test_words_shown_and_documents_found_are_counted_once(tmp_path: Path) -> None:
    story = _tiny_story(
        case={"id": "tiny", "title": "Tiny", "player": "me", "intro": ["One two three."]},
        evidence={"e0": {"title": "Card", "document": "six seven eight"}},
        topics={"t": {"character": "c0", "title": "Ask", "lines": ["c0: Four, five."],
                      "gives": ["e0"]}})
    walk = tmp_path / "walk.toml"
    walk.write_text('title = "w"\nsteps = ["talk c0", "ask t", "ask t", '
                    '{ do = "search nowhere", refused = true }]\n', encoding="utf-8")
    reading = reading_of(story, walk)
    # 3 (intro) + 2 + 2 (asked twice) + 4 (the card's title and document, once); the refused
    # step is no action.
    assert reading == Reading(words=11, actions=3)
    assert reading.minutes == pytest.approx(11 / 200 + 3 * 6 / 60)
