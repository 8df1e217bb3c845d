"""What the casebook derives from the story's graph, and hints that lead through a case."""

import pytest

from game.analysis.hints import next_hint
from game.engine.session import Session
from game.presentation.casebook import (
    breaking_evidence,
    case_report,
    central_character,
    is_break,
    proved_by,
    versions_of,
)


def test_breaking_evidence_comes_from_the_transitions(bundled_story):
    assert breaking_evidence(bundled_story, "anya", "v1_dealer") == ("dna_report",)
    assert set(breaking_evidence(bundled_story, "anya", "v2_assault")) == {
        "bash_alibi", "journalist_photos"}
    assert is_break(bundled_story, "anya", "v1_dealer")
    assert not is_break(bundled_story, "vincent", "old_flame")  # a flag moves him on
    assert central_character(bundled_story) == "anya"


def test_lines_are_marked_only_once_the_player_has_proved_them_false(bundled_story):
    session = Session(bundled_story)
    session.begin()
    for step in ("vincent", "vincent_reunion", "vincent_take_case", "anya", "anya_v1_night"):
        session.talk(step) if step in bundled_story.characters else session.ask(step)
    said = [s for s in session.lines_by("anya") if s.node == "anya_v1_night"]
    assert said and all(proved_by(bundled_story, session.state, s) == () for s in said)
    session.state.held["dna_report"] = session.state.turn
    # Holding the report proves nothing: the player has not shown it to her.
    assert all(proved_by(bundled_story, session.state, s) == () for s in said)
    session.present("dna_report")
    assert session.state.states["anya"] == "v2_assault"
    assert all(proved_by(bundled_story, session.state, s) == ("dna_report",) for s in said)
    intro = [s for s in session.lines_by("anya") if s.node == "intro"]
    assert intro and all(proved_by(bundled_story, session.state, s) == () for s in intro)


def test_a_version_shows_only_once_told_and_none_is_counted_before(bundled_story):
    session = Session(bundled_story)
    session.begin()
    # Anya starts in her first version, but the player has not heard her tell it.
    assert [v.reached for v in versions_of(bundled_story, session.state, "anya")] == [
        False, False, False, False]
    for step in ("vincent", "vincent_reunion", "vincent_take_case", "anya", "anya_v1_night"):
        session.talk(step) if step in bundled_story.characters else session.ask(step)
    versions = versions_of(bundled_story, session.state, "anya")
    assert [v.reached for v in versions] == [True, False, False, False]
    assert versions[0].broken_by == ()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("story_fixture", ["mini_story", "bundled_story"])
def test_following_the_hints_finishes_the_case(request, story_fixture):
    story = request.getfixturevalue(story_fixture)
    session = Session(story)
    session.begin()
    searched = 0
    for _ in range(200):
        if session.over:
            break
        hint = next_hint(session)
        assert hint.nudge and hint.exact
        if hint.action is not None and hint.action.verb != "hearing":  # the search found a step
            searched += 1
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
