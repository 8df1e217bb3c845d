"""Everything that changes during play lives in one GameState, keyed by story ids only.

Its fields are declared once, here, each with its kind: copying, saving, the undo history, the
checker's facts and the hints' key all work from that declaration (see `parts`), so a new field
cannot be left out of one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from game.engine.model import Story

# Kinds of field. A fact is what a condition can read; its name is the fact's first word.
COUNTS = "counts"  # dict: id -> a number (turn found, times played); conditions read the ids
NAMES = "names"  # set of ids
PAIRS = "pairs"  # set of (id, id)
MAPPING = "mapping"  # dict: id -> id (each character's current state)
SCALAR = "scalar"  # one value: where the player is, the turn
LEVEL = "level"  # a number conditions compare (credibility)
TRANSCRIPT = "transcript"  # the lines said, in order


def _part(kind: str, fact: str = "", names: tuple[str, ...] = (), **options: Any) -> Any:
    empty = {COUNTS: dict, MAPPING: dict, NAMES: set, PAIRS: set, TRANSCRIPT: list}[kind]
    return field(default_factory=empty,
                 metadata={"kind": kind, "fact": fact, "names": names, **options})


def _scalar(default: Any, kind: str = SCALAR, fact: str = "") -> Any:
    return field(default=default, metadata={"kind": kind, "fact": fact, "names": ()})


@dataclass(frozen=True, slots=True)
class Spoken:
    """One transcript line, with its speaker's state when it was said (for the notebook)."""

    turn: int
    node: str
    speaker: str | None
    text: str
    speaker_state: str | None


@dataclass
class GameState:
    held: dict[str, int] = _part(COUNTS, "held")  # evidence id -> turn found
    presented: set[tuple[str, str]] = _part(PAIRS, "presented", ("evidence", "character"))
    states: dict[str, str] = _part(MAPPING, "machine")  # character -> current state
    reached: set[tuple[str, str]] = _part(PAIRS, "reached", ("character", "state"))  # ever entered
    flags: set[str] = _part(NAMES, "flag")
    visited: dict[str, int] = _part(COUNTS, "visited")  # node id -> times played
    fired: dict[str, int] = _part(COUNTS, "fired")  # event id -> turn fired
    contradicted: dict[str, int] = _part(COUNTS, "contradicted")  # statement -> turn proved
    pressed: dict[str, int] = _part(COUNTS, "pressed")  # statement -> times pressed
    confirmed: dict[str, int] = _part(COUNTS, "confirmed")  # board group -> turn confirmed
    credibility: int = _scalar(0, LEVEL, "credibility")  # wrong objections left (see `new`)
    interlocutor: str | None = _scalar(None)
    turn: int = _scalar(0)
    started: bool = _scalar(False)
    at_hearing: bool = _scalar(False)
    ending: str | None = _scalar(None)
    final_choice: str | None = _scalar(None)
    # The player's record, which no condition reads: it never makes two states differ for
    # the checker.
    told: set[str] = _part(NAMES)  # statements the player has heard
    objected_with: dict[str, str] = _part(MAPPING)  # statement -> the evidence that proved it
    wrong_objections: int = _scalar(0)
    doubts: dict[str, str] = _part(MAPPING)  # statement -> the player's note ("": only flagged)
    filled: dict[str, str] = _part(MAPPING)  # "group.blank" -> the answer written in it
    board_tries: dict[str, int] = _part(COUNTS)  # group -> times filled in full and wrong
    transcript: list[Spoken] = _part(TRANSCRIPT)

    @classmethod
    def new(cls, story: Story) -> GameState:
        state = cls(credibility=story.case.credibility)
        for character_id, character in story.characters.items():
            if character.initial is not None:
                state.states[character_id] = character.initial
                state.reached.add((character_id, character.initial))
        return state

    def copy(self, with_transcript: bool = True) -> GameState:
        values = {}
        for name, kind in _KINDS:
            value = getattr(self, name)
            if kind == TRANSCRIPT:
                value = list(value) if with_transcript else []
            elif kind not in (SCALAR, LEVEL):
                value = type(value)(value)
            values[name] = value
        return GameState(**values)


_KINDS = [(f.name, f.metadata["kind"]) for f in fields(GameState)]  # read once: copies are many


UNDONE = "undone_objections"  # the count of Record.taken_back (and of older saves' own)


@dataclass
class Record:
    """How the player played one game, which the case report grades and no undo takes back:
    counts (hints taken by tier, `hints_1`...; `undone_objections`), and the wrong objections
    taken back by undo, as (statement, evidence), so that each guess is counted once however
    often it is undone and redone. It is not in GameState, whose every field an undo restores.
    A save carries it: the record travels with the game it was saved with."""

    counts: dict[str, int] = field(default_factory=dict)
    taken_back: set[tuple[str, str]] = field(default_factory=set)

    def copy(self) -> Record:
        return Record(dict(self.counts), set(self.taken_back))

    def count(self, what: str, by: int = 1) -> None:
        self.counts[what] = max(0, self.counts.get(what, 0) + by)  # a save holds no less than 0

    def carried(self, since: Record, onto: Record) -> Record:
        """`onto` (the record of the game an undo or a redo of a load brings back) with what
        this one counted since it was `since`: a hint taken or an objection taken back in the
        game left stays counted, or undoing a load would take it back."""
        out = onto.copy()
        for what, number in self.counts.items():
            if what != UNDONE and number > since.counts.get(what, 0):
                out.count(what, number - since.counts.get(what, 0))
        for guess in self.taken_back - since.taken_back - onto.taken_back:
            out.taken_back.add(guess)
            out.count(UNDONE)
        return out


def parts(kind: str | None = None) -> list[Any]:
    """The declared fields of GameState (dataclasses.Field), of one kind or all."""
    return [f for f in fields(GameState) if kind is None or f.metadata["kind"] == kind]


def fact_parts() -> list[Any]:
    """The fields conditions read, as facts."""
    return [f for f in fields(GameState) if f.metadata["fact"]]


def fact_key(state: GameState) -> tuple:
    """Every fact of the state, comparable: two states with the same key satisfy the same
    conditions (what a number counts, such as turns, is left out)."""
    key = []
    for part in fact_parts():
        value = getattr(state, part.name)
        kind = part.metadata["kind"]
        key.append(frozenset(value.items()) if kind == MAPPING
                   else value if kind == LEVEL else frozenset(value))
    return tuple(key)
