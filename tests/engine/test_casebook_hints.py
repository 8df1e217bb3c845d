"""What the casebook derives from the story's graph, and hints that lead through a case."""

import tomllib

import pytest

from game.analysis.hints import next_hint
from game.engine.commands import resolve
from game.engine.session import Action, Session
from game.presentation.casebook import (
    breaking_evidence,
    case_report,
    central_character,
    is_break,
    proved_by,
    versions_of,
)
from tests.conftest import BUNDLED


def test_breaking_evidence_comes_from_the_transitions(bundled_story):
    # What a transition reads of evidence shown to the character (or held) breaks the version.
    assert breaking_evidence(bundled_story, "julie", "covering") == ("kamal_death",)
    assert breaking_evidence(bundled_story, "bash", "hostile") == ("cctv_front",)
    assert breaking_evidence(bundled_story, "anya", "v3_kamal") == ("julie_statement",)
    assert is_break(bundled_story, "julie", "covering")
    assert is_break(bundled_story, "anya", "v3_kamal")
    assert not is_break(bundled_story, "vincent", "old_flame")  # a flag moves him on
    # Anya's first two versions break on statements proved false (`contradicted ...`): no
    # evidence is read by their transitions, so none is derived for them here; the objection
    # itself names what proved the statement false (see the next test).
    assert breaking_evidence(bundled_story, "anya", "v1_dealer") == ()
    assert breaking_evidence(bundled_story, "anya", "v2_assault") == ()
    assert central_character(bundled_story) == "anya"


def _play(session: Session, steps: list) -> None:
    for raw in steps:
        step = {"do": raw} if isinstance(raw, str) else raw
        word, _, rest = step["do"].partition(" ")
        action = resolve(session, word, rest).action
        assert action is not None, step["do"]
        turn = session.state.turn
        session.perform(action)
        assert session.state.turn == turn + 1, f"refused: {step['do']}"


def test_lines_are_marked_only_once_the_player_has_proved_them_false(bundled_story):
    story = bundled_story
    session = Session(story)
    session.begin()
    _play(session, ["talk vincent", "ask vincent_reunion", "ask vincent_take_case",
                    "ask vincent_cctv_front", "talk anya"])

    def marks(node: str) -> set[tuple[str, ...]]:
        said = [s for s in session.lines_by("anya") if s.node == node]
        assert said, node
        return {proved_by(story, session.state, s) for s in said}

    assert marks("anya_v1_washroom") == {()}
    session.state.held["dna_report"] = session.state.turn
    # Holding the report proves nothing: the player has not objected with it.
    assert marks("anya_v1_washroom") == {()}
    # Nor does showing it to her, nor objecting to the statement with something else.
    session.present("dna_report")
    assert marks("anya_v1_washroom") == {()}
    session.object("anya_v1_washroom", "cctv_front")
    assert "anya_v1_washroom" not in session.state.contradicted
    assert marks("anya_v1_washroom") == {()}
    # The right objection marks that statement, with what proved it, and no other.
    session.object("anya_v1_washroom", "dna_report")
    assert session.state.states["anya"] == "v2_assault"
    assert marks("anya_v1_washroom") == {("dna_report",)}
    assert marks("anya_v1_door") == {()}  # the version is broken; this line was not proved
    assert marks("anya_v1_party") == {()}
    intro = [s for s in session.lines_by("anya") if s.node == "intro"]
    assert intro and all(proved_by(story, session.state, s) == () for s in intro)


def test_lines_of_a_version_broken_by_showing_are_marked_only_once_shown(bundled_story):
    """A version that breaks when evidence is shown to the speaker (Anya's third, on Julie's
    statement): the lines of a scene only that version plays are marked once it is shown to
    her, not when it is held or shown to someone else."""
    story = bundled_story
    steps = tomllib.loads((BUNDLED / "walkthroughs" / "perfect_mother.toml").read_text(
        "utf-8"))["steps"]
    last = next(i for i, raw in enumerate(steps)
                if isinstance(raw, dict) and raw.get("expect") == "anya is v4_truth")
    session = Session(story)
    session.begin()
    _play(session, steps[:last])
    assert session.state.states["anya"] == "v3_kamal"
    assert "julie_statement" in session.state.held
    assert ("julie_statement", "vincent") in session.state.presented
    said = [s for s in session.lines_by("anya") if s.node == "anya_v3_call_kamal"]
    assert said and all(proved_by(story, session.state, s) == () for s in said)
    _play(session, steps[last:last + 1])
    assert session.state.states["anya"] == "v4_truth"
    assert all(proved_by(story, session.state, s) == ("julie_statement",) for s in said)
    intro = [s for s in session.lines_by("anya") if s.node == "intro"]
    assert intro and all(proved_by(story, session.state, s) == () for s in intro)


def test_a_version_shows_only_once_told_and_none_is_counted_before(bundled_story):
    session = Session(bundled_story)
    session.begin()
    # Anya starts in her first version, but the player has not heard her tell it.
    assert [v.reached for v in versions_of(bundled_story, session.state, "anya")] == [
        False, False, False, False]
    for step in ("vincent", "vincent_reunion", "vincent_take_case", "anya"):
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
    searched = objections = groups = 0
    for _ in range(200):
        if session.over:
            break
        hint = next_hint(session)
        assert hint.nudge and hint.exact
        if hint.action is not None and hint.action.verb != "hearing":  # the search found a step
            searched += 1
        board = [g for g in story.board.values() if f"\u201c{g.title}\u201d" in hint.exact]
        if hint.action is None and not session.state.at_hearing and board:
            # A board hint: it has no single action, and says the answers in its text. Fill
            # in the group it names with what it says, and nothing else.
            assert len(board) == 1 and session.state.ending is None, hint.exact
            group_id = next(g for g, group in story.board.items() if group is board[0])
            assert group_id not in session.state.confirmed
            for blank_id, blank in board[0].blanks.items():
                said = f"{blank.question} {story.answers[blank.answer].text}"
                assert said in hint.exact, f"the hint does not say {said!r}: {hint.exact}"
                session.perform(Action("fill", f"{group_id}.{blank_id}", blank.answer))
            assert group_id in session.state.confirmed, f"wrong answers in: {hint.exact}"
            searched += 1
            groups += 1
            continue
        if hint.action is None:  # the hearing or the last choice: take the first option
            assert session.state.at_hearing or session.state.ending is not None, hint.exact
            action = session.possible_actions()[0]
        else:
            if hint.character and session.state.interlocutor != hint.character:
                session.talk(hint.character)
            action = hint.action
            objections += action.verb == "object"
        turn = session.state.turn
        session.perform(action)
        assert session.state.turn == turn + 1, f"the hint's step was refused: {hint.exact}"
    assert session.over
    assert searched >= (2 if story_fixture == "mini_story" else 20)
    if story_fixture == "bundled_story":
        # The hints go to the hearing only when nothing is left: every version was heard,
        # every group of the board confirmed, and no objection the hints led to was wrong.
        report = case_report(story, session.state)
        assert ("Anya", 4, 4) in report.versions
        assert objections >= 7 and groups == len(story.board) == 4
        assert session.state.wrong_objections == 0
