"""Testimony, objections, credibility and the deduction board, played through the session."""

from pathlib import Path

import pytest

from game.engine import events as ev
from game.engine.conditions import parse_condition
from game.engine.session import Action, Session
from game.storyfiles.diagnostics import StoryError
from game.storyfiles.loader import load_story

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "deduction_case"


@pytest.fixture(scope="module")
def story():
    return load_story(CASE)


def started(story, *actions: Action) -> Session:
    session = Session(story)
    session.begin()
    for action in (Action("search", "hall"), Action("talk", "max"), *actions):
        assert not any(isinstance(e, ev.Refused) for e in session.perform(action)), action
    return session


def said(events) -> list[str]:
    return [e.text for e in events if isinstance(e, ev.LineSpoken)]


def test_the_testimony_is_told_when_the_witness_sits_down_and_again_when_it_changes(story):
    session = Session(story)
    session.begin()
    session.perform(Action("search", "hall"))
    out = session.perform(Action("talk", "max"))
    assert said(out) == ["I was in the garden all afternoon.",
                         "Nobody has tried to mend anything."]
    assert session.testimony() == ["max_garden", "max_mended"]
    session.perform(Action("leave"))
    assert said(session.perform(Action("talk", "max"))) == []  # heard already: not again
    out = session.perform(Action("object", "max_garden", "photo"))
    assert isinstance(out[0], ev.Contradicted)
    assert any(isinstance(e, ev.StoryChanged) for e in out)
    assert said(out)[-1] == "I knocked it with my elbow. I'm sorry."
    assert session.testimony() == ["max_sorry"]


def test_pressing_plays_and_gives_and_is_readable(story):
    session = started(story)
    out = session.perform(Action("press", "max_garden"))
    assert said(out) == ["Ask anyone. I was pruning the roses."]
    assert "roses" in session.state.flags
    assert parse_condition("pressed max_garden")(session.state)
    assert session.state.credibility == 3  # pressing is free


def test_a_wrong_objection_costs_one_and_is_answered_most_particular_first(story):
    session = started(story)
    out = session.perform(Action("object", "max_garden", "glue"))
    assert out[0] == ev.ObjectionFailed("max_garden", "glue", 2)
    assert said(out) == ["Glue? Everyone has glue."]  # the answer to that evidence
    out = session.perform(Action("object", "max_mended", "photo"))
    assert said(out) == ["And what is that supposed to prove?"]  # the character's default
    assert session.state.credibility == 1 and session.state.wrong_objections == 2
    assert parse_condition("credibility < 2")(session.state)
    assert not parse_condition("credibility >= 2")(session.state)


def test_at_zero_no_objection_is_heard_and_none_costs(story):
    session = started(story, Action("object", "max_garden", "glue"),
                   Action("object", "max_garden", "glue"), Action("object", "max_garden", "glue"))
    assert session.state.credibility == 0
    before = session.state.copy()
    out = session.perform(Action("object", "max_garden", "photo"))
    assert isinstance(out[0], ev.Refused)
    assert session.state == before
    # Never stranded: this case opens the hearing when credibility runs out.
    assert session.hearing_available()


def test_support_costs_nothing_and_a_proved_statement_is_not_proved_twice(story):
    session = started(story, Action("object", "max_garden", "photo"))
    out = session.perform(Action("object", "max_sorry", "photo"))
    assert isinstance(out[0], ev.Supported) and session.state.credibility == 3
    assert session.state.objected_with == {"max_garden": "photo"}


def test_only_the_testimony_of_the_person_in_the_chair_can_be_pressed_or_objected_to(story):
    session = started(story)
    refused = session.perform(Action("press", "max_sorry"))  # not told in this version
    assert isinstance(refused[0], ev.Refused)
    session.perform(Action("leave"))
    assert isinstance(session.perform(Action("press", "max_garden"))[0], ev.Refused)


def test_the_board_confirms_a_group_only_when_every_blank_is_right_and_never_says_which(story):
    session = started(story, Action("leave"))
    assert session.available_answers("time") == ["ten_past_three", "noon"]
    assert session.perform(Action("fill", "what_happened.who", "ada")) == []  # not full yet
    out = session.perform(Action("fill", "what_happened.when", "ten_past_three"))
    assert out == [ev.BoardChecked("what_happened", False, 0, 1)]
    assert session.state.board_tries == {"what_happened": 1}
    out = session.perform(Action("fill", "what_happened.who", "max"))
    assert out[0] == ev.BoardChecked("what_happened", True, 1, 1)
    assert parse_condition("confirmed what_happened")(session.state)
    refused = session.perform(Action("fill", "what_happened.who", "ada"))
    assert isinstance(refused[0], ev.Refused)


def test_an_answer_is_offered_only_once_learned_and_only_in_a_blank_of_its_kind(story):
    session = Session(story)
    session.begin()
    assert "ten_past_three" not in session.available_answers()
    refused = session.perform(Action("fill", "what_happened.when", "ten_past_three"))
    assert isinstance(refused[0], ev.Refused)
    refused = session.perform(Action("fill", "what_happened.when", "max"))  # a person
    assert isinstance(refused[0], ev.Refused)


def test_doubts_are_the_players_notes_on_what_they_heard(story):
    session = started(story)
    session.perform(Action("doubt", "max_mended", "  then why   the glue? "))
    assert session.state.doubts == {"max_mended": "then why the glue?"}
    assert isinstance(session.perform(Action("doubt", "max_sorry", "x"))[0], ev.Refused)
    session.perform(Action("trust", "max_mended"))
    assert session.state.doubts == {}


BROKEN = '''
[statement.bad]
character = "max"
version = "lying"
text = "Hm."
[statement.bad.contradiction]
evidence = ["nothing_such"]
[statement.bad.support]
evidence = ["glue"]

[statement.twice]
character = "max"
text = "Hm."
[statement.twice.contradiction]
evidence = ["glue"]
[statement.twice.support]
evidence = ["glue"]

[board.odd]
title = "Odd"
[board.odd.blanks.who]
question = "Who?"
answer = "noon"
kind = "person"
[board.odd.blanks.where]
question = "Where?"
answer = "max"
kind = "place"
'''


def test_the_new_tables_are_checked_at_their_lines(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    (case / "case.toml").write_text((CASE / "case.toml").read_text("utf-8"), "utf-8")
    (case / "more.toml").write_text(BROKEN, "utf-8")
    with pytest.raises(StoryError) as raised:
        load_story(case)
    found = [f"{d.file.rsplit('/', 1)[-1]}:{d.line} {d.code} {d.message}"
             for d in raised.value.diagnostics]
    assert found == [
        "more.toml:4 E009 `version` names unknown state `lying` of `max`",
        "more.toml:7 E005 unknown evidence `nothing_such`",
        "more.toml:17 E015 `glue` both contradicts and supports this statement",
        "more.toml:23 E015 the answer `noon` is of kind `time`, but the blank offers only "
        "answers of kind `person`",
        # A kind no answer has is told once, there: not again as the right answer's mismatch.
        "more.toml:28 E005 no answer is of kind `place`",
    ], found


def test_a_finished_game_is_graded_by_what_it_cost(story):
    from game.presentation import build

    session = started(story, Action("object", "max_garden", "glue"),
                      Action("object", "max_garden", "photo"), Action("leave"),
                      Action("fill", "what_happened.who", "ada"),
                      Action("fill", "what_happened.when", "ten_past_three"),
                      Action("fill", "what_happened.who", "max"))
    assert build.report(session).grade == ""  # not before the end
    session.perform(Action("hearing"))
    session.perform(Action("choose", "tell"))
    report = build.report(session, {"hints_1": 1, "hints_2": 1, "hints_3": 1})
    # 1 wrong objection (2) + 1 wrong try (1) + 2 hints (2) + 1 exact step (2) = 7: a C.
    assert report.points_lost == ("2 hints: -2", "1 exact step from a hint: -2",
                                  "1 wrong objection: -2", "1 wrong try on the board: -1")
    assert report.grade == "C"
    assert build.report(session, {}).grade == "B"  # 3 points lost


def test_grades_are_the_cases_to_set_and_must_go_from_best_to_worst(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    text = (CASE / "case.toml").read_text("utf-8").replace(
        "[character.ada]",
        '[case.grading]\nhint = 0\ngrades = { Sharp = 0, Sloppy = 1 }\n\n[character.ada]')
    (case / "case.toml").write_text(text, "utf-8")
    assert load_story(case).case.grading.grades == {"Sharp": 0, "Sloppy": 1}
    (case / "case.toml").write_text(text.replace("Sharp = 0, Sloppy = 1", "Sharp = 5, Sloppy = 1"),
                                    "utf-8")
    with pytest.raises(StoryError) as raised:
        load_story(case)
    [problem] = raised.value.diagnostics
    assert problem.code == "E004" and problem.line == 13 and "from the best to the worst" in \
        problem.message, problem


def test_following_the_hints_proves_the_lie_and_fills_the_board(story):
    from game.analysis.hints import next_hint

    session = Session(story)
    session.begin()
    said_hints = []
    for _ in range(10):
        hint = next_hint(session)
        said_hints.append(hint.exact)
        if hint.action is None:
            if "board" not in hint.exact:
                break
            for blank_id, blank in story.board["what_happened"].blanks.items():
                session.perform(Action("fill", f"what_happened.{blank_id}", blank.answer))
            continue
        if hint.character and session.state.interlocutor != hint.character:
            session.perform(Action("talk", hint.character))
        assert not any(isinstance(e, ev.Refused) for e in session.perform(hint.action))
    assert "max_garden" in session.state.contradicted, said_hints
    assert "what_happened" in session.state.confirmed, said_hints
    assert any(h.startswith("Object to \u201cI was in the garden") for h in said_hints)
    # A hint says what to do in the player's words: never an id.
    assert not any("max_garden" in h or "what_happened" in h for h in said_hints)


def test_a_group_is_on_the_board_only_once_its_when_holds(tmp_path):
    from game.analysis.check import explore_problems
    from game.presentation import build

    text = (CASE / "case.toml").read_text()
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.toml").write_text(text.replace(
        'title = "What happened"\n', 'title = "What happened"\nwhen = "visited hall_stairs"\n'))
    story = load_story(folder)
    session = Session(story)
    session.begin()
    assert build.deduction(session).groups == ()
    refused = session.perform(Action("fill", "what_happened.who", "max"))
    assert isinstance(refused[0], ev.Refused)
    session.perform(Action("search", "hall"))
    assert [g.title for g in build.deduction(session).groups] == ["What happened"]
    assert explore_problems(story, 10_000)[0] == []
    # A group that never comes on the board can never be confirmed, and check says so.
    (folder / "case.toml").write_text(text.replace(
        'title = "What happened"\n', 'title = "What happened"\nwhen = "false"\n'))
    problems = explore_problems(load_story(folder), 10_000)[0]
    assert "C011" in [d.code for d in problems]
