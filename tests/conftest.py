from pathlib import Path

import pytest

from game.engine.model import Story
from game.storyfiles.loader import load_story

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "story" / "perfect_mother"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini_case"


@pytest.fixture(scope="session")
def mini_story() -> Story:
    return load_story(MINI)


@pytest.fixture(scope="session")
def bundled_story() -> Story:
    return load_story(BUNDLED)
