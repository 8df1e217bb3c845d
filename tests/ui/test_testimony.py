"""Testimony and the deduction board in the terminal interface (issue 12, item 6): statements
pressed, objected to and doubted by keys in the room, the credibility meter in its top bar, the
deduction board filled in and confirmed, and the walkthroughs of the testimony fixture played by
keys to the same state the plain line mode reaches.

Positions are reached through the engine and loaded (tests/ui/positions.py) where the test looks
only at what follows; every wait is on the app's own state (tests/ui/waiting.py).
"""

from __future__ import annotations

import io
import tomllib

import pytest
from textual.content import Content
from textual.widgets import OptionList, RichLog, Static

from game.plain import PlainGame
from game.storyfiles.loader import load_story
from game.storyfiles.walkthroughs import walkthrough_files
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.deduction import DeductionScreen
from game.tui.screens.doubt import DoubtScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.picker import EvidencePickerScreen
from game.tui.screens.scene import SceneScreen
from tests.conftest import MINI, ROOT
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.positions import app_at, load, open_position
from tests.ui.waiting import open_held, palette_search, press, settle

pytestmark = pytest.mark.timeout(60)

CASE = ROOT / "tests" / "fixtures" / "deduction_case"
WALKTHROUGHS = {path.stem: path for path in walkthrough_files(CASE)}
IN_THE_ROOM = ["search hall", "talk max"]  # both pieces held, Max's first testimony told


@pytest.fixture(scope="module")
def story():
    return load_story(CASE)


def plain(prompt: object) -> str:
    return prompt.plain if isinstance(prompt, Content) else str(prompt)


def statements(app) -> list[str]:
    """The testimony as listed: each statement with its marks."""
    listed = app.screen.query_one("#testimony", OptionList)
    return [plain(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def chair(app) -> str:
    return str(app.screen.query_one("#chair", Static).render())


def conversation(app) -> str:
    return "\n".join(str(line.text) for line in app.screen.query_one("#conversation",
                                                                      RichLog).lines)


def played_in_plain_mode(story, path) -> PlainGame:
    """The walkthrough typed into the line mode, each question it asks answered yes."""
    game = PlainGame(story, io.StringIO())
    game.begin()
    for raw in tomllib.loads(path.read_text("utf-8"))["steps"]:
        step = {"do": raw} if isinstance(raw, str) else raw
        game.handle(step["do"])
        if game.pending is not None:
            game.handle("yes")
    return game


# ---- the same playthrough, by keys and in the line mode ----------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(WALKTHROUGHS))
async def test_a_walkthrough_by_keys_reaches_the_state_of_the_plain_mode(story, name):
    """"The same playthrough in the TUI (Pilot) and the plain mode reaches the same state."
    (The keys leave out the steps a walkthrough expects refused: the screens offer no way to
    make them; the line mode types them, and they change nothing.)"""
    path = WALKTHROUGHS[name]
    app = make_app(CASE, story)
    async with app.run_test(size=(80, 24)) as pilot:
        player = KeyboardPlayer(app, pilot, arrows_only=(name == "out_of_credibility"))
        await player.start()
        walk = await player.play_walkthrough(path)
        keyed = app.session.state
        assert isinstance(app.screen, EndingScreen)
    typed = played_in_plain_mode(story, path).session.state
    assert keyed.ending == typed.ending == walk["ending"]
    assert keyed.contradicted == typed.contradicted
    assert keyed.objected_with == typed.objected_with
    assert keyed.confirmed == typed.confirmed and keyed.filled == typed.filled
    assert keyed.credibility == typed.credibility
    assert keyed.wrong_objections == typed.wrong_objections
    assert keyed.pressed == typed.pressed
    assert keyed.held == typed.held and keyed.states == typed.states
    assert keyed.doubts == typed.doubts
    assert keyed == typed  # and everything else: the lines said, the turns, the flags


# ---- the testimony in the room ------------------------------------------------------------------


async def test_the_testimony_is_listed_with_no_mark_the_player_has_not_earned(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        assert app.screen.query_one("#testimony").has_focus
        assert statements(app) == ["1 \u201cI was in the garden all afternoon.\u201d",
                                   "2 \u201cNobody has tried to mend anything.\u201d"]
        assert "Credibility \u25cf\u25cf\u25cf 3/3" in chair(app)
        assert "Max testifies" in conversation(app)


async def test_pressing_a_statement(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "x")  # on the first statement, highlighted
        assert app.session.state.pressed == {"max_garden": 1}
        assert "pressed" in statements(app)[0] and "pressed" not in statements(app)[1]
        log = conversation(app)
        assert "You press: \u201cI was in the garden all afternoon.\u201d" in log
        assert "Max: Ask anyone. I was pruning the roses." in log
        await press(pilot, "2")  # a statement's digit presses them on it too
        assert app.session.state.pressed == {"max_garden": 1, "max_mended": 1}


async def test_a_wrong_objection_lowers_the_meter(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_position(pilot)
        await press(pilot, "p")
        picker = app.screen
        assert isinstance(picker, EvidencePickerScreen)
        title = str(picker.query_one("#picker-title", Static).render())
        assert "Object to Max" in title and "I was in the garden" in title
        await press(pilot, "1")  # the glue: it proves nothing against the garden
        assert app.session.state.credibility == 2
        assert "Credibility \u25cf\u25cf\u25cb 2/3" in chair(app)
        assert not any("proved false" in s for s in statements(app))
        assert "Max: Glue? Everyone has glue." in conversation(app)
        assert any("Credibility: 2 left" in n.message for n in app._notifications)


async def test_a_right_objection_marks_the_statement_proved_false(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_position(pilot)
        await press(pilot, "down", "p")
        await press(pilot, "1")  # the glue, against "Nobody has tried to mend anything."
        state = app.session.state
        assert state.contradicted.keys() == {"max_mended"} and state.credibility == 3
        assert statements(app)[1].endswith("\u2717 proved false with a tube of glue")
        assert "proved false" not in statements(app)[0]
        assert "Proved false with: A tube of glue" in conversation(app)
        assert any(n.message.startswith("Objection!") for n in app._notifications)
        # Proved false, it is not objected to again.
        await press(pilot, "p")
        assert isinstance(app.screen, InterrogationScreen)
        # The photo breaks his story: the new testimony is listed, and told in the room.
        await press(pilot, "up", "p", "2")
        assert app.session.state.states["max"] == "admits"
        # A break by objection is a break: its banner says what broke it, then the room. It
        # waits in the room until his answer has been read (enter).
        assert isinstance(app.screen, InterrogationScreen) and app.held
        await open_held(pilot)
        assert isinstance(app.screen, SceneScreen)
        banner = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Broken by" in banner and "A photo of the hall" in banner
        assert "It was me" not in banner
        await press(pilot, "enter")
        assert statements(app) == ["1 \u201cI knocked it with my elbow. I'm sorry.\u201d"]
        assert "A new version: It was me" in conversation(app)


async def test_doubting_with_a_note_shows_and_survives_a_save_and_a_load(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "down", "d")
        assert isinstance(app.screen, DoubtScreen)
        await press(pilot, *"who bought glue?", "enter")
        assert app.session.state.doubts == {"max_mended": "who bought glue?"}
        assert statements(app)[1].endswith("? doubted: who bought glue?")
        await press(pilot, "n")  # the notebook keeps the flag and the note too
        notes = "\n".join(str(line.text) for line in app.screen.query_one("#statements",
                                                                          RichLog).lines)
        assert "? doubted: who bought glue?" in notes
        await press(pilot, "escape")
        assert app.save_game("doubted")
        await load(pilot, "position")  # back to before the doubt...
        assert app.session.state.doubts == {}
        assert not any("doubted" in s for s in statements(app))
        await load(pilot, "doubted")  # ...and to the save that has it
        assert isinstance(app.screen, InterrogationScreen)
        assert statements(app)[1].endswith("? doubted: who bought glue?")
        # d again on a doubted statement: its note to change, or the flag to take off.
        await press(pilot, "down", "d")
        assert isinstance(app.screen, DoubtScreen)
        await press(pilot, "ctrl+t")
        assert app.session.state.doubts == {}
        assert not any("doubted" in s for s in statements(app))
        # An empty note is a doubt too.
        await press(pilot, "d", "enter")
        assert app.session.state.doubts == {"max_mended": ""}
        assert statements(app)[1].endswith("? doubted")


async def test_p_shows_evidence_to_the_person_once_the_topics_are_in_use(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "a", "p")
        picker = app.screen
        assert isinstance(picker, EvidencePickerScreen)
        assert "Show Max" in str(picker.query_one("#picker-title", Static).render())
        await press(pilot, "escape", "t", "p")
        assert "Object to Max" in str(app.screen.query_one("#picker-title", Static).render())


async def test_the_keys_of_the_testimony_and_the_board_are_listed(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = dict(app.screen.keys)
        assert {described.get(k) for k in "xpdtb"} == {"Press", "Object", "Doubt",
                                                       "Testimony", "Deductions"}


async def test_a_room_with_no_testimony_has_no_testimony_keys(mini_story, tmp_path):
    app = app_at(mini_story, tmp_path, ["talk tom"], case_dir=MINI)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        assert not app.screen.query_one("#testimony-panel").display
        assert "Credibility" not in chair(app)
        keys = {binding.key: binding.description
                for binding in (a.binding for a in app.screen.active_bindings.values())}
        assert keys.get("p") == "Present" and keys.get("a") == "Ask"
        assert not {"x", "d", "t", "b"} & keys.keys()


# ---- the deduction board ------------------------------------------------------------------------


def board_text(app) -> str:
    blanks = app.screen.query_one("#blanks", OptionList)
    return "\n".join(plain(blanks.get_option_at_index(i).prompt)
                     for i in range(blanks.option_count))


async def test_the_board_confirms_a_group_and_never_says_which_blank_is_wrong(story, tmp_path):
    app = app_at(story, tmp_path, ["search hall"], case_dir=CASE)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "b")
        assert isinstance(app.screen, DeductionScreen)
        assert "0 of 1 confirmed" in str(app.screen.query_one("#deduction-bar").render())
        # Who: Ada (wrong); when: at ten past three (right). Enter on a blank, then an answer.
        await press(pilot, "enter")
        assert app.screen.query_one("#answers").has_focus
        await press(pilot, "2")
        # The next empty blank's answers are on view, in the focus: a digit writes in it.
        assert app.screen.query_one("#answers").has_focus
        await press(pilot, "1")
        state = app.session.state
        assert state.filled == {"what_happened.who": "ada", "what_happened.when":
                                "ten_past_three"}
        assert state.confirmed == {} and state.board_tries == {"what_happened": 1}
        shown = board_text(app)
        assert "\u2717 not confirmed \u00b7 1 wrong try" in shown
        assert any("not right" in n.message for n in app._notifications)
        assert "wrong" not in shown.replace("1 wrong try", "")  # no blank is singled out
        # Max, then: the group is confirmed, told and locked.
        await press(pilot, "1", "1")
        state = app.session.state
        assert "what_happened" in state.confirmed
        shown = board_text(app)
        assert "\u2713 confirmed" in shown
        assert "Max, at ten past three, by the stairs." in shown
        blanks = app.screen.query_one("#blanks", OptionList)
        assert all(blanks.get_option_at_index(i).disabled for i in range(blanks.option_count))
        assert "1 of 1 confirmed" in str(app.screen.query_one("#deduction-bar").render())
        assert any(n.message.startswith("Confirmed: What happened") for n in app._notifications)
        await press(pilot, "escape")
        assert isinstance(app.screen, BoardScreen)


async def test_the_board_opens_from_the_room_and_from_the_palette(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, DeductionScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, InterrogationScreen)
        await palette_search(pilot, "deduction board")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeductionScreen)


async def test_a_case_with_no_board_has_no_board_key(mini_story, tmp_path):
    app = app_at(mini_story, tmp_path, [], case_dir=MINI)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "b")
        assert isinstance(app.screen, BoardScreen)
        assert "b" not in {a.binding.key for a in app.screen.active_bindings.values()}


async def test_the_answers_pane_says_write_in_only_while_a_digit_writes_there(story, tmp_path):
    app = app_at(story, tmp_path, IN_THE_ROOM, case_dir=CASE)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_position(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, DeductionScreen)

        def heading() -> str:
            return str(app.screen.query_one("#answers-heading", Static).render())

        assert heading().startswith("Answers for: Who broke the vase?")  # the blanks' preview
        await press(pilot, "1")
        assert heading() == "Write in: Who broke the vase?"
        await press(pilot, "2", "1")  # Ada, then noon: the group is checked, and wrong
        assert app.screen.query_one("#blanks", OptionList).has_focus
        assert heading().startswith("Answers for: ")
