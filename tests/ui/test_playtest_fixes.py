"""What a play-tester found in the TUI, each kept fixed: scene text read to its end before the
game goes on, and past scenes read again."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets._toast import Toast

from game.engine.session import Action
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.deduction import DeductionScreen
from game.tui.screens.hearing import HearingScreen
from game.tui.screens.locker import LockerScreen
from game.tui.screens.scene import SceneScreen
from game.tui.widgets.options import Hanging
from tests.conftest import BUNDLED
from tests.ui.positions import app_at, open_position
from tests.ui.test_snapshots import DNA_SHOWN, SAT_WITH_ANYA, TO_THE_BOARD, TO_THE_END
from tests.ui.waiting import open_held, play_commands, press, resize, settle, until


def plain(prompt) -> str:
    return getattr(prompt, "plain", str(prompt))


def footer_text(app) -> str:
    return str(app.screen.query_one("#scene-footer", Static).content)


def body(app) -> VerticalScroll:
    return app.screen.query_one("#scene-body", VerticalScroll)


# ---- 1. A scene is read to its end before enter goes on ------------------------------------------


async def the_prologue(app, pilot) -> SceneScreen:
    """A new game begun past its content note: the prologue's scene, on screen."""
    await until(pilot, lambda: app.story is not None, "the case opened")
    app.new_game(noted=True)
    await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the prologue")
    return app.screen


async def test_enter_pages_through_a_long_scene_before_it_goes_on(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        prologue = await the_prologue(app, pilot)
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
        prologue = await the_prologue(app, pilot)
        assert body(app).max_scroll_y == 0
        assert footer_text(app) == "enter: continue"
        await press(pilot, "enter")
        assert app.screen is not prologue


async def test_escape_skips_a_scene_unread(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        prologue = await the_prologue(app, pilot)
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


# ---- 2. Notices stand clear of what the player reads ---------------------------------------------


def toasts(app) -> list[Toast]:
    return list(app.screen.query(Toast))


def toast_texts(app) -> list[str]:
    return [str(toast.render()) for toast in toasts(app)]


def clear_of(app, *selectors: str) -> None:
    for toast in toasts(app):
        assert toast.region.width > 0
        for selector in selectors:
            for widget in app.screen.query(selector):
                assert not toast.region.overlaps(widget.region), (selector, toast.region,
                                                                  widget.region)


async def test_a_hint_on_the_board_stays_in_a_line_of_its_own(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await play_commands(pilot, [])
        hint = app.screen.query_one("#hint", Static)
        assert not hint.display
        await press(pilot, "h")
        assert hint.display and app.last_hint in str(hint.content) and app.last_hint
        assert not toasts(app), "the hint is in its line: no notice stands over the board"
        # Notices on the board stand over the news, never over the hint, the status or keys.
        app.notify("A notice long enough to wrap over two or three lines of the board.")
        await until(pilot, lambda: bool(toasts(app)), "the notice")
        clear_of(app, "#hint", "#hearing-status", "Footer", "#people", "#places")
        # In the room the hint is a notice (over the topics); back on the board it is there.
        await press(pilot, "t", "1")
        while isinstance(app.screen, SceneScreen):
            await press(pilot, "enter")
        await press(pilot, "h")
        said = app.last_hint
        await until(pilot, lambda: any("Hint" in text for text in toast_texts(app)), "a hint")
        await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)
        assert said in str(app.screen.query_one("#hint", Static).content)


async def test_notices_of_an_action_wait_until_its_scenes_are_read(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        breaking = "object anya_v1_washroom with dna_report"
        await play_commands(pilot, DNA_SHOWN[:DNA_SHOWN.index(breaking)])
        # The objection that breaks her first story: "Objection!", and the banner of the break.
        app.act(Action("object", "anya_v1_washroom", "dna_report"))
        await settle(pilot)
        assert not toasts(app), "the notices wait for the scene held in the room"
        await open_held(pilot)  # the scene held in the room, once her answer is read
        await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the scene")
        while isinstance(app.screen, SceneScreen):
            assert not toasts(app), toast_texts(app)
            await press(pilot, "enter")
        await until(pilot, lambda: any("Objection" in t for t in toast_texts(app)),
                    "the objection's notice, once the scenes are read")


async def test_a_loaded_notice_leaves_the_document_in_view(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: app.session is not None, "the save")
        await until(pilot, lambda: any("Loaded" in t for t in toast_texts(app)), "the notice")
        await press(pilot, "e")
        assert isinstance(app.screen, LockerScreen)
        await until(pilot, lambda: bool(toasts(app)), "the notice over the locker")
        clear_of(app, "#evidence-pane")


async def test_undo_and_load_take_stale_notices_away(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, SAT_WITH_ANYA)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_position(pilot)
        wrong = app.session.state.wrong_objections
        app.act(Action("object", "anya_v1_party", "cctv_front"))
        await settle(pilot)
        assert app.session.state.wrong_objections == wrong + 1
        await until(pilot, lambda: any("left" in t for t in toast_texts(app)), "the cost")
        await press(pilot, "ctrl+z")
        assert app.session.state.wrong_objections == wrong
        assert not any("left" in t for t in toast_texts(app)), toast_texts(app)
        assert any("taken back" in t for t in toast_texts(app))
        await press(pilot, "h")
        assert app.last_hint
        await press(pilot, "f5")
        await press(pilot, "f9")
        assert not any("taken back" in t for t in toast_texts(app)), toast_texts(app)
        assert app.last_hint == ""


async def test_notices_at_the_hearing_leave_its_choices_in_view(bundled_story, tmp_path):
    at_hearing = TO_THE_END[:TO_THE_END.index("hearing") + 1]
    app = app_at(bundled_story, tmp_path, at_hearing)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, HearingScreen)
        app.notify("One step taken back.  (ctrl+y: redo)")
        app.notify("A second notice, longer, that wraps over more than one line of it.")
        await until(pilot, lambda: len(toasts(app)) >= 2, "two notices")
        clear_of(app, "#options", "Footer")


# ---- 3. The digits pick among the answers on view ------------------------------------------------


async def test_after_writing_a_blank_the_digits_write_in_the_next(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, TO_THE_BOARD)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, DeductionScreen)
        blanks = app.screen.query_one("#blanks", OptionList)
        answers = app.screen.query_one("#answers", OptionList)
        assert app.focused is blanks
        await press(pilot, "enter")  # the first blank: its answers take the focus
        assert app.focused is answers
        filled = dict(app.session.state.filled)
        await press(pilot, "1")
        assert len(app.session.state.filled) == len(filled) + 1
        # The next blank's answers are listed and in the focus: a digit writes one in it.
        assert app.focused is answers
        heading = str(app.screen.query_one("#answers-heading", Static).content)
        assert heading.startswith("Write in:")
        await press(pilot, "2")
        assert len(app.session.state.filled) == len(filled) + 2
        # Escape goes back to the blanks, then leaves the board.
        await press(pilot, "escape")
        assert app.focused is blanks


# ---- 4. Layout: wrapped lines keep their indent, bars stay on one line ---------------------------


def rows_of(widget) -> list[str]:
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


async def test_wrapped_choices_go_on_under_their_text(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, TO_THE_BOARD)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        for list_id in ("people", "places", "scenes"):
            rows = [row.rstrip() for row in rows_of(app.screen.query_one(f"#{list_id}"))]
            texts = [row for row in rows if row.strip()]
            assert len(texts) > 2, (list_id, rows)
            for row in texts:
                # A row is a choice's first ("3 Anya", "Julie") or goes on under its text.
                body = row[1:]  # the list's padding
                assert body[0] != " " and (body[0].isdigit() or body[0].isalpha()) \
                    or body.startswith("  ") and body[2] != " " \
                    or body.startswith("    "), (list_id, row)
            assert any(row[1:3] == "  " for row in texts), "a choice wraps at 60 columns"


async def test_the_board_bar_is_one_line_when_narrow(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, TO_THE_BOARD)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_position(pilot)
        bar = app.screen.query_one("#board-bar", Static)
        assert bar.region.height == 1
        assert "evidence" in rows_of(bar)[0] and "/13" in rows_of(bar)[0]
        await resize(pilot, 100, 30)
        assert "the case board" in rows_of(bar)[0] and bar.region.height == 1


async def test_every_topic_asked_says_so(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(100, 30)) as pilot:
        # Anya's first topic can be asked again; Vincent's can be asked once.
        await play_commands(pilot, [*SAT_WITH_ANYA, "ask anya_v1_damien"])
        assert not bundled_story.topics["anya_v1_damien"].once
        topics = app.screen.query_one("#topics", OptionList)
        visited = app.session.state.visited
        asked = [topics.get_option_at_index(i) for i in range(topics.option_count)
                 if topics.get_option_at_index(i).id in visited]
        assert "anya_v1_damien" in [option.id for option in asked]
        for option in asked:
            assert "(asked)" in plain(option.prompt), plain(option.prompt)


async def test_an_empty_deduction_board_says_so_and_not_that_all_is_confirmed(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(60, 20)) as pilot:
        await the_prologue(app, pilot)
        while isinstance(app.screen, SceneScreen):
            await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)
        news = plain(app.screen.query_one("#deductions", Static).render())
        assert "nothing on it yet" in news and "0 of 0" not in news
        people = app.screen.query_one("#people", OptionList)
        anya = people.get_option_at_index(0).prompt  # not reachable: wrapped under its name
        assert isinstance(anya, Hanging) and plain(anya).startswith("Anya")
        await press(pilot, "b")
        assert isinstance(app.screen, DeductionScreen)
        heading = plain(app.screen.query_one("#answers-heading", Static).render())
        assert heading.startswith("Nothing is on the board yet")
        assert "confirmed" not in plain(app.screen.query_one("#deduction-bar", Static).render())
