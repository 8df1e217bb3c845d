"""Saves per case: the autosave and the quick save of one case are never another's, every listing
says which case a save is of, a save of another case is refused by naming that case, an autosave
from before saves were kept per case still loads, and a load is a step undo can take back."""

import os
import subprocess
import sys

import pytest

from game.engine.session import Action
from game.persistence.playthrough import Playthrough
from game.persistence.savefile import SaveError, read_save
from game.persistence.slots import AUTOSAVE, QUICKSAVE, SaveFolder
from tests.conftest import MINI, ROOT

pytestmark = pytest.mark.timeout(60)

FIXTURES = ROOT / "tests" / "fixtures" / "saves"
TITLE = "The Perfect Mother"  # the bundled case's; the mini case is known only by its id


def played(story, folder: SaveFolder | None, *actions: Action) -> Playthrough:
    game = Playthrough(story, folder)
    game.begin()
    for action in actions:
        events = game.perform(action)
        assert events and not game.autosave_problem, (action, events, game.autosave_problem)
    return game


def files(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def detective(*args: str, commands: str = "", cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=commands.encode(),
                          capture_output=True, timeout=60, cwd=cwd)


# ---- one case never writes over another's ---------------------------------------------------

def test_playing_a_second_case_leaves_the_first_cases_autosave_and_quick_save(
        tmp_path, bundled_story, mini_story):
    folder = SaveFolder.open(tmp_path)
    first = played(bundled_story, folder, Action("talk", "vincent"),
                   Action("ask", "vincent_reunion"))
    first.save(QUICKSAVE)
    kept = files(tmp_path)
    assert set(kept) == {"autosave.perfect_mother.toml", "quicksave.perfect_mother.toml"}

    second = played(mini_story, folder, Action("talk", "tom"))
    second.save(QUICKSAVE)
    second.save(AUTOSAVE)  # even named by the player, `autosave` is this case's own
    now = files(tmp_path)
    assert {name: now[name] for name in kept} == kept  # not a byte changed
    assert set(now) == set(kept) | {"autosave.mini.toml", "quicksave.mini.toml"}

    # Each case continues its own game.
    again = Playthrough(bundled_story, folder)
    again.load(AUTOSAVE)
    assert again.session.state == first.session.state
    mini_again = Playthrough(mini_story, folder)
    mini_again.load(QUICKSAVE)
    assert mini_again.session.state == second.session.state
    assert folder.latest(bundled_story.case.id) in {"autosave.perfect_mother",
                                                    "quicksave.perfect_mother"}
    assert folder.latest(mini_story.case.id) in {"autosave.mini", "quicksave.mini"}


def test_a_player_cannot_name_another_cases_own_slot(tmp_path, mini_story):
    game = played(mini_story, SaveFolder.open(tmp_path), Action("talk", "tom"))
    before = files(tmp_path)
    for name in ("autosave.perfect_mother", "quicksave.perfect_mother", "autosave.mini"):
        with pytest.raises(SaveError, match="is not a slot name"):
            game.save(name)
    assert files(tmp_path) == before


def test_the_line_mode_plays_two_cases_in_one_folder_and_keeps_both(tmp_path):
    saves = str(tmp_path)
    first = detective("play", "--plain", "--saves", saves,
                      commands="talk vincent\nask 1\nsave evening\nquit\n")
    assert first.returncode == 0 and first.stderr == b"", first.stderr.decode()
    assert TITLE in first.stdout.decode()
    kept = files(tmp_path)
    assert "autosave.perfect_mother.toml" in kept

    second = detective("play", "--plain", "--saves", saves, str(MINI),
                       commands="talk tom\nask 1\nsaves\nload evening\nstatus\nquit\n")
    out = second.stdout.decode()
    assert second.returncode == 0 and second.stderr == b"", second.stderr.decode()
    now = files(tmp_path)
    assert now["autosave.perfect_mother.toml"] == kept["autosave.perfect_mother.toml"]
    assert now["evening.toml"] == kept["evening.toml"]
    assert "autosave.mini.toml" in now
    # The list names the other case's saves; loading one is refused by naming the case.
    assert f"  evening (another case: {TITLE}): Questioning Vincent" in out
    assert f"  autosave (another case: {TITLE}): Questioning Vincent" in out
    assert "  autosave: Questioning Tom" in out
    assert (f"Cannot load 'evening': it is a save of another case, \u201c{TITLE}\u201d; play "
            "that case to load it. Nothing has changed.") in out
    assert "You are questioning Tom." in out  # the game went on as it was


def test_detective_saves_shows_the_case_of_each_slot(tmp_path, bundled_story, mini_story):
    folder = SaveFolder.open(tmp_path)
    played(bundled_story, folder, Action("talk", "vincent")).save("evening")
    played(mini_story, folder, Action("talk", "tom"))
    (tmp_path / "broken.toml").write_text("not = [a save", "utf-8")
    result = detective("saves", "--saves", str(tmp_path))
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    rows = sorted(tuple(line.split("\t")[:2]) for line in lines)
    assert rows == [("autosave", TITLE), ("autosave", "mini"), ("broken", "unknown case"),
                    ("evening", TITLE)]
    assert any(line.startswith("broken\tunknown case\tcannot be loaded: it is not a readable "
                               "TOML file") for line in lines)


# ---- a save of another case -------------------------------------------------------------------

def test_loading_another_cases_save_names_that_case_and_changes_nothing(
        tmp_path, bundled_story, mini_story):
    folder = SaveFolder.open(tmp_path)
    played(bundled_story, folder, Action("talk", "vincent")).save("hers")
    played(mini_story, folder, Action("talk", "tom")).save("his")
    before = files(tmp_path)

    game = played(mini_story, folder, Action("search", "bedroom"))
    state = game.session.state.copy()
    for slot in ("hers", "autosave.perfect_mother"):
        with pytest.raises(SaveError) as refused:
            game.load(slot, exact=True)
        assert str(refused.value) == (f"it is a save of another case, \u201c{TITLE}\u201d; play "
                                      "that case to load it")
    assert game.session.state == state  # the game as it was
    assert game.undo() and not game.undo()  # and its history too: the one search

    other = played(bundled_story, None)
    other.folder = folder
    with pytest.raises(SaveError, match=r"another case, `mini`; play that case to load it"):
        other.load("his")  # a case the game does not know is named by its id
    after = files(tmp_path)
    for name in before:  # every save of before, untouched (the autosaves moved on meanwhile)
        if not name.startswith("autosave.mini"):
            assert after[name] == before[name], name


# ---- saves from before saves were per case ------------------------------------------------------

@pytest.mark.parametrize("fixture", ["format1_mini.toml", "format2_mini.toml"])
def test_an_old_autosave_is_given_to_its_case_and_loads(tmp_path, mini_story, bundled_story,
                                                         fixture):
    old = (FIXTURES / fixture).read_bytes()
    (tmp_path / "autosave.toml").write_bytes(old)
    folder = SaveFolder.open(tmp_path)
    # Renamed, not rewritten: the bytes are the old file's.
    assert files(tmp_path) == {"autosave.mini.toml": old}
    [listed] = folder.slots()
    assert (listed.name, listed.case, listed.problem) == ("autosave", "mini", "")

    # Another case neither loads it nor writes over it.
    other = played(bundled_story, folder, Action("talk", "vincent"))
    with pytest.raises(SaveError, match="another case, `mini`"):
        other.load("autosave.mini", exact=True)
    assert files(tmp_path)["autosave.mini.toml"] == old

    game = Playthrough(mini_story, folder)
    loaded = game.load(AUTOSAVE)
    assert game.session.state == read_save(old.decode("utf-8"), mini_story).state
    assert loaded.label.startswith("Questioning Tom")


def test_an_old_autosave_that_cannot_be_given_is_listed_and_still_loads(tmp_path, mini_story):
    old = (FIXTURES / "format2_mini.toml").read_bytes()
    (tmp_path / "autosave.toml").write_bytes(old)
    # The case already has an autosave of its own (the old game ran again after the new one).
    newer = played(mini_story, SaveFolder.open(tmp_path / "elsewhere"), Action("talk", "tom"))
    (tmp_path / "autosave.mini.toml").write_text(newer.save_text(), "utf-8")
    folder = SaveFolder.open(tmp_path)
    assert (tmp_path / "autosave.toml").read_bytes() == old  # left as it was
    listed = {info.slot: info for info in folder.slots()}
    assert set(listed) == {"autosave", "autosave.mini"}
    assert listed["autosave"].case == "mini" and not listed["autosave"].problem
    game = Playthrough(mini_story, folder)
    game.load("autosave", exact=True)  # the old file, as the list gives it
    assert game.session.state == read_save(old.decode("utf-8"), mini_story).state
    game = Playthrough(mini_story, folder)
    game.load(AUTOSAVE)  # by its name: the case's own, newer one
    assert game.session.state == newer.session.state


def test_an_old_autosave_without_a_case_of_its_own_loads_by_its_name(tmp_path, mini_story):
    """Where the folder cannot be changed (no hard links, say), the old file is read in place."""
    old = (FIXTURES / "format2_mini.toml").read_bytes()
    (tmp_path / "autosave.toml").write_bytes(old)
    folder = SaveFolder(tmp_path)  # not opened: nothing adopted
    game = Playthrough(mini_story, folder)
    game.load(AUTOSAVE)
    assert game.session.state == read_save(old.decode("utf-8"), mini_story).state
    assert files(tmp_path) == {"autosave.toml": old}


def test_a_hostile_old_autosave_is_left_alone(tmp_path):
    (tmp_path / "elsewhere.toml").write_bytes((FIXTURES / "format2_mini.toml").read_bytes())
    os.symlink("elsewhere.toml", tmp_path / "autosave.toml")  # a link: never moved
    os.mkfifo(tmp_path / "quicksave.toml")  # a pipe: never read, never waited on
    SaveFolder.open(tmp_path)
    assert (tmp_path / "autosave.toml").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["autosave.toml", "elsewhere.toml",
                                                          "quicksave.toml"]


# ---- undo and loads ---------------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_load_in_the_middle_of_a_game_is_undone_like_an_action(tmp_path, mini_story):
    folder = SaveFolder.open(tmp_path)
    saved = played(mini_story, folder, Action("talk", "tom"))
    saved.save("early")
    clock = Clock()
    game = Playthrough(mini_story, folder, clock)
    game.begin()
    for action in (Action("search", "bedroom"), Action("talk", "tom"),
                   Action("ask", "tom_afternoon")):
        game.perform(action)
    clock.now = 600.0
    playing = game.session.state.copy()
    game.load("early")
    assert game.session.state == saved.session.state
    assert game.loaded_from == ""  # the history still goes back to the start of the game
    clock.now = 660.0
    game.perform(Action("leave"))
    after_load = game.session.state.copy()

    assert game.undo() and not game.last_step_was_load  # the leave
    assert game.undo() and game.last_step_was_load  # the load: the game of before, whole
    assert game.session.state == playing  # transcript included
    assert game.play_seconds == pytest.approx(600.0)
    assert read_save((tmp_path / "autosave.mini.toml").read_text("utf-8"),
                     mini_story).state == playing
    game.perform(Action("leave"))  # the game of before goes on, and undoes to its start
    steps = 0
    while game.undo():
        steps += 1
    assert steps == 4 and game.session.state.turn == 0  # search, talk, ask and the leave

    while game.redo():
        pass
    assert game.session.state.interlocutor is None and game.session.state.turn == 4

    # Redo brings a load back too.
    game2 = Playthrough(mini_story, folder, clock)
    game2.begin()
    game2.perform(Action("search", "bedroom"))
    game2.load("early")
    game2.perform(Action("leave"))
    game2.undo()
    game2.undo()
    assert game2.redo() and game2.last_step_was_load
    assert game2.redo() and game2.session.state == after_load


def test_a_game_loaded_before_any_was_begun_has_its_history_start_at_the_load(tmp_path,
                                                                               mini_story):
    folder = SaveFolder.open(tmp_path)
    played(mini_story, folder, Action("talk", "tom"), Action("ask", "tom_afternoon"))
    game = Playthrough(mini_story, folder)  # as Continue and --load make it
    game.load(AUTOSAVE)
    assert not game.history.can_undo and game.loaded_from == "autosave"
    game.perform(Action("leave"))
    assert game.undo() and not game.undo()
    assert game.session.state.interlocutor == "tom"


def test_hints_taken_are_counted_kept_through_undo_and_saved(tmp_path, mini_story):
    from game.engine.session import Action
    from game.persistence.playthrough import Playthrough
    from game.persistence.slots import SaveFolder
    from game.presentation import build
    from game.presentation.hinting import Hinter

    game = Playthrough(mini_story, SaveFolder.open(tmp_path))
    game.begin()
    hinter = Hinter()
    tiers = [hinter.hint(game.session).tier for _ in range(4)]
    assert tiers == [1, 2, 3, 3]  # asked again on the same state, a hint says more, then stays
    for tier in tiers:
        game.count(f"hints_{tier}")
    game.perform(Action("search", "bedroom"))
    assert game.undo()
    assert game.record == {"hints_1": 1, "hints_2": 1, "hints_3": 2}  # undo takes none back
    game.save("counted")
    again = Playthrough(mini_story, SaveFolder.open(tmp_path))
    again.load("counted")
    assert again.record == game.record
    assert build.report(again.session, again.record).conduct[0] == (
        "Hints taken: 1 pointer, 1 clue, 2 exact steps")


def test_an_objection_taken_back_by_undo_is_counted_in_the_report():
    from pathlib import Path

    from game.engine.session import Action
    from game.persistence.playthrough import Playthrough
    from game.presentation import build
    from game.storyfiles.loader import load_story

    story = load_story(Path(__file__).resolve().parents[1] / "fixtures" / "deduction_case")
    game = Playthrough(story)
    game.begin()
    for action in (Action("search", "hall"), Action("talk", "max"),
                   Action("object", "max_garden", "glue")):
        game.perform(action)
    assert game.session.state.credibility == 2
    assert game.undo()
    assert game.session.state.credibility == 3
    game.perform(Action("press", "max_garden"))
    assert game.undo()  # a press taken back is not an objection
    assert game.record == {"undone_objections": 1}
    conduct = build.report(game.session, game.record).conduct
    assert conduct == ("Hints taken: none", "Objections: 0 proved, 0 wrong, 1 taken back",
                       "Deductions: 0 of 1 confirmed, 0 wrong tries")
