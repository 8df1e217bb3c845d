import gc
import os
import shutil
from pathlib import Path

import pytest

from game.engine.model import Story
from game.persistence.saves_location import ENV_VAR
from game.storyfiles.loader import load_story

# Textual's own setting: scrolls jump instead of gliding. The tests wait until the app is idle,
# and an animation keeps it busy for its whole length (the random-keys test spent a third of its
# time waiting on page-down glides); what the tests check is where a scroll ends, not how.
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

# The tests make objects by the million (Textual draws each key's screen; the reference explorers
# hold every state), and the collector's default pace walked all of them, the whole of Textual
# and the game among them, over and over: a fifth of the run. Younger objects are collected less
# often, and what is there once the tests are collected is set aside for good (gc.freeze).
# Nothing a test checks depends on when cycles are freed.
gc.set_threshold(50_000, 20, 100)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """One full collection once the tests are done, and what survives it set aside.

    pytest collects five times over as it closes, to find any object whose finaliser raised; by
    then each worker holds a heap of some hundreds of megabytes, walked whole each time: 2.5 s at
    the end of every worker, after its last test. The one collection here still runs under
    pytest's watch (a finaliser that raises is reported as before); its five then walk only
    what was made since, which is next to nothing."""
    gc.collect()
    gc.freeze()


ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "story" / "perfect_mother"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini_case"


def mini_with_content_note(folder: Path, note: str = "It tells of a stolen cake.") -> Path:
    """The mini case, in `folder`, with a content note."""
    folder.mkdir()
    text = (MINI / "case.toml").read_text(encoding="utf-8")
    (folder / "case.toml").write_text(
        text.replace('player = "me"', f'player = "me"\ncontent_note = "{note}"', 1),
        encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def mini_story() -> Story:
    return load_story(MINI)


@pytest.fixture(scope="session")
def bundled_story() -> Story:
    return load_story(BUNDLED)


@pytest.fixture(scope="session", autouse=True)
def saves_outside_the_checkout(tmp_path_factory):
    """A game run without --saves (in this process, or a child it starts) saves to a folder of
    this test process's own, never to the checkout's saves/: that folder is the player's, and
    parallel test processes (pytest-xdist) would write over each other's autosaves in it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, str(tmp_path_factory.mktemp("default-saves")))
        yield


def _own_timeout(item: pytest.Item) -> float:
    marker = item.get_closest_marker("timeout")
    if marker is None:
        return 0.0
    value = marker.args[0] if marker.args else marker.kwargs.get("timeout", 0)
    return float(value or 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests (those given a timeout of their own) first, longest bound first: a parallel
    run then ends on short tests instead of waiting on a long one begun last. The order is
    otherwise kept, and is the same in every worker.

    `make test` hands the tests out two at a time, in this order, to whichever worker is free
    (`--dist load --maxschedchunk 2`). Work stealing (`--dist worksteal`) first splits the list in
    halves, so one worker got every long test, and the other could only take short ones from the
    end of its list: it sat idle for the last 30 s of a 150 s run."""
    items.sort(key=lambda item: -_own_timeout(item))


DEDUCTION = Path(__file__).resolve().parent / "fixtures" / "deduction_case"


def inquest_case(folder: Path) -> Path:
    """The deduction case, in `folder`, with its final stage called an inquest and its
    credibility patience (`[case.words]`), no title of its own for the stage, and its
    walkthroughs typing `inquest`."""
    shutil.copytree(DEDUCTION, folder)
    case = folder / "case.toml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("\n[character.ada]", '\n[case.words]\nhearing = "inquest"\n'
                        'credibility = "patience"\n\n[character.ada]', 1)
    text = text.replace('title = "The family meeting"\n', "", 1)
    text = text.replace("a hearing that", "an inquest that", 1)  # the comment
    case.write_text(text, encoding="utf-8")
    for walk in (folder / "walkthroughs").glob("*.toml"):
        walk.write_text(walk.read_text(encoding="utf-8").replace('"hearing"', '"inquest"'),
                        encoding="utf-8")
    return folder
