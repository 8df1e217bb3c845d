"""What `detective check` claims: only what its search proved, each with why and where."""

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.analysis.check import check_case
from tests.conftest import BUNDLED, MINI

pytestmark = pytest.mark.timeout(120)


def mini_with(tmp_path: Path, *edits: tuple[str, str], extra: str = "") -> Path:
    """The mini case with text replaced in case.toml (each edit must apply) and more appended."""
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    shutil.rmtree(case / "walkthroughs")  # the edits change the story the walkthrough plays
    path = case / "case.toml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text + extra, encoding="utf-8")
    return case


def report_of(case: Path, max_states: int = 500_000) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = check_case(case, out, max_states)
    return status, out.getvalue().splitlines()


def line_of(case: Path, header: str) -> int:
    lines = (case / "case.toml").read_text(encoding="utf-8").splitlines()
    return lines.index(header) + 1


def test_a_stopped_search_claims_nothing_it_did_not_prove():
    result = subprocess.run([sys.executable, "-m", "game", "check", str(BUNDLED),
                             "--max-states", "100"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "C008 unproved: exploration stopped at 100 states" in result.stdout
    assert not re.search(r" C00[1-5] ", result.stdout), result.stdout
    assert result.stdout.splitlines()[-1].startswith("error: 1 problem(s)")


def test_an_unreachable_topic_says_which_condition_never_holds(tmp_path):
    case = mini_with(tmp_path, extra='\n[topic.tom_never]\ncharacter = "tom"\ntitle = "Never"\n'
                                     'when = "tom is honest and not has crumbs"\n')
    status, lines = report_of(case)
    assert status == 1
    line = line_of(case, "[topic.tom_never]")
    assert (f"{case / 'case.toml'}:{line}:1: C001 topic `tom_never` can never be played: its "
            "`when` never holds while Tom can be questioned: `tom is honest and not has crumbs` "
            "never holds") in lines


def test_a_topic_of_someone_never_available_says_so(tmp_path):
    case = mini_with(tmp_path, ('available = "flag met_tom"', 'available = "false"'))
    status, lines = report_of(case)
    assert status == 1
    assert any("C001 topic `ann_saw` can never be played: Ann can never be questioned: "
               "`false` never holds" in line for line in lines), lines


def test_an_unreached_ending_says_which_option_never_opens(tmp_path):
    case = mini_with(tmp_path, ('when = "visited tom_confess"', 'when = "false"'))
    status, lines = report_of(case)
    assert status == 1
    line = line_of(case, "[ending.solved]")
    assert (f"{case / 'case.toml'}:{line}:1: C004 ending `solved` can never be reached: no "
            "option that leads to it is ever offered at the hearing: `accuse`: `false` never "
            "holds while the hearing is open") in lines


def test_an_ending_behind_a_hearing_that_never_opens_says_so(tmp_path):
    case = mini_with(tmp_path, ('available = "has crumbs"', 'available = "false"'))
    status, lines = report_of(case)
    assert any("C004 ending `unsolved` can never be reached: the hearing never opens: `false` "
               "never holds" in line for line in lines), lines


def test_a_softlock_is_placed_at_the_line_of_what_led_into_it(tmp_path):
    case = mini_with(tmp_path,
                     ('text = "Let it go."\nending = "unsolved"',
                      'text = "Let it go."\nwhen = "not flag met_tom"\nending = "unsolved"'),
                     ('when = "visited tom_confess"', 'when = "false"'))
    status, lines = report_of(case)
    assert status == 1
    softlock = [line for line in lines if " C005 " in line]
    assert len(softlock) == 1
    assert re.match(rf"{re.escape(str(case / 'case.toml'))}:\d+:1: C005 \d+ state\(s\) from "
                    r"which no ending can be reached; the first after: .*ask tom_afternoon",
                    softlock[0]), softlock


def test_a_version_that_can_be_skipped_is_a_warning_with_the_path(tmp_path):
    # A third state after `honest`, and a shortcut from the first straight to it.
    machine = ('[[character.tom.transitions]]\nfrom = "lying"\nto = "honest"\n'
               'when = "presented crumbs to tom"')
    case = mini_with(
        tmp_path,
        ('[[character.tom.transitions]]\nfrom = "lying"\nto = "honest"\n'
         'when = "presented crumbs to tom"', machine),
        extra=('\n[character.tom.states.sorry]\nlabel = "Sorry"\naccount = "He is sorry."\n'
               '\n[[character.tom.transitions]]\nfrom = "honest"\nto = "sorry"\n'
               'when = "visited tom_confess"\n'
               '\n[[character.tom.transitions]]\nfrom = "lying"\nto = "sorry"\n'
               'when = "has plate"\n'))
    status, lines = report_of(case)
    skipped = [line for line in lines if " W004 " in line]
    assert len(skipped) == 1, lines
    assert ("W004 state `sorry` of `tom` can be entered without `honest` ever being entered, "
            "after: ") in skipped[0]
    assert "ask ann_saw" in skipped[0]  # the plate comes from the event Ann's topic fires
    # At the state's own table, not at the character's.
    sorry = line_of(case, "[character.tom.states.sorry]")
    assert skipped[0].startswith(f"{case / 'case.toml'}:{sorry}:1: W004 ")
    assert status == 0 and lines[-1].endswith("1 warning(s)")


def test_a_line_of_versions_told_in_order_is_not_warned_about():
    status, lines = report_of(BUNDLED)
    assert status == 0
    assert not any(" W004 " in line for line in lines)
