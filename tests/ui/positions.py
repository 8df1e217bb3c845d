"""Positions in the case reached without keys: the commands played by the engine (milliseconds),
saved to a slot, and the app started on that slot (as `detective play --load` does) or made to
load it, instead of replaying every command through the screens (a few hundred milliseconds each,
for drawing screens that the test does not look at). What the test looks at is then drawn once,
from the state.

Only for screens drawn from the state alone: the board and the room also remember what the
player did in them (the board's cursors, the order in which topics came), which a load starts
afresh, so a test that looks at them plays the game in the app up to where they are shown.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.model import Story
from game.persistence.playthrough import Playthrough
from game.persistence.slots import SaveFolder
from game.tui.app import DetectiveApp, make_app
from tests.conftest import BUNDLED
from tests.ui.waiting import press, settle, until


def save_position(story: Story, folder: Path, commands: list[str], slot: str) -> Playthrough:
    """Play `commands` (as the line mode reads them) through the engine from a new game, each
    one taken, and save the game to `slot` in `folder`."""
    game = Playthrough(story)  # no autosave at each step
    game.begin()
    for command in commands:
        word, _, rest = command.partition(" ")
        resolved = resolve(game.session, word, rest)
        assert resolved.action is not None, f"{command}: {resolved.error}"
        refused = [e for e in game.perform(resolved.action) if isinstance(e, ev.Refused)]
        assert not refused, f"{command}: {refused}"
    game.folder = SaveFolder.open(folder)
    game.save(slot)
    return game


def app_at(story: Story, folder: Path, commands: list[str], slot: str = "position",
           case_dir: Path = BUNDLED) -> DetectiveApp:
    """An app that opens on the game saved after `commands` (see `open_position`); `case_dir`
    is the folder `story` was loaded from."""
    save_position(story, folder, commands, slot)
    return make_app(case_dir, story, saves_dir=folder, load_slot=slot)


async def open_position(pilot: Pilot) -> None:
    """Wait until the app started by `app_at` has loaded its slot, then as `shown`."""
    from game.tui.screens.title import TitleScreen

    app = pilot.app
    await until(pilot, lambda: app.session is not None and not isinstance(app.screen, TitleScreen),
                "the save to load")
    await shown(pilot)


async def load(pilot: Pilot, slot: str) -> None:
    """Load `slot` in the app under way (as the load screen does), then as `shown`."""
    assert pilot.app.load_game(slot), f"could not load {slot}"
    await shown(pilot)


async def shown(pilot: Pilot) -> None:
    """Close any scene the load brought and clear the notices (their toasts would cover the
    screen), once the app has settled."""
    from game.tui.screens.scene import SceneScreen

    app = pilot.app
    await settle(pilot)
    while isinstance(app.screen, SceneScreen):
        await press(pilot, "enter")
    app.clear_notifications()
    await settle(pilot)
