"""`detective play --from WALKTHROUGH[:STEP]`: start where a walkthrough leads, in both faces."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.persistence.playthrough import StartingPoint
from game.storyfiles.loader import load_story
from game.storyfiles.walkthroughs import WalkError, find_walkthrough, reach
from game.tui.app import make_app
from game.tui.screens.interrogation import InterrogationScreen
from tests.conftest import DEDUCTION, ROOT
from tests.ui.waiting import until

pytestmark = pytest.mark.timeout(60)
SOLVED = DEDUCTION / "walkthroughs" / "solved.toml"


def test_a_walkthrough_is_found_by_name_path_and_step():
    assert find_walkthrough(DEDUCTION, "solved") == (SOLVED, None)
    assert find_walkthrough(DEDUCTION, "solved.toml:4") == (SOLVED, 4)
    assert find_walkthrough(DEDUCTION, f"{SOLVED}:2") == (SOLVED, 2)
    with pytest.raises(WalkError, match="did you mean `solved`"):
        find_walkthrough(DEDUCTION, "solvd")


def test_the_state_reached_is_the_walkthrough_s_own():
    story = load_story(DEDUCTION)
    after_three = reach(story, SOLVED, 3)  # search, talk, press
    assert after_three.interlocutor == "max" and set(after_three.held) == {"glue", "photo"}
    assert after_three.pressed and not after_three.contradicted
    whole = reach(story, SOLVED)
    assert whole.ending == "solved"
    with pytest.raises(WalkError, match="has 10 steps, not 11"):
        reach(story, SOLVED, 11)


def _plain(*args: str, commands: str = "status\nundo\nquit\n") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", "play", "--plain", str(DEDUCTION),
                           *args], input=commands, capture_output=True, text=True, timeout=30,
                          cwd=ROOT)


def test_the_line_mode_plays_on_from_the_walkthrough(tmp_path):
    played = _plain("--saves", str(tmp_path), "--from", "solved:5")
    assert played.returncode == 0, played.stderr
    out = played.stdout
    assert "Playing on from the walkthrough solved.toml, after step 5" in out
    assert "Max: It was me" in out  # proved wrong at step 5: his second version
    assert "Credibility: 2 of 3." in out  # and the wrong objection of step 4 counted
    assert "Nothing to undo: this game was loaded from “the walkthrough solved.toml" in out


def test_what_cannot_be_started_from_is_said_and_nothing_played(tmp_path):
    missing = _plain("--saves", str(tmp_path), "--from", "nowhere")
    assert missing.returncode == 1 and "no walkthrough `nowhere`" in missing.stderr
    both = _plain("--saves", str(tmp_path), "--from", "solved", "--load", "x")
    assert both.returncode == 2 and "give one" in both.stderr
    assert not list(tmp_path.iterdir())  # no game was begun: nothing saved


async def test_the_interface_opens_on_the_walkthrough_s_game():
    story = load_story(DEDUCTION)
    state = reach(story, SOLVED, 3)
    app = make_app(DEDUCTION, story, start=StartingPoint(state, "the walkthrough, step 3"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterrogationScreen), "the room")
        assert app.session.state.pressed == state.pressed
        assert app.session.state.held == state.held
        assert not app.playthrough.history.can_undo
