"""The undo history knows what each step was, and a load's step keeps the player's record of the
game it replaced; the record carries across an undo of a load what was counted since."""

from pathlib import Path

import pytest

from game.engine.history import History
from game.engine.session import Action, Session
from game.engine.state import UNDONE, Record
from game.storyfiles.loader import load_story

DEDUCTION = Path(__file__).resolve().parents[1] / "fixtures" / "deduction_case"


@pytest.fixture(scope="module")
def deduction_story():
    return load_story(DEDUCTION)


def at_max(story) -> Session:
    session = Session(story)
    session.begin()
    session.search("hall")
    session.talk("max")
    return session


def test_an_action_is_said_as_a_player_would_say_it(deduction_story):
    session = at_max(deduction_story)
    said = {str(action): session.describe(action) for action in (
        Action("talk", "ada"), Action("leave"), Action("present", "glue"),
        Action("search", "hall"), Action("hearing"), Action("press", "max_garden"),
        Action("object", "max_garden", "photo"), Action("fill", "what_happened.who", "max"),
        Action("doubt", "max_garden", "roses?"), Action("trust", "max_garden"),
        Action("choose", "tell"))}
    assert said == {
        "talk ada": "talk to Ada",
        "leave": "leave Max",
        "present glue": "present a tube of glue to Max",
        "search hall": "search the hall",
        "hearing": "go to the hearing",
        "press max_garden": "press \u201cI was in the garden all afternoon.\u201d",
        "object max_garden photo":
            "object to \u201cI was in the garden all afternoon.\u201d with a photo of the hall",
        "fill what_happened.who max": "write \u201cMax\u201d in \u201cWhat happened\u201d",
        "doubt max_garden roses?": "mark \u201cI was in the garden all afternoon.\u201d doubtful",
        "trust max_garden": "unmark \u201cI was in the garden all afternoon.\u201d",
        "choose tell": "choose \u201cTell them what happened.\u201d",
    }
    # Ids the case lacks (an action about to be refused) are said as they are, never raise.
    assert session.describe(Action("object", "nothing", "void")) == "object to 'nothing' with void"
    assert session.describe(Action("dance")) == "dance"


def test_undo_and_redo_give_back_what_the_step_was(deduction_story):
    session = at_max(deduction_story)
    history = History()
    assert history.undo_what == "" and history.redo_what == ""
    action = Action("press", "max_garden")
    history.before_action(session.state, action, "press it")
    session.perform(action)
    assert history.undo_what == "press it"
    step = history.undo(session.state)
    assert step is not None and step.what == "press it" and step.action == action
    assert not step.was_load and step.record is None
    session.state = step.state
    assert history.undo_what == "" and history.redo_what == "press it"
    step = history.redo(session.state)
    assert step is not None and step.what == "press it" and step.action == action
    assert history.undo_what == "press it"  # redone, it can be undone again, still said


def test_a_load_step_keeps_the_record_of_the_game_it_replaced(deduction_story):
    session = at_max(deduction_story)
    history = History()
    replaced = Record({"hints_1": 2}, {("max_garden", "glue")})
    history.before_load(session.state, 12.0, replaced, "loading \u201cx\u201d")
    replaced.count("hints_1")  # the history keeps a copy: later counts are not the snapshot's
    loaded_game = Record({"hints_2": 1})
    step = history.undo(session.state, 3.0, loaded_game)
    assert step is not None and step.was_load and step.what == "loading \u201cx\u201d"
    assert step.record == Record({"hints_1": 2}, {("max_garden", "glue")})
    step = history.redo(step.state, 12.0, replaced)
    assert step is not None and step.was_load and step.record == Record({"hints_2": 1})
    assert step.what == "loading \u201cx\u201d"


def test_the_record_brought_back_keeps_what_was_counted_since():
    began = Record({"hints_1": 1, UNDONE: 3}, {("a", "x")})
    now = began.copy()
    now.count("hints_1")
    now.count("hints_3")
    now.taken_back |= {("b", "y"), ("c", "z")}
    now.count(UNDONE, 2)
    brought_back = Record({"hints_2": 4, UNDONE: 1}, {("c", "z")})
    carried = now.carried(began, brought_back)
    # Its own counts, plus a hint of each tier taken since; of the objections taken back
    # since, only the one it does not count already: a guess is counted once.
    assert carried == Record({"hints_2": 4, "hints_1": 1, "hints_3": 1, UNDONE: 2},
                             {("b", "y"), ("c", "z")})
    assert brought_back == Record({"hints_2": 4, UNDONE: 1}, {("c", "z")})  # not changed
    assert began.carried(began, Record()) == Record()  # nothing since: nothing carried


def test_a_count_never_goes_below_zero():
    record = Record()
    record.count(UNDONE, -1)
    assert record.counts == {UNDONE: 0}
