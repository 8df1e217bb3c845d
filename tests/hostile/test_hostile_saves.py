"""Save files are untrusted: every one is loaded whole or refused with a SaveError naming why.

The corpus is made here, at test time, from the format fixtures: every field of every format
given every wrong shape, hostile files (FIFO, links, directories, huge, deeply nested), control
characters, random mutations, and the command line over a folder of all of them.
"""

import copy
import functools
import math
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.persistence.playthrough import Playthrough
from game.persistence.savefile import MAX_COUNT, MAX_SAVE_BYTES, SaveError, parse_save, read_save
from game.persistence.slots import SaveFolder
from tests.conftest import MINI, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "saves"
FORMATS = {1: FIXTURES / "format1_mini.toml", 2: FIXTURES / "format2_mini.toml"}
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m"
CONTROL = ("\x1b", "\x07", "\x9b")
# Refusals that need the story, which a folder listing does not have.
STORY_REASONS = ("another case", "no longer in the case")


@functools.cache
def _parsed(version: int) -> dict:
    return tomllib.loads(FORMATS[version].read_text("utf-8"))


def document(version: int) -> dict:
    """The fixture of that format, as a document of one's own to change. Parsed once: the tests
    below take thousands of fresh copies, and a copy costs a tenth of a parse."""
    return copy.deepcopy(_parsed(version))


def write_slot(folder: Path, text: str, slot: str = "bad") -> None:
    """Write a slot file anew. The old one is removed first, not written over: on ext4, a file
    cut short by a rewrite is flushed to the disk (auto_da_alloc), a few milliseconds each time,
    which the tests that try twenty shapes in turn in one slot paid twenty times."""
    path = folder / f"{slot}.toml"
    path.unlink(missing_ok=True)
    path.write_text(text, "utf-8")


def no_control(text: str) -> bool:
    return not any(c in text for c in CONTROL)


def assert_valid(game: Playthrough, story) -> None:
    """A loaded game is one the engine could have reached the shape of: ids of the story, bounded
    numbers, visible text; it plays on, and it saves and loads back equal."""
    state = game.session.state
    assert 0 <= state.turn <= MAX_COUNT
    assert set(state.held) <= set(story.evidence)
    assert {c for c, _ in state.reached} <= set(story.characters)
    assert set(state.visited) <= story.node_ids()
    assert all(0 <= n <= MAX_COUNT for n in [*state.held.values(), *state.visited.values()])
    assert all(no_control(s.text) for s in state.transcript)
    assert math.isfinite(game.play_seconds)
    game.session.possible_actions()
    assert read_save(game.save_text(), story).state == state


def try_slot(folder_path: Path, story, slot: str = "bad") -> tuple[Playthrough, SaveError | None]:
    """Load `slot` as the game would and list the folder: they must agree, the file must not
    change, and a loaded game must be valid. Returns the game and the refusal, if any."""
    path = folder_path / f"{slot}.toml"
    before = path.read_bytes() if path.is_file() else None
    folder = SaveFolder.open(folder_path)
    game = Playthrough(story, folder)
    game.begin()
    start = game.session.state.copy()
    refused = None
    try:
        loaded = game.load(slot)
    except SaveError as error:
        refused = error
        assert game.session.state == start  # nothing changed
        assert no_control(str(error)), str(error)
    else:
        assert no_control(loaded.label) and no_control(loaded.saved_at)
        assert all(no_control(line) for line in loaded.report)
        assert_valid(game, story)
    if before is not None:
        assert path.read_bytes() == before
    listed = {info.slot: info for info in folder.slots()}[slot]
    assert no_control(listed.problem) and no_control(listed.label)
    if listed.problem:
        assert refused is not None and str(refused) == listed.problem
    elif refused is not None:
        assert any(reason in str(refused) for reason in STORY_REASONS), str(refused)
    return game, refused


# ---- every field, every wrong shape ----------------------------------------------------------

WRONG = {
    "string": "x", "empty string": "", "control string": HOSTILE, "int": 1, "true": True,
    "list": [1, "a"], "empty list": [], "table": {"a": 1}, "empty table": {}, "float": 1.5,
    "nan": math.nan, "inf": math.inf, "-inf": -math.inf, "10**20": 10**20, "-1": -1,
    "id": "tom", "long string": "a" * 300,
}


def paths(value, prefix=()):
    """Every place in a document: each table value and list item, nested ones too."""
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, child in items:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


def at(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def mutations(version: int, path: tuple) -> dict[str, str]:
    """The document with the value at `path` made wrong in each way, deleted, and (for a table's
    key) renamed to a hostile key; as TOML text, by kind."""
    out = {}
    for kind, wrong in WRONG.items():
        doc = document(version)
        at(doc, path[:-1])[path[-1]] = copy.deepcopy(wrong)
        out[kind] = tomli_w.dumps(doc)
    doc = document(version)
    del at(doc, path[:-1])[path[-1]]
    out["deleted"] = tomli_w.dumps(doc)
    if isinstance(path[-1], str):
        keys = {"control key": HOSTILE, "bad key": "Not-An-Id", "long key": "k" * 300}
        for kind, key in keys.items():
            doc = document(version)
            parent = at(doc, path[:-1])
            parent[key] = parent.pop(path[-1])
            out[kind] = tomli_w.dumps(doc)
    return out


FIELDS = [pytest.param(version, path, id=f"format{version}:" + ".".join(map(str, path)))
          for version in FORMATS for path in paths(document(version))]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("version", "path"), FIELDS)
def test_a_field_of_any_wrong_shape_is_refused_or_loads_valid(tmp_path, mini_story, version, path):
    for kind, text in mutations(version, path).items():
        write_slot(tmp_path, text)
        try:
            try_slot(tmp_path, mini_story)
        except AssertionError as error:
            raise AssertionError(f"{kind} at {path}: {error}") from None


@pytest.mark.parametrize("version", sorted(FORMATS))
def test_the_fixtures_load_through_the_folder(tmp_path, mini_story, version):
    (tmp_path / "bad.toml").write_bytes(FORMATS[version].read_bytes())
    _, refused = try_slot(tmp_path, mini_story)
    assert refused is None


# A few shapes that crashed, each with the reason it must now give.
KNOWN = {
    "format 1 state a string": (1, ("state",), "abc", "`state`"),
    "format 1 state an int": (1, ("state",), 5, "`state`"),
    "format 1 line too short": (1, ("transcript", 0), [0, "intro"], "`transcript.0"),
    "format 1 line of a table": (1, ("transcript", 0), {"a": 1}, "`transcript.0`"),
    "format 1 pair of a list": (1, ("state", "presented", 0), ["a", "b"], "`state.presented.0`"),
    "format 1 pair of three": (1, ("state", "reached", 0), "a:b:c", "`state.reached.0`"),
    "play time inf": (2, ("play_seconds",), math.inf, "finite"),
    "play time nan": (2, ("play_seconds",), math.nan, "finite"),
    "play time of centuries": (2, ("play_seconds",), 1e12, "`play_seconds`"),
    "turn of 10**20": (2, ("state", "turn"), 10**20, "`state.turn`"),
    "times visited of 10**20": (2, ("state", "visited", "tom_crumbs"), 10**20, "`state.visited"),
    "saved_at not a time": (2, ("saved_at",), "yesterday", "`saved_at`"),
    "saved_at of control characters": (2, ("saved_at",), HOSTILE, "`saved_at`"),
    "fingerprint not hex": (2, ("fingerprint",), HOSTILE, "`fingerprint`"),
    "case not an id": (2, ("case",), HOSTILE, "`case`"),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_crashes_are_refused_with_the_field_named(tmp_path, mini_story, name):
    version, path, wrong, reason = KNOWN[name]
    doc = document(version)
    at(doc, path[:-1])[path[-1]] = wrong
    (tmp_path / "bad.toml").write_text(tomli_w.dumps(doc), "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert refused is not None and reason in str(refused)


def test_a_format_number_of_thousands_of_digits_is_refused(tmp_path, mini_story):
    text = FORMATS[2].read_text("utf-8").replace("format = 2", "format = 0x" + "f" * 5000)
    (tmp_path / "bad.toml").write_text(text, "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert "newer version" in str(refused) and len(str(refused)) < 200


def test_an_integer_of_thousands_of_digits_is_refused(tmp_path, mini_story):
    text = FORMATS[2].read_text("utf-8").replace("turn = 4", "turn = " + "9" * 5000, 1)
    (tmp_path / "bad.toml").write_text(text, "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert "not a readable TOML file" in str(refused)


# ---- control characters ---------------------------------------------------------------------

CONTROLLED = {
    "label": (2, ("label",)), "format 1 label": (1, ("label",)),
    "transcript text": (2, ("transcript", 0, "text")),
    "format 1 transcript text": (1, ("transcript", 0, 3)),
}


@pytest.mark.parametrize("name", sorted(CONTROLLED))
def test_control_characters_in_text_arrive_visible(tmp_path, mini_story, name):
    version, path = CONTROLLED[name]
    doc = document(version)
    at(doc, path[:-1])[path[-1]] = f"before {HOSTILE} after"
    (tmp_path / "bad.toml").write_text(tomli_w.dumps(doc), "utf-8")
    game, refused = try_slot(tmp_path, mini_story)
    assert refused is None
    label = SaveFolder(tmp_path).slots()[0].label
    assert "before" in label or "before" in game.session.state.transcript[0].text


@pytest.mark.parametrize("table", ["held", "states", "visited", "fired"])
def test_control_characters_in_a_key_are_refused_and_not_echoed(tmp_path, mini_story, table):
    doc = document(2)
    doc["state"][table][HOSTILE] = "x" if table == "states" else 1
    (tmp_path / "bad.toml").write_text(tomli_w.dumps(doc), "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert f"`state.{table}." in str(refused)


def test_raw_control_characters_in_the_file_are_not_echoed(tmp_path, mini_story):
    text = FORMATS[2].read_text("utf-8") + f"\n{HOSTILE} = 1\n\x1b\x07\n"
    (tmp_path / "bad.toml").write_text(text, "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert "not a readable TOML file" in str(refused)


def test_a_hostile_key_declared_twice_is_not_echoed(tmp_path, mini_story):
    key = tomli_w.dumps({HOSTILE * 50: 1})
    (tmp_path / "bad.toml").write_text(FORMATS[2].read_text("utf-8") + key + key, "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert "not a readable TOML file" in str(refused) and len(str(refused)) < 300


# ---- hostile files --------------------------------------------------------------------------

DEPTH = 10_000
NESTED = {
    "arrays": "a = " + "[" * DEPTH + "]" * DEPTH,
    "inline tables": "a = " + "{b = " * DEPTH + "1" + "}" * DEPTH,
    "arrays in a save": FORMATS[2].read_text("utf-8").replace(
        "turn = 4", "turn = " + "[" * DEPTH + "]" * DEPTH, 1),
    "tables in a format 1 save": FORMATS[1].read_text("utf-8").replace(
        "turn = 4", "turn = " + "{a = " * DEPTH + "1" + "}" * DEPTH, 1),
}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", sorted(NESTED))
def test_deep_nesting_is_refused(tmp_path, mini_story, kind):
    (tmp_path / "bad.toml").write_text(NESTED[kind], "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert "nested too deeply" in str(refused)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("depth", [10, 100, 300, 900])
def test_moderate_nesting_in_each_format_is_refused(tmp_path, mini_story, depth):
    for version, field in ((1, "flags = ["), (2, "flags = [")):
        text = FORMATS[version].read_text("utf-8").replace(field, "flags = " + "[" * depth
                                                            + "]" * (depth - 1) + ",", 1)
        write_slot(tmp_path, text)
        _, refused = try_slot(tmp_path, mini_story)
        assert refused is not None


MANY = 200_000
CROWDED = {  # a million wrong items would make pydantic report a million problems
    "wrong flags": (2, "flags = [", "flags = [" + "1," * MANY, "`state.flags.0`"),
    "wrong lines": (1, "transcript = [", "transcript = [" + "1," * MANY, "`transcript.0`"),
    "wrong held": (2, "[state.held]\n", "[state.held]\n" + "".join(
        f'k{i} = "x"\n' for i in range(MANY // 4)), "`state.held.k0`"),
    "unknown keys": (2, "[state]\n", "[state]\n" + "".join(
        f"k{i} = 1\n" for i in range(MANY // 4)), "`state.k0`"),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", sorted(CROWDED))
def test_a_save_of_many_wrong_items_is_refused_at_the_first(tmp_path, mini_story, kind):
    version, old, new, where = CROWDED[kind]
    text = FORMATS[version].read_text("utf-8").replace(old, new, 1)
    (tmp_path / "bad.toml").write_text(text, "utf-8")
    _, refused = try_slot(tmp_path, mini_story)
    assert str(refused).startswith(f"wrong data in it: {where}") and ";" not in str(refused)


@pytest.mark.timeout(60)
def test_a_save_naming_many_unknown_things_loads_with_a_short_report(tmp_path, mini_story):
    doc = document(2)
    doc["state"]["held"].update({f"ghost_{i}": 1 for i in range(MANY // 4)})
    (tmp_path / "bad.toml").write_text(tomli_w.dumps(doc), "utf-8")
    game, refused = try_slot(tmp_path, mini_story)
    assert refused is None and game.session.state.held == {"crumbs": 1}
    report = Playthrough(mini_story, SaveFolder(tmp_path)).load("bad").report
    assert len(report) == 20 and report[-1].startswith("And 49,981 more")


def hostile_files(folder: Path, outside: Path) -> dict[str, str]:
    """Make every kind of hostile slot in `folder`; returns slot -> the reason it must give."""
    good = FORMATS[2].read_text("utf-8")
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (outside / "elsewhere.toml").write_text(good, "utf-8")
    (folder / "outside.toml").symlink_to(outside / "elsewhere.toml")
    (folder / "directory.toml").mkdir()
    (folder / "huge.toml").write_text(good + "#" * MAX_SAVE_BYTES, "utf-8")
    (folder / "deep.toml").write_text(NESTED["arrays"], "utf-8")
    (folder / "binary.toml").write_bytes(b"\xff\xfe\x00" + HOSTILE.encode())
    (folder / "loop.toml").symlink_to(folder / "loop2.toml")
    (folder / "loop2.toml").symlink_to(folder / "loop.toml")
    (folder / "dangling.toml").symlink_to(folder / "nothing-here")
    doc = document(2)
    doc["play_seconds"] = math.inf
    (folder / "infinite.toml").write_text(tomli_w.dumps(doc), "utf-8")
    doc = document(1)
    doc["state"] = "abc"
    (folder / "oldshape.toml").write_text(tomli_w.dumps(doc), "utf-8")
    return {"pipe": "not a regular file", "zero": "outside", "outside": "outside",
            "directory": "not a regular file", "huge": "larger than 5 MB",
            "deep": "nested too deeply", "binary": "not UTF-8", "loop": "", "loop2": "",
            "dangling": "a link to nothing", "infinite": "`play_seconds`", "oldshape": "`state`"}


@pytest.mark.timeout(30)
def test_each_hostile_file_is_refused_by_name(tmp_path, mini_story):
    folder, outside = tmp_path / "saves", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    reasons = hostile_files(folder, outside)
    for slot, reason in reasons.items():
        _, refused = try_slot(folder, mini_story, slot)
        assert refused is not None and reason in str(refused), (slot, refused)
    assert (outside / "elsewhere.toml").read_text("utf-8") == FORMATS[2].read_text("utf-8")


@pytest.mark.timeout(30)
def test_a_link_to_a_save_inside_the_folder_loads(tmp_path, mini_story):
    (tmp_path / "real.toml").write_bytes(FORMATS[2].read_bytes())
    (tmp_path / "alias.toml").symlink_to(tmp_path / "real.toml")
    _, refused = try_slot(tmp_path, mini_story, "alias")
    assert refused is None


@pytest.mark.timeout(30)
def test_the_listing_of_a_hostile_folder_finishes_and_the_good_slot_loads(tmp_path, mini_story):
    folder, outside = tmp_path / "saves", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    reasons = hostile_files(folder, outside)
    (folder / "good.toml").write_bytes(FORMATS[2].read_bytes())
    listed = {info.slot: info for info in SaveFolder.open(folder).slots()}
    assert set(listed) == {*reasons, "good"}
    assert all(listed[slot].problem for slot in reasons)
    assert listed["good"].problem == "" and listed["good"].label.startswith("Questioning Tom")
    assert SaveFolder(folder).latest() == "good"
    game = Playthrough(mini_story, SaveFolder(folder))
    assert game.load("good").state.interlocutor == "tom"


# ---- random mutations -----------------------------------------------------------------------

LEAVES = (st.booleans() | st.integers() | st.sampled_from([10**20, -1, 2**63, MAX_COUNT + 1])
          | st.floats(allow_nan=True, allow_infinity=True)
          | st.text(max_size=30) | st.sampled_from(["tom", "crumbs", "intro", HOSTILE, "a:b"])
          | st.datetimes() | st.dates())
VALUES = st.recursive(LEAVES, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=10) | st.sampled_from(["turn", "tom"]),
                                        children, max_size=4), max_leaves=12)


def mutate(doc: dict, data) -> dict:
    where = list(paths(doc))
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(where), label="path")
        try:  # an earlier mutation may have taken the place away
            parent = at(doc, path[:-1])
            parent[path[-1]]  # noqa: B018
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, dict | list):
            continue
        match data.draw(st.sampled_from(["replace", "delete", "add"]), label="how"):
            case "replace":
                parent[path[-1]] = data.draw(VALUES, label="value")
            case "delete":
                del parent[path[-1]]
            case "add" if isinstance(parent, dict):
                parent[data.draw(st.text(max_size=10), label="key")] = data.draw(VALUES)
            case "add":
                parent.append(data.draw(VALUES, label="item"))
    return doc


def loads_or_refuses(text: str, story) -> None:
    try:
        loaded = read_save(text, story)
    except SaveError as error:
        assert no_control(str(error)), str(error)
        try:
            parse_save(text)
        except SaveError as listed:
            assert str(listed) == str(error)
        else:
            assert any(reason in str(error) for reason in STORY_REASONS), str(error)
        return
    assert no_control(loaded.label) and no_control(loaded.saved_at)
    game = Playthrough(story)
    game.session.state = loaded.state
    assert_valid(game, story)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("version", sorted(FORMATS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_mutations_are_loaded_or_refused(mini_story, version, data):
    loads_or_refuses(tomli_w.dumps(mutate(document(version), data)), mini_story)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("version", sorted(FORMATS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_edits_of_the_text_are_loaded_or_refused(mini_story, version, data):
    text = FORMATS[version].read_text("utf-8")
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, min(len(text), start + 40)), label="end")
    junk = data.draw(st.text(max_size=20) | st.sampled_from(["[", "{", "\\u001b", "inf", "nan",
                                                              "9" * 30, '"', "\n[end]\n"]))
    loads_or_refuses(text[:start] + junk + text[end:], mini_story)


# ---- the command line -----------------------------------------------------------------------

def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin.encode(),
                          capture_output=True, timeout=60, cwd=ROOT)


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    folder, outside = tmp_path / "saves", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    hostile_files(folder, outside)
    doc = document(2)
    doc["play_seconds"] = math.inf
    (folder / "bad.toml").write_text(tomli_w.dumps(doc), "utf-8")
    doc = document(2)
    doc["label"] = HOSTILE
    doc["saved_at"] = "2026-11-25T02:00:00+00:00"
    (folder / "loud.toml").write_text(tomli_w.dumps(doc), "utf-8")
    (folder / "good.toml").write_bytes(FORMATS[2].read_bytes())
    return folder


@pytest.mark.timeout(90)
def test_the_saves_command_lists_a_hostile_folder(hostile_folder):
    result = run(["saves", "--saves", str(hostile_folder)])
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err and err == ""
    assert no_control(out)
    assert "bad\tunknown case\tcannot be loaded: wrong data in it: `play_seconds`" in out
    assert "pipe\tunknown case\tcannot be loaded: it is not a regular file" in out
    assert "zero\tunknown case\tcannot be loaded: it is a link to a file outside" in out
    assert "deep\tunknown case\tcannot be loaded: it is nested too deeply" in out
    assert "good\tmini\t2026-11-24T02:00:00+00:00\t0 min\tQuestioning Tom" in out
    assert "loud\tmini\t2026-11-25T02:00:00+00:00\t0 min\t\u241b]0;owned" in out


@pytest.mark.timeout(90)
def test_the_line_mode_refuses_a_hostile_slot_by_name_and_plays_on(hostile_folder):
    result = run(["play", "--plain", str(MINI), "--saves", str(hostile_folder)],
                 "load bad\nload pipe\nload zero\nsaves\nstatus\n")
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err and err == ""
    assert no_control(out)
    assert "Cannot load 'bad': wrong data in it: `play_seconds`: input should be a finite " \
           "number. Nothing has changed." in out
    assert "Cannot load 'pipe': it is not a regular file. Nothing has changed." in out
    assert "Cannot load 'zero': it is a link to a file outside" in out
    assert "  bad: cannot be loaded (wrong data in it: `play_seconds`" in out
    assert "  good: Questioning Tom" in out
    assert "You are between visits." in out
