"""Every walkthrough of every case passes; a broken one is reported at its step."""

import shutil

import pytest

from game.storyfiles.loader import load_story
from game.storyfiles.walkthroughs import run_walkthrough, walkthrough_files
from tests.conftest import BUNDLED, MINI, ROOT

DEDUCTION = ROOT / "tests" / "fixtures" / "deduction_case"  # testimony, objections, a board
WALKS = [(case, path) for case in (BUNDLED, MINI, DEDUCTION) for path in walkthrough_files(case)]


@pytest.mark.parametrize(("case", "path"), WALKS, ids=[f"{c.name}/{p.name}" for c, p in WALKS])
def test_walkthrough_passes(case, path):
    result = run_walkthrough(load_story(case), path)
    assert result.problems == []
    assert result.steps > 0


def test_bundled_case_has_a_walkthrough_per_ending(bundled_story):
    import tomllib

    endings = {tomllib.loads(p.read_text(encoding="utf-8")).get("ending")
               for p in walkthrough_files(BUNDLED)}
    assert set(bundled_story.endings) <= endings


def test_failing_step_is_reported_at_its_line(tmp_path, mini_story):
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    path = case_dir / "walkthroughs" / "wrong.toml"
    path.write_text('title = "wrong"\nending = "solved"\nsteps = [\n  "search bedroom",\n'
                    '  { do = "talk tom", expect = "tom is honest" },\n]\n', encoding="utf-8")
    result = run_walkthrough(mini_story, path)
    assert [str(p) for p in result.problems] == [
        f"{path}:5:3: C006 step 2: after `talk tom`, expected `tom is honest`"]


def test_wrong_ending_is_reported(tmp_path, mini_story):
    path = tmp_path / "short.toml"
    path.write_text('title = "short"\nending = "solved"\nsteps = ["search bedroom", "hearing",'
                    ' "choose shrug"]\n', encoding="utf-8")
    result = run_walkthrough(mini_story, path)
    assert [p.code for p in result.problems] == ["C006"]
    assert "expected ending `solved`" in result.problems[0].message


def test_a_walk_that_stops_short_says_so_at_its_ending_and_last_choice(tmp_path, mini_story):
    path = tmp_path / "stops.toml"
    path.write_text('title = "stops"\nending = "solved"\nfinal_choice = "bake"\n'
                    'steps = ["search bedroom"]\n', encoding="utf-8")
    result = run_walkthrough(mini_story, path)
    assert [str(p) for p in result.problems] == [
        f"{path}:2:1: C006 reaches no ending in its 1 step, expected ending `solved`",
        f"{path}:3:1: C006 no last choice is made, expected `bake`"]


@pytest.mark.parametrize("command", ["testimony", "read letter", "board", "hint", "save x",
                                     "undo"])
def test_a_command_that_only_shows_something_is_not_a_step_and_the_actions_are_named(
        tmp_path, mini_story, command):
    path = tmp_path / "views.toml"
    path.write_text(f'title = "views"\nending = "solved"\nsteps = ["{command}"]\n',
                    encoding="utf-8")
    [problem] = run_walkthrough(mini_story, path).problems
    word = command.split()[0]
    assert problem.message == (
        f"step 1: `{command}`: `{word}` shows something or works on saves and history; a "
        "walkthrough step is one of the actions that play the case: talk, ask, present, search, "
        "leave, hearing, choose, press, object, fill, doubt, trust")


def test_an_unknown_ending_or_last_choice_is_named_with_a_suggestion(tmp_path, mini_story):
    path = tmp_path / "typo.toml"
    path.write_text('title = "typo"\nending = "solvd"\nsteps = ["search bedroom"]\n',
                    encoding="utf-8")
    [problem] = run_walkthrough(mini_story, path).problems
    assert str(problem) == (f"{path}:2:10: E005 unknown ending `solvd`; did you mean "
                            "`solved`?")
    path.write_text('title = "typo"\nending = "solved"\nfinal_choice = "bak"\n'
                    'steps = ["search bedroom"]\n', encoding="utf-8")
    [problem] = run_walkthrough(mini_story, path).problems
    assert problem.code == "E005" and problem.line == 3
    assert problem.message == "ending `solved` has no choice `bak`; did you mean `bake`?"


def test_a_failing_step_suggests_what_was_meant_and_check_says_which_step(tmp_path):
    import io

    from game.analysis.check import check_case
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    (case / "walkthroughs" / "typo.toml").write_text(
        'title = "typo"\nsteps = ["talk tom", "ask the afternon trip"]\n', encoding="utf-8")
    out = io.StringIO()
    check_case(case, out)
    said = out.getvalue()
    assert "C006 step 2: `ask the afternon trip`: No 'the afternon trip' to ask now. Did you " \
        "mean: The afternoon?" in said
    assert "walkthrough typo.toml: FAILED at step 2 of 2" in said
