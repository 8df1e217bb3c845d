"""Map dotted key paths of a TOML text to the line and column where each key is written.

tomli reports lines only for syntax errors; pydantic and cross-reference errors come with key
paths. This scanner reads the same text once more, only when there is something to report, and
records where every table header, key and multi-line array element starts. A path the scanner
cannot find is reported without a line rather than with a guessed one.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line, 1-based column

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _Cursor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0

    def position(self) -> Position:
        return self.line, self.pos - self.line_start + 1

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos:self.pos + n]

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.pos >= len(self.text):
                return
            if self.text[self.pos] == "\n":
                self.line += 1
                self.line_start = self.pos + 1
            self.pos += 1

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self.advance()
            else:
                return

    def at_end(self) -> bool:
        return self.pos >= len(self.text)


def _read_key_part(cur: _Cursor) -> str | None:
    char = cur.peek()
    if char in ('"', "'"):
        quote = char
        cur.advance()
        start = cur.pos
        while not cur.at_end() and cur.peek() != quote and cur.peek() != "\n":
            cur.advance(2 if quote == '"' and cur.peek() == "\\" else 1)
        raw = cur.text[start:cur.pos]
        cur.advance()
        return raw.encode().decode("unicode_escape") if quote == '"' and "\\" in raw else raw
    match = _BARE_KEY.match(cur.text, cur.pos)
    if not match:
        return None
    cur.advance(match.end() - cur.pos)
    return match.group()


def _read_dotted_key(cur: _Cursor) -> list[str] | None:
    parts: list[str] = []
    while True:
        cur.skip_blank(newlines=False)
        part = _read_key_part(cur)
        if part is None:
            return None
        parts.append(part)
        cur.skip_blank(newlines=False)
        if cur.peek() != ".":
            return parts
        cur.advance()


def _skip_string(cur: _Cursor) -> None:
    for quote in ('"""', "'''"):
        if cur.peek(3) == quote:
            cur.advance(3)
            while not cur.at_end():
                if quote == '"""' and cur.peek() == "\\":
                    cur.advance(2)
                elif cur.peek(3) == quote:
                    cur.advance(3)
                    while cur.peek() == quote[0]:  # up to two quotes may end the content
                        cur.advance()
                    return
                else:
                    cur.advance()
            return
    quote = cur.peek()
    cur.advance()
    while not cur.at_end() and cur.peek() not in (quote, "\n"):
        cur.advance(2 if quote == '"' and cur.peek() == "\\" else 1)
    cur.advance()


def _scan_value(cur: _Cursor, path: Path, found: dict[Path, Position]) -> None:
    """Skip one value, recording the positions of array elements and inline-table keys."""
    cur.skip_blank(newlines=False)
    char = cur.peek()
    if char in ('"', "'"):
        _skip_string(cur)
    elif char == "[":
        cur.advance()
        index = 0
        while True:
            cur.skip_blank(newlines=True)
            if cur.at_end() or cur.peek() == "]":
                cur.advance()
                return
            found.setdefault((*path, index), cur.position())
            _scan_value(cur, (*path, index), found)
            cur.skip_blank(newlines=True)
            if cur.peek() == ",":
                cur.advance()
                index += 1
            elif cur.peek() != "]":
                return  # malformed: tomli reports it
    elif char == "{":
        cur.advance()
        while True:
            cur.skip_blank(newlines=False)
            if cur.at_end() or cur.peek() in "}\n":
                cur.advance()
                return
            position = cur.position()
            keys = _read_dotted_key(cur)
            if keys is None:
                return
            found.setdefault((*path, *keys), position)
            cur.skip_blank(newlines=False)
            if cur.peek() != "=":
                return
            cur.advance()
            _scan_value(cur, (*path, *keys), found)
            cur.skip_blank(newlines=False)
            if cur.peek() == ",":
                cur.advance()
    else:
        while not cur.at_end() and cur.peek() not in ",]}\n#":
            cur.advance()


def scan_key_lines(text: str) -> dict[Path, Position]:
    """Return {key path: (line, column)} for every table, key and array element in `text`."""
    found: dict[Path, Position] = {}
    array_counts: dict[Path, int] = {}
    cur = _Cursor(text)
    table: Path = ()
    while True:
        cur.skip_blank(newlines=True)
        if cur.at_end():
            return found
        position = cur.position()
        if cur.peek(2) == "[[":
            cur.advance(2)
            keys = _read_dotted_key(cur)
            if keys is not None:
                base = tuple(keys)
                index = array_counts.get(base, 0)
                array_counts[base] = index + 1
                table = (*base, index)
                found.setdefault(base, position)
                found.setdefault(table, position)
        elif cur.peek() == "[":
            cur.advance()
            keys = _read_dotted_key(cur)
            if keys is not None:
                table = _resolve_arrays(tuple(keys), array_counts)
                for cut in range(1, len(table) + 1):  # `[a.b]` also defines `a`
                    found.setdefault(table[:cut], position)
        else:
            keys = _read_dotted_key(cur)
            if keys is not None:
                cur.skip_blank(newlines=False)
                if cur.peek() == "=":
                    cur.advance()
                    key_path = (*table, *keys)
                    found.setdefault(key_path, position)
                    _scan_value(cur, key_path, found)
        # Whatever is left on this line (a comment, or text tomli will complain about).
        while not cur.at_end() and cur.peek() != "\n":
            if cur.peek() in ('"', "'"):
                _skip_string(cur)
            else:
                cur.advance()


def _resolve_arrays(keys: Path, array_counts: dict[Path, int]) -> Path:
    """`[a.b]` under an array of tables `[[a]]` means a.<last index>.b."""
    resolved: list[str | int] = []
    for key in keys:
        resolved.append(key)
        count = array_counts.get(tuple(k for k in resolved if isinstance(k, str)))
        if count:
            resolved.append(count - 1)
    return tuple(resolved)


def nearest_position(path: Path, positions: dict[Path, Position]) -> tuple[Position | None, bool]:
    """The position of `path`, or of its longest known prefix; the flag says if it was exact."""
    for cut in range(len(path), 0, -1):
        position = positions.get(path[:cut])
        if position is not None:
            return position, cut == len(path)
    return None, False


def value_position(text: str, line_start: int, key_at: Position) -> Position | None:
    """Where the value of the key written at `key_at` starts (`key = value`), or None when
    no `=` follows the key there (a table header, or a key of an array of tables).
    `line_start` is the offset in `text` of the line `key_at` is on."""
    cur = _Cursor(text)
    cur.line, cur.line_start = key_at[0], line_start
    cur.pos = line_start + key_at[1] - 1
    if cur.peek() == "[" or _read_dotted_key(cur) is None:
        return None
    cur.skip_blank(newlines=False)
    if cur.peek() != "=":
        return None
    cur.advance()
    cur.skip_blank(newlines=False)
    return cur.position()
