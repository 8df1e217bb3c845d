"""A glance at a case's title before the whole story loads, so the title screen shows at once.

Reads only `case.toml`, with tomllib, and never fails: the full loader reports any problem.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CaseCover:
    title: str = ""
    tagline: str = ""


def peek_cover(case_dir: Path) -> CaseCover:
    try:
        text = (case_dir / "case.toml").read_text(encoding="utf-8-sig")
        case = tomllib.loads(text).get("case", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return CaseCover()
    if not isinstance(case, dict):
        return CaseCover()
    title, tagline = case.get("title", ""), case.get("tagline", "")
    return CaseCover(title if isinstance(title, str) else "",
                     tagline if isinstance(tagline, str) else "")
