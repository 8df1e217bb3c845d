"""Saves per case in the interface: Continue is on the title's first frame (before the story has
loaded), only for a save of this case; another case's save is refused by naming it; undo after a
load goes back to the game of before, and after Continue says where its history starts."""

import threading

import pytest
from textual.widgets import Button, OptionList, Static

import game.storyfiles.loader as loader
from game.engine.session import Action
from game.persistence.playthrough import Playthrough
from game.persistence.slots import SaveFolder
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.load import LoadScreen
from game.tui.screens.title import TitleScreen
from tests.conftest import BUNDLED
from tests.ui import waiting
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.waiting import press

pytestmark = pytest.mark.timeout(60)

SIZE = (80, 24)
WAIT = 20  # seconds for anything the app does in its own time


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def until(pilot, condition, what: str) -> None:
    """Let the app run until `condition()` holds (on its own state: tests/ui/waiting.py); fail
    after WAIT seconds. Not while the story is held: its loading thread keeps the app busy."""
    await waiting.until(pilot, condition, what, timeout=WAIT)


def saved_game(story, folder_path, *actions: Action, slot: str = "") -> Playthrough:
    game = Playthrough(story, SaveFolder.open(folder_path))
    game.begin()
    for action in actions:
        game.perform(action)
    if slot:
        game.save(slot)
    return game


@pytest.fixture
def held_story(monkeypatch):
    """The story's loading, held until the test lets it go: what the first frame shows is what
    is there before the story is loaded."""
    go = threading.Event()
    real = loader.load_story

    def load_story(root):
        assert go.wait(WAIT), "the test never let the story load"
        return real(root)

    monkeypatch.setattr(loader, "load_story", load_story)
    yield go
    go.set()


async def test_continue_is_on_the_first_frame_and_waits_for_the_story(
        bundled_story, tmp_path, held_story):
    saved = saved_game(bundled_story, tmp_path, Action("talk", "vincent"),
                       Action("ask", "vincent_reunion"))
    app = make_app(BUNDLED, saves_dir=tmp_path)  # the story loads in a thread, as in play
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert isinstance(app.screen, TitleScreen)
        assert app.story is None  # still loading: this is what the first frames show
        resume = app.screen.query_one("#continue", Button)
        assert resume.has_focus
        assert app.screen.query_one("#load", Button)
        # Pressed at once: done once the case is open. (Textual's own press: `press` would
        # settle, and the app is busy with the loading thread until the test lets it go.)
        await pilot.press("enter")
        assert app.session is None
        held_story.set()
        await until(pilot, lambda: app.session is not None, "the game continued")
        assert app.session.state == saved.session.state
        # The screens follow the state (switched, then the room pushed over the board).
        await until(pilot, lambda: isinstance(app.screen, InterrogationScreen), "the room")


async def test_another_cases_autosave_offers_no_continue(mini_story, tmp_path, held_story):
    saved_game(mini_story, tmp_path, Action("talk", "tom"))  # autosave.mini only
    app = make_app(BUNDLED, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.story is None
        assert not app.screen.query("#continue")
        assert app.screen.query_one("#load", Button)  # there are saves to list
        assert app.screen.query_one("#new", Button).has_focus
        held_story.set()
        await until(pilot, lambda: app.saves is not None, "the folder was read")
        assert not app.screen.query("#continue") and app.screen.query("#load")
        await press(pilot, "c")
        assert isinstance(app.screen, TitleScreen) and app.session is None


async def test_an_autosave_that_cannot_be_loaded_is_not_continued(bundled_story, tmp_path):
    (tmp_path / "autosave.perfect_mother.toml").write_text("cut sh", "utf-8")
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.saves is not None, "the folder was read")
        await until(pilot, lambda: not app.screen.query("#continue"), "Continue withdrawn")
        assert app.screen.query_one("#new", Button).has_focus
        assert app.screen.query("#load")  # listed, with why it cannot be loaded


async def test_the_load_screen_refuses_another_cases_save_by_naming_it(
        bundled_story, mini_story, tmp_path):
    saved_game(mini_story, tmp_path, Action("talk", "tom"), slot="his")
    his = (tmp_path / "his.toml").read_bytes()
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.saves is not None, "the folder was read")
        player = KeyboardPlayer(app, pilot)
        await press(pilot, "n")
        await player.past_the_note()
        await player.skip_scenes()
        await player.do(Action("talk", "vincent"))
        before = app.session.state.copy()
        await player.press("ctrl+l")
        assert isinstance(app.screen, LoadScreen)
        slots = app.screen.query_one("#slots", OptionList)
        ids = [slots.get_option_at_index(i).id for i in range(slots.option_count)]
        assert ids[0] == "autosave.perfect_mother"  # this case's first, then the others'
        assert set(ids[1:]) == {"his", "autosave.mini"}
        assert "another case: mini" in str(slots.get_option_at_index(ids.index("his")).prompt)
        await player.choose("slots", "his")
        assert isinstance(app.screen, LoadScreen)  # refused here; the list stays open
        note = str(app.screen.query_one("#load-note", Static).render())
        assert "This save is from `mini`; play that case to load it." in note
        await player.press("escape")
        assert app.session.state == before
        assert (tmp_path / "his.toml").read_bytes() == his


async def test_undo_after_a_quick_load_brings_back_the_game_of_before(bundled_story, tmp_path):
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.saves is not None, "the folder was read")
        player = KeyboardPlayer(app, pilot)
        await player.start()
        await player.do(Action("talk", "vincent"))
        await player.press("f5")
        await player.do(Action("ask", "vincent_reunion"))
        await player.do(Action("leave"))
        playing = app.session.state.copy()
        await player.press("f9")
        await player.skip_scenes()
        assert isinstance(app.screen, InterrogationScreen)
        assert "ctrl+z: back to the game you were playing" in messages(app)[-1]
        await player.press("ctrl+z")
        assert app.session.state == playing  # the transcript too
        assert isinstance(app.screen, BoardScreen)
        assert messages(app)[-1].startswith("Undone: loading \u201c")
        await player.press("ctrl+y")
        assert isinstance(app.screen, InterrogationScreen)
        assert app.session.state.turn < playing.turn


async def test_after_continue_undo_says_where_the_history_starts(bundled_story, tmp_path):
    saved_game(bundled_story, tmp_path, Action("talk", "vincent"))
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.saves is not None, "the folder was read")
        await press(pilot, "c")
        await until(pilot, lambda: app.session is not None, "the game continued")
        assert "undo starts from here" in messages(app)[-1]
        await press(pilot, "ctrl+z")
        assert messages(app)[-1] == ("Nothing to undo: this game was loaded from "
                                     "\u201cautosave\u201d, and its history starts there.")
        assert app.session.state.interlocutor == "vincent"


async def test_an_autosave_from_before_saves_were_per_case_is_continued(bundled_story, tmp_path,
                                                                         held_story):
    old = saved_game(bundled_story, tmp_path / "then", Action("talk", "vincent"))
    (tmp_path / "autosave.toml").write_text(old.save_text(), "utf-8")  # as the game wrote it
    app = make_app(BUNDLED, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.story is None
        assert app.screen.query_one("#continue", Button).has_focus  # on the first frame too
        held_story.set()
        await until(pilot, lambda: app.saves is not None, "the folder was read")
        assert sorted(p.name for p in tmp_path.glob("*.toml")) == ["autosave.perfect_mother.toml"]
        await press(pilot, "enter")
        await until(pilot, lambda: app.session is not None, "the game continued")
        assert app.session.state == old.session.state
