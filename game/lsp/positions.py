"""Positions between the game's columns (characters of a line) and the editor's (UTF-16 code
units by default, or what the client and server agreed on at the start)."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec


def text_lines(text: str) -> list[str]:
    """The lines as the game counts them: split at LF only (a CR of a CRLF ends its line)."""
    return text.split("\n")


def to_client(codec: PositionCodec, lines: list[str], line: int, column: int) -> types.Position:
    if line >= len(lines):
        return types.Position(line=line, character=0)
    column = min(column, len(lines[line]))
    return types.Position(line=line, character=codec.client_num_units(lines[line][:column]))


def range_to_client(codec: PositionCodec, lines: list[str], line: int, start: int,
                    end_line: int, end: int) -> types.Range:
    return types.Range(start=to_client(codec, lines, line, start),
                       end=to_client(codec, lines, end_line, end))


def from_client(codec: PositionCodec, lines: list[str], position: types.Position,
                ) -> tuple[int, int]:
    """(line, column in characters) of an editor's position."""
    if position.line >= len(lines):
        return position.line, 0
    text = lines[position.line]
    units = 0
    for column, char in enumerate(text):
        if units >= position.character:
            return position.line, column
        units += codec.client_num_units(char)
    return position.line, len(text)
