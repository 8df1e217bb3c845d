"""`detective check --format json|github`: one line a problem for tools, with where each one
starts and ends, its severity and the id a "did you mean" names."""

import json
import shutil
from pathlib import Path

from game.cli import main
from game.storyfiles.diagnostics import Diagnostic
from game.storyfiles.tool_formats import github_command, json_line
from tests.conftest import MINI

DEDUCTION = Path(__file__).resolve().parent / "fixtures" / "deduction_case"
FIELDS = {"file", "line", "column", "end_line", "end_column", "code", "severity", "message",
          "suggestion", "key"}


def broken_copy(tmp_path: Path, source: Path, *edits: tuple[str, str]) -> Path:
    case_dir = tmp_path / "case"
    shutil.copytree(source, case_dir)
    story = case_dir / "case.toml"
    text = story.read_text("utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    story.write_text(text, "utf-8")
    return case_dir


def where(case_dir: Path, needle: str) -> tuple[int, int]:
    """The line and column where `needle` first appears in the case's case.toml."""
    lines = (case_dir / "case.toml").read_text("utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if needle in line)
    return number, lines[number - 1].index(needle) + 1


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def test_json_lines_hold_every_field_the_range_and_the_suggestion(tmp_path, capsys):
    case_dir = broken_copy(tmp_path, DEDUCTION, ('gives = ["glue", "photo"]',
                                                  'gives = ["glue", "phtoo"]'),
                           ('when = "has photo"', 'when = "has phot"'),
                           ('title = "What happened"', 'titel = "What happened"'))
    status, lines, _ = run(capsys, str(case_dir), "--format", "json")
    assert status == 1
    found = [json.loads(line) for line in lines]  # every line is JSON, and nothing else
    assert all(set(item) == FIELDS for item in found)
    by_code = {item["code"]: item for item in found}
    assert set(by_code) == {"E002", "E003", "E005", "E008"}
    story = str(case_dir / "case.toml")

    line, column = where(case_dir, '"phtoo"')
    assert by_code["E005"] == {
        "file": story, "line": line, "column": column, "end_line": line,
        "end_column": column + len('"phtoo"'), "code": "E005", "severity": "error",
        "message": "unknown evidence `phtoo`; did you mean `photo`?", "suggestion": "photo",
        "key": None}
    line, column = where(case_dir, "phot\"")  # inside the condition: the word alone
    assert (by_code["E008"]["line"], by_code["E008"]["column"]) == (line, column)
    assert (by_code["E008"]["end_line"], by_code["E008"]["end_column"]) == (line, column + 4)
    assert by_code["E008"]["suggestion"] == "photo"
    line, column = where(case_dir, "titel")
    assert (by_code["E002"]["line"], by_code["E002"]["column"]) == (line, column)
    assert by_code["E002"]["end_column"] == column + len("titel")
    assert by_code["E002"]["suggestion"] == "title"
    assert by_code["E003"]["suggestion"] is None


def test_json_tells_exploration_and_walkthrough_problems_and_no_summary(tmp_path, capsys):
    case_dir = broken_copy(tmp_path, MINI, ("[place.bedroom]", '[topic.tom_never]\n'
                                            'character = "tom"\ntitle = "Never"\n'
                                            'when = "false"\nlines = ["tom: No."]\n\n'
                                            "[place.bedroom]"))
    walk = case_dir / "walkthroughs" / "solved.toml"
    walk.write_text(walk.read_text("utf-8").replace('expect = "tom is lying"',
                                                    'expect = "tom is honest"'), "utf-8")
    status, lines, _ = run(capsys, str(case_dir), "--format", "json")
    assert status == 1
    found = [json.loads(line) for line in lines]
    assert [item["code"] for item in found] == ["C001", "C006"]
    never, failed = found
    assert (never["line"], never["column"]) == where(case_dir, "[topic.tom_never]")
    assert never["end_column"] == never["column"] + len("[topic.tom_never]")
    assert failed["file"] == str(walk) and failed["line"] == 6
    assert failed["end_column"] - failed["column"] == len('{ do = "talk tom", '
                                                          'expect = "tom is honest" }')


def test_a_case_with_warnings_only_passes_and_tells_them(tmp_path, capsys):
    case_dir = broken_copy(tmp_path, MINI, ('"me: Where were you?"', '"Me: Where were you?"'))
    status, lines, _ = run(capsys, str(case_dir), "--format", "json")
    assert status == 0
    [warning] = [json.loads(line) for line in lines]
    assert (warning["code"], warning["severity"], warning["suggestion"]) == ("W002", "warning",
                                                                             "me")
    status, lines, _ = run(capsys, str(case_dir), "--format", "github")
    assert status == 0
    [command] = lines
    line, column = where(case_dir, '"Me: Where')
    end = column + len('"Me: Where were you?"') - 1  # GitHub's end column is the last one
    assert command.startswith(f"::warning file={case_dir / 'case.toml'},line={line},"
                              f"col={column},endColumn={end},title=W002::`Me:` is not")


def test_a_problem_of_the_whole_case_has_no_line_and_no_file_for_github(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    status, lines, _ = run(capsys, str(tmp_path / "empty"), "--format", "json")
    [found] = [json.loads(line) for line in lines]
    assert status == 1
    assert found["code"] == "E011" and found["file"] == str(tmp_path / "empty")
    assert found["line"] is found["column"] is found["end_line"] is found["key"] is None
    status, lines, _ = run(capsys, str(tmp_path / "empty"), "--format", "github")
    assert lines == ["::error title=E011::no story files (*.toml) in this folder"]


def test_a_sound_case_gives_nothing_and_a_missing_folder_says_so_on_stderr(tmp_path,
                                                                                capsys):
    status, lines, err = run(capsys, str(MINI), "--format", "json")
    assert (status, lines) == (0, [])
    status, lines, err = run(capsys, str(tmp_path / "nowhere"), "--format", "json")
    assert (status, lines) == (2, [])
    assert "is not a folder" in err


def test_json_names_the_key_when_the_line_is_unknown():
    item = json.loads(json_line(Diagnostic("a.toml", None, None, "E004", "bad", "topic.x.when"),
                                None))
    assert (item["line"], item["key"], item["end_line"]) == (None, "topic.x.when", None)


def test_github_escapes_messages_and_properties():
    tricky = Diagnostic("odd,name:1.toml", 3, 5, "E001", "100% wrong\r\nhere: a, b\x1b")
    assert github_command(tricky, (3, 9), is_file=True) == (
        "::error file=odd%2Cname%3A1.toml,line=3,col=5,endColumn=8,title=E001::"
        "100%25 wrong%0D%0Ahere: a, b\u241b")
    note = Diagnostic("case", None, None, "N001", "2 further problem(s) not shown")
    assert github_command(note, None, is_file=False) == (
        "::notice title=N001::2 further problem(s) not shown")
    spanning = Diagnostic("a.toml", 4, 3, "E004", "bad")
    assert github_command(spanning, (6, 2), is_file=True) == (
        "::error file=a.toml,line=4,endLine=6,title=E004::bad")
    keyed = Diagnostic("a.toml", None, None, "E004", "bad", "topic.x")
    assert github_command(keyed, None, is_file=True) == (
        "::error file=a.toml,title=E004::topic.x: bad")


def test_a_number_of_states_under_one_is_a_usage_error_and_nothing_is_checked(capsys):
    for given in ("-5", "0", "many"):
        try:
            main(["check", str(MINI), "--max-states", given])
        except SystemExit as leaving:
            assert leaving.code == 2
        else:
            raise AssertionError(f"--max-states {given} was taken")
        captured = capsys.readouterr()
        assert "argument --max-states" in captured.err and captured.out == ""
    assert main(["check", str(MINI), "--max-states", "10_000"]) == 0
