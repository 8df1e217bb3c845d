"""The rough edges a new player met in the interface (issue 11, item 6), each pinned at the sizes
where it showed: topics that keep their place and number, text that wraps again when the terminal
is resized, 1-9 whatever has the focus, notices beside the conversation rather than over it, a
footer that fits 80 columns, and a case board whose panels can all be reached at 60x20.

Every wait is on the app's own state (tests/ui/waiting.py), each bounded; pytest-timeout bounds
each test too. A position that only the engine's state decides (the views over the room at
DNA_SHOWN, the hearing) is loaded from a save the engine played (tests/ui/positions.py), which
draws the same screens as the game played in the app (the snapshots of the views are taken so);
the board and the room, which remember their cursors and the order topics came in, are played in
the app.
"""

from __future__ import annotations

import re

import pytest
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Footer, OptionList, RichLog, Static
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from game.engine.session import Action
from game.storyfiles.loader import load_story
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.deduction import DeductionScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.hearing import HearingScreen
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.locker import LockerScreen
from game.tui.screens.notebook import NotebookScreen
from game.tui.screens.picker import EvidencePickerScreen
from game.tui.screens.scene import SceneScreen
from game.tui.screens.versions import VersionsScreen
from tests.conftest import BUNDLED, ROOT
from tests.ui import waiting
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.positions import app_at, load, open_position, save_position
from tests.ui.test_snapshots import DNA_SHOWN, SAT_WITH_ANYA, TO_THE_END, V1_WORKED
from tests.ui.waiting import play_commands, play_on, press, resize

pytestmark = pytest.mark.timeout(120)

DEDUCTION_CASE = ROOT / "tests" / "fixtures" / "deduction_case"


def plain(prompt: object) -> str:
    return prompt.plain if isinstance(prompt, Content) else str(prompt)


async def until(pilot, ready, what: str) -> None:
    """Let the app work until `ready()` holds (bounded), failing at once if the app quits."""
    await waiting.until(pilot, lambda: ready() or not pilot.app.is_running, what)
    assert pilot.app.is_running, "the app has quit"


async def reach(app, pilot, commands: list[str]) -> None:
    await play_commands(pilot, commands)


# ---- 1. Topics keep their place and their number -------------------------------------------------


def topic_rows(app) -> list[tuple[str | None, str]]:
    topics = app.screen.query_one("#topics", OptionList)
    return [(option.id, plain(option.prompt)) for option in topics.options]


def numbered(rows: list[tuple[str | None, str]]) -> dict[str, int]:
    """The number shown before each topic, for those that have one (the first nine)."""
    shown = {}
    for topic_id, text in rows:
        match = re.match(r"(\d) ", text)
        if topic_id is not None and match:
            shown[topic_id] = int(match.group(1))
    return shown


def shown_in(app, widget) -> str:
    """The text the player sees inside `widget`, its lines joined by spaces."""
    region = widget.region
    strips = app.screen._compositor.render_strips()
    lines = [strips[y].text[region.x:region.right] for y in range(region.y, region.bottom)]
    return " ".join(" ".join(lines).split())


def highlighted(app) -> str | None:
    option = app.screen.query_one("#topics", OptionList).highlighted_option
    return option.id if option is not None else None


async def test_topics_keep_their_order_and_numbers_and_the_cursor_stays(bundled_story, tmp_path):
    # Anya is given five more topics (small talk, as an author adds it), so that her first
    # story has more topics than the digits number.
    from game.storyfiles.loader import load_story
    from tests.benchmarks.grown import write_grown_case

    case = write_grown_case(tmp_path / "case", pairs=5, only=["anya"])
    app = make_app(case, load_story(case))
    async with app.run_test(size=(80, 24)) as pilot:
        player = KeyboardPlayer(app, pilot)
        await player.start()
        await player.do(Action("talk", "vincent"))

        def ids(rows: list[tuple[str | None, str]]) -> list[str | None]:
            return [topic_id for topic_id, _ in rows]

        async def ask_highlighted() -> None:
            """Ask what the cursor is on, and check what the list became."""
            session = app.session
            who = session.state.interlocutor
            before, version = topic_rows(app), session.state.states.get(who)
            asked = highlighted(app)
            assert asked is not None and asked in session.available_topics()
            turn = session.state.turn
            await player.press("enter")
            assert session.state.turn == turn + 1 and asked in session.state.visited
            after, open_now = topic_rows(app), session.available_topics()
            if session.state.states.get(who) == version:
                # The topics already there keep their order and their number...
                assert ids(after)[:len(before)] == ids(before), after
                assert {t: n for t, n in numbered(after).items() if t in numbered(before)} == \
                    numbered(before)
            else:
                # ...until the person's story changes: then the list starts again, in the
                # story's order.
                assert ids(after) == open_now, after
            # New ones come at the end, marked new, and nothing else is marked new.
            for topic_id, text in after:
                fresh = topic_id in open_now and topic_id not in session.state.visited
                assert ("(new)" in text.split()) == fresh, text
                if topic_id not in ids(before):
                    assert fresh
            # The cursor stays on the topic just asked, or if it cannot be asked again, goes to
            # the nearest one that can, the one below first.
            askable = [i for i, (t, _) in enumerate(after) if t in open_now]
            at = ids(after).index(asked) if asked in ids(after) else 0
            if at not in askable:
                at = min(askable, key=lambda i: (abs(i - at), i < at))
            assert highlighted(app) == after[at][0]
            topics = app.screen.query_one("#topics", OptionList)
            assert topics.has_focus
            # Every topic in view is shown whole, however the list grew (a scrollbar coming
            # once it is long must not cut the last line of a title).
            if topics.scroll_y == 0:
                shown = shown_in(app, topics)
                for _, text in after[:5]:
                    assert " ".join(text.split()) in shown, (text, shown)

        await ask_highlighted()  # "Vincent, after twenty-five years", asked once only
        reunion = bundled_story.topics["vincent_reunion"].title
        assert topic_rows(app)[0] == ("vincent_reunion", f"1 {reunion} (asked)")
        assert highlighted(app) == "vincent_take_case"  # the nearest that can be asked
        assert [n for _, n in sorted(numbered(topic_rows(app)).items(), key=lambda x: x[1])] \
            == [1, 2, 3, 4]
        # Its number does not ask it again, and does not move the others.
        turn, rows = app.session.state.turn, topic_rows(app)
        await player.press("1")
        assert app.session.state.turn == turn and topic_rows(app) == rows
        await player.press("down")
        await ask_highlighted()  # "Ask him to take her case": he is her lawyer now
        assert len(topic_rows(app)) == 7
        await player.press("down", "down")
        await ask_highlighted()
        await player.press("down")
        await ask_highlighted()
        fifth, turn = topic_rows(app)[4][0], app.session.state.turn
        assert fifth not in app.session.state.visited
        await player.press("5")
        assert app.session.state.turn == turn + 1 and fifth in app.session.state.visited

        # Anya testifies: her statements have the focus as she sits down, and a goes to her
        # eleven topics, more than the digits number. Asked by the cursor, the tenth too (it has
        # no number), they keep their place, the cursor too.
        await player.do(Action("leave"))
        await player.do(Action("talk", "anya"))
        assert app.screen.query_one("#testimony", OptionList).has_focus
        await player.press("a")
        assert len(topic_rows(app)) >= 10
        await player.press("down", "down", "down")
        await ask_highlighted()
        await player.press("end")
        assert not re.match(r"\d ", topic_rows(app)[-1][1])
        await ask_highlighted()
        # A turn spent on her testimony (a statement pressed) moves no topic and no cursor.
        rows, at, turn = topic_rows(app), highlighted(app), app.session.state.turn
        await player.press("t", "x")
        assert app.session.state.turn == turn + 1 and app.session.state.pressed
        await player.press("a")
        assert topic_rows(app) == rows and highlighted(app) == at


# ---- 2. Text wraps again when the terminal is resized --------------------------------------------


def log_lines(log: RichLog) -> list[str]:
    return [strip.text.rstrip() for strip in log.lines]


def words(lines: list[str]) -> list[str]:
    return " ".join(lines).split()


async def assert_rewraps(pilot, log: RichLog, wide: tuple[int, int], narrow: tuple[int, int]):
    await resize(pilot, *wide)
    before = log_lines(log)
    assert max(len(line) for line in before) > narrow[0] - 10, "the lines are short already"
    await resize(pilot, *narrow)
    after = log_lines(log)
    width = log.scrollable_content_region.width
    assert all(len(line) <= width for line in after), (width, after)
    assert len(after) > len(before)
    assert words(after) == words(before)
    assert log.max_scroll_x == 0
    await resize(pilot, *wide)
    assert log_lines(log) == before


async def test_the_conversation_wraps_again_on_resize(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(100, 30)) as pilot:
        await reach(app, pilot, ["talk vincent", "ask vincent_reunion", "ask vincent_take_case"])
        assert isinstance(app.screen, InterrogationScreen)
        log = app.screen.query_one("#conversation", RichLog)
        await assert_rewraps(pilot, log, (100, 30), (60, 20))
        # The reader stays at the end of the conversation, where the last answer is, however
        # the terminal changes.
        for size in ((80, 24), (60, 20), (100, 30), (60, 20)):
            await resize(pilot, *size)
            assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y, size
        # What is said after the resize wraps at the new width too.
        await press(pilot, "1")
        width = log.scrollable_content_region.width
        assert all(len(line) <= width for line in log_lines(log))


async def test_the_notebook_wraps_again_on_resize(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(100, 30)) as pilot:
        await reach(app, pilot, ["talk vincent", "ask vincent_reunion", "ask vincent_take_case"])
        await press(pilot, "n")
        assert isinstance(app.screen, NotebookScreen)
        log = app.screen.query_one("#statements", RichLog)
        await assert_rewraps(pilot, log, (100, 30), (60, 20))


async def test_a_scene_wraps_again_on_resize(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(100, 30)) as pilot:
        await reach(app, pilot, [])
        app.act(Action("search", "damien_apartment"))
        await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the search's scene")
        body = app.screen.query_one("#scene-body", VerticalScroll)
        lines = list(app.screen.query(".line").results(Static))
        tall = [line.size.height for line in lines]
        await resize(pilot, 60, 20)
        frame = app.screen.query_one("#frame").region
        assert Region(0, 0, 60, 20).contains_region(frame)
        for line, height in zip(lines, tall, strict=True):
            assert line.region.right <= body.content_region.right
            assert line.size.height >= height
        assert sum(line.size.height for line in lines) > sum(tall)


async def assert_testimony_read_whole(app, pilot) -> None:
    """Each statement of the testimony, its marks too, comes into view whole as the cursor
    reaches it: no line of it is left under the panel's border."""
    testimony = app.screen.query_one("#testimony", OptionList)
    panel = app.screen.query_one("#testimony-panel")
    assert testimony.has_focus and testimony.max_scroll_y > 0
    for index in range(testimony.option_count):
        await press(pilot, "home", *["down"] * index)
        assert testimony.highlighted == index
        strips = app.screen._compositor.render_strips()
        seen = testimony.scrollable_content_region.intersection(panel.content_region)
        shown = " ".join(" ".join(strips[y].text[seen.x:seen.right]
                                  for y in range(seen.y, seen.bottom)).split())
        prompt = " ".join(plain(testimony.get_option_at_index(index).prompt).split())
        assert prompt in shown, (f"statement {index + 1} is not shown whole: {prompt!r} "
                                 f"in {shown!r} (the list {testimony.region}, its panel "
                                 f"{panel.region}, scrolled {testimony.scroll_y} of "
                                 f"{testimony.max_scroll_y})")
    # The conversation keeps a fair share of the screen under it.
    conversation = app.screen.query_one("#conversation")
    assert conversation.region.height >= panel.region.height


async def test_a_testimony_taller_than_its_panel_can_be_read_whole_at_80x24(bundled_story,
                                                                          tmp_path):
    """Anya's first testimony, with the marks earned on it (proved false, pressed, doubted with
    a note), is taller than its panel at 80x24: it scrolls, and each statement comes into view
    whole, its marks too, as the cursor reaches it; no line of it is left under the panel's
    border."""
    app = app_at(bundled_story, tmp_path, [*SAT_WITH_ANYA, *V1_WORKED])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await assert_testimony_read_whole(app, pilot)


async def test_a_testimony_taller_than_its_panel_can_be_read_whole_at_60x20(bundled_story,
                                                                          tmp_path):
    app = app_at(bundled_story, tmp_path, [*SAT_WITH_ANYA, *V1_WORKED])
    async with app.run_test(size=(60, 20)) as pilot:
        await open_position(pilot)
        await assert_testimony_read_whole(app, pilot)


def chair_line(app) -> tuple[int, str]:
    """How many rows the chair bar takes, and its first row as drawn."""
    chair = app.screen.query_one("#chair", Static)
    strips = app.screen._compositor.render_strips()
    return chair.region.height, strips[chair.region.y].text.strip()


async def test_the_chair_bar_keeps_to_one_line_and_the_meter_to_a_testimony(bundled_story,
                                                                            tmp_path):
    """The credibility meter is shown only where the person testifies (where objections are
    made); the bar never wraps: when it is narrow the mood goes first, then "in the chair", then
    the label of their story, never the meter."""
    worked = [*SAT_WITH_ANYA, *V1_WORKED]  # the meter down one
    app = app_at(bundled_story, tmp_path, [*worked, "talk vincent"], slot="vincent")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        assert not app.screen.query_one("#testimony-panel").display
        rows, line = chair_line(app)
        assert rows == 1
        assert line == "Vincent in the chair  \u00b7  Anya's lawyer  \u00b7  professional"
        assert "Credibility" not in line
    app = app_at(bundled_story, tmp_path, worked, slot="anya")
    meter = "Credibility \u25cf\u25cf\u25cf\u25cf\u25cb 4/5"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert chair_line(app) == (1, "Anya in the chair  \u00b7  The dealer  \u00b7  "
                                      f"frightened  \u00b7  {meter}")
        for width, shown in [(60, f"Anya in the chair  \u00b7  The dealer  \u00b7  {meter}"),
                             (48, f"Anya  \u00b7  The dealer  \u00b7  {meter}"),
                             (34, f"Anya  \u00b7  {meter}"),
                             (20, "Anya  \u00b7  \u25cf\u25cf\u25cf\u25cf\u25cb 4/5")]:
            await resize(pilot, width, 24)
            assert chair_line(app) == (1, shown), width


# ---- 3. 1-9 pick the numbered entry whatever has the focus ---------------------------------------


async def test_digits_pick_after_shift_tab_in_the_room_the_board_and_the_picker(bundled_story,
                                                                                 tmp_path):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        player = KeyboardPlayer(app, pilot)
        await player.start()
        # The board: every panel is a list. Shift+tab goes back round to the past scenes, where
        # 1 reads the latest again; t then 1 talks to the first person.
        await player.press("shift+tab")
        assert app.focused is app.screen.query_one("#scenes", OptionList)
        await player.press("1")
        assert isinstance(app.screen, SceneScreen) and app.screen.subtitle == "Read again"
        await player.skip_scenes()
        first = app.screen.query_one("#people", OptionList)
        person = next(o.id for o in first.options if not o.disabled)
        await player.press("t", "1")
        await player.skip_scenes()
        assert isinstance(app.screen, InterrogationScreen)
        assert app.session.state.interlocutor == person

        # The room: the focus goes to the conversation; 1 still asks the first topic.
        await player.press("shift+tab")
        assert app.focused is app.screen.query_one("#conversation")
        turn = app.session.state.turn
        first_topic = topic_rows(app)[0][0]
        await player.press("1")
        assert app.session.state.turn == turn + 1
        assert first_topic in app.session.state.visited
        await player.press("tab", "tab")
        assert not isinstance(app.focused, OptionList)
        await player.press("2")
        assert app.session.state.turn == turn + 2

    # The picker as in test_evidence_picker: Anya testifies, so p objects to the statement
    # highlighted (her first), and a digit objects with that piece.
    app = app_at(bundled_story, tmp_path, DNA_SHOWN)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        statement = app.screen.query_one("#testimony", OptionList).highlighted_option.id
        await press(pilot, "p")
        assert isinstance(app.screen, EvidencePickerScreen)
        items = app.screen.query_one("#items", OptionList)
        second = items.get_option_at_index(1).id
        await press(pilot, "tab")  # to the document pane
        assert app.focused is not items
        turn, wrong = app.session.state.turn, app.session.state.wrong_objections
        await press(pilot, "2")
        assert isinstance(app.screen, InterrogationScreen)
        assert app.session.state.turn == turn + 1
        # Nothing proves her first statement false: the objection made is a wrong one.
        assert statement == "anya_v2_club" and app.session.state.wrong_objections == wrong + 1
        # The topics in use, p shows a piece to her: the digit picks the second of them too.
        await press(pilot, "a", "p")
        assert isinstance(app.screen, EvidencePickerScreen)
        items = app.screen.query_one("#items", OptionList)
        second = items.get_option_at_index(1).id
        await press(pilot, "tab")
        assert app.focused is not items
        await press(pilot, "2")
        assert app.session.state.turn == turn + 2
        assert any(evidence == second for evidence, _ in app.session.state.presented)


# ---- 4. Notices do not hide the conversation -----------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (60, 20), (140, 40)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
async def test_notices_in_the_room_leave_the_conversation_in_view(bundled_story, size):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=size, notifications=True) as pilot:
        await reach(app, pilot, ["talk vincent", "ask vincent_reunion"])
        conversation = app.screen.query_one("#conversation")
        app.act(Action("ask", "vincent_take_case"))  # "Vincent's story has changed."
        await press(pilot, "h")  # and a hint, a longer one
        await until(pilot, lambda: len(app.screen.query(Toast)) >= 2, "two notices")
        toasts = list(app.screen.query(Toast))
        assert any("Vincent's story has changed" in str(t.render()) for t in toasts)
        for toast in toasts:
            assert toast.region.width > 0
            assert not toast.region.overlaps(conversation.region), (toast.region,
                                                                     conversation.region)


# ---- 5. The footer fits 80 columns ---------------------------------------------------------------


# Where each footer is checked (see the test for how each screen is reached): the room after
# `talk vincent`, the board after `leave`, the views over the room (by their keys) at DNA_SHOWN,
# the hearing as the walk blind_faith comes to it, and its ending.
FOOTERS = {
    # name: (the screen, keys its footer must show, the sizes it is checked at, in this order)
    "room": (InterrogationScreen, {"a", "p", "esc", "e", "n", "h", "?"}, [(80, 24), (100, 30)]),
    "board": (BoardScreen, {"t", "s", "g", "e", "n", "h", "?"}, [(100, 30), (80, 24)]),
    "picker": (EvidencePickerScreen, {"esc"}, [(80, 24)]),
    "locker": (LockerScreen, {"esc", "n", "h"}, [(80, 24)]),
    "notebook": (NotebookScreen, {"esc", "e", "h"}, [(80, 24)]),
    "versions": (VersionsScreen, {"esc", "tab", "e", "n", "h"}, [(80, 24)]),
    "hearing": (HearingScreen, {"e", "n"}, [(80, 24)]),
    "ending": (EndingScreen, {"r", "q", "e", "n"}, [(80, 24)]),
    # A case with testimony and a deduction board (tests/fixtures/deduction_case), and Anya's
    # testimony room at DNA_SHOWN.
    "testimony room": (InterrogationScreen, {"x", "p", "esc", "e", "n", "h", "?"},
                       [(80, 24), (100, 30)]),
    "testimony room, topics in use": (InterrogationScreen, {"x", "p", "esc", "e", "n", "?"},
                                      [(80, 24)]),
    "deduction board": (DeductionScreen, {"esc", "e", "n", "h", "?"}, [(80, 24), (100, 30)]),
    "board of a case with deductions": (BoardScreen, {"t", "s", "g", "e", "n", "h", "?"},
                                        [(80, 24)]),
}
AT_THE_HEARING = TO_THE_END[:TO_THE_END.index("hearing") + 1]
VIEWS_OVER_THE_ROOM = {"picker": "p", "locker": "e", "notebook": "n", "versions": "v"}


async def footer_problems(app, pilot, name: str) -> list[str]:
    """What is wrong with the footer of the screen shown (which must be `name`'s) at each of the
    sizes it is checked at: a key cut or hidden by the palette's, a key not shown."""
    screen_type, must_show, sizes = FOOTERS[name]
    problems = []
    for size in sizes:
        where = f"{name} at {size[0]}x{size[1]}"
        await resize(pilot, *size)
        if not isinstance(app.screen, screen_type):
            problems.append(f"{where}: the screen is {type(app.screen).__name__}")
            continue
        if tuple(app.screen.size) != size:
            problems.append(f"{where}: the screen is {app.screen.size}")
            continue
        footer = app.screen.query_one(Footer)
        await until(pilot, lambda footer=footer: len(footer.query(FooterKey)) > 0,
                    f"the keys of the {name}'s footer")
        shown = list(footer.query(FooterKey))
        palette = [k for k in shown if k.has_class("-command-palette")]
        right = palette[0].region.x if palette else size[0]
        for key in shown:
            if key not in palette and not (key.region.width > 0 and key.region.right <= right):
                problems.append(f"{where}: {key.key_display} {key.description} is cut: "
                                f"{key.region}")
        displayed = {key.key_display for key in shown}
        if not must_show <= displayed:
            problems.append(f"{where}: {sorted(must_show - displayed)} not shown: {displayed}")
    return problems


async def test_the_footer_fits_80_columns(bundled_story, tmp_path):
    """Every screen's footer at each of its sizes, in one app: the room and the board played to
    (after `talk vincent`, and `leave`), Anya's testimony and the views over her room at
    DNA_SHOWN and the hearing loaded from the engine's saves, the ending played from the
    hearing. Every screen is checked
    whatever another's footer shows, and all that is wrong is reported at once."""
    save_position(bundled_story, tmp_path, DNA_SHOWN, "dna_shown")
    save_position(bundled_story, tmp_path, AT_THE_HEARING, "at_the_hearing")
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await play_commands(pilot, ["talk vincent"])
        problems += await footer_problems(app, pilot, "room")
        await play_on(pilot, ["leave"])
        problems += await footer_problems(app, pilot, "board")
        await load(pilot, "dna_shown")
        problems += await footer_problems(app, pilot, "testimony room")  # Anya's
        for name, key in VIEWS_OVER_THE_ROOM.items():
            assert isinstance(app.screen, InterrogationScreen), type(app.screen).__name__
            await press(pilot, key)
            problems += await footer_problems(app, pilot, name)
            await press(pilot, "escape")
        await load(pilot, "at_the_hearing")
        problems += await footer_problems(app, pilot, "hearing")
        await play_on(pilot, TO_THE_END[len(AT_THE_HEARING):])
        problems += await footer_problems(app, pilot, "ending")
    assert not problems, "\n".join(problems)


async def test_the_footers_of_a_testimony_and_a_deduction_board_fit_80_columns(tmp_path):
    """The room of a witness who testifies (its p objects, or shows once the topics are in
    use), the deduction board, and the case board of a case that has one."""
    story = load_story(DEDUCTION_CASE)
    app = app_at(story, tmp_path, ["search hall", "talk max"], case_dir=DEDUCTION_CASE)
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        problems += await footer_problems(app, pilot, "testimony room")
        await press(pilot, "a")
        problems += await footer_problems(app, pilot, "testimony room, topics in use")
        await press(pilot, "b")
        problems += await footer_problems(app, pilot, "deduction board")
        await press(pilot, "escape", "escape")
        problems += await footer_problems(app, pilot, "board of a case with deductions")
    assert not problems, "\n".join(problems)


# ---- 6. At 60x20 every panel of the board can be reached ----------------------------------------


async def assert_board_reachable(app, pilot) -> None:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    whole = screen.region
    for key, list_id in (("t", "people"), ("s", "places")):
        await press(pilot, key)
        options = screen.query_one(f"#{list_id}", OptionList)
        assert options.has_focus
        assert whole.contains_region(options.region) and options.region.width >= 16, \
            (list_id, options.region)
        assert options.highlighted is not None
        # The whole list can be walked, each choice shown in view as the cursor reaches it.
        for _ in range(options.option_count):
            line = options._index_to_line[options.highlighted]
            assert options.scroll_y <= line < options.scroll_y + options.scrollable_size.height
            await press(pilot, "down")
    news = screen.query_one("#news")
    column = screen.query_one("#news-column")
    assert column.region.width >= 16 and whole.contains_region(column.region), column.region
    # The news can be read to its end: it fits, or its column scrolls.
    assert news.region.bottom <= column.region.bottom or column.max_scroll_y > 0
    status = screen.query_one("#hearing-status")
    assert whole.contains_region(status.region) and status.region.height >= 1


async def test_every_panel_of_the_board_is_reachable_at_60x20(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(60, 20)) as pilot:
        await reach(app, pilot, [*DNA_SHOWN, "leave", "search damien_apartment"])
        await assert_board_reachable(app, pilot)


async def test_the_board_stays_reachable_when_the_terminal_shrinks_to_60x20(bundled_story):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        await reach(app, pilot, ["talk vincent", "leave"])
        await resize(pilot, 60, 20)
        await assert_board_reachable(app, pilot)
        await resize(pilot, 80, 24)
        await assert_board_reachable(app, pilot)
