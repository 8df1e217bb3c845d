"""Case folders are untrusted: escapes and markup in their text, nesting and size past every limit,
files that are not files, folders that cannot be read, and readers that go away."""

import inspect
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.analysis.check import check_case
from game.engine.conditions import MAX_DEPTH, MAX_LENGTH, ConditionError, parse_condition
from game.plain import PlainGame
from game.storyfiles import loader
from game.storyfiles.diagnostics import CODES, StoryError
from game.storyfiles.limits import MAX_FILE_BYTES, MAX_KEY_PARTS, MAX_NESTING
from game.storyfiles.loader import load_case, load_story
from game.storyfiles.peek import peek_cover
from tests.conftest import BUNDLED, MINI
from tests.hostile.corpus import ESCAPES, EVERY_VIEW, MARKUP, write_hostile_case
from tests.test_plain_mode import play

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def hostile_case(tmp_path: Path) -> Path:
    return write_hostile_case(tmp_path / "hostile")


def problems_of(case: Path) -> list[str]:
    with pytest.raises(StoryError) as caught:
        load_story(case)
    return [str(d) for d in caught.value.diagnostics]


def case_with(tmp_path: Path, extra: str, name: str = "extra.toml") -> Path:
    """The mini case plus one more file."""
    case = tmp_path / "case"
    if not case.exists():
        import shutil

        shutil.copytree(MINI, case)
    (case / name).write_text(extra, encoding="utf-8")
    return case


# ---- escapes and markup: shown, never obeyed -----------------------------------------------

def test_no_escape_from_story_text_reaches_stdout_in_the_plain_mode(hostile_case, tmp_path):
    result = play(EVERY_VIEW, hostile_case, tmp_path / "saves")
    out = result.stdout
    assert result.returncode == 0 and result.stderr == b""
    assert b"=== Ending: Solved" in out and b"Case report" in out  # the script reached the end
    assert b"\x1b" not in out and b"\x07" not in out and "\u009b".encode() not in out
    text = out.decode()
    assert "\u241b]0;pwned\u2407" in text  # shown as symbols, where the author put them
    assert MARKUP in text  # markup is text here too


def test_on_a_terminal_only_the_modes_own_bold_is_sent(hostile_case):
    out = io.StringIO()
    game = PlainGame(load_story(hostile_case), out, colour=True)
    game.begin()
    for command in EVERY_VIEW.splitlines():
        game.handle(command)
    written = out.getvalue()
    assert "\x1b[1m" in written  # colour was on
    assert "\x1b" not in written.replace("\x1b[1m", "").replace("\x1b[0m", "")
    assert "\x07" not in written


def test_check_warns_about_control_characters_at_their_line_and_still_passes(hostile_case):
    out = io.StringIO()
    status = check_case(hostile_case, out)
    report = out.getvalue()
    assert status == 0, report
    warnings = [line for line in report.splitlines() if " W001 " in line]
    assert warnings and all(re.match(r".*case\.toml:\d+:\d+: W001 ", w) for w in warnings)
    assert any("ESC, BEL" in w for w in warnings)
    assert "\x1b" not in report and "\x07" not in report
    assert report.rstrip().endswith(f"{len(warnings)} warning(s)")


def test_the_loaded_story_holds_no_control_character(hostile_case):
    story, warnings = load_case(hostile_case)
    texts = [story.case.title, *(line.text for line in story.case.intro),
             *(t.title for t in story.topics.values()),
             *(line.text for t in story.topics.values() for line in t.lines),
             *(e.document for e in story.evidence.values())]
    assert all(ESCAPES not in text and "\x1b" not in text for text in texts)
    assert len(warnings) > 10


def test_a_crlf_file_is_not_warned_about(tmp_path):
    case = tmp_path / "crlf"
    case.mkdir()
    text = (MINI / "case.toml").read_text(encoding="utf-8").replace("\n", "\r\n")
    (case / "case.toml").write_bytes(text.encode())
    story, warnings = load_case(case)
    assert warnings == []
    assert story.case.title == "The Missing Cake"


def test_the_title_glance_shows_no_control_character(hostile_case):
    cover = peek_cover(hostile_case)
    assert cover.title.startswith("The Missing Cake") and "\x1b" not in cover.title


def test_file_names_and_keys_quoted_back_by_check_are_visible(tmp_path):
    hostile_key = '"\\u001b]0;k\\u0007" = 1\n'
    case = case_with(tmp_path, '[topic.x]\ncharacter = "tom"\ntitle = "x"\n' + hostile_key,
                     name="\x1b]0;file\x07.toml")
    out = io.StringIO()
    assert check_case(case, out) == 1
    report = out.getvalue()
    assert "E002" in report and "\x1b" not in report and "\x07" not in report
    assert "\u241b]0;file\u2407.toml" in report


# ---- limits: each reported at file:line, in bounded time ------------------------------------

@pytest.mark.parametrize("condition", ["(" * 10_000 + "true" + ")" * 10_000,
                                       "not " * 10_000 + "true",
                                       " and ".join(["true"] * 5_000)])
def test_a_runaway_condition_is_a_problem_at_its_line(tmp_path, condition):
    case = case_with(tmp_path, f'[topic.deep]\ncharacter = "tom"\ntitle = "Deep"\n'
                               f'when = "{condition}"\n')
    problems = problems_of(case)
    assert any(re.match(r".*extra\.toml:4:\d+: E007 ", p) for p in problems), problems


def test_conditions_nested_to_the_limit_parse_and_one_more_does_not():
    assert parse_condition("(" * MAX_DEPTH + "true" + ")" * MAX_DEPTH)(None) is True
    with pytest.raises(ConditionError, match="nested more than"):
        parse_condition("not " * (MAX_DEPTH + 1) + "true")
    with pytest.raises(ConditionError, match="longer than"):
        parse_condition("true " + "or true " * MAX_LENGTH)


def test_a_long_flat_condition_within_the_limit_evaluates_without_deep_calls():
    every = parse_condition(" and ".join(["true"] * 200))
    some = parse_condition(" or ".join(["false"] * 200))
    spare = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 40)  # far fewer frames than terms
    try:
        assert every(None) is True and some(None) is False
    finally:
        sys.setrecursionlimit(spare)


@pytest.mark.parametrize("text, message", [
    ("x = " + "[" * 10_000 + "]" * 10_000, "nested more than"),
    ("x = " + "{a = " * 10_000 + "1" + "}" * 10_000, "nested more than"),
    ("a" + ".a" * 10_000 + " = 1", "dotted key has more than"),
    ("[" + "a." * 10_000 + "b]", "dotted key has more than"),
    ('a' + '."b"' * 10_000 + ' = 1', "dotted key has more than"),
])
@pytest.mark.timeout(20)  # unbounded, tomllib takes 14 s on the dotted key and recurses
def test_deep_or_long_toml_is_refused_before_it_is_parsed(tmp_path, text, message):
    case = case_with(tmp_path, "# line 1\n" + text + "\n")
    problems = problems_of(case)
    assert any(re.match(rf".*extra\.toml:2:\d+: E014 .*{message}", p) for p in problems), problems


UNCLOSED = ['x = "' + "a b " * 250_000, 'x = """' + 'a b "" ' * 150_000,
            "x = " + "'" * 3 + "a b ''" * 150_000, 'x = "' + "\\" * 500_000]


@pytest.mark.timeout(20)  # a backtracking scan would take hours on these
@pytest.mark.parametrize("text", UNCLOSED)
def test_an_unclosed_string_of_a_megabyte_is_a_syntax_error_found_quickly(tmp_path, text):
    problems = problems_of(case_with(tmp_path, text))
    assert any(re.match(r".*extra\.toml:1:\d+: E001 ", p) for p in problems), problems


def test_nesting_and_dots_within_the_limits_are_fine_and_strings_do_not_count(tmp_path):
    inside = '"' + "[{" * 100 + "." * 100 + '"'
    text = (f"x = {'[' * MAX_NESTING}{']' * MAX_NESTING}\n"
            f"{'.'.join(['k'] * MAX_KEY_PARTS)} = {inside}\n"
            f"y = '''{'[' * 100}'''\n# {'[' * 100}\n")
    case = case_with(tmp_path, text)
    problems = problems_of(case)  # the tables are unknown to a case: E002, and nothing else
    assert problems and all(" E002 " in p for p in problems), problems


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    case = case_with(tmp_path, "# " + "x" * MAX_FILE_BYTES + "\n")
    problems = problems_of(case)
    assert any("extra.toml: E014 the file is not read: it is larger than 2 MB" in p
               for p in problems), problems


def test_too_many_tables_stop_the_reading_with_one_problem(tmp_path, monkeypatch):
    mini = load_story(MINI)
    tables_in_mini = (mini.node_count() + len(mini.characters) + len(mini.evidence)
                      + len(mini.places) + len(mini.endings))
    monkeypatch.setattr(loader, "MAX_OBJECTS", tables_in_mini + 5)
    tables = "".join(f'[topic.t{i}]\ncharacter = "tom"\ntitle = "T{i}"\n' for i in range(20))
    case = case_with(tmp_path, tables, name="z.toml")
    problems = problems_of(case)
    assert len(problems) == 1, problems
    assert re.match(rf".*z\.toml:16:1: E014 the case passes {tables_in_mini + 5} tables here",
                    problems[0])


def test_too_many_bytes_or_files_are_one_problem_each(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_CASE_BYTES", 1000)
    problems = problems_of(case_with(tmp_path, "# " + "x" * 2000 + "\n", name="z.toml"))
    # case.toml (about 2 KB, read first) passes the limit: it is named, and nothing after it
    assert problems == [f"{tmp_path / 'case' / 'case.toml'}: E014 the case's files pass 1000 "
                        "bytes here; later files are not read"]
    monkeypatch.setattr(loader, "MAX_CASE_BYTES", 10**9)
    monkeypatch.setattr(loader, "MAX_FILES", 1)
    problems = problems_of(tmp_path / "case")
    assert any("E014 the case has 2 story files; the limit is 1" in p for p in problems)


# ---- files that are not files, folders that cannot be read ------------------------------------

def test_a_fifo_a_device_link_and_an_outside_link_are_problems_not_hangs(tmp_path):
    case = case_with(tmp_path, "")
    (case / "extra.toml").unlink()
    os.mkfifo(case / "pipe.toml")
    (case / "zero.toml").symlink_to("/dev/zero")
    outside = tmp_path / "outside.toml"
    outside.write_text('[evidence.secret]\ntitle = "Secret"\ndocument = "From outside."\n')
    (case / "outside.toml").symlink_to(outside)
    (case / "folder.toml").mkdir()
    problems = problems_of(case)
    assert any("pipe.toml: E012 the file is not read: it is not a regular file" in p
               for p in problems)
    assert any("zero.toml: E012 the file is not read: it is a link to a file outside" in p
               for p in problems)
    assert any("outside.toml: E012 the file is not read: it is a link to a file outside" in p
               for p in problems)
    assert not any("folder.toml" in p for p in problems)  # a folder is walked, not read
    assert not any("Secret" in p for p in problems)


def test_a_link_inside_the_case_is_read(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    (case / "real").mkdir()
    (case / "real" / "case.toml").write_bytes((MINI / "case.toml").read_bytes())
    (case / "case.toml").symlink_to(case / "real" / "case.toml")
    problems = problems_of(case)  # read twice: once by each name
    assert all(" E006 " in p for p in problems), problems


def test_a_folder_that_cannot_be_read_is_a_problem(tmp_path, monkeypatch):
    case = case_with(tmp_path, "")
    (case / "extra.toml").unlink()
    (case / "locked").mkdir()
    real_scandir = os.scandir

    def refusing(path="."):
        if Path(path) == case / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)  # the tests run as root: permissions do not bite
    problems = problems_of(case)
    assert problems == [f"{case / 'locked'}: E012 the folder cannot be read: Permission denied"]


def test_a_file_that_cannot_be_read_is_a_problem(tmp_path, monkeypatch):
    case = case_with(tmp_path, "")
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if Path(path).name == "extra.toml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    assert problems_of(case) == [f"{case / 'extra.toml'}: E012 Permission denied"]


def test_every_new_code_is_documented():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text()
    for code in ("E014", "W001"):
        assert code in CODES and f"| {code} |" in guide


# ---- readers that go away --------------------------------------------------------------------

@pytest.mark.parametrize("command, read_first", [
    (["play", "--plain", "--saves", "{saves}", str(MINI)], True),  # like `| head -1`
    (["check", str(BUNDLED)], False),  # the reader is gone before the first line
    (["saves", "--saves", "{saves}"], False),
])
def test_a_closed_stdout_ends_the_command_quietly(tmp_path, command, read_first):
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "broken.toml").write_text("not a save")
    argv = [part.format(saves=saves) for part in command]
    process = subprocess.Popen([sys.executable, "-m", "game", *argv], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stdin is not None
    if read_first:
        assert process.stdout.readline()
    process.stdout.close()
    try:  # far more answers than a pipe holds, so the game must write into the closed pipe
        process.stdin.write(b"status\n" * 5000)
        process.stdin.close()
    except BrokenPipeError:
        pass  # it had already left
    assert process.wait(timeout=60) == 141
    stderr = process.stderr.read() if process.stderr else b""
    assert stderr == b"", stderr


def test_a_character_refused_for_its_condition_is_not_also_an_unknown_speaker(tmp_path):
    case = case_with(tmp_path, "")
    text = (case / "case.toml").read_text(encoding="utf-8")
    deep = "(" * (MAX_DEPTH + 1) + "presented crumbs to tom" + ")" * (MAX_DEPTH + 1)
    (case / "case.toml").write_text(text.replace('"presented crumbs to tom"', f'"{deep}"', 1),
                                    encoding="utf-8")
    problems = problems_of(case)
    assert [p.split(": ")[1].split()[0] for p in problems] == ["E007"], problems
