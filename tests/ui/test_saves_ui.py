"""Saves, undo and redo through the Textual UI, keyboard only, with tmp_path as the saves folder."""

import re
import tomllib

from textual.widgets import Button, Input, OptionList, RichLog, Static

from game.engine.session import Action
from game.persistence.playthrough import Playthrough
from game.persistence.slots import SaveFolder
from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.load import LoadScreen, played_for
from game.tui.screens.save_as import SaveAsScreen
from game.tui.screens.scene import SceneScreen
from game.tui.screens.title import TitleScreen
from tests.conftest import BUNDLED
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.positions import app_at, open_position
from tests.ui.waiting import palette_search, play_on, press, settle, until

SIZE = (80, 24)


def position(app) -> tuple:
    state = app.session.state
    return state.turn, dict(state.held), state.interlocutor, dict(state.visited)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def opened(app, pilot) -> None:
    """Wait until the saves folder has been looked at (it opens after the first frame)."""
    await until(pilot, lambda: app.saves is not None, "the saves folder to open")


def conversation(app) -> str:
    log = app.screen.query_one("#conversation", RichLog)
    return "\n".join(line.text for line in log.lines)


def saved_game(story, folder_path, slot: str, actions: list[Action]) -> Playthrough:
    """A game played through the engine and saved to `slot`, as an earlier session would."""
    playthrough = Playthrough(story, SaveFolder.open(folder_path))
    playthrough.begin()
    for action in actions:
        playthrough.perform(action)
    playthrough.save(slot)
    return playthrough


async def test_quick_save_then_quick_load_restores_the_game(bundled_story, tmp_path):
    # Anywhere in a game will do: the game opens in Vincent's room, the reunion asked.
    app = app_at(bundled_story, tmp_path, ["talk vincent", "ask vincent_reunion"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        player = KeyboardPlayer(app, pilot)
        saved = position(app)
        await player.press("f5")
        assert (tmp_path / "quicksave.perfect_mother.toml").is_file()
        assert "Saved as \u201cquicksave\u201d." in messages(app)
        await play_on(pilot, ["ask vincent_take_case", "leave"])
        assert position(app) != saved
        assert isinstance(app.screen, BoardScreen)
        await player.press("f9")
        await player.skip_scenes()
        assert position(app) == saved
        # Back in the room where it was saved, with the conversation as it was.
        assert isinstance(app.screen, InterrogationScreen)
        assert app.screen.character_id == "vincent"
        reunion = bundled_story.topics["vincent_reunion"].title
        take_case = bundled_story.topics["vincent_take_case"].title
        assert f"You ask: {reunion}" in conversation(app)
        assert f"You ask: {take_case}" not in conversation(app)


async def test_undo_takes_back_an_ask_and_redo_does_it_again(bundled_story, tmp_path):
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(app, pilot)
        player = KeyboardPlayer(app, pilot)
        await player.start()
        await player.press("ctrl+z")
        assert messages(app)[-1] == "Nothing to undo: this is the start of the game."
        await player.do(Action("talk", "vincent"))
        before = position(app)
        await player.do(Action("ask", "vincent_reunion"))
        asked = position(app)
        question = f"You ask: {bundled_story.topics['vincent_reunion'].title}"
        assert question in conversation(app)

        await player.press("ctrl+z")
        title = bundled_story.topics["vincent_reunion"].title
        assert messages(app)[-1] == \
            f"Undone: ask Vincent about \u201c{title}\u201d.  (ctrl+y: redo)"
        assert position(app) == before
        assert "vincent_reunion" not in app.session.state.visited
        assert isinstance(app.screen, InterrogationScreen)
        assert question not in conversation(app)  # the room was drawn again from the session

        await player.press("ctrl+y")
        assert position(app) == asked
        assert isinstance(app.screen, InterrogationScreen)
        assert conversation(app).count(question) == 1
        await player.press("ctrl+y")
        assert messages(app)[-1] == "Nothing to redo."

        # Undoing the talk itself goes back to the board.
        await player.press("ctrl+z", "ctrl+z")
        assert app.session.state.interlocutor is None
        assert isinstance(app.screen, BoardScreen)
        # The autosave follows the undo.
        autosave = tomllib.loads((tmp_path / "autosave.perfect_mother.toml").read_text("utf-8"))
        assert autosave["state"]["turn"] == app.session.state.turn


async def test_save_as_writes_a_good_name_and_refuses_a_path(bundled_story, tmp_path):
    saves = tmp_path / "saves"
    app = app_at(bundled_story, saves, ["talk vincent"])  # anywhere in a game: Vincent's room
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        player = KeyboardPlayer(app, pilot)
        await player.press("ctrl+s")
        assert isinstance(app.screen, SaveAsScreen)
        await player.press(*"good", "enter")
        assert not isinstance(app.screen, SaveAsScreen)
        assert (saves / "good.toml").is_file()
        assert "Saved as \u201cgood\u201d." in messages(app)

        everything = sorted(tmp_path.rglob("*"))
        await player.press("ctrl+s")
        await player.press(*"../escape", "enter")
        # Refused with the reason, the dialog still open, and nothing written anywhere.
        assert isinstance(app.screen, SaveAsScreen)
        note = str(app.screen.query_one("#save-as-note", Static).render())
        assert "Not saved" in note and "is not a slot name" in note
        assert sorted(tmp_path.rglob("*")) == everything
        assert not (tmp_path / "escape.toml").exists()
        await player.press("escape")
        assert isinstance(app.screen, InterrogationScreen)

        # A name already taken says it will be replaced.
        await player.press("ctrl+s", *"good")
        note = str(app.screen.query_one("#save-as-note", Static).render())
        assert "replaces" in note
        assert app.screen.query_one("#slot-name", Input).value == "good"


async def test_continue_on_the_title_loads_the_latest_save(bundled_story, tmp_path):
    older = saved_game(bundled_story, tmp_path, "older", [Action("talk", "vincent")])
    text = (tmp_path / "older.toml").read_text("utf-8")
    text = re.sub(r'(?m)^saved_at = ".*"$', 'saved_at = "2000-01-01T00:00:00+00:00"', text)
    (tmp_path / "older.toml").write_text(text, "utf-8")
    latest = saved_game(bundled_story, tmp_path, "latest",
                        [Action("talk", "vincent"), Action("ask", "vincent_reunion"),
                         Action("leave")])
    assert older.session.state.turn != latest.session.state.turn
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(app, pilot)
        assert isinstance(app.screen, TitleScreen)
        resume = app.screen.query_one("#continue", Button)
        assert resume.display and resume.has_focus
        assert app.screen.query_one("#load", Button).display
        await press(pilot, "enter")
        state = app.session.state
        want = latest.session.state
        assert (state.turn, state.held, state.interlocutor, state.visited) == (
            want.turn, want.held, want.interlocutor, want.visited)
        assert isinstance(app.screen, BoardScreen)


async def test_the_title_offers_no_continue_without_saves(bundled_story, tmp_path):
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot)
        assert not app.screen.query("#continue") and not app.screen.query("#load")
        await press(pilot, "c", "l")
        assert isinstance(app.screen, TitleScreen)


def write_broken(story, tmp_path) -> bytes:
    """Half of a valid save, cut where it is no longer TOML, as `broken.toml`."""
    saved_game(story, tmp_path, "whole", [Action("talk", "vincent")])
    raw = (tmp_path / "whole.toml").read_text("utf-8")
    (tmp_path / "whole.toml").unlink()
    (tmp_path / "autosave.perfect_mother.toml").unlink()
    for cut in range(len(raw) // 2, len(raw)):
        try:
            tomllib.loads(raw[:cut])
        except tomllib.TOMLDecodeError:
            break
    data = raw[:cut].encode("utf-8")
    (tmp_path / "broken.toml").write_bytes(data)
    return data


async def test_a_broken_save_is_listed_as_not_loadable_and_never_changed(bundled_story,
                                                                          tmp_path):
    broken = write_broken(bundled_story, tmp_path)
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(app, pilot)
        # Nothing to continue, but a save to list.
        assert not app.screen.query("#continue")
        assert app.screen.query_one("#load", Button).display
        player = KeyboardPlayer(app, pilot)
        await player.start()
        await player.do(Action("talk", "vincent"))
        await player.do(Action("ask", "vincent_reunion"))
        before = position(app)
        await player.press("ctrl+l")
        assert isinstance(app.screen, LoadScreen)
        slots = app.screen.query_one("#slots", OptionList)
        prompts = {slots.get_option_at_index(i).id: str(slots.get_option_at_index(i).prompt)
                   for i in range(slots.option_count)}
        assert set(prompts) == {"autosave.perfect_mother", "broken"}
        assert "not loadable" in prompts["broken"] and "TOML" in prompts["broken"]
        assert "Questioning Vincent" in prompts["autosave.perfect_mother"]
        assert "not loadable" not in prompts["autosave.perfect_mother"]
        await player.choose("slots", "broken")
        # Refused, saying which slot and why; the game goes on as it was.
        assert not isinstance(app.screen, LoadScreen)
        refusal = messages(app)[-1]
        assert "\u201cbroken\u201d" in refusal and "TOML" in refusal
        assert position(app) == before
        assert isinstance(app.screen, InterrogationScreen)
        assert (tmp_path / "broken.toml").read_bytes() == broken
        await player.do(Action("ask", "vincent_take_case"))
        assert app.session.state.turn == before[0] + 1


async def test_load_slot_at_start_goes_where_the_game_was_saved(bundled_story, tmp_path):
    saved = saved_game(bundled_story, tmp_path, "mine",
                       [Action("talk", "vincent"), Action("ask", "vincent_reunion")])
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path, load_slot="mine")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.session is not None, "the save to load")
        assert isinstance(app.screen, InterrogationScreen)
        assert app.session.state.visited == saved.session.state.visited
        assert app.session.state.turn == saved.session.state.turn


async def test_load_slot_at_start_that_fails_stays_on_the_title(bundled_story, tmp_path):
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path, load_slot="missing")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(app, pilot)
        assert isinstance(app.screen, TitleScreen)
        assert app.session is None
        assert "Could not load \u201cmissing\u201d: there is no such save" in messages(app)


async def test_a_load_that_drops_something_says_what(bundled_story, tmp_path):
    saved_game(bundled_story, tmp_path, "changed", [Action("talk", "vincent")])
    path = tmp_path / "changed.toml"
    path.write_text(path.read_text("utf-8").replace("[state.held]\n", "[state.held]\nghost = 1\n"),
                    "utf-8")
    app = make_app(BUNDLED, bundled_story, saves_dir=tmp_path, load_slot="changed")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the load's report")

        def shown() -> str:
            return "\n".join(str(s.render()) for s in app.screen.query(Static))

        # The scene fills its lines once composed.
        await until(pilot, lambda: "Dropped evidence" in shown(), "the report's lines")
        assert "Dropped evidence `ghost`" in shown()
        await press(pilot, "enter")
        assert isinstance(app.screen, InterrogationScreen)


async def test_the_palette_offers_undo_and_saves(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path, [])  # a game just begun
    async with app.run_test(size=SIZE) as pilot:
        await open_position(pilot)
        await play_on(pilot, ["talk vincent"])  # a step to undo, played in this app
        assert isinstance(app.screen, InterrogationScreen)
        await palette_search(pilot, "Undo")
        await press(pilot, "enter")
        assert app.session.state.interlocutor is None
        assert isinstance(app.screen, BoardScreen)


def test_play_time_reads_well():
    assert played_for(20) == "under a minute"
    assert played_for(125) == "2 min"
    assert played_for(3 * 3600 + 5 * 60) == "3 h 05 min"


async def test_undo_and_redo_cross_the_hearing_and_the_ending(bundled_story):
    from game.engine.commands import resolve
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.hearing import HearingScreen

    app = make_app(BUNDLED, bundled_story)  # undo needs no saves folder
    async with app.run_test(size=SIZE) as pilot:
        player = KeyboardPlayer(app, pilot)
        await player.start()
        steps = ["talk vincent", "ask vincent_reunion", "ask vincent_take_case",
                 "ask vincent_cctv_front", "talk anya", "object anya_v1_door with cctv_front",
                 "talk vincent", "ask vincent_cctv_rear", "search anya_room", "search shelter",
                 "hearing", "choose trust"]
        for step in steps:
            word, _, rest = step.partition(" ")
            app.act(resolve(app.session, word, rest).action)
            await settle(pilot)
            await player.skip_scenes()
        assert isinstance(app.screen, EndingScreen)
        ended = position(app)
        await player.press("ctrl+z")
        assert isinstance(app.screen, HearingScreen) and app.session.state.ending is None
        await player.press("ctrl+z")  # before the hearing: the board
        assert isinstance(app.screen, BoardScreen) and not app.session.state.at_hearing
        await player.press("ctrl+z")  # before the shelter: the board, after Anya's old room
        assert isinstance(app.screen, BoardScreen) and "shelter_office" not in \
            app.session.state.visited
        await player.press("ctrl+z")  # before the first search, made from Vincent's chair
        assert isinstance(app.screen, InterrogationScreen)
        assert app.screen.character_id == "vincent"
        await player.press("ctrl+y", "ctrl+y", "ctrl+y")
        assert isinstance(app.screen, HearingScreen)
        await player.press("ctrl+y")
        assert isinstance(app.screen, EndingScreen)
        assert position(app) == ended


async def test_a_failed_autosave_is_mentioned_once(bundled_story, tmp_path):
    app = app_at(bundled_story, tmp_path / "saves", [])  # a game just begun
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen) and app.session.state.turn == 0
        player = KeyboardPlayer(app, pilot)
        (tmp_path / "blocker").write_text("a file where the folder should be", "utf-8")
        app.playthrough.folder.path = tmp_path / "blocker" / "saves"
        await player.do(Action("talk", "vincent"))
        await player.do(Action("ask", "vincent_reunion"))
        warnings = [m for m in messages(app) if "could not be autosaved" in m]
        assert len(warnings) == 1
        assert app.session.state.turn == 2  # the game goes on
