"""Where saves go, and the name of a case's own slot files: the one module that decides it. Free of
pydantic, so the interface can look for a case's autosave before its first frame.

The folder: `--saves DIR`, else $DETECTIVE_SAVES, else saves/ at the top of the checkout when the
game runs from one (`make play`), else the user's data folder (platformdirs: on Linux
$XDG_DATA_HOME/detective/saves, by default ~/.local/share/detective/saves). An installed game
never writes beside its own files.

In it, a case keeps its autosave and its quick save to itself, `autosave.<case id>.toml` and
`quicksave.<case id>.toml`: a dot is never in a slot name a player can type, so no other case and
no save the player names can be written over them. Saves the player names are `<slot>.toml`.
"""

from __future__ import annotations

import os
from pathlib import Path

import tomli

ENV_VAR = "DETECTIVE_SAVES"
APP_NAME = "detective"
PROJECT_NAME = "detective"  # [project] name in pyproject.toml
AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
CASE_SLOTS = (AUTOSAVE, QUICKSAVE)  # the slots each case keeps to itself


def case_slot(slot: str, case_id: str) -> str:
    """The file name (without .toml) of a case's own `slot`: `autosave.perfect_mother`."""
    return f"{slot}.{case_id}"


def case_slot_path(folder: Path, slot: str, case_id: str) -> Path:
    return folder / f"{case_slot(slot, case_id)}.toml"


def checkout_root(package_dir: Path | None = None) -> Path | None:
    """The top of the repository when the game runs from a checkout (plain, or installed in
    editable mode): the game package's parent holds story/ and this project's pyproject.toml.
    None when the game is installed (its parent is site-packages)."""
    package_dir = package_dir or Path(__file__).resolve().parents[1]
    root = package_dir.parent
    if not (root / "story").is_dir():
        return None
    try:
        project = tomli.loads((root / "pyproject.toml").read_text("utf-8")).get("project")
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return None
    if isinstance(project, dict) and project.get("name") == PROJECT_NAME:
        return root
    return None


def user_saves_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "saves"


def default_saves_dir(explicit: Path | None = None) -> Path:
    """--saves, else $DETECTIVE_SAVES, else saves/ in a checkout, else the user's data folder."""
    if explicit is not None:
        return explicit
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    root = checkout_root()
    return root / "saves" if root is not None else user_saves_dir()
