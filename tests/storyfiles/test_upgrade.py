"""Authors' cases never break on an upgrade: the bundled case as it was written before
testimony (transitions on `presented X to Y`, no statements, no board) still loads, checks
clean and plays to each of its endings."""

import io
import tomllib
from pathlib import Path

import pytest

from game.analysis.check import check_case
from game.storyfiles.loader import load_story
from game.storyfiles.walkthroughs import run_walkthrough, walkthrough_files
from tests.test_plain_mode import play

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "before_testimony"
pytestmark = pytest.mark.timeout(120)


def test_a_case_in_the_format_before_testimony_checks_clean():
    story = load_story(CASE)
    assert not story.statements and not story.board
    out = io.StringIO()
    assert check_case(CASE, out, err=io.StringIO()) == 0, out.getvalue()
    report = out.getvalue().splitlines()
    assert report[-1].startswith("ok: ") and report[-1].endswith("all reachable"), report[-1]
    assert sum(line.endswith("passed", 0, line.find(" (")) for line in report
               if line.startswith("walkthrough ")) == 3


def test_it_plays_to_every_ending_by_typed_commands():
    story = load_story(CASE)
    endings = set()
    for path in walkthrough_files(CASE):
        walk = run_walkthrough(story, path)
        assert walk.passed, walk.problems
        endings.add(tomllib.loads(path.read_text())["ending"])
    assert endings == set(story.endings)


def test_the_line_mode_plays_it_to_an_ending_and_shows_no_testimony():
    walk = tomllib.loads((CASE / "walkthroughs" / "justice.toml").read_text())
    typed = [step if isinstance(step, str) else step["do"] for step in walk["steps"]]
    # The line mode asks before the hearing and the last choice: say yes to each.
    script = "".join(f"{c}\nyes\n" if c.startswith(("hearing", "choose")) else f"{c}\n"
                     for c in typed)
    result = play(script, CASE)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "=== Ending:" in out
    assert "Credibility" not in out  # no meter in a case with nothing to object to
