"""SVG snapshots of each screen at a fixed size (80x24, the smallest the game supports).

The state for each is reached through the engine's facade, then the screen is opened with keys.
Update on purpose with `pytest tests/ui/test_snapshots.py --snapshot-update`, and look at them.
"""

import tomllib

from game.tui.app import make_app
from tests.conftest import BUNDLED
from tests.ui.waiting import play_commands

SIZE = (80, 24)

# Where each snapshot stands in the case, as typed commands.
MET_ANYA = ["talk vincent", "ask vincent_reunion", "ask vincent_take_case", "talk anya",
            "ask anya_v1_night", "ask anya_v1_washroom"]
DNA_SHOWN = [*MET_ANYA, "talk vincent", "ask vincent_cctv_front", "ask vincent_cctv_rear",
             "talk anya", "present dna_report", "ask anya_v2_night"]
BLIND_FAITH = tomllib.loads((BUNDLED / "walkthroughs" / "blind_faith.toml").read_text("utf-8"))
TO_THE_END = [step if isinstance(step, str) else step["do"] for step in BLIND_FAITH["steps"]
              if isinstance(step, str) or not step.get("refused")]


def play(commands: list[str]):
    """A run_before hook: start a game, play `commands` through the facade, close scenes."""

    async def run_before(pilot) -> None:
        await play_commands(pilot, commands)

    return run_before


def app_for(bundled_story):
    return make_app(BUNDLED, bundled_story)


def test_title(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE)


def test_board(snap_compare, bundled_story):
    commands = [*MET_ANYA, "leave"]
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE, run_before=play(commands))


def test_interrogation_mid_conversation(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE, run_before=play(DNA_SHOWN))


def test_evidence_picker(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE, run_before=play(DNA_SHOWN),
                        press=["p", "down"])


def test_locker(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE, run_before=play(DNA_SHOWN),
                        press=["e"])


def test_notebook(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE, run_before=play(DNA_SHOWN),
                        press=["n"])


def test_versions(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE, run_before=play(DNA_SHOWN),
                        press=["v"])


def test_ending(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE,
                        run_before=play(TO_THE_END))
