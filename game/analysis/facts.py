"""The game state as a set of facts, so the checker can cut it into parts and reason on each.

A fact is a tuple: ("held", evidence), ("presented", evidence, character), ("machine", character,
state), ("reached", character, state), ("flag", name), ("visited", node), ("fired", event).
A level is a number conditions compare: ("credibility", 3). A slot is what a fact fills: the fact
itself, except ("machine", character), which holds one state at a time, and a level, which holds
one number. Conditions are read through their trees (`Condition.tree`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from game.engine.conditions import COMPARISONS, Tree, atoms
from game.engine.state import COUNTS, LEVEL, MAPPING, NAMES, PAIRS, GameState, fact_parts

Fact = tuple
Slot = tuple
TRUE: Tree = ("true",)
FALSE: Tree = ("false",)
LEVELS = frozenset(part.metadata["fact"] for part in fact_parts()
                   if part.metadata["kind"] == LEVEL)


def fact_of(atom: Tree) -> Fact:
    """The fact whose presence makes an atom true."""
    kind = atom[0]
    if kind == "has":
        return ("held", atom[1])
    if kind == "is":
        return ("machine", atom[1], atom[2])
    if kind in LEVELS:
        return (kind,)  # no one fact makes a comparison true: see `atom_holds`
    return atom


def slot_of(fact: Fact) -> Slot:
    if fact[0] in LEVELS:
        return fact[:1]
    return fact[:2] if fact[0] == "machine" else fact


def atom_holds(atom: Tree, facts: frozenset | set) -> bool:
    """Whether an atom is true of these facts (a level's comparison reads its number)."""
    kind = atom[0]
    if kind in LEVELS:
        level = next((fact[1] for fact in facts if fact[0] == kind), None)
        return level is not None and COMPARISONS[atom[1]](level, atom[2])
    return fact_of(atom) in facts


def slots(tree: Tree) -> set[Slot]:
    return {slot_of(fact_of(atom)) for atom in atoms(tree)}


def holds(tree: Tree, facts: frozenset | set) -> bool:
    kind = tree[0]
    if kind == "and":
        return all(holds(part, facts) for part in tree[1])
    if kind == "or":
        return any(holds(part, facts) for part in tree[1])
    if kind == "not":
        return not holds(tree[1], facts)
    if kind == "true":
        return True
    if kind == "false":
        return False
    return atom_holds(tree, facts)


def _compiled(tree: Tree, atom: Callable[[Tree], Callable]) -> Callable:
    """The tree made once into nested closures, each atom by `atom`."""
    kind = tree[0]
    if kind in ("and", "or"):
        parts = tuple(_compiled(part, atom) for part in tree[1])
        if kind == "and":
            return lambda given: all(part(given) for part in parts)
        return lambda given: any(part(given) for part in parts)
    if kind == "not":
        inner = _compiled(tree[1], atom)
        return lambda given: not inner(given)
    if kind in ("true", "false"):
        value = kind == "true"
        return lambda given: value
    return atom(tree)


def _atom_in_facts(atom: Tree) -> Callable[[frozenset], bool]:
    if atom[0] in LEVELS:
        return lambda facts: atom_holds(atom, facts)
    fact = fact_of(atom)
    return lambda facts: fact in facts


_IN_STATE = {"has": "held", "flag": "flags", "visited": "visited", "fired": "fired",
             "contradicted": "contradicted", "pressed": "pressed", "confirmed": "confirmed"}


def _atom_in_state(atom: Tree) -> Callable[[GameState], bool]:
    kind = atom[0]
    if kind in _IN_STATE:
        name, key = _IN_STATE[kind], atom[1]
        return lambda state: key in getattr(state, name)
    if kind == "is":
        who, where = atom[1], atom[2]
        return lambda state: state.states.get(who) == where
    if kind in ("presented", "reached"):  # pairs, in the fields of those names
        pair = atom[1:]
        return lambda state: pair in getattr(state, kind)
    compare, bound = COMPARISONS[atom[1]], atom[2]  # a level: the credibility
    return lambda state: compare(getattr(state, kind), bound)


@cache
def compiled(tree: Tree) -> Callable[[frozenset], bool]:
    """`holds` for one tree, made once: for conditions judged on many sets of facts."""
    return _compiled(tree, _atom_in_facts)


@cache
def state_test(tree: Tree) -> Callable[[GameState], bool]:
    """`holds` for one tree, on a game state itself (no facts to gather first): for
    conditions asked of many states as they are made."""
    return _compiled(tree, _atom_in_state)


def simplify(tree: Tree, decide: Callable[[Tree], bool | None]) -> Tree:
    """The tree with every atom `decide` knows replaced by its value, folded as far as it goes:
    what is left reads only the atoms still undecided."""
    kind = tree[0]
    if kind in ("and", "or"):
        absorbing, neutral = (FALSE, TRUE) if kind == "and" else (TRUE, FALSE)
        kept: list[Tree] = []
        for part in tree[1]:
            part = simplify(part, decide)
            if part == absorbing:
                return absorbing
            if part != neutral:
                kept.extend(part[1] if part[0] == kind else (part,))
        if not kept:
            return neutral
        return kept[0] if len(kept) == 1 else (kind, tuple(kept))
    if kind == "not":
        inner = simplify(tree[1], decide)
        if inner == TRUE:
            return FALSE
        if inner == FALSE:
            return TRUE
        return inner[1] if inner[0] == "not" else ("not", inner)
    if kind in ("true", "false"):
        return tree
    value = decide(tree)
    if value is None:
        return tree
    return TRUE if value else FALSE


class Projector:
    """Reads the facts of a set of slots out of a GameState, and writes them back into one.
    Which field holds which fact comes from GameState's own declaration (`fact_parts`)."""

    def __init__(self, chosen: Iterable[Slot]) -> None:
        chosen = set(chosen)
        self.slots = frozenset(chosen)
        # (field name, kind, fact name, the wanted keys of that field)
        self.fields: list[tuple[str, str, str, set]] = []
        for part in fact_parts():
            fact, kind = part.metadata["fact"], part.metadata["kind"]
            if kind == PAIRS:
                wanted = {s[1:] for s in chosen if s[0] == fact}
            elif kind == LEVEL:
                wanted = {fact} if (fact,) in chosen else set()
            else:
                wanted = {s[1] for s in chosen if s[0] == fact}
            self.fields.append((part.name, kind, fact, wanted))
        self.machines = sorted(s[1] for s in chosen if s[0] == "machine")
        self.visited = {s[1] for s in chosen if s[0] == "visited"}

    def facts(self, state: GameState) -> frozenset:
        found: list[Fact] = []
        for name, kind, fact, wanted in self.fields:
            if not wanted:
                continue
            value = getattr(state, name)
            if kind == MAPPING:
                found += [(fact, k, value[k]) for k in wanted if k in value]
            elif kind == LEVEL:
                found.append((fact, value))
            elif kind == PAIRS:
                found += [(fact, *pair) for pair in wanted & value]
            else:
                found += [(fact, k) for k in wanted if k in value]
        return frozenset(found)

    def write(self, state: GameState, facts: Iterable[Fact]) -> None:
        """Make the state's facts in these slots exactly `facts` (a `facts()` of another)."""
        by_fact: dict[str, tuple[str, str]] = {}
        for name, kind, fact, wanted in self.fields:
            by_fact[fact] = (name, kind)
            value = getattr(state, name)
            if kind == COUNTS:
                for k in wanted:
                    value.pop(k, None)
            elif kind in (NAMES, PAIRS):
                value -= wanted
        for fact in facts:
            name, kind = by_fact[fact[0]]
            value = getattr(state, name)
            if kind == LEVEL:
                setattr(state, name, fact[1])
            elif kind == COUNTS:
                value[fact[1]] = 1
            elif kind == MAPPING:
                value[fact[1]] = fact[2]
            elif kind == PAIRS:
                value.add(fact[1:])
            else:
                value.add(fact[1])
