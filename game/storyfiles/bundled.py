"""Where the bundled case lives: in the installed game, or in the checkout.

A wheel carries story/ inside the game as `game._story` (setup.py), found here with
`importlib.resources`. From a checkout, plain or installed in editable mode, the case is read where
its author edits it, story/ at the top of the repository. Should the game be installed where its
files are not files (a zip), the case is copied once to a temporary folder: the loader reads a
folder of TOML files.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from game.storyfiles.peek import CaseCover, peek_cover

CASE_NAME = "perfect_mother"
_CHECKOUT_STORY = Path(__file__).resolve().parents[2] / "story"


@cache
def bundled_case_dir() -> Path:
    """The folder of the bundled case."""
    shipped = files("game").joinpath("_story", CASE_NAME)
    if shipped.is_dir():
        return shipped if isinstance(shipped, Path) else _copied(shipped)
    return _CHECKOUT_STORY / CASE_NAME


def _copied(case: Traversable) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="detective-case-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _copy(case, folder / CASE_NAME)
    return folder / CASE_NAME


def _copy(source: Traversable, target: Path) -> None:
    target.mkdir()
    for item in source.iterdir():
        if item.is_dir():
            _copy(item, target / item.name)
        elif item.name.endswith(".toml"):
            (target / item.name).write_bytes(item.read_bytes())


@cache
def bundled_cover() -> CaseCover:
    """The bundled case's id and title, from a glance at its case.toml."""
    return peek_cover(bundled_case_dir())
