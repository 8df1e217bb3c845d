"""What a play-tester found in the TUI, the second round: each kept fixed."""

from __future__ import annotations

import tomllib

from textual.widgets import Static
from textual.widgets._toast import Toast

from game.engine.session import Action
from game.presentation.views import StatementView
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.hearing import HearingScreen
from game.tui.screens.interrogation import InterrogationScreen, chair_bar, statement_prompt
from game.tui.screens.scene import SceneScreen
from tests.conftest import BUNDLED
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.positions import app_at, open_position
from tests.ui.test_snapshots import DNA_SHOWN
from tests.ui.waiting import open_held, press, settle, until

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


# ---- 3. The board's hint goes once the game has moved on; no notice over a scene ---------------


async def test_the_hint_line_goes_once_the_game_moves_on(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, [*BEFORE_THE_DEALER, "ask Finding the dealer",
                                           "leave"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "h")
        hint = app.screen.query_one("#hint", Static)
        assert hint.display and app.last_hint
        app.act(Action("search", "anya_room"))
        await settle(pilot)
        while isinstance(app.screen, SceneScreen):
            await press(pilot, "enter")
        assert app.last_hint == "" and not hint.display


async def test_no_notice_stands_over_a_scene(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, BEFORE_THE_DEALER)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_position(pilot)
        await press(pilot, "h")  # in the room, a hint is a notice
        app.act(Action("ask", "vincent_find_dealer"))
        await settle(pilot)
        await open_held(pilot)
        assert isinstance(app.screen, SceneScreen) and app._notifications
        assert list(app.screen.query(Toast)), "the notice should be on the scene's rack"
        assert not [toast for toast in app.screen.query(Toast) if toast.region.width], \
            "a notice stands over the scene"


# ---- 4. The outcome is read before the last choice ---------------------------------------------


async def test_the_last_choice_shows_once_the_outcome_is_read(bundled_story, tmp_path):
    # The truth told, the hearing set: telling Vincent leads to an ending with a last choice.
    app = app_at(bundled_story, tmp_path, STEPS[:STEPS.index("hearing") + 1])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, HearingScreen)
        option = app.session.hearing_options()[0]
        app.act(Action("choose", option))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EndingScreen)
        scroll = screen.query_one("#ending-scroll")
        choices = screen.query_one("#final-choices")
        assert scroll.max_scroll_y > 0, "the outcome should be taller than 80x24 shows"
        assert not choices.display and screen.query_one("#ending-more").display
        await press(pilot, "1")  # a digit picks nothing yet
        assert app.session.state.final_choice is None and app.screen is screen
        await press(pilot, "pagedown")
        assert scroll.scroll_y > 0
        for _ in range(40):
            if choices.display:
                break
            await press(pilot, "enter")
        assert choices.display and choices.has_focus
        assert round(scroll.scroll_y) == scroll.max_scroll_y


# ---- 8. Small things -----------------------------------------------------------------------------


def test_a_mood_that_repeats_the_label_is_said_once():
    bar = chair_bar("Bash", "Hostile", "hostile", width=80).plain
    assert bar.count("ostile") == 1, bar
    assert "wary" in chair_bar("Bash", "Talking", "wary", width=80).plain


def test_proved_false_with_a_title_in_a_sentence():
    view = StatementView(1, "I never went near him.", Action("press", "s"), (),
                         Action("doubt", "s"), Action("trust", "s"),
                         proved_false_with="The DNA report")
    assert "proved false with the DNA report" in statement_prompt(view).plain


async def test_the_locker_opens_on_the_newest_piece(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "e")
        listed = app.screen.query_one("#evidence-list")
        assert listed.highlighted == listed.option_count - 1 > 0
        last = listed.get_option_at_index(listed.option_count - 1).prompt
        title = getattr(last, "plain", str(last)).partition(" ")[2]
        assert title and title in str(app.screen.query_one("#evidence-document", Static).content)


async def test_leaving_the_room_takes_its_notices_away(bundled_story):

    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(pilot, lambda: app.story is not None, "the case opened")
        player = KeyboardPlayer(app, pilot)
        await player.start()
        await player.do(Action("talk", "vincent"))
        await player.do(Action("ask", "vincent_reunion"))
        await player.do(Action("ask", "vincent_take_case"))  # his story changes: a notice
        assert isinstance(app.screen, InterrogationScreen) and app._notifications
        await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)
        assert not app._notifications
