"""The whole case played through the Textual UI, keyboard only, to each ending."""

import pytest
from textual.widgets import Static

from game.storyfiles.walkthroughs import walkthrough_files
from game.tui.app import make_app
from game.tui.screens.ending import EndingScreen
from tests.conftest import BUNDLED
from tests.ui.keyboard import KeyboardPlayer

WALKTHROUGHS = {path.stem: path for path in walkthrough_files(BUNDLED)}


@pytest.mark.parametrize("name", sorted(WALKTHROUGHS))
async def test_keyboard_playthrough_reaches_its_ending(bundled_story, name):
    app = make_app(BUNDLED, bundled_story)
    async with app.run_test(size=(80, 24)) as pilot:
        # One walk moves with the arrow keys throughout; the others pick by number.
        player = KeyboardPlayer(app, pilot, arrows_only=(name == "blind_faith"))
        await player.start()
        walk = await player.play_walkthrough(WALKTHROUGHS[name])
        state = app.session.state
        assert state.ending == walk["ending"]
        assert state.final_choice == walk.get("final_choice")
        assert app.session.over
        screen = app.screen
        assert isinstance(screen, EndingScreen)
        ending_title = bundled_story.endings[walk["ending"]].title
        assert ending_title in str(screen.query_one("#ending-bar", Static).render())
        report = str(screen.query_one("#report", Static).render())
        assert f"Evidence found: {len(state.held)} of {len(bundled_story.evidence)}" in report
        # The ending offers another game, and r starts one.
        await player.press("r")
        assert app.session.state.turn == 0 and app.session.state.ending is None
