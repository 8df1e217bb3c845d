"""`detective check --coverage`: what no walkthrough reaches, at its line, with percentages."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest

from game.analysis.check import check_case
from game.storyfiles.loader import load_story
from tests.conftest import BUNDLED, DEDUCTION

pytestmark = pytest.mark.timeout(60)


def _summary(report: str) -> dict[str, tuple[int, int, int]]:
    line = next(line for line in report.splitlines() if line.startswith("coverage by "))
    kinds = line.partition("): ")[2].partition("; in all")[0].split(", ")
    found = [re.fullmatch(r"(.+) (\d+) of (\d+) \((\d+)%\)", kind) for kind in kinds]
    return {m[1]: (int(m[2]), int(m[3]), int(m[4])) for m in found if m}


def test_the_bundled_case_reaches_every_ending_and_lists_what_it_misses():
    out = io.StringIO()
    assert check_case(BUNDLED, out, with_coverage=True) == 0
    report = out.getvalue()
    kinds = _summary(report)
    story = load_story(BUNDLED)
    assert kinds["endings"] == (3, 3, 100)
    assert kinds["nodes"][1] == story.node_count()
    notes = [line for line in report.splitlines() if " N002 " in line]
    assert len(notes) == sum(total - hit for hit, total, _ in kinds.values())  # each, once
    where = re.compile(rf"{re.escape(str(BUNDLED))}/\S+\.toml:\d+:\d+: N002 ")
    assert all(where.match(note) for note in notes), notes[:3]
    assert report.rstrip().splitlines()[-1].startswith("ok: ")  # notes change no verdict


def test_a_case_with_one_walkthrough_misses_the_other_ending_at_its_line(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(DEDUCTION, case)
    (case / "walkthroughs" / "out_of_credibility.toml").unlink()
    out = io.StringIO()
    assert check_case(case, out, with_coverage=True) == 0
    report = out.getvalue()
    text = (case / "case.toml").read_text(encoding="utf-8").splitlines()
    line = text.index("[ending.shrug]") + 1
    assert f"case.toml:{line}:1: N002 ending `shrug` is reached by no walkthrough" in report
    assert _summary(report)["endings"] == (1, 2, 50)
    # The wrong answer, never written by the walk that solves the case, is a decoy: a walk
    # that leaves it alone misses nothing (an author took the notes about decoys for noise).
    assert "board answer `noon`" not in report


def test_a_walkthrough_that_fails_still_counts_what_it_played(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(DEDUCTION, case)
    (case / "walkthroughs" / "out_of_credibility.toml").unlink()
    solved = case / "walkthroughs" / "solved.toml"
    solved.write_text(solved.read_text().replace('"talk max",', '"talk max",\n  "ask x",'))
    out = io.StringIO()
    assert check_case(case, out, with_coverage=True) == 1  # C006
    report = out.getvalue()
    assert "C006" in report
    assert "N002 evidence `photo` is reached" not in report  # found before the failing step
    assert _summary(report)["endings"] == (0, 2, 0)


def test_the_json_lines_carry_the_coverage_notes(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(DEDUCTION, case)
    (case / "walkthroughs" / "out_of_credibility.toml").unlink()
    out = io.StringIO()
    assert check_case(case, out, output="json", with_coverage=True) == 0
    notes = [json.loads(line) for line in out.getvalue().splitlines()]
    assert notes and all(n["code"] == "N002" and n["severity"] == "note" for n in notes)
    assert all(n["line"] for n in notes)


def test_without_the_option_nothing_is_said_of_coverage():
    out = io.StringIO()
    assert check_case(DEDUCTION, out) == 0
    assert "N002" not in out.getvalue() and "coverage" not in out.getvalue()


def test_the_notes_come_in_the_order_of_the_files_and_their_lines():
    out = io.StringIO()
    assert check_case(BUNDLED, out, with_coverage=True) == 0
    notes = [line for line in out.getvalue().splitlines() if " N002 " in line]
    places = [(note.split(":")[0], int(note.split(":")[1])) for note in notes]
    assert notes and places == sorted(places)
