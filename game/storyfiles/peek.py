"""A glance at a case's title before the whole story loads, so the title screen shows at once.

Reads only `case.toml`, with tomli, and never fails: the full loader reports any problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomli

from game.engine.safe_read import UnsafeFile, read_bounded
from game.engine.text import one_line
from game.storyfiles.limits import MAX_FILE_BYTES, structure_problem

_ID = re.compile(r"[a-z][a-z0-9_]{0,99}\Z")  # as the loader's ids (engine.model)


@dataclass(frozen=True, slots=True)
class CaseCover:
    title: str = ""
    tagline: str = ""
    id: str = ""  # "" when case.toml has none the loader would take


def peek_cover(case_dir: Path) -> CaseCover:
    try:
        text = read_bounded(case_dir / "case.toml", MAX_FILE_BYTES, case_dir).decode("utf-8-sig")
        if structure_problem(text) is not None:
            return CaseCover()
        case = tomli.loads(text).get("case", {})
    except (OSError, UnsafeFile, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return CaseCover()
    if not isinstance(case, dict):
        return CaseCover()
    title, tagline, case_id = case.get("title", ""), case.get("tagline", ""), case.get("id")
    return CaseCover(one_line(title) if isinstance(title, str) else "",
                     one_line(tagline, 400) if isinstance(tagline, str) else "",
                     case_id if isinstance(case_id, str) and _ID.match(case_id) else "")
