"""What a play-tester found in the TUI, the second round: each kept fixed."""

from __future__ import annotations

import tomllib

from textual.widgets import Static

from game.engine.session import Action
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.scene import SceneScreen
from tests.conftest import BUNDLED
from tests.ui.positions import app_at, open_position
from tests.ui.test_snapshots import DNA_SHOWN
from tests.ui.waiting import press, settle

TRUTH = tomllib.loads((BUNDLED / "walkthroughs" / "perfect_mother.toml").read_text("utf-8"))
STEPS = [step if isinstance(step, str) else step["do"] for step in TRUTH["steps"]]
# Vincent in the chair, "Finding the dealer" not asked yet: asking it fires "Vincent hurt".
BEFORE_THE_DEALER = STEPS[:STEPS.index("ask Finding the dealer")]


def conversation(app) -> list[str]:
    return [line.text for line in app.screen.query_one("#conversation").lines]


def below(app) -> str:
    widget = app.screen.query_one("#below", Static)
    return str(widget.content) if widget.display else ""


# ---- 1. The answer is read before the scene it brings ------------------------------------------


async def test_a_scene_an_answer_brings_waits_until_the_answer_is_read(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, BEFORE_THE_DEALER)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        app.act(Action("ask", "vincent_find_dealer"))
        await settle(pilot)
        # The room, with his answer in it; the scene is said to follow, not shown over it.
        assert isinstance(app.screen, InterrogationScreen)
        assert app.held == "Vincent hurt on the boulevard de la Chapelle"
        assert any("You stay by your phone" in line for line in conversation(app))
        assert "Something happens: Vincent hurt" in below(app)
        # A key that would act (a digit, escape) does not act over it: it reads on, or opens it.
        turn = app.session.state.turn
        for _ in range(10):
            if isinstance(app.screen, SceneScreen):
                break
            await press(pilot, "1")
        assert isinstance(app.screen, SceneScreen), "the scene never opened"
        assert app.session.state.turn == turn, "a key acted in the room past the scene"
        assert "did not stay by your phone" in " ".join(line.text for line in app.screen.lines)
        while isinstance(app.screen, SceneScreen):
            await press(pilot, "enter")
        assert isinstance(app.screen, InterrogationScreen) and not app.held
        assert not below(app).startswith("Something"), below(app)


async def test_a_search_shows_its_scene_at_once(bundled_story, tmp_path):
    # On the board no answer comes before the scene: it opens at once, as before.
    app = app_at(bundled_story, tmp_path, [*BEFORE_THE_DEALER, "ask Finding the dealer"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "escape")
        app.act(Action("search", "anya_room"))
        await settle(pilot)
        assert isinstance(app.screen, SceneScreen) and not app.held


# ---- 2. A long answer is shown from its beginning ----------------------------------------------


async def test_a_long_answer_is_shown_from_its_heading_with_more_below(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "a")  # the topics have the focus
        app.act(Action("ask", "anya_v2_lie"))
        await settle(pilot)
        log = app.screen.query_one("#conversation")
        assert log.max_scroll_y > log.scroll_y, "the answer should be taller than the view"
        top = conversation(app)[round(log.scroll_y)]
        assert top.startswith("\u2500\u2500 You ask:"), top
        assert "more \u2193" in below(app)
        # PageDown scrolls the conversation though the topics have the focus.
        assert app.screen.query_one("#topics").has_focus
        before = log.scroll_y
        await press(pilot, "pagedown")
        after = log.scroll_y
        assert after > before
        await press(pilot, "pageup")
        assert log.scroll_y < after
