"""Saves: round trips, atomic writes under failure, a corpus of bad saves, old formats, undo."""

import os
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.session import Action, Session
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


def fail_at(monkeypatch, name: str, target, nth: int = 1) -> None:
    original = getattr(target, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth:
            raise Boom(5, "injected failure")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


WRITE_STEPS = [("mkstemp", "tempfile"), ("fdopen", "os"), ("fsync", "os"), ("replace", "os"),
               ("open", "os")]


@pytest.mark.parametrize(("step", "module"), WRITE_STEPS)
def test_a_failed_write_leaves_the_previous_save_whole(tmp_path, monkeypatch, mini_story, step,
                                                       module):
    import tempfile

    folder = SaveFolder.open(tmp_path)
    first = played(mini_story, [0, 1])
    folder.write("slot", first.save_text())
    before = (tmp_path / "slot.toml").read_bytes()
    second = played(mini_story, [0, 1, 2, 3, 4])
    fail_at(monkeypatch, step, {"os": os, "tempfile": tempfile}[module])
    with pytest.raises(SaveError):
        folder.write("slot", second.save_text())
    after = (tmp_path / "slot.toml").read_bytes()
    # Either the old save, whole, or (when only the folder sync failed) the new one, whole.
    assert after == before or after == second.save_text().encode()
    if step != "open":
        assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["slot.toml"]  # no temporary file left


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
    current = read_save((FIXTURES / "format2_mini.toml").read_text("utf-8"), mini_story)
    first = read_save((FIXTURES / "format1_mini.toml").read_text("utf-8"), mini_story)
    assert current.report == [] and first.report == []
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


def test_autosave_after_each_action(tmp_path, mini_story):
    game = Playthrough(mini_story, SaveFolder.open(tmp_path))
    game.begin()
    game.perform(Action("talk", "tom"))
    saved = read_save((tmp_path / "autosave.toml").read_text("utf-8"), mini_story)
    assert saved.state == game.session.state
    assert Path(tmp_path / "autosave.toml").exists()
