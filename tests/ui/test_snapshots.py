"""SVG snapshots of each screen at a fixed size (80x24, the smallest the game supports).

The state for each is reached through the engine's facade, then the screen is opened with keys.
Where the screen shows nothing of how the game got there, the facade is the engine's own: the
commands are played without the UI, saved, and the app opens on the save (tests/ui/positions.py),
which draws the same screen as a game played in the app. The board and the room remember their
cursors and the order topics came in, so the game is played in the app up to where they are
shown (the room from the save made as the player sat down with Anya).
Anya testifies: in her room the statements are listed above the conversation, and the
snapshots there show only the marks the player has earned (pressed, doubted, proved false).
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
# Anya's first testimony heard, one statement pressed.
SAT_WITH_ANYA = ["talk vincent", "ask vincent_reunion", "ask vincent_take_case",
                 "ask vincent_cctv_front", "talk anya"]
MET_ANYA = [*SAT_WITH_ANYA, "press anya_v1_door"]
# The front camera breaks the dealer at the door, which opens the other way in; its footage
# brings the DNA report, which breaks the washroom: Anya's second version, a statement pressed.
DNA_SHOWN = [*MET_ANYA, "object anya_v1_door with cctv_front", "talk vincent",
             "ask vincent_cctv_rear", "talk anya", "object anya_v1_washroom with dna_report",
             "press anya_v2_raped"]
# The first testimony worked on: the door proved false, an objection wasted on the party (the
# meter down one), the flight doubted with a note.
V1_WORKED = ["press anya_v1_door", "object anya_v1_party with cctv_front",
             "object anya_v1_door with cctv_front",
             "doubt anya_v1_ran: why not call from the flat?"]
# The whole investigation as `justice` plays it, up to the deduction board...
JUSTICE = tomllib.loads((BUNDLED / "walkthroughs" / "justice.toml").read_text("utf-8"))
TO_THE_BOARD = [step if isinstance(step, str) else step["do"] for step in JUSTICE["steps"]
                if isinstance(step, str) or not step.get("refused")]
TO_THE_BOARD = TO_THE_BOARD[:TO_THE_BOARD.index("leave") + 1]
# ...and on it: the arrival confirmed, the death filled in wrong once (not confirmed).
ON_THE_BOARD = ["fill arrival.with_damien with anya", "fill arrival.front_door with nobody",
                "fill the_death.struck_first with knife", "fill the_death.knife_hand with anya",
                "fill the_death.time_of_death with between_0200_0235"]
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
    # Just sat down with Anya again, the DNA report in hand.
    seated = DNA_SHOWN.index("object anya_v1_washroom with dna_report")
    app = app_at(bundled_story, tmp_path, DNA_SHOWN[:seated])
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(then=DNA_SHOWN[seated:]))


def test_testimony_room(snap_compare, bundled_story, tmp_path):
    """Anya's first testimony, numbered, each statement with the marks earned on it and no
    other, the meter at 4 of 5, the cursor on the statement doubted."""
    app = app_at(bundled_story, tmp_path, SAT_WITH_ANYA)
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=loaded(then=V1_WORKED, keys=["down", "down", "down"]))


def test_evidence_picker(snap_compare, bundled_story, tmp_path):
    """p on the statement highlighted (Anya's first of her second version): the objection's
    picker, the second piece highlighted."""
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(keys=["p", "down"]))


def test_locker(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(keys=["e"]))


def test_notebook(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded(keys=["n"]))


def test_versions(snap_compare, bundled_story, tmp_path):
    """Anya's two versions heard; the first, broken by the DNA report (objected to her
    washroom), says so."""
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)

    async def run_before(pilot) -> None:
        await loaded(keys=["v"])(pilot)
        strips = pilot.app.screen._compositor.render_strips()
        shown = " ".join(" ".join(strip.text for strip in strips).split())
        assert "Broken by: The DNA report" in shown, shown

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_ending(snap_compare, bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, TO_THE_END)
    assert snap_compare(app, terminal_size=SIZE, run_before=loaded())


def test_deduction_board(snap_compare, bundled_story, tmp_path):
    """The deduction board with a group confirmed (its lines told), one filled and not
    confirmed (never which blank is wrong), and the answers to a blank of it (3) listed."""
    app = app_at(bundled_story, tmp_path, TO_THE_BOARD)
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=loaded(then=ON_THE_BOARD, keys=["b", "3"]))
