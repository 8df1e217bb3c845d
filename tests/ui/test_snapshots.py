"""SVG snapshots of each screen at a fixed size (80x24, the smallest the game supports).

The state for each is reached through the engine's facade, then the screen is opened with keys.
Where the screen shows nothing of how the game got there, the facade is the engine's own: the
commands are played without the UI, saved, and the app opens on the save (tests/ui/positions.py),
which draws the same screen as a game played in the app. The board and the room remember their
cursors and the order topics came in, so the game is played in the app up to where they are
shown (the room from the save made as the player sat down with Anya).
Update on purpose with `pytest tests/ui/test_snapshots.py --snapshot-update`, and look at them.
"""

import tomllib
from collections.abc import Sequence

from game.tui.app import make_app
from tests.conftest import BUNDLED
from tests.ui.positions import app_at, open_position
from tests.ui.waiting import play_commands, play_on, press

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


def loaded(then: Sequence[str] = (), keys: Sequence[str] = ()):
    """A run_before hook for an app made by `app_at`: wait for its save to load, play `then`
    through the facade, and press `keys`."""

    async def run_before(pilot) -> None:
        await open_position(pilot)
        await play_on(pilot, list(then))
        await press(pilot, *keys)

    return run_before


def app_for(bundled_story):
    return make_app(BUNDLED, bundled_story)


def test_title(snap_compare, bundled_story):
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE)


def test_board(snap_compare, bundled_story):
    commands = [*MET_ANYA, "leave"]
    assert snap_compare(app_for(bundled_story), terminal_size=SIZE, run_before=play(commands))


def test_interrogation_mid_conversation(snap_compare, bundled_story, tmp_path):
    seated = DNA_SHOWN.index("present dna_report")  # just sat down with Anya again
    app = app_at(bundled_story, tmp_path, DNA_SHOWN[:seated])
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(then=DNA_SHOWN[seated:]))


def test_evidence_picker(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(keys=["p", "down"]))


def test_locker(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(keys=["e"]))


def test_notebook(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(keys=["n"]))


def test_versions(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(keys=["v"]))


def test_ending(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, TO_THE_END)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded())
