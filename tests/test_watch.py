"""`detective play --watch`: an edited case is read again while the game goes on."""

from __future__ import annotations

import os
import shutil
import sys
import threading

import pytest

from game.engine.session import Action
from game.persistence.playthrough import Playthrough
from game.presentation.reloading import reload_case
from game.storyfiles.loader import load_story
from game.storyfiles.watching import FileStamps, is_story_file, watch_case
from tests.conftest import MINI, ROOT
from tests.ptys import DEADLINE, Terminal

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def case(tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(MINI, folder)
    return folder


def _edit(case, old: str, new: str) -> None:
    path = case / "case.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_watched_line_mode_game_shows_an_edited_topic_title_without_restarting(case, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    game = Terminal([sys.executable, "-m", "game", "play", "--plain", "--watch", "--saves",
                     str(tmp_path / "saves"), str(case)], env, ROOT)
    try:
        game.wait_for(b"> ")
        game.press(b"talk tom\n", b"> ")
        game.press(b"topics\n", b"The afternoon")
        _edit(case, 'title = "The afternoon"', 'title = "That long, dull afternoon"')
        since = len(game.output)
        game.press(b"topics\n", b"That long, dull afternoon")
        said = game.output[since:].decode()
        assert "The case was read again" in said
        assert "You can ask about:" in said  # still in the chair: the same game goes on
        # A case broken by an edit is said, and the game goes on in the case as it was.
        _edit(case, "[topic.tom_afternoon]", "[topic.tom_afternoon")
        since = len(game.output)
        game.press(b"topics\n", b"That long, dull afternoon")
        said = " ".join(game.output[since:].decode().split())  # read whole, as wrapped
        assert "the case has 1 problem(s) now; the game goes on in the case as it was" in said
        assert "E001" in said
        os.write(game.master, b"quit\n")
        assert game.exit_status() == 0
    finally:
        game.close()
    assert b"Traceback" not in game.output


def test_what_the_case_no_longer_has_is_dropped_and_said(case):
    play = Playthrough(load_story(case))
    play.begin()
    play.perform(Action("search", "bedroom"))
    assert "bedroom_pillow" in play.session.state.visited
    assert play.history.can_undo
    # The search played is taken out of the case; what it gave stays (the case still has it).
    _edit(case, '[search.bedroom_pillow]\nplace = "bedroom"\nlines = ["Under the pillow, '
          'crumbs."]\ngives = ["crumbs"]\n', "")
    outcome = reload_case(play, case)
    assert outcome.story is not None and play.story is outcome.story
    assert "Dropped scene `bedroom_pillow`: it is no longer in the case." in outcome.lines
    assert "bedroom_pillow" not in play.session.state.visited
    assert "crumbs" in play.session.state.held
    assert not play.history.can_undo  # its steps were played in the case as it was
    # A case the edit breaks: said, and the game goes on as it was.
    _edit(case, "[place.bedroom]", "[place.bedroom")
    before = play.session.state
    broken = reload_case(play, case)
    assert broken.story is None and broken.problems[0].code == "E001"
    assert play.session.state is before


def test_file_stamps_see_writes_additions_and_removals_but_not_walkthroughs(case):
    stamps = FileStamps(case)
    assert not stamps.changed()
    (case / "more.toml").write_text("")
    assert stamps.changed() and not stamps.changed()
    (case / "walkthroughs" / "new.toml").write_text("")
    assert not stamps.changed()
    (case / "more.toml").unlink()
    assert stamps.changed()
    assert is_story_file(case, str(case / "people" / "a.toml"))
    assert not is_story_file(case, str(case / ".taplo.toml"))
    assert not is_story_file(case, str(case / "walkthroughs" / "a.toml"))
    assert not is_story_file(case, str(case / "notes.md"))


def test_the_watcher_thread_hears_of_a_written_file(case):
    heard = threading.Event()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_case, args=(case, heard.set, stop), daemon=True)
    watcher.start()
    try:
        # The watcher may start after the first write: write until it is heard, bounded.
        for attempt in range(int(DEADLINE / 0.5)):
            _edit(case, "The afternoon" if attempt == 0 else f"v{attempt - 1}", f"v{attempt}")
            if heard.wait(0.5):
                break
        assert heard.is_set()
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()


async def test_the_interface_reads_an_edited_case_again_and_stays_in_the_game(case, tmp_path):
    from game.tui.app import make_app
    from game.tui.screens.interrogation import InterrogationScreen
    from tests.ui.test_hostile_tui import screen_lines
    from tests.ui.waiting import play_commands, until

    app = make_app(case, saves_dir=tmp_path / "saves", watch=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await play_commands(pilot, ["talk tom"])
        assert isinstance(app.screen, InterrogationScreen)
        await until(pilot, lambda: app._watcher is not None, "the watcher")
        _edit(case, 'title = "The afternoon"', 'title = "That long, dull afternoon"')

        def renamed() -> bool:
            return any(t.title == "That long, dull afternoon" for t in app.story.topics.values())

        for _ in range(DEADLINE):
            try:
                await until(pilot, renamed, "the case read again", timeout=1)
                break
            except AssertionError:  # the watcher may have begun after the write: write again
                path = case / "case.toml"
                path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        assert renamed()
        await until(pilot, lambda: isinstance(app.screen, InterrogationScreen), "the room")
        shown = " ".join(" ".join(screen_lines(app)).split())
        assert "afternoon" in shown.lower() and "read again" in shown
        assert app.session.state.interlocutor == "tom"
