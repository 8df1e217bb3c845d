"""Saves: round trips, atomic writes under failure, a corpus of bad saves, old formats, undo."""

import errno
import os
import tomllib
import types
from dataclasses import replace

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.session import Action, Session
from game.persistence import slots
from game.persistence.playthrough import Playthrough
from game.persistence.savefile import MAX_SAVE_BYTES, SAVE_FORMAT, SaveError, read_save
from game.persistence.slots import SaveFolder, check_slot_name
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "saves"


def played(story, choices: list[int]) -> Playthrough:
    game = Playthrough(story)
    game.begin()
    for choice in choices:
        actions = game.session.possible_actions()
        if not actions:
            break
        game.perform(actions[choice % len(actions)])
    return game


# ---- round trips ----------------------------------------------------------------------------

@pytest.mark.parametrize("story_fixture", ["mini_story", "bundled_story"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(min_value=0, max_value=1000), max_size=60))
def test_any_reached_state_saves_and_loads_back_equal(request, story_fixture, choices):
    story = request.getfixturevalue(story_fixture)
    game = played(story, choices)
    loaded = read_save(game.save_text(), story)
    assert loaded.state == game.session.state
    assert loaded.report == []


# ---- atomic writes --------------------------------------------------------------------------

class Boom(OSError):
    pass


INJECTED = "injected failure"


def fail_in_slots(monkeypatch, module, name: str, nth: int = 1) -> list:
    """Make the `nth` call of `module.name` (`os` or `tempfile`) fail, as slots.py sees it: the
    module is replaced in slots.py's namespace only, so `tempfile.mkstemp`'s own `os.open` and
    every other user of `os` are left alone, and the calls counted are slots.py's own."""
    real = getattr(module, name)
    calls: list = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == nth:
            raise Boom(errno.EIO, INJECTED)
        return real(*args, **kwargs)

    seen = types.ModuleType(module.__name__)
    seen.__dict__.update(module.__dict__)
    setattr(seen, name, failing)
    monkeypatch.setattr(slots, module.__name__, seen)
    return calls


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


# Each call of a durable write, in order, with what a failure there must leave: before the
# rename, the previous save whole and "unchanged" said; after it (the folder's sync), the new
# save whole and "written but the folder could not be synced" said. (A failed write(2) or flush
# of the data is tests/hostile/test_reliability.py's full-disk test.)
WRITE_STEPS = [  # (module, call, which call of it, the save left in the slot)
    ("tempfile", "mkstemp", 1, "previous"),
    ("os", "fdopen", 1, "previous"),
    ("os", "fsync", 1, "previous"),  # the temporary file's
    ("os", "replace", 1, "previous"),  # the rename over the slot
    ("os", "open", 1, "new"),  # the folder, opened to be synced
    ("os", "fsync", 2, "new"),  # the folder's
    ("os", "close", 1, "new"),  # the folder's descriptor
]


@pytest.mark.parametrize(("module", "step", "nth", "left"), WRITE_STEPS,
                         ids=[f"{step}-{nth}" for _, step, nth, _ in WRITE_STEPS])
def test_a_failed_write_leaves_a_whole_save_and_says_which(tmp_path, monkeypatch, mini_story,
                                                           module, step, nth, left):
    import tempfile

    folder = SaveFolder.open(tmp_path)
    first = played(mini_story, [0, 1])
    folder.write("slot", first.save_text())
    before = (tmp_path / "slot.toml").read_bytes()
    newer = played(mini_story, [0, 1, 2, 3, 4]).save_text()
    assert newer.encode() != before
    fds = open_fds()
    calls = fail_in_slots(monkeypatch, {"os": os, "tempfile": tempfile}[module], step, nth)
    with pytest.raises(SaveError) as refused:
        folder.write("slot", newer)
    assert len(calls) == nth, f"the failure at {step} #{nth} was never reached"
    monkeypatch.undo()
    message = str(refused.value)
    if step == "mkstemp":  # nothing was written: the folder is named
        assert message == f"could not write to {tmp_path}: {INJECTED}"
    elif left == "previous":
        assert message == f"could not save `slot`: {INJECTED}; the slot's previous save is " \
            "unchanged"
    else:
        assert message == f"`slot` was written but the folder could not be synced ({INJECTED})"
    after = (tmp_path / "slot.toml").read_bytes()
    assert after == (before if left == "previous" else newer.encode())
    assert read_save(after.decode(), mini_story).report == []  # whole, and loads
    assert [p.name for p in tmp_path.iterdir()] == ["slot.toml"]  # no temporary file left
    if step == "close":
        os.close(calls[0][0])  # the failed close(2) left it open; a real one would not
    if step != "fdopen":  # see test_a_failed_fdopen_closes_the_temporary_file
        assert open_fds() == fds, "a failed save left a file descriptor open"


def test_a_failed_fdopen_closes_the_temporary_file(tmp_path, monkeypatch, mini_story):
    folder = SaveFolder.open(tmp_path)
    newer = played(mini_story, [0, 1]).save_text()
    fds = open_fds()
    fail_in_slots(monkeypatch, os, "fdopen")
    with pytest.raises(SaveError):
        folder.write("slot", newer)
    assert open_fds() == fds


def test_a_failed_folder_sync_through_the_autosave_is_told_and_the_game_goes_on(
        tmp_path, monkeypatch, mini_story):
    game = Playthrough(mini_story, SaveFolder.open(tmp_path))
    game.begin()
    calls = fail_in_slots(monkeypatch, os, "fsync", nth=2)  # the folder's, after the rename
    game.perform(Action("talk", "tom"))
    assert len(calls) == 2
    assert game.autosave_problem == \
        f"`autosave.mini` was written but the folder could not be synced ({INJECTED})"
    assert game.session.state.interlocutor == "tom"
    saved = read_save((tmp_path / "autosave.mini.toml").read_text("utf-8"), mini_story)
    assert saved.state == game.session.state
    monkeypatch.undo()
    game.perform(Action("ask", "tom_afternoon"))
    assert game.autosave_problem == ""


def test_leftover_temporary_files_are_removed_when_the_folder_opens(tmp_path):
    (tmp_path / ".saving-abc.tmp").write_text("half a save")
    (tmp_path / "keep.toml").write_text("x = 1")
    SaveFolder.open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.toml"]


@pytest.mark.parametrize("name", ["../x", "/tmp/x", "a/b", "..", "", "a b", "é", "a.b"])
def test_slot_names_outside_the_rules_are_refused(tmp_path, name):
    folder = SaveFolder.open(tmp_path / "saves")
    with pytest.raises(SaveError, match="not a slot name"):
        folder.write(name, "x = 1")
    assert list(tmp_path.rglob("*.toml")) == []


@pytest.mark.parametrize("length", [65, 10_000])
def test_a_slot_name_too_long_is_refused_with_the_limit_not_cut(tmp_path, length):
    folder = SaveFolder.open(tmp_path / "saves")
    with pytest.raises(SaveError, match=f"at most 64 characters; this one has {length:,}$"):
        folder.write("x" * length, "x = 1")
    assert list(tmp_path.rglob("*.toml")) == []


@pytest.mark.parametrize("name", ["good", "Slot-2", "under_score", "x" * 64])
def test_slot_names_within_the_rules_are_taken(name):
    assert check_slot_name(name) == name


# ---- bad saves ------------------------------------------------------------------------------

def good_text(story) -> str:
    return played(story, [0, 1, 2]).save_text()


def corrupt(story, kind: str) -> str:
    text = good_text(story)
    data = tomllib.loads(text)
    match kind:
        case "truncated":
            return text[: len(text) // 2]
        case "cut at a line":
            return text[: text.rindex("[[transcript]]")]  # still valid TOML, but short
        case "not toml":
            return "this is not { a save"
        case "wrong types":
            data["state"]["turn"] = "three"
        case "unknown key":
            data["state"]["mood"] = "happy"
        case "another case":
            data["case"] = "some_other_case"
        case "newer format":
            data["format"] = SAVE_FORMAT + 1
        case "no format":
            del data["format"]
        case "unknown ending":
            data["state"]["ending"] = "no_such_ending"
        case "too large":
            return text + "#" * (MAX_SAVE_BYTES + 1)
    return tomli_w.dumps(data)


REASONS = {"truncated": "", "not toml": "not a readable TOML file",
           "wrong types": "`state.turn`", "unknown key": "`state.mood`",
           "another case": "another case", "newer format": "newer version of the game",
           "no format": "no save-format version", "unknown ending": "no_such_ending",
           "too large": "larger than 5 MB", "cut at a line": "cut short"}


@pytest.mark.parametrize("kind", sorted(REASONS))
def test_a_bad_save_is_refused_with_its_reason_and_the_file_is_unchanged(tmp_path, mini_story,
                                                                          kind):
    folder = SaveFolder.open(tmp_path)
    (tmp_path / "bad.toml").write_text(corrupt(mini_story, kind), "utf-8")
    before = (tmp_path / "bad.toml").read_bytes()
    game = played(mini_story, [0])
    state_before = game.session.state.copy()
    game.folder = folder
    with pytest.raises(SaveError) as refused:
        game.load("bad")
    assert REASONS[kind] in str(refused.value)
    assert (tmp_path / "bad.toml").read_bytes() == before
    assert game.session.state == state_before  # play goes on, unchanged
    listed = {info.slot: info for info in folder.slots()}
    if kind in ("truncated", "not toml", "too large"):
        assert listed["bad"].problem


def test_unknown_ids_are_dropped_and_reported(mini_story):
    data = tomllib.loads(good_text(mini_story))
    data["state"]["held"]["ghost"] = 1
    data["state"]["visited"]["old_topic"] = 1
    data["state"]["flags"].append("old_flag")
    data["state"]["states"]["tom"] = "renamed_state"
    data["state"]["interlocutor"] = "nobody"
    loaded = read_save(tomli_w.dumps(data), mini_story)
    assert "ghost" not in loaded.state.held
    assert loaded.state.states["tom"] == mini_story.characters["tom"].initial
    assert loaded.state.interlocutor is None
    report = "\n".join(loaded.report)
    for name in ("ghost", "old_topic", "old_flag", "renamed_state", "nobody"):
        assert name in report


# ---- old formats ----------------------------------------------------------------------------

def test_every_save_format_still_loads(mini_story):
    current = read_save((FIXTURES / "format4_mini.toml").read_text("utf-8"), mini_story)
    third = read_save((FIXTURES / "format3_mini.toml").read_text("utf-8"), mini_story)
    second = read_save((FIXTURES / "format2_mini.toml").read_text("utf-8"), mini_story)
    first = read_save((FIXTURES / "format1_mini.toml").read_text("utf-8"), mini_story)
    assert [] == current.report == third.report == second.report == first.report
    # Format 3 did not name the objections taken back (this one has no record at all).
    assert third.state == current.state
    assert current.record.counts == {"hints_1": 1, "undone_objections": 2}
    assert current.record.taken_back == {("tom_denies", "crumbs")}
    # Format 2 had no testimony, board or credibility: it loads with the case's credibility.
    assert second.state == current.state
    assert current.state.interlocutor == "tom" and "crumbs" in current.state.held
    # Format 1 did not record the speaker's state in the transcript; all else is the same.
    expected = current.state.copy()
    expected.transcript = [replace(s, speaker_state=None) for s in expected.transcript]
    assert first.state == expected
    fixtures = sorted(p.name for p in FIXTURES.glob("format*_mini.toml"))
    assert fixtures == [f"format{n}_mini.toml" for n in range(1, SAVE_FORMAT + 1)]


# ---- undo -----------------------------------------------------------------------------------

@pytest.mark.parametrize("story_fixture", ["mini_story", "bundled_story"])
def test_undo_returns_to_the_start_and_redo_replays(request, story_fixture):
    story = request.getfixturevalue(story_fixture)
    start = Session(story)
    start.begin()
    game = played(story, list(range(40)))
    end = game.session.state.copy()
    steps = 0
    while game.undo():
        steps += 1
    assert game.session.state == start.state
    assert not game.history.can_undo
    while game.redo():
        steps -= 1
    assert steps == 0 and game.session.state == end


def test_a_refused_action_is_not_an_undo_step(mini_story):
    game = played(mini_story, [])
    game.perform(Action("ask", "nothing"))
    assert not game.history.can_undo
    # After an action taken, a refusal leaves undo where it was: on the action taken.
    game.perform(Action("talk", "tom"))
    taken = game.session.state.copy()
    game.perform(Action("ask", "nothing"))
    assert game.session.state == taken
    assert game.undo()
    assert game.session.state.turn == taken.turn - 1 and game.session.state.interlocutor is None
    assert not game.history.can_undo


def test_autosave_after_each_action(tmp_path, mini_story):
    game = Playthrough(mini_story, SaveFolder.open(tmp_path))
    game.begin()
    autosave = tmp_path / "autosave.mini.toml"
    for action in (Action("talk", "tom"), Action("ask", "tom_afternoon"), Action("leave")):
        turn = game.session.state.turn
        game.perform(action)
        assert game.session.state.turn == turn + 1, action
        saved = read_save(autosave.read_text("utf-8"), mini_story)
        assert saved.state == game.session.state, action  # this action's, not the one before
    # A refused action is not an action: the autosave is not written again.
    before = autosave.read_bytes()
    game.perform(Action("ask", "nothing"))
    assert autosave.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["autosave.mini.toml"]
