"""The ids a condition names, and what may be typed next in one, read leniently.

The game's parser (game.engine.conditions) refuses a condition that is half written; an editor
needs to know what is being typed in one (`has dn|`) and what a broken one names. Each word is
read from the words just before it, by the same grammar:

    has ID | presented ID to ID | ID is ID | ID reached ID | flag ID | visited ID | fired ID
    contradicted ID | pressed ID | confirmed ID | credibility OP NUMBER | true | false
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.engine.conditions import ID_PATTERN

_TOKEN = re.compile(rf"{ID_PATTERN}|[()]|<=|>=|!=|==|[<>=]|[0-9]+|\S")
_ID = re.compile(rf"{ID_PATTERN}\Z")
KEYWORDS = ("has", "presented", "flag", "visited", "fired", "contradicted", "pressed",
            "confirmed", "credibility", "not", "true", "false")
_CONNECTIVES = {"and", "or", "not", "to", "is", "reached", *KEYWORDS}


@dataclass(frozen=True, slots=True)
class Expected:
    """What an id at some place of a condition names: a kind of the index (character,
    evidence, node, flag, group, state) and the tables its ids may come from (`fired` takes only
    events, though events share their ids with every node); for a state, its character."""

    kind: str
    tables: tuple[str, ...] = ()
    owner: str = ""


_AFTER_WORD = {
    "has": Expected("evidence"), "presented": Expected("evidence"),
    "flag": Expected("flag"), "visited": Expected("node", ("topic", "reaction", "search", "event")),
    "fired": Expected("node", ("event",)), "contradicted": Expected("node", ("statement",)),
    "pressed": Expected("node", ("statement",)), "confirmed": Expected("group"),
}
ATOM_START = Expected("character")  # or a keyword


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(match.group(), match.start()) for match in _TOKEN.finditer(text)]


def _expected_after(words: list[str]) -> Expected | None:
    """What the word after `words` names."""
    if not words or words[-1] in ("(", "and", "or", "not"):
        return ATOM_START
    last = words[-1]
    if last in _AFTER_WORD:
        return _AFTER_WORD[last]
    if last == "to" and len(words) >= 3 and words[-3] == "presented":
        return Expected("character")
    if last in ("is", "reached") and len(words) >= 2 and _is_name(words[-2]):
        return Expected("state", owner=words[-2])
    return None


def _is_name(word: str) -> bool:
    return bool(_ID.match(word)) and word not in _CONNECTIVES


def names_in(condition: str) -> list[tuple[int, str, Expected]]:
    """(offset, id, what it names) for every id the condition mentions, whether or not it
    parses."""
    tokens = _tokens(condition)
    found = []
    words: list[str] = []
    for index, (word, offset) in enumerate(tokens):
        if _is_name(word):
            expected = _expected_after(words)
            following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
            if expected is ATOM_START and following not in ("is", "reached"):
                expected = None  # a lone word: a typo of a keyword, not a character
            if expected is not None:
                found.append((offset, word, expected))
        words.append(word)
    return found


def expected_at(condition: str, cursor: int) -> tuple[Expected | None, int]:
    """What the id being typed at `cursor` names, and where that id starts. None: no id goes
    there (after `credibility <`, in the middle of a keyword's arguments...)."""
    start = cursor
    while start > 0 and (condition[start - 1].isalnum() or condition[start - 1] == "_"):
        start -= 1
    words = [word for word, _ in _tokens(condition[:start])]
    return _expected_after(words), start
