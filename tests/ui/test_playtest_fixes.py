"""What a play-tester found in the TUI, each kept fixed: scene text read to its end before the
game goes on, and past scenes read again."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.scene import SceneScreen
from tests.conftest import BUNDLED
from tests.ui.waiting import play_commands, press, until


def plain(prompt) -> str:
    return getattr(prompt, "plain", str(prompt))


def footer_text(app) -> str:
    return str(app.screen.query_one("#scene-footer", Static).content)


def body(app) -> VerticalScroll:
    return app.screen.query_one("#scene-body", VerticalScroll)


# ---- 1. A scene is read to its end before enter goes on ------------------------------------------


async def test_enter_pages_through_a_long_scene_before_it_goes_on(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.story is not None, "the case opened")
        app.new_game(noted=True)
        await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the prologue")
        prologue = app.screen
        assert body(app).max_scroll_y > 0, "the prologue should be taller than 80x24 shows"
        assert "more \u2193" in footer_text(app) and "read on" in footer_text(app)
        pages = 0
        while app.screen is prologue and not prologue.end_seen:
            before = body(app).scroll_y
            await press(pilot, "enter" if pages % 2 == 0 else "space")
            pages += 1
            assert app.screen is prologue, "enter left the scene before its end was shown"
            assert body(app).scroll_y > before
        # The end is on screen: the footer says enter goes on, and it does.
        assert body(app).scroll_y == body(app).max_scroll_y
        assert footer_text(app) == "enter: continue"
        await press(pilot, "enter")
        assert app.screen is not prologue


async def test_a_scene_that_fits_goes_on_at_the_first_enter(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(140, 60)) as pilot:
        await until(pilot, lambda: app.story is not None, "the case opened")
        app.new_game(noted=True)
        await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the prologue")
        prologue = app.screen
        assert body(app).max_scroll_y == 0
        assert footer_text(app) == "enter: continue"
        await press(pilot, "enter")
        assert app.screen is not prologue


async def test_escape_skips_a_scene_unread(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.story is not None, "the case opened")
        app.new_game(noted=True)
        await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the prologue")
        prologue = app.screen
        await press(pilot, "escape")
        assert app.screen is not prologue and not prologue.end_seen
        while isinstance(app.screen, SceneScreen):
            await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)


# ---- 1. Past scenes are read again from the board ------------------------------------------------


async def test_the_case_so_far_lists_every_scene_and_reads_one_again(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        await play_commands(pilot, [])
        assert isinstance(app.screen, BoardScreen)
        scenes = app.screen.query_one("#scenes", OptionList)
        # The prologue, then the event that follows it: the latest first.
        titles = [plain(scenes.get_option_at_index(i).prompt) for i in
                  range(scenes.option_count)]
        assert len(titles) == 2
        assert titles[1].endswith("Prologue") and "Anya held" in titles[0]
        await press(pilot, "r")
        assert app.focused is scenes
        await press(pilot, "2")
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.scene_title == "Prologue" and app.screen.subtitle == "Read again"
        first = app.session.state.transcript[0].text
        assert any(first in line.text for line in app.screen.lines)
        while isinstance(app.screen, SceneScreen):
            await press(pilot, "enter")
        assert isinstance(app.screen, BoardScreen)
        assert app.session.state.turn == 0, "reading again is no step of the game"
