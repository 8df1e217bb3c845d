"""A hostile case and a hostile save through every screen of the Textual interface.

Every text the player sees carries Textual markup (a link that would quit, bold) and terminal
escapes. On each screen the check is made on what the app really draws, the compositor's strips
for the whole screen: the markup shows as typed, no segment holds ESC, BEL or a C1 control, no
segment carries a click action, and the app is still running.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import tomli_w
from textual.command import CommandPalette
from textual.events import Paste
from textual.widgets import Input, Static

from game.engine.session import Action
from game.persistence.playthrough import Playthrough
from game.persistence.slots import MAX_SLOT_NAME, SaveFolder
from game.storyfiles.loader import load_story
from game.tui.app import DetectiveApp, make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.hearing import HearingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.load import LoadScreen
from game.tui.screens.locker import LockerScreen
from game.tui.screens.notebook import NotebookScreen
from game.tui.screens.picker import EvidencePickerScreen
from game.tui.screens.problems import ProblemsScreen
from game.tui.screens.save_as import SaveAsScreen
from game.tui.screens.scene import SceneScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.versions import VersionsScreen
from tests.hostile.corpus import PAYLOAD, write_hostile_case
from tests.ui.keyboard import KeyboardPlayer
from tests.ui.positions import app_at, open_position
from tests.ui.waiting import open_held, press, resize, settle
from tests.ui.waiting import until as settle_until

pytestmark = pytest.mark.timeout(60)

SIZE = (160, 50)  # wide enough that the marked-up text is not wrapped in the narrow columns
SHOWN = "[b]MARK[/b]"  # what every poisoned text must show, as typed
LINK = "[@click=app.quit]QUIT[/]"
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_case(tmp_path: Path) -> Path:
    """The corpus's hostile mini case, with the texts the mini case leaves out added, poisoned:
    a tagline, roles, moods, evidence summaries and sources, places' `nothing`, the hearing's
    title."""
    case = write_hostile_case(tmp_path / "case")
    path = case / "case.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    data["case"]["tagline"] = "Who ate it?" + PAYLOAD
    for character in data["character"].values():
        character.setdefault("role", "Family." + PAYLOAD)
        for state in character.get("states", {}).values():
            state["mood"] = "Sulking." + PAYLOAD
    for item in data["evidence"].values():
        item["summary"] = "A clue." + PAYLOAD
        item["source"] = "The house." + PAYLOAD
    for place in data["place"].values():
        place["description"] = "A room." + PAYLOAD
        place["nothing"] = "Nothing more here." + PAYLOAD
    data["hearing"]["title"] = "The family council" + PAYLOAD
    path.write_text(tomli_w.dumps(data), "utf-8")
    return case


def screen_lines(app: DetectiveApp) -> list[str]:
    """The whole screen as drawn, one string a row, after checking every segment: no control
    character (tab and newline aside) and no click action reach the terminal."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            assert not CONTROLS.search(segment.text), repr(segment.text)
            meta = segment.style.meta if segment.style is not None else {}
            assert "@click" not in meta, (segment.text, meta)
        lines.append("".join(segment.text for segment in strip))
    return lines


def assert_safe(app: DetectiveApp, *expected: str) -> list[str]:
    """The screen is safe, the app runs, and each of `expected` is shown as typed."""
    lines = screen_lines(app)
    assert not app._exit and app.return_code is None
    shown = "\n".join(lines)
    for text in expected:
        assert any(text in line for line in lines), f"{text!r} not on screen:\n{shown}"
    return lines


async def until(pilot, ready) -> None:
    """Let the app work until `ready()` holds (bounded), failing at once if the app quits or
    crashes instead."""

    def ready_or_quit() -> bool:
        assert not pilot.app._exit and pilot.app._running, "the app has quit"
        return bool(ready())

    await settle_until(pilot, ready_or_quit, "the app to be ready")


def toasts(app: DetectiveApp) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    return hostile_case(tmp_path_factory.mktemp("hostile"))


async def test_every_screen_of_a_game_shows_the_markup_as_text(case):
    app = make_app(case)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        player = KeyboardPlayer(app, pilot)
        # The first frame shows what `case.toml` says before the loader has seen it.
        assert isinstance(app.screen, TitleScreen)
        assert_safe(app, SHOWN, LINK)
        await until(pilot, lambda: app.story is not None)
        assert_safe(app, SHOWN, LINK, "Who ate it?")

        await player.press("enter")  # New game: the prologue
        assert isinstance(app.screen, SceneScreen)
        assert_safe(app, "Someone ate the cake.", SHOWN)
        await player.skip_scenes()
        assert isinstance(app.screen, BoardScreen)
        assert_safe(app, "The Missing Cake", "Tom", "Tom's bedroom", SHOWN)

        await player.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert_safe(app, "Keys")
        await player.press("escape")

        await player.press("h")  # a hint, in the board's line, names a place or a person
        await until(pilot, lambda: app.last_hint)
        await settle(pilot)  # the line drawn
        assert_safe(app, SHOWN, "Hint:")

        await player.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await player.press(*"Search")
        await until(pilot, lambda: any("Search Tom" in line for line in screen_lines(app)))
        assert_safe(app, SHOWN)
        await player.press("escape")
        assert isinstance(app.screen, BoardScreen)

        await player.do(Action("search", "bedroom"))  # a search scene: the place's name
        assert app.session.state.held.keys() == {"crumbs"}
        await player.press("s")
        await player.choose("places", "bedroom")  # nothing new: the place's `nothing`, a toast
        await until(pilot, lambda: any("Nothing more here." in t for t in toasts(app)))
        await settle(pilot)
        assert_safe(app, "Nothing more here.", SHOWN)
        app.clear_notifications()

        await player.press("e")
        assert isinstance(app.screen, LockerScreen)
        assert_safe(app, "Crumbs", "A clue.", "The house.", "Chocolate crumbs", SHOWN)
        await player.press("escape")

        await player.do(Action("talk", "tom"))
        assert isinstance(app.screen, InterrogationScreen)
        assert_safe(app, "The afternoon", SHOWN)
        await player.do(Action("ask", "tom_afternoon"))
        # His story's label and mood, once he has told it (the chair bar keeps to one line,
        # leaving the mood out first: wide enough for all of it).
        assert_safe(app, "Asleep.", "Lying", SHOWN)
        await resize(pilot, 240, SIZE[1])
        assert_safe(app, "Asleep.", "Lying", "Sulking.", SHOWN)
        await resize(pilot, *SIZE)

        await player.press("p")
        assert isinstance(app.screen, EvidencePickerScreen)
        assert_safe(app, "Crumbs", "Chocolate crumbs", SHOWN)
        await player.choose("items", "crumbs")
        # Tom's story breaks: a banner with his name and what broke it, never the next story
        # (held in the room until his answer is read: enter).
        assert_safe(app, "Something happens", SHOWN)
        await open_held(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert_safe(app, "story changes", "Broken by", "Crumbs", SHOWN)
        assert not any("Honest" in line for line in screen_lines(app))
        await player.skip_scenes()
        assert app.session.state.states["tom"] == "honest"
        app.clear_notifications()

        await player.press("n")
        assert isinstance(app.screen, NotebookScreen)
        assert_safe(app, "Asleep.", SHOWN)
        await player.press("v")
        assert isinstance(app.screen, VersionsScreen)
        assert_safe(app, "He was asleep all afternoon.", "Broken by", SHOWN)
        await player.press("escape")

        await player.do(Action("ask", "tom_confess"))
        assert_safe(app, "Honest", SHOWN)  # the new story's label, now that he has told it
        await player.do(Action("talk", "ann"))
        await player.press("a")
        await player.choose("topics", "ann_saw")  # gives the note, and the plate turns up
        await open_held(pilot)
        assert isinstance(app.screen, SceneScreen)
        assert_safe(app, "The plate turns up", "found in the garden", SHOWN)
        await player.skip_scenes()
        app.clear_notifications()

        await player.to_board()
        await player.press("g")
        assert isinstance(app.screen, ConfirmScreen)
        await player.press("y")
        await player.skip_scenes()
        assert isinstance(app.screen, HearingScreen)
        assert_safe(app, "The family council", "The family gathers.", "Accuse Tom.", SHOWN)
        await player.choose("options", "accuse")  # its ending has a last choice: not asked
        await player.skip_scenes()
        assert isinstance(app.screen, EndingScreen)
        assert_safe(app, "Solved", "Tom does the dishes", "And the cake?", "Bake another.",
                    SHOWN)
        await player.choose("final-choices", "bake")
        assert isinstance(app.screen, ConfirmScreen)  # the choice's text, quoted back
        assert_safe(app, "Your last choice:", "Bake another.", SHOWN)
        await player.press("y")
        await player.skip_scenes()
        assert app.session.over
        assert_safe(app, "The end: Solved", "It is even better.", "Case report", SHOWN)
    assert app.return_code is None or app.return_code == 0


async def test_a_hostile_save_label_on_the_load_screen_and_in_the_toast(case, tmp_path):
    story = load_story(case)
    playthrough = Playthrough(story, SaveFolder.open(tmp_path))
    playthrough.begin()
    playthrough.perform(Action("talk", "tom"))
    playthrough.save("mine")
    path = tmp_path / "mine.toml"
    save = tomllib.loads(path.read_text("utf-8"))
    save["label"] = "In the kitchen" + PAYLOAD
    path.write_text(tomli_w.dumps(save), "utf-8")
    (tmp_path / "broken.toml").write_text("label = '[b]MARK[/b]", "utf-8")  # not TOML

    app = make_app(case, story, saves_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: app.saves is not None and app.screen.query("#load"))
        await press(pilot, "l")
        await until(pilot, lambda: isinstance(app.screen, LoadScreen))
        lines = assert_safe(app, "mine", "In the kitchen", "broken", "not loadable", SHOWN)
        assert sum(SHOWN in line for line in lines) >= 2  # this label and the autosave's
        await press(pilot, "1")
        await until(pilot, lambda: app.session is not None and toasts(app))
        await settle(pilot)
        assert isinstance(app.screen, InterrogationScreen)
        assert any("Loaded \u201cmine\u201d" in t for t in toasts(app))
        assert_safe(app, "Loaded", SHOWN)


async def test_a_long_slot_name_is_refused_with_the_limit_not_cut(case, tmp_path):
    app = app_at(load_story(case), tmp_path, [], case_dir=case)  # a game just begun
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        player = KeyboardPlayer(app, pilot)
        await open_position(pilot)
        assert isinstance(app.screen, BoardScreen)
        written = sorted(tmp_path.iterdir())
        await player.press("ctrl+s")
        assert isinstance(app.screen, SaveAsScreen)
        box = app.screen.query_one("#slot-name", Input)
        pasted = "a" * 10_000
        box.post_message(Paste(pasted))
        await until(pilot, lambda: box.value == pasted)  # all of it, not the first 64
        await player.press("enter")
        assert isinstance(app.screen, SaveAsScreen)
        note = str(app.screen.query_one("#save-as-note", Static).render())
        assert re.search(rf"at most {MAX_SLOT_NAME} characters; this one has 10,?000", note)
        assert sorted(tmp_path.iterdir()) == written  # nothing saved under any name
        box.value = "a" * (MAX_SLOT_NAME + 1)  # typed one too many: the same refusal
        await player.press("enter")
        note = str(app.screen.query_one("#save-as-note", Static).render())
        assert f"this one has {MAX_SLOT_NAME + 1}" in note
        box.value = "a" * MAX_SLOT_NAME
        await player.press("enter")
        assert not isinstance(app.screen, SaveAsScreen)
        assert (tmp_path / f"{'a' * MAX_SLOT_NAME}.toml").is_file()


async def test_a_case_folder_named_with_markup_and_escapes_shows_its_problems(tmp_path):
    case = hostile_case(tmp_path / ("[b]MARK[/b] \x1b]0;pwned\x07"))
    (case / "broken.toml").write_text('[topic.bad]\ncharacter = "nobody"\ntitle = "x"\n',
                                      "utf-8")
    app = make_app(case)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        await settle(pilot)
        assert_safe(app, "cannot be played", SHOWN)


def test_the_interface_has_no_markup_left():
    """The rule, kept: screens build Content from parts (game.tui.styled), never markup."""
    sources = sorted((Path(__file__).resolve().parents[2] / "game" / "tui").rglob("*.py"))
    assert len(sources) > 10  # the interface's modules (game/tui since the wings were made)
    for path in sources:
        text = path.read_text("utf-8")
        assert "escape(" not in text and "from_markup" not in text, path
        assert not re.search(r"\[/[a-z]*\]", text), path  # a closing tag: markup
