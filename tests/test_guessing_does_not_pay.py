"""A new player cannot finish the bundled case by presenting every item to everyone: played in
the line mode, that strategy runs out of credibility long before the truth, and the hearing
does not offer what the truth would."""

import io

import pytest

from game.plain import PlainGame

pytestmark = pytest.mark.timeout(120)


def test_objecting_with_everything_to_everyone_exhausts_credibility_and_misses_justice(
        bundled_story):
    story = bundled_story
    out = io.StringIO()
    game = PlainGame(story, out)
    game.begin()
    session = game.session

    def typed(line: str) -> None:
        game.handle(line)

    for _ in range(40):  # rounds: everything new is tried, until nothing changes
        before = session.state.copy(with_transcript=False)
        for place in session.available_places():
            typed(f"search {place}")
        for character in session.available_characters():
            typed(f"talk {character}")
            for topic in session.available_topics():
                typed(f"ask {topic}")
            for statement in session.testimony():
                for evidence in list(session.state.held):
                    if (session.state.credibility > 0 and statement in session.testimony()
                            and statement not in session.state.contradicted):
                        typed(f"object {statement} with {evidence}")
            if session.state.interlocutor is not None:
                typed("leave")
        if session.state == before or session.state.credibility == 0:
            break
    state = session.state
    assert state.credibility == 0
    # Guessing broke Anya's first story at most: the truth needs every version broken.
    assert state.states["anya"] in ("v1_dealer", "v2_assault"), state.states
    assert "julie_statement" not in state.held
    assert state.wrong_objections >= story.case.credibility
    # Out of credibility, no further objection is heard, so the truth stays out of reach: the
    # hearing opens, but not with the option that tells it.
    assert "Nobody will hear another objection" in _said(game, out, "object 1 with 1")
    assert session.hearing_available()
    offered = session.hearing_options()
    assert offered and "police" not in offered
    assert all(story.hearing.options[o].ending != "justice" for o in offered)


def _said(game: PlainGame, out: io.StringIO, line: str) -> str:
    start = len(out.getvalue())
    if game.session.state.interlocutor is None:
        game.handle(f"talk {game.session.available_characters()[0]}")
        start = len(out.getvalue())
    game.handle(line)
    return out.getvalue()[start:]
