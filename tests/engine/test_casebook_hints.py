"""What the casebook derives from the story's graph, and hints that lead through a case."""

import pytest

from game.analysis import hints
from game.analysis.hints import next_hint
from game.engine.casebook import (
    breaking_evidence,
    case_report,
    central_character,
    contradicted_by,
    is_break,
    versions_of,
)
from game.engine.session import Session


def test_breaking_evidence_comes_from_the_transitions(bundled_story):
    assert breaking_evidence(bundled_story, "anya", "v1_dealer") == ("dna_report",)
    assert set(breaking_evidence(bundled_story, "anya", "v2_assault")) == {
        "bash_alibi", "journalist_photos"}
    assert is_break(bundled_story, "anya", "v1_dealer")
    assert not is_break(bundled_story, "vincent", "old_flame")  # a flag moves him on
    assert central_character(bundled_story) == "anya"


def test_statements_of_a_broken_version_are_marked_once_the_evidence_is_held(bundled_story):
    session = Session(bundled_story)
    session.begin()
    for step in ("vincent", "vincent_reunion", "vincent_take_case", "anya", "anya_v1_night"):
        session.talk(step) if step in bundled_story.characters else session.ask(step)
    said = [s for s in session.statements_by("anya") if s.node == "anya_v1_night"]
    assert said and all(contradicted_by(bundled_story, session.state, s) == () for s in said)
    session.state.held["dna_report"] = session.state.turn
    assert all(contradicted_by(bundled_story, session.state, s) == ("dna_report",)
               for s in said)
    intro = [s for s in session.statements_by("anya") if s.node == "intro"]
    assert intro and all(contradicted_by(bundled_story, session.state, s) == () for s in intro)


def test_versions_hide_what_is_not_reached(bundled_story):
    session = Session(bundled_story)
    session.begin()
    versions = versions_of(bundled_story, session.state, "anya")
    assert [v.reached for v in versions] == [True, False, False, False]
    assert versions[0].broken_by == ()


# When nothing is left, the hint's search goes on to its limit (20,000 states, each tried with
# every step: about 100 s on the bundled case) before it says "go to the hearing". The test lowers
# the limit and checks that no other hint can have changed: a search that found its step having
# keyed fewer states than the lower limit never reached it, so it went exactly as it would with
# the game's own limit (breadth first, in the same order). Only the last search is cut short.
SEARCH_LIMIT_IN_TEST = 2_000


@pytest.mark.timeout(60)
@pytest.mark.parametrize("story_fixture", ["mini_story", "bundled_story"])
def test_following_the_hints_finishes_the_case(request, monkeypatch, story_fixture):
    story = request.getfixturevalue(story_fixture)
    keyed: set = set()  # the states one search has looked at (each is keyed once it is reached)
    real_key = hints.fact_key

    def counting_key(state):
        key = real_key(state)
        keyed.add(key)
        return key

    assert hints._SEARCH_LIMIT > SEARCH_LIMIT_IN_TEST
    monkeypatch.setattr(hints, "_SEARCH_LIMIT", SEARCH_LIMIT_IN_TEST)
    monkeypatch.setattr(hints, "fact_key", counting_key)
    session = Session(story)
    session.begin()
    searched = 0
    for _ in range(200):
        if session.over:
            break
        keyed.clear()
        hint = next_hint(session)
        assert hint.nudge and hint.exact
        if hint.action is not None and hint.action.verb != "hearing":  # the search found a step
            searched += 1
            assert len(keyed) < SEARCH_LIMIT_IN_TEST, f"{hint.exact}: {len(keyed)} states"
        if hint.action is None:  # the hearing or the last choice: take the first option
            action = session.possible_actions()[0]
        else:
            if hint.character and session.state.interlocutor != hint.character:
                session.talk(hint.character)
            action = hint.action
        turn = session.state.turn
        session.perform(action)
        assert session.state.turn == turn + 1, f"the hint's step was refused: {hint.exact}"
    assert session.over
    assert searched >= (2 if story_fixture == "mini_story" else 20)
    if story_fixture == "bundled_story":
        # The hints go to the hearing only when nothing is left: every version was heard.
        report = case_report(story, session.state)
        assert ("Anya", 4, 4) in report.versions
