"""The player's record (what the case report grades: hints taken, objections taken back) follows
the game through loads, undo and redo, and counts each wrong objection taken back once."""

import tomllib
from pathlib import Path

import pytest
import tomli_w

from game.engine.session import Action
from game.persistence.playthrough import COUNTED, COUNTED_BEFORE, MADE_AGAIN, Moved, Playthrough
from game.persistence.savefile import read_save
from game.persistence.slots import SaveFolder
from game.presentation import build
from game.storyfiles.loader import load_story

DEDUCTION = Path(__file__).resolve().parents[1] / "fixtures" / "deduction_case"
WRONG = Action("object", "max_garden", "glue")  # glue proves nothing against the garden
RIGHT = Action("object", "max_garden", "photo")


@pytest.fixture(scope="module")
def story():
    return load_story(DEDUCTION)


def at_max(story, folder: Path | None = None) -> Playthrough:
    game = Playthrough(story, SaveFolder.open(folder) if folder else None)
    game.begin()
    for action in (Action("search", "hall"), Action("talk", "max")):
        game.perform(action)
    return game


def conduct(game: Playthrough) -> tuple[str, ...]:
    return build.report(game.session, game.record).conduct


def test_a_load_undone_brings_back_the_record_of_the_game_it_replaced(tmp_path, story):
    """The play-tester's game: `load pre_hearing`, `load before_dna`, `undo`, `save t2` lost
    the hints and the objections taken back of pre_hearing."""
    early = at_max(story, tmp_path)
    early.save("before_dna")  # early in the game: nothing counted yet
    game = at_max(story, tmp_path)
    game.count("hints_1")
    game.count("hints_2")
    game.perform(WRONG)
    assert game.undo()
    game.save("pre_hearing")
    counted = {"hints_1": 1, "hints_2": 1, "undone_objections": 1}
    assert game.record == counted

    plain = Playthrough(story, SaveFolder.open(tmp_path))
    plain.begin()  # the line mode has a game begun: each load can be undone
    plain.load("pre_hearing")
    plain.load("before_dna")
    assert plain.record == {}  # the record travels with the save loaded
    assert plain.undo() and plain.moved == Moved(True, "loading \u201cbefore_dna\u201d", True)
    assert plain.record == counted
    plain.save("t2")
    assert read_save((tmp_path / "t2.toml").read_text("utf-8"), story).record.counts == counted
    # The TUI loads from its title screen, with no game begun: the same game, the same report.
    tui = Playthrough(story, SaveFolder.open(tmp_path))
    tui.load("t2")
    assert tui.record == counted and conduct(tui) == conduct(plain) == (
        "Hints taken: 1 pointer, 1 clue", "Objections: 0 proved, 0 wrong, 1 taken back",
        "Deductions: 0 of 1 confirmed, 0 wrong tries")
    # Redone, the load brings before_dna's game back, with its own (empty) record.
    assert plain.redo() and plain.record == {}


def test_a_hint_taken_after_a_load_is_not_taken_back_by_undoing_the_load(tmp_path, story):
    """Else a hint is free: save, load it, take the hint, undo the load."""
    game = at_max(story, tmp_path)
    game.count("hints_1")
    game.save("here")
    game.load("here")
    game.count("hints_3")
    game.perform(WRONG)
    assert game.undo()  # the objection: taken back, counted
    assert game.undo() and game.moved is not None and game.moved.was_load
    assert game.record == {"hints_1": 1, "hints_3": 1, "undone_objections": 1}
    game.count("hints_2")  # and what is counted back here is kept by a redo of the load
    assert game.redo() and game.moved is not None and game.moved.was_load
    assert game.record == {"hints_1": 1, "hints_3": 1, "undone_objections": 1, "hints_2": 1}
    assert game.undo() and game.record["undone_objections"] == 1  # the one guess, once


def test_an_objection_undone_and_redone_is_counted_once(story):
    game = at_max(story)
    game.perform(WRONG)
    assert game.undo() and game.moved is not None and game.moved.objection == COUNTED
    assert game.record == {"undone_objections": 1}
    assert game.redo() and game.moved is not None and game.moved.objection == MADE_AGAIN
    # Made again, it is a wrong objection in the game again, and no longer one taken back.
    assert game.session.state.wrong_objections == 1 and game.record == {"undone_objections": 0}
    assert game.undo() and game.moved.objection == COUNTED
    assert game.record == {"undone_objections": 1}
    # Made again by hand rather than by redo: the same guess, still counted once.
    game.perform(WRONG)
    assert game.record == {"undone_objections": 0}
    assert game.undo() and game.undo() is True  # the objection, then the talk
    assert game.record == {"undone_objections": 1}
    assert game.moved == Moved(True, "talk to Max", False)


def test_undoing_the_same_guess_again_says_it_was_counted_before(story):
    game = at_max(story)
    game.perform(WRONG)
    game.perform(WRONG)  # the same guess twice: credibility lost twice
    assert game.session.state.wrong_objections == 2
    assert game.undo() and game.moved.objection == COUNTED
    assert game.undo() and game.moved.objection == COUNTED_BEFORE
    assert game.record == {"undone_objections": 1}
    assert game.redo() and game.moved.objection == MADE_AGAIN
    assert game.redo() and game.moved.objection == ""  # not counted: nothing to take off
    assert game.record == {"undone_objections": 0}
    assert game.session.state.wrong_objections == 2


def test_a_proved_objection_or_a_press_taken_back_costs_nothing(story):
    """Undo must not make guessing free; a proved objection was no guess to dodge."""
    game = at_max(story)
    game.perform(RIGHT)
    assert game.session.state.contradicted
    assert game.undo() and game.moved.objection == ""
    game.perform(Action("press", "max_garden"))
    assert game.undo()
    assert game.record == {}


def test_the_objections_taken_back_are_saved_with_the_game(tmp_path, story):
    game = at_max(story, tmp_path)
    game.perform(WRONG)
    assert game.undo()
    game.save("after")
    again = Playthrough(story, SaveFolder.open(tmp_path))
    again.load("after")
    assert again.played.taken_back == {("max_garden", "glue")}
    again.perform(WRONG)  # made again after the load: wrong again, not taken back
    assert again.record == {"undone_objections": 0}
    assert again.undo() and again.moved.objection == COUNTED
    assert again.record == {"undone_objections": 1}  # once, across the save


def test_a_format_3_record_keeps_its_counts_and_new_guesses_add_to_them(tmp_path, story):
    game = at_max(story, tmp_path)
    game.count("hints_1")
    document = tomllib.loads(game.save_text())
    del document["taken_back"]
    document["format"] = 3
    document["record"] = {"hints_1": 1, "undone_objections": 3}  # counted without names
    (tmp_path / "old.toml").write_text(tomli_w.dumps(document), "utf-8")
    old = Playthrough(story, SaveFolder.open(tmp_path))
    old.load("old")
    assert old.record == {"hints_1": 1, "undone_objections": 3}
    old.perform(WRONG)
    assert old.undo() and old.record == {"hints_1": 1, "undone_objections": 4}
    old.save("new")
    saved = tomllib.loads((tmp_path / "new.toml").read_text("utf-8"))
    assert saved["format"] == 4 and saved["taken_back"] == [
        {"statement": "max_garden", "evidence": "glue"}]
    assert list(saved)[-1] == "end"  # still written last, so a save cut short is noticed


def test_a_save_naming_more_guesses_than_it_counts_never_counts_below_zero(tmp_path, story):
    game = at_max(story, tmp_path)
    document = tomllib.loads(game.save_text())
    document["taken_back"] = [{"statement": "max_garden", "evidence": "glue"}]
    document["record"] = {}  # a save edited by hand
    (tmp_path / "edited.toml").write_text(tomli_w.dumps(document), "utf-8")
    game.load("edited")
    assert game.record == {"undone_objections": 1}
    game.perform(WRONG)  # made again: off the count, to zero and no lower
    assert game.record == {"undone_objections": 0}
    game.save("edited")
    assert read_save((tmp_path / "edited.toml").read_text("utf-8"), story).record.counts == {
        "undone_objections": 0}


def test_an_undo_says_what_it_took_back_and_what_the_report_counts(tmp_path, story):
    """The play-tester: `load pre_hearing`, `talk vincent`, `undo`, `hint`, `undo` said only
    "Undone." the second time, which took back the load, not one more action."""
    at_max(story, tmp_path).save("pre_hearing")
    game = Playthrough(story, SaveFolder.open(tmp_path))
    game.begin()
    game.load("pre_hearing")
    game.perform(Action("leave"))
    game.perform(Action("talk", "max"))
    assert game.undo() and build.moved_said(game.moved) == "Undone: talk to Max."
    assert game.history.undo_what == "leave Max"
    assert game.undo() and game.undo()
    assert build.moved_said(game.moved) == (
        "Undone: loading \u201cpre_hearing\u201d: back to the game you were playing.")
    assert game.redo()
    assert build.moved_said(game.moved) == "Redone: loading \u201cpre_hearing\u201d."
    game.perform(WRONG)
    assert game.undo() and build.moved_said(game.moved) == (
        "Undone: object to \u201cI was in the garden all afternoon.\u201d with a tube of glue. "
        "Taken back. The case report will count this objection as taken back.")
    assert game.redo() and build.moved_said(game.moved).endswith(
        "The objection stands again: the case report counts it as wrong, no longer as taken "
        "back.")
    assert build.moved_said(Moved(True, "", False, COUNTED_BEFORE)) == (
        "Undone. The case report counts this objection as taken back already, once.")
