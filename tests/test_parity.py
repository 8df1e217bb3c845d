"""Both faces offer every action: docs/playing.md's table, walked row by row."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from game.engine.commands import VERB_ALIASES
from game.plain import PlainGame

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (?P<action>[^|]+) \| `(?P<key>[^`]+)`, (?P<where>\w+) \| (?P<plain>.+) \|$")


def _rows() -> list[dict[str, str]]:
    text = (ROOT / "docs" / "playing.md").read_text(encoding="utf-8")
    rows = [m.groupdict() for line in text.splitlines() if (m := ROW.match(line))]
    assert len(rows) >= 15, "the parity table was not found in docs/playing.md"
    return rows


def _screens() -> dict[str, list[type]]:
    from game.tui.app import DetectiveApp
    from game.tui.screens.base import GameScreen
    from game.tui.screens.board import BoardScreen
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.hearing import HearingScreen
    from game.tui.screens.interrogation import InterrogationScreen
    from game.tui.widgets.options import ChoiceList

    return {"board": [BoardScreen], "room": [InterrogationScreen], "everywhere": [GameScreen],
            "ending": [EndingScreen], "hearing": [HearingScreen, ChoiceList],
            "app": [DetectiveApp]}


def _keys(classes: list[type]) -> set[str]:
    keys: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            for binding in getattr(klass, "BINDINGS", ()):
                key = binding.key if hasattr(binding, "key") else binding[0]
                keys.update(k.strip() for k in key.split(","))
    return keys


@pytest.mark.timeout(60)
@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["action"][:40])
def test_the_terminal_interface_binds_the_key(row: dict[str, str]) -> None:
    screens = _screens()
    assert row["where"] in screens, f"unknown place `{row['where']}` in the table"
    if row["key"] == "enter":  # a choice list: enter picks, as do 1-9
        assert {"1", "9"} <= _keys(screens[row["where"]])
        return
    assert row["key"] in _keys(screens[row["where"]]), (
        f"{row['action']}: no `{row['key']}` on the {row['where']} screen")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["action"][:40])
def test_the_plain_mode_has_the_command(row: dict[str, str], mini_story) -> None:
    game = PlainGame(mini_story, io.StringIO())
    known = {*game.commands, *VERB_ALIASES, "quit"}
    for command in re.findall(r"`([a-z]+)", row["plain"]):
        assert command in known, f"{row['action']}: the plain mode has no `{command}`"


@pytest.mark.timeout(60)
def test_every_plain_command_of_the_table_runs(mini_story) -> None:
    """Each command in the table, typed as the table shows it, is understood (none is answered
    'Unknown command')."""
    out = io.StringIO()
    game = PlainGame(mini_story, out)
    game.begin()
    for row in _rows():
        for command in re.findall(r"`([a-z]+)", row["plain"]):
            if command in ("quit", "restart", "hearing"):
                continue  # they end or restart the game: checked by name above
            game.handle(command)
    assert "Unknown command" not in out.getvalue()

