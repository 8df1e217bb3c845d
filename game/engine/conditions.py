"""The condition language: a tiny grammar of our own, parsed here and never evaluated as Python.

    expr   := and ("or" and)*
    and    := unary ("and" unary)*
    unary  := "not" unary | "(" expr ")" | atom
    atom   := "has" ID | "presented" ID "to" ID | ID "is" ID | ID "reached" ID
            | "flag" ID | "visited" ID | "fired" ID | "true" | "false"
            | "contradicted" ID | "pressed" ID | "confirmed" ID
            | "credibility" ("<" | "<=" | ">" | ">=" | "=" | "!=") NUMBER
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

ID_PATTERN = r"[a-z][a-z0-9_]*"
# Far above any condition written by hand; they bound the parser's recursion and its cost.
MAX_LENGTH = 2000
MAX_DEPTH = 32  # parentheses and `not` inside each other
_TOKEN = re.compile(rf"\s*(?:(?P<paren>[()])|(?P<word>{ID_PATTERN})|(?P<op><=|>=|!=|==|<|>|=)"
                    r"|(?P<number>[0-9]+)|(?P<bad>\S+))")
_KEYWORDS = {"and", "or", "not", "has", "presented", "to", "is", "reached", "flag", "visited",
             "fired", "true", "false", "contradicted", "pressed", "confirmed", "credibility"}
# The words an atom can start with (not `to`, `is`, `reached`, which follow a name).
_STARTS = ["has", "presented", "flag", "visited", "fired", "contradicted", "pressed",
           "confirmed", "credibility", "true", "false", "not"]
# What another language writes for `and`, `or` and `not`.
_OTHER_WAYS = {"&&": "and", "&": "and", "||": "or", "|": "or", "!": "not", "an": "and",
               "nor": "or", "nt": "not"}


def _instead(written: str) -> str:
    """A did-you-mean for a word or sign written where `and`, `or` or `not` belongs."""
    meant = _OTHER_WAYS.get(written.strip().lower())
    return f"; did you mean `{meant}`?" if meant else ""


COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "=": lambda a, b: a == b, "!=": lambda a, b: a != b,
}
COMPARISONS["=="] = COMPARISONS["="]  # as programmers write it
# `word ID`, true when the id is in one of the facts: word -> (the id's kind, the facts' field).
_MEMBERSHIP = {
    "has": ("evidence", "held"), "flag": ("flag", "flags"), "visited": ("node", "visited"),
    "fired": ("event", "fired"), "contradicted": ("statement", "contradicted"),
    "pressed": ("statement", "pressed"), "confirmed": ("group", "confirmed"),
}


class ConditionError(ValueError):
    """A condition that does not parse; `offset` is where in the text the problem starts."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class Facts(Protocol):
    """What a condition reads: the game state offers exactly these."""

    held: dict[str, int]
    presented: set[tuple[str, str]]
    states: dict[str, str]
    reached: set[tuple[str, str]]
    flags: set[str]
    visited: dict[str, int]
    fired: dict[str, int]
    contradicted: dict[str, int]
    pressed: dict[str, int]
    confirmed: dict[str, int]
    credibility: int


@dataclass(frozen=True, slots=True)
class Ref:
    """A name a condition mentions, with its kind, for cross-reference checks."""

    kind: str  # evidence, character, state, flag, node, event, statement, group
    name: str
    offset: int
    owner: str = ""  # for states: the character whose machine it belongs to


# A condition as data, for the checker to reason about: ("true",), ("false",), ("not", tree),
# ("and", trees), ("or", trees), or an atom naming what it reads: ("has", evidence),
# ("presented", evidence, character), ("is", character, state), ("reached", character, state),
# ("flag", name), ("visited", node), ("fired", event), ("contradicted", statement),
# ("pressed", statement), ("confirmed", group), ("credibility", operator, number).
Tree = tuple


@dataclass(frozen=True, slots=True)
class Condition:
    source: str
    refs: tuple[Ref, ...]
    test: Callable[[Facts], bool]
    tree: Tree = ("true",)

    def __call__(self, facts: Facts) -> bool:
        return self.test(facts)

    def presented_pairs(self) -> Iterator[tuple[str, str]]:
        evidence = [r for r in self.refs if r.kind == "evidence-presented"]
        people = [r for r in self.refs if r.kind == "character-presented"]
        for ev, who in zip(evidence, people, strict=True):
            yield ev.name, who.name


def atoms(tree: Tree) -> Iterator[Tree]:
    """Every atom of a condition's tree (`has x`, `anya is v1`, ...), connectives left out."""
    kind = tree[0]
    if kind in ("and", "or"):
        for part in tree[1]:
            yield from atoms(part)
    elif kind == "not":
        yield from atoms(tree[1])
    elif kind not in ("true", "false"):
        yield tree


def _always(_: Facts) -> bool:
    return True


def _never(_: Facts) -> bool:
    return False


ALWAYS = Condition("true", (), _always, ("true",))

Test = Callable[[Facts], bool]
Parsed = tuple[Test, Tree]


def _combined(parts: list[Parsed], every: bool) -> Parsed:
    if len(parts) == 1:
        return parts[0]
    trees = tuple(tree for _, tree in parts)
    return _joined([test for test, _ in parts], every), ("and" if every else "or", trees)


def _joined(parts: list[Test], every: bool) -> Test:
    """One test for `a and b and ...` (every) or `a or b or ...`, folded as a balanced tree: as
    fast as nested pairs, and a chain of n parts nests only log2(n) calls deep."""
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    left, right = _joined(parts[:middle], every), _joined(parts[middle:], every)
    if every:
        return lambda facts: left(facts) and right(facts)
    return lambda facts: left(facts) or right(facts)


class _Parser:
    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise ConditionError(f"the condition is longer than {MAX_LENGTH} characters", 0)
        self.text = text
        self.depth = 0
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                break
            kind = match.lastgroup or "bad"
            value = match.group(kind)
            start = match.start(kind)
            if kind == "bad":
                raise ConditionError(f"unexpected `{value}`" + _instead(value), start)
            self.tokens.append((kind, value, start))
            pos = match.end()
        self.index = 0
        self.refs: list[Ref] = []

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ConditionError("the condition ends too soon", len(self.text))
        self.index += 1
        return token

    def name(self, kind: str, after: str, owner: str = "") -> str:
        token = self.peek()
        if token is None or token[0] != "word" or token[1] in _KEYWORDS:
            offset = token[2] if token else len(self.text)
            noun = kind.split("-")[0]
            article = "an" if noun[0] in "aeiou" else "a"
            raise ConditionError(f"expected {article} {noun} id after `{after}`", offset)
        self.index += 1
        self.refs.append(Ref(kind, token[1], token[2], owner))
        return token[1]

    def parse(self) -> Parsed:
        if not self.tokens:
            raise ConditionError("the condition is empty", 0)
        parsed = self.expr()
        leftover = self.peek()
        if leftover is not None:
            raise ConditionError(f"unexpected `{leftover[1]}`" + _instead(leftover[1]),
                                 leftover[2])
        return parsed

    def expr(self) -> Parsed:
        parts = [self.conjunction()]
        while (token := self.peek()) is not None and token[1] == "or":
            self.index += 1
            parts.append(self.conjunction())
        return _combined(parts, every=False)

    def conjunction(self) -> Parsed:
        parts = [self.unary()]
        while (token := self.peek()) is not None and token[1] == "and":
            self.index += 1
            parts.append(self.unary())
        return _combined(parts, every=True)

    def unary(self) -> Parsed:
        kind, value, offset = self.take()
        if value in ("not", "("):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionError(f"parentheses and `not` are nested more than {MAX_DEPTH} "
                                     "deep", offset)
            inner = self.unary() if value == "not" else self.expr()
            self.depth -= 1
            if value == "not":
                test, tree = inner
                return (lambda facts: not test(facts)), ("not", tree)
            closing = self.peek()
            if closing is None or closing[1] != ")":
                raise ConditionError("missing `)`", closing[2] if closing else len(self.text))
            self.index += 1
            return inner
        if kind != "word":
            raise ConditionError(f"unexpected `{value[:20]}`", offset)
        return self.atom(value, offset)

    def atom(self, word: str, offset: int) -> Parsed:
        if word == "true":
            return _always, ("true",)
        if word == "false":
            return _never, ("false",)
        if word in _MEMBERSHIP:
            kind, field = _MEMBERSHIP[word]
            name = self.name(kind, word)
            return (lambda facts: name in getattr(facts, field)), (word, name)
        if word == "presented":
            evidence = self.name("evidence-presented", "presented")
            to = self.peek()
            if to is None or to[1] != "to":
                raise ConditionError("expected `to` after the evidence id",
                                     to[2] if to else len(self.text))
            self.index += 1
            who = self.name("character-presented", "to")
            pair = (evidence, who)
            return (lambda facts: pair in facts.presented), ("presented", evidence, who)
        if word == "credibility":
            return self.credibility(offset)
        if word in _KEYWORDS:
            raise ConditionError(f"unexpected `{word}`", offset)
        verb = self.peek()
        if verb is None or verb[1] not in ("is", "reached"):
            # Not `<character> is <state>`: the verb mistyped, or a word of conditions.
            verb_meant = difflib.get_close_matches(verb[1], ["is", "reached"], n=1, cutoff=0.7) \
                if verb is not None and verb[0] == "word" else []
            if verb_meant:
                raise ConditionError(f"expected `is` or `reached` after `{word}`; did you mean "
                                     f"`{verb_meant[0]}`?", verb[2])  # type: ignore[index]
            guess = difflib.get_close_matches(word, _STARTS, n=1, cutoff=0.75)
            if guess:
                raise ConditionError(f"`{word}` is not a word of conditions; did you mean "
                                     f"`{guess[0]}`?", offset)
        self.refs.append(Ref("character", word, offset))
        if verb is None or verb[1] not in ("is", "reached"):
            raise ConditionError(
                f"expected `is` or `reached` after `{word}` (or did you mean `flag {word}`?)",
                verb[2] if verb else len(self.text),
            )
        self.index += 1
        state = self.name("state", verb[1], owner=word)
        if verb[1] == "is":
            return (lambda facts: facts.states.get(word) == state), ("is", word, state)
        pair = (word, state)
        return (lambda facts: pair in facts.reached), ("reached", word, state)


    def credibility(self, offset: int) -> Parsed:
        operator = self.peek()
        if operator is None or operator[0] != "op":
            raise ConditionError("expected a comparison (<, <=, >, >=, =, !=) after "
                                 "`credibility`", operator[2] if operator else len(self.text))
        self.index += 1
        number = self.peek()
        if number is None or number[0] != "number":
            raise ConditionError(f"expected a number after `credibility {operator[1]}`",
                                 number[2] if number else len(self.text))
        self.index += 1
        if len(number[1]) > 4:
            raise ConditionError("credibility is compared with a number from 0 to 9999",
                                 number[2])
        compare, bound = COMPARISONS[operator[1]], int(number[1])
        canonical = "=" if operator[1] == "==" else operator[1]
        return ((lambda facts: compare(facts.credibility, bound)),
                ("credibility", canonical, bound))


@functools.lru_cache(maxsize=8192)
def parse_condition(text: str) -> Condition:
    """Parse `text`; raise ConditionError with an offset into `text` when it does not parse.

    Cached: stories repeat the same conditions many times, and a Condition never changes.
    """
    parser = _Parser(text)
    test, tree = parser.parse()
    return Condition(text, tuple(parser.refs), test, tree)
