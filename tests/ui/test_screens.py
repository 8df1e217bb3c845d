"""The parts of the interface a playthrough does not cross: problems, help, palette, hints."""

import shutil

from textual.widgets import Static

from game.engine.session import Action
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.problems import ProblemsScreen
from game.tui.screens.scene import SceneScreen
from game.tui.screens.title import TitleScreen
from tests.conftest import BUNDLED, MINI, ROOT
from tests.ui.positions import app_at, open_position
from tests.ui.waiting import palette_search, press, settle, until

BROKEN = ROOT / "tests" / "storyfiles" / "broken"


async def started(app, pilot):
    await press(pilot, "enter")
    for _ in range(20):
        if not isinstance(app.screen, SceneScreen):
            return
        await press(pilot, "enter")
    raise AssertionError("scenes never end")


async def test_a_broken_case_shows_its_problems_and_exits_cleanly(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    shutil.copy(BROKEN / "bad_conditions" / "extra.toml", case / "extra.toml")
    expected = (BROKEN / "bad_conditions" / "expected.txt").read_text("utf-8").splitlines()
    app = make_app(case)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen), "the problems")

        def shown() -> str:
            return "\n".join(str(s.render()) for s in app.screen.query(Static))

        # The screen fills its text once composed.
        await until(pilot, lambda: expected[0] in shown(), "the first problem")
        # Every problem, each as `check` prints it.
        assert all(line in shown() for line in expected), shown()
        await press(pilot, "q")
    assert app.return_code == 1


async def test_new_game_waits_for_the_story_to_load():
    app = make_app(BUNDLED)  # the story loads in a thread after the first frame
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await started(app, pilot)
        # Once the case is open, its content note comes first, then the game.
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the content note")
        await press(pilot, "enter")
        await until(pilot, lambda: app.session is not None, "the game to begin")
        assert app.session.state.started


async def test_question_mark_lists_the_keys_of_the_screen(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, [])  # a game just begun, on the board
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = dict(app.screen.keys)
        assert described.get("t") == "Talk" and described.get("g") == "Hearing"
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_the_game_actions(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, [])  # a game just begun, on the board
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        await palette_search(pilot, "Talk to Vincent")
        await press(pilot, "enter")
        assert app.session.state.interlocutor == "vincent"
        assert isinstance(app.screen, InterrogationScreen)


async def test_hint_names_a_step_that_exists(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, [])  # a game just begun, on the board
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        messages = []
        for _ in range(3):  # on the board each is in its line, the last kept to read again
            await press(pilot, "h")
            messages.append(app.last_hint)
            assert app.last_hint in str(app.screen.query_one("#hint", Static).content)
        assert len(messages) == 3
        assert len(set(messages)) == 3  # where to look, what is weak, the step: each says more
        assert messages[2].startswith(("Ask ", "Show ", "Search "))
        assert app.record == {"hints_1": 1, "hints_2": 1, "hints_3": 1}


async def test_the_chair_shows_a_story_only_once_told_and_never_how_many_are_to_come(
        bundled_story, tmp_path):
    # Taking the case moves Vincent on to his next story; he has not told it yet.
    app = app_at(bundled_story, tmp_path, ["talk vincent", "ask vincent_reunion",
                                           "ask vincent_take_case"])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        assert app.session.state.states["vincent"] == "counsel"
        chair = str(app.screen.query_one("#chair", Static).render())
        assert "Vincent in the chair" in chair
        assert "Anya's lawyer" not in chair and "professional" not in chair
        topic = app.session.available_topics()[0]
        app.act(Action("ask", topic))
        await settle(pilot)
        chair = str(app.screen.query_one("#chair", Static).render())
        assert "Anya's lawyer" in chair and "professional" in chair  # now told
        app.act(Action("ask", topic))  # the same question again gets its own heading
        await settle(pilot)
        log = "\n".join(str(line.text) for line in app.screen.query_one("#conversation").lines)
        title = bundled_story.topics[topic].title
        assert log.count(f"You ask: {title}") == 2
        app.act(Action("leave"))
        app.act(Action("talk", "anya"))
        await settle(pilot)
        chair = str(app.screen.query_one("#chair", Static).render())
        assert " of " not in chair and "version" not in chair


async def test_the_room_is_made_once_and_each_conversation_in_it_starts_afresh(bundled_story,
                                                                             tmp_path):
    """The interrogation room is kept between conversations (composing it took most of a talk's
    time): whoever sits next finds nothing of the last one, neither lines nor list positions
    nor the focus."""
    from tests.ui.keyboard import KeyboardPlayer

    told = ["talk vincent", "ask vincent_reunion", "ask vincent_take_case", "talk anya",
            "leave"]
    app = app_at(bundled_story, tmp_path, told)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_position(pilot)
        player = KeyboardPlayer(app, pilot)
        await player.do(Action("talk", "vincent"))
        room = app.screen
        assert isinstance(room, InterrogationScreen)
        vincent_lines = conversation(room)
        assert "Vincent:" in vincent_lines and "Anya:" not in vincent_lines
        await press(pilot, "down", "down")
        assert room.query_one("#topics").highlighted == 2
        await player.do(Action("talk", "anya"))
        assert app.screen is room and room.character_id == "anya"
        anya_lines = conversation(room)
        assert "Questioning Anya" in anya_lines and "Vincent:" not in anya_lines
        assert "Anya:" in anya_lines  # what she told before, drawn again
        home = room.query_one("#testimony")
        assert home.has_focus and home.highlighted == 0 and home.scroll_y == 0
        topics = room.query_one("#topics")
        assert topics.highlighted == 0
        assert {topics.get_option_at_index(i).id for i in range(topics.option_count)} <= \
            set(bundled_story.index.topics_by_character["anya"])


def conversation(room: InterrogationScreen) -> str:
    return "\n".join(line.text for line in room.query_one("#conversation").lines)
