"""`detective new`: a starter case that passes check and plays to both its endings, and tables
added to a case, ready to edit, never leaving it broken."""

from __future__ import annotations

import io
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from game.analysis.check import check_case
from game.cli import main
from game.plain import PlainGame
from game.storyfiles import scaffold
from game.storyfiles.loader import load_story
from game.storyfiles.scaffold import ScaffoldError, add, as_id, new_case

pytestmark = pytest.mark.timeout(60)
TAPLO = Path(sys.executable).with_name("taplo")


@pytest.fixture
def case(tmp_path) -> Path:
    folder = tmp_path / "cold_room"
    new_case(folder, title="The Cold Room")
    return folder


def test_the_new_case_passes_check_and_plays_to_both_endings(case):
    out = io.StringIO()
    assert check_case(case, out) == 0, out.getvalue()
    assert "walkthrough solved.toml: passed" in out.getvalue()
    assert "walkthrough unsolved.toml: passed" in out.getvalue()
    story = load_story(case)
    assert (story.case.id, story.case.title) == ("cold_room", "The Cold Room")
    assert len(story.endings) == 2 and story.board and story.statements and story.places
    versions = [c for c in story.characters.values() if len(c.states) == 2]
    assert versions and any("contradicted" in t.when.source for t in versions[0].transitions)
    reached = set()
    for walk in sorted((case / "walkthroughs").glob("*.toml")):
        data = tomllib.loads(walk.read_text(encoding="utf-8"))
        game = PlainGame(story, io.StringIO())
        for step in data["steps"]:
            game.handle(step if isinstance(step, str) else step["do"])
            while game.pending is not None:
                game.handle("yes")
        reached.add(game.session.state.ending)
    assert reached == set(story.endings)


def test_the_new_case_comes_with_the_editor_s_schema_and_taplo_passes_it(case):
    assert (case / "schema" / "case.schema.json").is_file()
    assert (case / ".taplo.toml").is_file()
    linted = subprocess.run([str(TAPLO), "lint", "--colors", "never"], cwd=case,
                            capture_output=True, text=True, timeout=30)
    assert linted.returncode == 0, linted.stderr
    # A typo is caught in the editor, by the schema written with the case.
    (case / "places.toml").write_text((case / "places.toml").read_text().replace(
        "description", "descripton", 1))
    linted = subprocess.run([str(TAPLO), "lint", "--colors", "never"], cwd=case,
                            capture_output=True, text=True, timeout=30)
    assert linted.returncode != 0 and "descripton" in linted.stderr + linted.stdout


def test_a_new_case_never_goes_into_a_folder_with_something_in_it(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.md").write_text("mine")
    with pytest.raises(ScaffoldError, match="not an empty folder"):
        new_case(tmp_path / "taken")
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.md"]
    assert as_id("My Case!") == "my_case" and as_id("1999") == "case_1999"
    new_case(tmp_path / "2nd Try")
    assert load_story(tmp_path / "2nd Try").case.id == "case_2nd_try"


def _tables(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("kind", "extra", "tables"), [
    ("character", {"name": "Dr Lise Varga"}, {"character": "doctor", "topic": "doctor_who"}),
    ("evidence", {}, {"evidence": "doctor"}),
    ("topic", {"character": "clerk"}, {"topic": "doctor"}),
    ("place", {"name": "The morgue"}, {"place": "doctor", "search": "doctor_look"}),
])
def test_each_kind_is_added_where_an_author_looks_and_the_case_still_loads(case, kind, extra,
                                                                           tables):
    added = add(case, kind, "doctor", **extra)
    lines = added.path.read_text(encoding="utf-8").splitlines()
    header = f"[{next(iter(tables))}.{next(iter(tables.values()))}]"
    assert lines[added.line - 1] == header, (added.line, lines)
    written = _tables(added.path)
    for table, object_id in tables.items():
        assert object_id in written[table]
    story = load_story(case)  # still a case
    if kind == "character":
        assert added.path == case / "characters" / "doctor.toml"
        assert story.characters["doctor"].name == "Dr Lise Varga"
        assert story.characters["doctor"].questioned
    if kind == "topic":
        assert added.path == case / "characters" / "clerk.toml"  # beside the clerk
        assert story.topics["doctor"].character == "clerk"
    if kind == "evidence":
        assert "give it from" in added.note


def test_what_cannot_be_added_is_refused_with_the_reason_and_nothing_written(case):
    before = {p: p.read_bytes() for p in case.rglob("*.toml")}
    refusals = [
        (("evidence", "visitor_log"), "already in the case"),
        (("topic", "x"), "needs --character"),
        (("topic", "x", None, "clerc"), "did you mean `clerk`"),
        (("topic", "x", None, "you"), "not questioned"),
        (("topic", "clerk_nobody", None, "clerk"), "already the id of a topic"),
        (("character", "Bad"), "not a valid id"),
        (("widget", "x"), "cannot make a `widget`"),
    ]
    for args, reason in refusals:
        with pytest.raises(ScaffoldError, match=reason):
            add(case, *args)
    assert {p: p.read_bytes() for p in case.rglob("*.toml")} == before
    notes = case.parent / "notes"
    notes.mkdir()
    (notes / "places.toml").write_text('[place.attic]\nname = "The attic"\n')
    with pytest.raises(ScaffoldError, match="not a case folder"):
        add(notes, "place", "x")


def test_a_file_that_does_not_parse_is_named_and_left_alone(case):
    broken = case / "evidence.toml"
    broken.write_text(broken.read_text() + "\n[evidence.half\n")
    before = broken.read_bytes()
    with pytest.raises(ScaffoldError, match="evidence.toml cannot be read"):
        add(case, "evidence", "knife")
    assert broken.read_bytes() == before


def test_an_addition_that_would_break_a_loading_case_is_taken_back(case, monkeypatch):
    places = case / "places.toml"
    before = places.read_bytes()
    monkeypatch.setattr(scaffold.tomli_w, "dumps", lambda _: "[place.x]\nnme = 1\n")
    with pytest.raises(ScaffoldError, match="nothing added: the case would not load"):
        add(case, "place", "x")
    assert places.read_bytes() == before
    with pytest.raises(ScaffoldError, match="nothing added"):
        add(case, "character", "doctor")  # a file of its own: taken back by removing it
    assert not (case / "characters" / "doctor.toml").exists()


def test_the_command_says_where_it_wrote_and_what_is_left(tmp_path, capsys):
    folder = tmp_path / "new_one"
    assert main(["new", "case", str(folder)]) == 0
    said = capsys.readouterr().out
    assert f"detective check {folder}" in said
    assert main(["new", "evidence", "knife", "--case", str(folder)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"{folder / 'evidence.toml'}:") and "[evidence.knife]" in said
    assert "Next: give it from a topic" in said
    assert main(["new", "evidence", "knife", "--case", str(folder)]) == 1
    assert "already in the case" in capsys.readouterr().err
    assert main(["new", "case", str(folder)]) == 1
    assert "not an empty folder" in capsys.readouterr().err


def test_hidden_files_in_a_case_folder_are_not_read(case):
    (case / ".#case.toml").write_text("this is an editor's lock file, not TOML")
    (case / ".hidden").mkdir()
    (case / ".hidden" / "old.toml").write_text("[case]\nid = 'x'\n")
    assert load_story(case).case.id == "cold_room"


@pytest.mark.parametrize("title", ["Back\\slash and \\n", 'The "Cold" Room',
                                   "L'\u00e9t\u00e9 \\u0041"])
def test_a_title_is_written_as_typed_and_the_case_still_checks(tmp_path, title):
    folder = tmp_path / "titled"
    new_case(folder, title=title)
    assert load_story(folder).case.title == title
    out = io.StringIO()
    assert check_case(folder, out) == 0, out.getvalue()


@pytest.mark.parametrize("title", ["two\nlines", "tab\there", "   "])
def test_a_title_of_more_than_one_line_is_refused_and_nothing_written(tmp_path, title):
    with pytest.raises(ScaffoldError, match="one line"):
        new_case(tmp_path / "titled", title=title)
    assert not (tmp_path / "titled").exists()


def test_the_current_folder_is_the_case_only_when_its_files_are_in_it(case, monkeypatch, capsys):
    above = case.parent
    monkeypatch.chdir(above)
    assert main(["new", "evidence", "knife"]) == 1
    said = capsys.readouterr().err
    assert "the case seems to be cold_room" in said and "--case cold_room" in said
    assert sorted(path.name for path in above.iterdir()) == ["cold_room"]
    # Named, the same folder is the author's choice: its cases are read as one.
    new_case(above / "other", title="Other")
    assert main(["new", "evidence", "knife"]) == 1
    assert "only folders that do (cold_room, other)" in capsys.readouterr().err
    (above / "other" / "characters" / "broken.toml").write_text("x = [", encoding="utf-8")
    assert main(["new", "evidence", "knife"]) == 1  # said before any file is read
    assert "only folders that do (cold_room, other)" in capsys.readouterr().err
    (above / "other" / "characters" / "broken.toml").unlink()
    assert main(["new", "evidence", "knife", "--case", "."]) == 1
    assert "holds more than one case" in capsys.readouterr().err
    monkeypatch.chdir(case)
    assert main(["new", "evidence", "knife"]) == 0
    assert "[evidence.knife]" in (case / "evidence.toml").read_text()
