"""What id is being typed at the cursor, read from the line as it is now (the file need not parse).

The value of which key the cursor is in (on its line, or in an array begun above), in which
table, and whether inside quotes, say what the id names: `gives = ["|` evidence, `from = "|`
a state of the table's character, `when = "anya is |` a state of Anya's, `"an|` at the start of
a line of dialogue a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.lsp.case_index import CONDITION_KEYS, LINE_KEYS
from game.lsp.condition_words import Expected, expected_at

# The key whose value is an id, and what the id names.
_KEY_NAMES = {
    "character": Expected("character"), "player": Expected("character"),
    "evidence": Expected("evidence"), "gives": Expected("evidence"), "sets": Expected("flag"),
    "place": Expected("place"), "ending": Expected("ending"), "answer": Expected("answer"),
    "final_choice": Expected("choice"), "taught_by": Expected("taught"),
}
_STATE_KEYS = ("initial", "from", "to", "version")
_KEY = re.compile(r"([A-Za-z0-9_\-]+)\s*=\s*")
_ARRAY_OPENER = re.compile(r"\s*([A-Za-z0-9_\-.]+)\s*=\s*\[")
# A table header: a name right after the bracket (a line of an array of arrays has a value).
_HEADER = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_\-][^\]]*?)\s*\]")
_CHARACTER = re.compile(r"""\s*character\s*=\s*["']([a-z][a-z0-9_]*)["']""")
_TYPED_ID = re.compile(r"[a-z0-9_]*\Z")
_LOOK_BACK = 500  # lines searched up for the start of an array or of the table
_UNREAD = -1  # the cursor is in a comment or a multi-line string: no id is typed there


@dataclass(frozen=True, slots=True)
class Slot:
    """An id being typed: what it names, the column where it starts, whether it is inside
    quotes already, and whether it is a line's speaker (written `anya: `)."""

    expected: Expected
    start: int
    quoted: bool
    speaker: bool = False


def slot_at(lines: list[str], line: int, column: int) -> Slot | None:
    if line >= len(lines):
        return None
    before = lines[line][:column]
    quote, blanked = _open_string(before)
    if quote == _UNREAD:
        return None
    key = _key_on_line(blanked if quote is None else blanked[:quote])
    if key is None:
        key = _array_key(lines, line, blanked)
    if key is None:
        return None
    table = _table_at(lines, line)
    if quote is not None:
        typed = before[quote + 1:]
        if key in CONDITION_KEYS:
            expected, start = expected_at(typed, len(typed))
            return Slot(expected, quote + 1 + start, True) if expected else None
        if not _TYPED_ID.match(typed):
            return None
        if _is_line(key, table, blanked[:quote]):
            return Slot(Expected("character"), quote + 1, True, speaker=True)
    else:
        typed = re.search(r"[a-z0-9_]*\Z", before).group()
        ahead = blanked[:len(blanked) - len(typed)].rstrip()
        if not ahead.endswith(("=", "[", ",")):
            return None
    expected = _expected_for(key, table, lines, line)
    if expected is None:
        return None
    return Slot(expected, column - len(typed), quote is not None)


def _is_line(key: str, table: tuple[str, ...], before_quote: str) -> bool:
    """Whether the string is a line of dialogue: an element of `lines` (or `intro`...), of
    a character's answers to evidence, or the `text` of a line written as a table (a
    statement's or an answer's `text` is no line)."""
    if key == "text":
        return "{" in before_quote
    return key in LINE_KEYS or table[-1:] == ("wrong_objection_with",)


def _expected_for(key: str, table: tuple[str, ...], lines: list[str],
                  line: int) -> Expected | None:
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key not in _STATE_KEYS:
        return None
    if key == "version":
        owner = _statement_character(lines, line)
    else:
        owner = table[1] if len(table) > 1 and table[0] == "character" else ""
    return Expected("state", owner=owner) if owner else None


def _open_string(before: str) -> tuple[int | None, str]:
    """Where the one-line string the text ends in opens (None: not in a string; _UNREAD: in a
    comment or a multi-line string), and the text with every closed string blanked out."""
    blanked = list(before)
    index = 0
    while index < len(before):
        char = before[index]
        if char == "#":
            return _UNREAD, "".join(blanked)
        if char in "\"'":
            if before[index:index + 3] in ('"""', "'''"):
                return _UNREAD, "".join(blanked)
            end = index + 1
            while end < len(before) and before[end] != char:
                end += 2 if char == '"' and before[end] == "\\" else 1
            if end >= len(before):
                return index, "".join(blanked)
            blanked[index + 1:end] = " " * (end - index - 1)
            index = end + 1
            continue
        index += 1
    return None, "".join(blanked)


def _key_on_line(text: str) -> str | None:
    """The key whose value the end of `text` is in: the last `key =` of the line."""
    found = list(_KEY.finditer(text))
    return found[-1].group(1).split(".")[-1] if found else None


def _array_key(lines: list[str], line: int, before: str) -> str | None:
    """The key of the multi-line array the cursor is in, from the line that opened it."""
    depth = _depth(before)
    for number in range(line - 1, max(line - _LOOK_BACK, -1), -1):
        text = lines[number]
        depth += _depth(_open_string(text)[1])
        opener = _ARRAY_OPENER.match(text)
        if opener is not None:
            return opener.group(1).split(".")[-1] if depth > 0 else None
        if _HEADER.match(text):
            return None
    return None


def _depth(text: str) -> int:
    """Brackets opened minus brackets closed in `text` (strings already blanked)."""
    return sum(text.count(c) for c in "[{") - sum(text.count(c) for c in "]}")


def _table_at(lines: list[str], line: int) -> tuple[str, ...]:
    """The names of the table header above `line`."""
    for number in range(line, max(line - _LOOK_BACK * 4, -1), -1):
        match = _HEADER.match(lines[number])
        if match:
            return tuple(part.strip().strip("\"'") for part in match.group(1).split("."))
    return ()


def _statement_character(lines: list[str], line: int) -> str:
    """The `character` of the table the cursor is in, written above or below it."""
    start = line
    while start > 0 and not _HEADER.match(lines[start]):
        start -= 1
    for number in range(start, min(start + _LOOK_BACK, len(lines))):
        if number > start and _HEADER.match(lines[number]):
            break
        match = _CHARACTER.match(lines[number])
        if match:
            return match.group(1)
    return ""
