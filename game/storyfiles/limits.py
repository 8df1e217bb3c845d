"""Bounds on what a case folder may hold, so a hostile or runaway one costs bounded time and memory.

Every figure is far above what a written case needs (the bundled case is 210 KB in 11 files, 218
nodes, nested 3 deep). A TOML parser recurses once per level of nesting, and tomllib slowed down
sharply on long dotted keys (10,000 parts: 14 s), so the text is measured before it is parsed:
strings and comments are cut out in one regular-expression pass, and what is left is cheap to
count.
"""

from __future__ import annotations

import re

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_CASE_BYTES = 32 * 1024 * 1024
MAX_FILES = 1000
MAX_OBJECTS = 20_000  # tables such as [topic.x], over the whole case
MAX_NESTING = 32  # arrays and inline tables inside each other
MAX_KEY_PARTS = 32  # a.b.c is 3

# Strings (all four kinds) and comments: what the structure scan must not look inside. The
# quantifiers are possessive (`++`, `*+`): an unclosed string must fail in linear time, where
# ordinary nested repeats would backtrack without end.
_STRINGS = re.compile(r'''"(?:""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"{3,5}|(?:[^"\\\n]++|\\.)*+")'''
                      r"""|'(?:''[\s\S]*?'{3,5}|[^'\n]*+')|\#[^\n]*+""")
_BRACKETS = re.compile(r"[\[\]{}]")
_LONG_KEY = re.compile(rf"(?:[ \t]*+\.[ \t]*+[A-Za-z0-9_-]*+){{{MAX_KEY_PARTS}}}")
# The same, token by token with positions: run only to say where a limit was passed.
_TOKENS = re.compile(rf"{_STRINGS.pattern}|(?P<bracket>[\[\]{{}}])|(?P<dot>\.)|(?P<end>[=,\n])")


def structure_problem(text: str) -> tuple[int, str] | None:
    """(offset, message) where `text` nests deeper or dots a key longer than the limits allow."""
    skeleton = _STRINGS.sub("", text)
    if _LONG_KEY.search(skeleton) is None and _depth_within(_BRACKETS.findall(skeleton)):
        return None
    depth = dots = 0
    key_start = 0
    for token in _TOKENS.finditer(text):
        if token.group("dot") is not None:
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return key_start, f"a dotted key has more than {MAX_KEY_PARTS} parts"
            continue
        if token.group("end") is None and token.group("bracket") is None:
            continue  # a string: part of a key, or a value
        dots, key_start = 0, token.end()
        bracket = token.group("bracket")
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING:
                return token.start(), (f"arrays or tables are nested more than {MAX_NESTING} "
                                       "deep")
        elif bracket is not None:
            depth = max(depth - 1, 0)
    return None  # the quick count was fooled by text the token scan reads as a string


def _depth_within(brackets: list[str]) -> bool:
    depth = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return False
        else:
            depth = max(depth - 1, 0)
    return True


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
