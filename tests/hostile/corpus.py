"""Hostile cases, made at test time from the mini case: every text a player sees carries terminal
escapes and Textual markup, and everything else stays valid, so the case still plays to the end."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import tomli_w

from tests.conftest import MINI

# An OSC that sets the window title, BEL, a screen clear, a C1 CSI, and markup that would make a
# live link that quits if it were interpreted.
ESCAPES = "\u001b]0;pwned\u0007\u001b[2J\u009b31m"
MARKUP = "[@click=app.quit]QUIT[/] [b]MARK[/b]"
PAYLOAD = f" {ESCAPES} {MARKUP}"

# Keys whose string value the player reads, and keys whose list of strings are lines of a scene.
TEXT_KEYS = {"title", "tagline", "name", "role", "label", "account", "mood", "summary", "source",
             "document", "description", "nothing", "text", "prompt"}
LINE_KEYS = {"lines", "intro", "default_reaction"}


def poison(value, key: str = ""):
    """`value` with the payload after every player-visible string in it."""
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list) and key in LINE_KEYS:
        return [line + PAYLOAD for line in value]
    if isinstance(value, list):
        return [poison(v) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return value + PAYLOAD
    return value


def write_hostile_case(dest: Path) -> Path:
    """A copy of the mini case with every visible text poisoned; its walkthroughs kept."""
    shutil.copytree(MINI, dest)
    for path in dest.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        path.write_text(tomli_w.dumps(poison(data)), encoding="utf-8")
    return dest


# A script through every view of the plain mode, to the ending and its report.
EVERY_VIEW = "\n".join([
    "help", "status", "people", "places", "search bedroom", "evidence", "read crumbs",
    "talk tom", "topics", "ask 1", "present crumbs", "ask the cake", "notebook", "leave",
    "talk ann", "topics", "ask 1", "present crumbs", "present plate", "leave", "notebook",
    "versions tom", "read note", "read plate", "saves", "save here", "load here", "undo", "redo",
    "status", "hearing", "yes", "choose accuse", "choose bake", "yes", "",
])
