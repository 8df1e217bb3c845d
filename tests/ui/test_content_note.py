"""The content note comes before a new game in the interface, with the choice to go back."""

import pytest
from textual.widgets import Button, Static

from game.tui.app import make_app
from game.tui.screens.board import BoardScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.title import TitleScreen
from tests.conftest import mini_with_content_note
from tests.ui import waiting
from tests.ui.waiting import press

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def noted_case(tmp_path):
    return mini_with_content_note(tmp_path / "case")


async def test_the_note_is_read_first_and_go_back_returns_to_the_title(noted_case):
    app = make_app(noted_case)
    async with app.run_test(size=(80, 24)) as pilot:
        await waiting.until(pilot, lambda: app.story is not None, "the case opened", timeout=20)
        await press(pilot, "n")  # New game
        assert isinstance(app.screen, ConfirmScreen) and app.session is None
        shown = str(app.screen.query_one("#question", Static).render())
        assert shown == "Content note: It tells of a stolen cake."
        assert app.screen.query_one("#yes", Button).has_focus  # read, then go on
        await press(pilot, "n")  # Go back
        assert isinstance(app.screen, TitleScreen) and app.session is None
        await press(pilot, "n")
        await press(pilot, "enter")  # Go on
        assert app.session is not None
        await waiting.until(pilot, lambda: isinstance(app.screen, BoardScreen)
                            or app.screen.__class__.__name__ == "SceneScreen", "the game",
                            timeout=20)
