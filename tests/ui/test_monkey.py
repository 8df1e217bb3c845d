"""2,000 random keys from a fixed seed: no exception, and the game state stays valid."""

import random

from textual import events

from game.tui.app import make_app
from tests.conftest import BUNDLED
from tests.engine.test_properties import assert_valid

KEYS = [*"aeghnprstvy", *"123456789", "up", "down", "left", "right", "home", "end", "pageup",
        "pagedown", "tab", "shift+tab", "enter", "escape", "space", "question_mark", "q"]
TOTAL = 2_000
BATCH = 10  # keys typed ahead before the app is given time to catch up


def key_event(key: str) -> events.Key:
    character = key if len(key) == 1 else {"space": " ", "question_mark": "?"}.get(key)
    return events.Key(key, character)


async def test_two_thousand_random_keys(bundled_story):
    chooser = random.Random(20261124)
    sent = games = 0
    while sent < TOTAL:
        app = make_app(BUNDLED, bundled_story)
        games += 1
        async with app.run_test(size=(80, 24)) as pilot:
            while sent < TOTAL and app.is_running and app.return_code is None:
                for _ in range(BATCH):
                    event = key_event(chooser.choice(KEYS))
                    event.set_sender(app)
                    app._driver.send_message(event)
                sent += BATCH
                await pilot.pause()
                if app.session is not None:
                    assert_valid(bundled_story, app.session)
    # The keys did reach the game: it was started, and played, at least once.
    assert games >= 1
