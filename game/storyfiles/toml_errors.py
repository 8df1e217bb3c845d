"""The TOML parser's syntax errors in an author's words: what is wrong, and what to do.

tomli says what it met ("Illegal character '\\n'"), which is right but leaves the author to work
out why; a message it gives that is not known here is passed on as it is.
"""

from __future__ import annotations

import ast
import re

from game.engine.text import control_characters
from game.storyfiles.keylines import _Cursor, _read_dotted_key

_BAD_CHARACTER = re.compile(r"(?:Illegal|Found invalid) character '(.+)'")
_TABLE_TWICE = re.compile(r"Cannot declare (\(.*\)) twice")
_UNCLOSED = {"Unterminated string": '"""', "Expected \"'\"": "'", "Expected \"'''\"": "'''"}


def in_author_words(message: str, line_text: str) -> str:
    """`message`, tomli's error at a place on the line `line_text`, told for an author."""
    bad = _BAD_CHARACTER.fullmatch(message)
    if bad is not None:
        return _bad_character(_unquoted(bad.group(1)), message)
    if message == "Cannot overwrite a value":
        return _written_twice(line_text) or message
    twice = _TABLE_TWICE.fullmatch(message)
    if twice is not None:
        return _table_twice(twice.group(1)) or message
    if message in _UNCLOSED:
        quote = _UNCLOSED[message]
        return (f"a string opened with {quote} is never closed: the file ends inside it "
                f"(close it with {quote})")
    return message


def _unquoted(written: str) -> str:
    """The character tomli shows as Python writes it ('\\x1b')."""
    try:
        value = ast.literal_eval(f"'{written}'")
    except (ValueError, SyntaxError):
        return written
    return value if isinstance(value, str) else written


def _bad_character(char: str, message: str) -> str:
    if char == "\n":
        return ('the string is not closed on its line: close it with the quote it opens with; '
                'text over several lines goes between """ and """')
    if len(char) != 1 or not control_characters(char):
        return message
    code = f"U+{ord(char):04X}"
    name = control_characters(char)[0]
    named = code if name == code else f"{name}, {code}"
    return (f"a control character ({named}) cannot be written in a TOML file as it is: remove "
            f"it, or write it as \\u{ord(char):04x} in a string in double quotes")


def _written_twice(line_text: str) -> str | None:
    """The key written again on `line_text` (as `key = value`, or as a table's header)."""
    cur = _Cursor(line_text)
    cur.skip_blank(newlines=False)
    header = cur.peek() == "["
    while cur.peek() == "[":
        cur.advance()
    keys = _read_dotted_key(cur)
    if not keys:
        return None
    name = ".".join(keys)
    if header:
        return f"`{name}` already has a value, so [{name}] cannot be a table"
    return f"the key `{name}` is given a value twice (a key is written once in its table)"


def _table_twice(written: str) -> str | None:
    try:
        keys = ast.literal_eval(written)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(keys, tuple) or not all(isinstance(k, str) for k in keys):
        return None
    return (f"the table [{'.'.join(keys)}] is written twice in this file (write its keys "
            "under one header)")


_VALUE_END = set("\"']}") | set("0123456789") | set("abcdefghijklmnopqrstuvwxyz")
_VALUE_START = set("\"'[{-+0123456789tfin")
_KEY_START = set("\"'_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def missing_comma(text: str, line: int, column: int,
                  table: bool = False) -> tuple[int, int, str] | None:
    """Where a `,` is missing, when tomli's "Unclosed array" or "Unclosed inline table" at
    (`line`, `column`) is an item (in an inline `table`, a key) that follows another with no
    comma between: the position just after the item before, and the message. None when it is
    not that."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or column - 1 >= len(lines[line - 1]):
        return None
    starts = _KEY_START if table else _VALUE_START
    if lines[line - 1][column - 1] not in starts:
        return None
    # The item before: the last thing written before the error, comments aside.
    row, before = line - 1, lines[line - 1][:column - 1]
    while not _uncommented(before).strip():
        row -= 1
        if row < 0:
            return None
        before = lines[row]
    written = _uncommented(before).rstrip()
    if written[-1:] not in _VALUE_END or written.endswith((",", "[", "{", "=")):
        return None
    return (row + 1, len(written) + 1,
            "a `,` is missing after this item: items of a list or an inline table are parted "
            "by commas")


def _uncommented(line: str) -> str:
    """`line` without a `#` comment (a `#` inside quotes is text)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line
