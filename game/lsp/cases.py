"""Which case a file belongs to, and the files of a case, as an editor sees them: saved on disk,
or open with text not yet saved."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from game.engine.safe_read import UnsafeFile, read_bounded
from game.storyfiles.limits import MAX_FILE_BYTES
from game.storyfiles.loader import WALKTHROUGH_DIR, story_files
from game.storyfiles.walkthroughs import walkthrough_files

_CASE_TABLE = re.compile(r"^[ \t]*\[[ \t]*case[ \t]*\]", re.MULTILINE)


def read_text(path: Path, inside: Path) -> str | None:
    """The text of a file of the case under `inside`, read as the loader reads it; None when it
    cannot be read."""
    try:
        return read_bounded(path, MAX_FILE_BYTES, inside).decode("utf-8-sig")
    except (OSError, UnsafeFile, UnicodeDecodeError):
        return None


def case_root(path: Path, open_texts: Mapping[Path, str]) -> Path | None:
    """The case folder of the file at `path`: the nearest folder, its own or above, with a
    TOML file holding a [case] table (an open file's unsaved text counts). None: the file is
    in no case (a project's pyproject.toml), and nothing is said of it."""
    for folder in path.parents:
        try:
            candidates = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        candidates += [p for p in open_texts if p.parent == folder and p not in candidates]
        for candidate in candidates:
            text = open_texts.get(candidate)
            if text is None:
                text = read_text(candidate, folder)
            if text is not None and _CASE_TABLE.search(text):
                return folder
    return None


def is_walkthrough(root: Path, path: Path) -> bool:
    return path.parent == root / WALKTHROUGH_DIR


def case_files(root: Path, open_paths: list[Path]) -> list[Path]:
    """The story files and walkthroughs of the case in `root`, with those open in the editor
    that are not saved yet."""
    found = {*story_files(root), *walkthrough_files(root)}
    for path in open_paths:
        if path.suffix == ".toml" and path.is_relative_to(root) and not any(
                part.startswith(".") for part in path.relative_to(root).parts):
            found.add(path)
    return sorted(found)
