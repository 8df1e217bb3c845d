"""Where the thing a diagnostic points at ends, so a tool or an editor can underline all of it.

A diagnostic gives where a problem starts: a table header, a key, an array element, or (for a
condition) a character inside the string. The end is read from the file's text at that place:
the whole quoted string (quotes included, over several lines for a multi-line string), the whole
array or inline table, the bare key, the table header `[topic.x]`, or, inside a string, the word
there (`v1_deler` in `when = "anya is v1_deler"`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from game.engine.safe_read import UnsafeFile, read_bounded
from game.storyfiles.diagnostics import Diagnostic
from game.storyfiles.limits import MAX_FILE_BYTES

Position = tuple[int, int]  # 1-based line, 1-based column; an end is the column just after

_WORD = re.compile(r"[A-Za-z0-9_]+")
_BARE = re.compile(r"[A-Za-z0-9_\-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_\-]+)*")
_CLOSING = {"[": "]", "{": "}"}


def token_end(text: str, line: int, column: int) -> Position:
    """The end of the token that starts at (line, column) of `text`, or of the word there when
    the place is inside a one-line string or a comment. A place past the text ends where it is."""
    starts = _line_starts(text)
    if not 1 <= line <= len(starts) or column < 1:
        return line, column
    line_start = starts[line - 1]
    line_end = _line_end(text, line_start)
    at = line_start + column - 1
    if at >= line_end:
        return line, column
    if _inside_string_or_comment(text, line_start, at):
        word = _WORD.match(text, at)
        return _position(starts, word.end() if word else at + 1)
    return _position(starts, _token_end_offset(text, at, line_end))


def _token_end_offset(text: str, at: int, line_end: int) -> int:
    char = text[at]
    triple = text[at:at + 3]
    if triple in ('"""', "'''"):
        closing = text.find(triple, at + 3)
        if closing < 0:
            return len(text)
        end = closing + 3
        while end < len(text) and text[end] == triple[0] and end - closing < 5:
            end += 1  # up to two quotes of the content may stand before the closing three
        return end
    if char in "\"'":
        return _string_end(text, at, line_end)
    if char in _CLOSING:
        return _balanced_end(text, at, line_end)
    bare = _BARE.match(text, at, line_end)
    if bare:
        return bare.end()
    return at + 1


def _string_end(text: str, at: int, line_end: int) -> int:
    """After the closing quote of the one-line string opening at `at` (its line's end when it
    is never closed)."""
    quote = text[at]
    index = at + 1
    while index < line_end:
        if quote == '"' and text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        index += 1
    return line_end


def _balanced_end(text: str, at: int, line_end: int) -> int:
    """After the bracket that closes the one at `at`, over lines, past strings and comments.
    An array or table never closed ends with its first line."""
    depth = 0
    index = at
    while index < len(text):
        char = text[index]
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
        elif char in "\"'":
            next_line = _line_end(text, index)
            index = _token_end_offset(text, index, next_line)
            continue
        elif char == "#":
            index = _line_end(text, index)
            continue
        index += 1
    return line_end


def _inside_string_or_comment(text: str, line_start: int, at: int) -> bool:
    """Whether `at` is inside a string opened on its own line before it, or in a comment.
    (A multi-line string begun on an earlier line is not seen: no diagnostic points into one.)"""
    index = line_start
    while index < at:
        char = text[index]
        if char == "#":
            return True
        if char in "\"'":
            end = _token_end_offset(text, index, _line_end(text, index))
            if end > at:
                return True
            index = end
            continue
        index += 1
    return False


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line_end(text: str, offset: int) -> int:
    """The offset of the end of the line holding `offset` (before a CR of a CRLF)."""
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return end - 1 if end > offset and text[end - 1] == "\r" else end


def _position(starts: list[int], offset: int) -> Position:
    low, high = 0, len(starts) - 1
    while low < high:  # the last line start at or before `offset`
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low + 1, offset - starts[low] + 1


TextOf = Callable[[str], str | None]


def file_texts(inside: Path) -> TextOf:
    """A reader of the texts diagnostics point into, each file read once, as the loader reads it
    (bounded, under `inside`, a byte-order mark dropped); None for what cannot be read."""
    texts: dict[str, str | None] = {}

    def text_of(file: str) -> str | None:
        if file not in texts:
            try:
                raw = read_bounded(Path(file), MAX_FILE_BYTES, inside)
                texts[file] = raw.decode("utf-8-sig")
            except (OSError, UnsafeFile, UnicodeDecodeError):
                texts[file] = None
        return texts[file]

    return text_of


def diagnostic_end(diagnostic: Diagnostic, text_of: TextOf) -> Position | None:
    """Where what `diagnostic` points at ends, or None when its place or its file is unknown."""
    if diagnostic.line is None:
        return None
    text = text_of(diagnostic.file)
    if text is None:
        return None
    return token_end(text, diagnostic.line, diagnostic.column or 1)
