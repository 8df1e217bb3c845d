"""A case whose final stage is an inquest, and whose credibility is patience: every screen the
Textual interface draws on the way through it, from the title to the case report, says the
case's words and never "hearing" or "credibility"."""

from __future__ import annotations

import re

import pytest
from textual.command import CommandPalette

from game.engine.commands import resolve
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.load import LoadScreen
from tests.conftest import inquest_case
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.test_hostile_tui import screen_lines
from tests.ui.waiting import palette_search, settle, until

pytestmark = pytest.mark.timeout(90)
HEARING = re.compile("hearing|credibility", re.IGNORECASE)  # another world's words


class WatchingPlayer(KeyboardPlayer):
    """A keyboard player who reads the whole screen after every key."""

    seen: list[str]

    async def press(self, *keys: str) -> None:
        for key in keys:
            await super().press(key)
            self.look()

    def look(self) -> None:
        self.seen.extend(screen_lines(self.app))


async def test_no_screen_says_hearing_in_a_case_with_an_inquest(tmp_path):
    case = inquest_case(tmp_path / "inquest")
    app = make_app(case, saves_dir=tmp_path / "saves")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        player = WatchingPlayer(app, pilot)
        player.seen = []
        await until(pilot, lambda: app.story is not None, "the case opened")
        player.look()
        await player.start()

        async def look_around() -> None:
            """The keys, the palette, the hints, and the views a player opens."""
            await player.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await player.press("end")  # how to play, below the keys
            await player.press("escape")
            await palette_search(pilot, "Go")
            assert isinstance(app.screen, CommandPalette)
            player.look()
            await player.press("escape")
            for _ in range(3):
                await player.press("h")
                await settle(pilot)
                player.look()
            app.clear_notifications()
            for view in ("e", "n", "v", "b"):
                await player.press(view)
                await player.press("escape")

        await look_around()
        for step in ("search hall", "talk max", "object mend with photo",
                     "object garden with photo", "leave",
                     "fill who with max", "fill when with ten past three"):
            word, _, rest = step.partition(" ")
            await player.do(resolve(app.session, word, rest).action)
        await player.to_board()
        assert isinstance(app.screen, BoardScreen)
        assert app.session.hearing_available()
        await look_around()
        await player.press("f5")  # a quick save, named by where the game is
        await settle(pilot)
        await player.do(resolve(app.session, "inquest", "").action)
        player.look()
        await player.press("ctrl+l")
        assert isinstance(app.screen, LoadScreen)
        await player.press("escape")
        await player.do(resolve(app.session, "choose", "tell").action)
        await settle(pilot)
        player.look()
        assert app.session.state.ending == "solved"

    shown = " ".join(" ".join(player.seen).split())  # wrapped text read whole again
    for text in ("g Inquest", "The inquest is set.", "Go to the inquest",
                 "When you know enough, go to the inquest.", "The inquest",
                 "Patience ●●○ 2/3", "costs patience",
                 "It proves nothing against it: patience lost."):
        assert text in shown, text
    assert HEARING.findall(shown) == [], [line for line in player.seen if HEARING.search(line)]
