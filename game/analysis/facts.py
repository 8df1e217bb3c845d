"""The game state as a set of facts, so the checker can cut it into parts and reason on each.

A fact is a tuple: ("held", evidence), ("presented", evidence, character), ("machine", character,
state), ("reached", character, state), ("flag", name), ("visited", node), ("fired", event).
A slot is what a fact fills: the fact itself, except ("machine", character), which holds one
state at a time. Conditions are read through their trees (`Condition.tree`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from game.engine.conditions import Tree
from game.engine.state import GameState

Fact = tuple
Slot = tuple
TRUE: Tree = ("true",)
FALSE: Tree = ("false",)
_CONNECTIVES = frozenset({"true", "false", "not", "and", "or"})


def fact_of(atom: Tree) -> Fact:
    """The fact whose presence makes an atom true."""
    kind = atom[0]
    if kind == "has":
        return ("held", atom[1])
    if kind == "is":
        return ("machine", atom[1], atom[2])
    return atom


def slot_of(fact: Fact) -> Slot:
    return fact[:2] if fact[0] == "machine" else fact


def atoms(tree: Tree) -> Iterator[Tree]:
    kind = tree[0]
    if kind in ("and", "or"):
        for part in tree[1]:
            yield from atoms(part)
    elif kind == "not":
        yield from atoms(tree[1])
    elif kind not in _CONNECTIVES:
        yield tree


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
    return fact_of(tree) in facts


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
    """Reads the facts of a set of slots out of a GameState, and writes them back into one."""

    def __init__(self, chosen: Iterable[Slot]) -> None:
        chosen = set(chosen)
        self.slots = frozenset(chosen)
        self.held = {s[1] for s in chosen if s[0] == "held"}
        self.presented = {s[1:] for s in chosen if s[0] == "presented"}
        self.machines = sorted(s[1] for s in chosen if s[0] == "machine")
        self.reached = {s[1:] for s in chosen if s[0] == "reached"}
        self.flags = {s[1] for s in chosen if s[0] == "flag"}
        self.visited = {s[1] for s in chosen if s[0] == "visited"}
        self.fired = {s[1] for s in chosen if s[0] == "fired"}

    def facts(self, state: GameState) -> frozenset:
        found: list[Fact] = [("held", e) for e in self.held if e in state.held]
        found += [("presented", *p) for p in self.presented & state.presented]
        found += [("machine", c, state.states[c]) for c in self.machines if c in state.states]
        found += [("reached", *p) for p in self.reached & state.reached]
        found += [("flag", f) for f in self.flags & state.flags]
        found += [("visited", n) for n in self.visited if n in state.visited]
        found += [("fired", e) for e in self.fired if e in state.fired]
        return frozenset(found)

    def write(self, state: GameState, facts: Iterable[Fact]) -> None:
        """Make the state's facts in these slots exactly `facts` (a `facts()` of another)."""
        for e in self.held:
            state.held.pop(e, None)
        state.presented -= self.presented
        state.reached -= self.reached
        state.flags -= self.flags
        for n in self.visited:
            state.visited.pop(n, None)
        for e in self.fired:
            state.fired.pop(e, None)
        for fact in facts:
            kind = fact[0]
            if kind == "held":
                state.held[fact[1]] = 0
            elif kind == "presented":
                state.presented.add(fact[1:])
            elif kind == "machine":
                state.states[fact[1]] = fact[2]
            elif kind == "reached":
                state.reached.add(fact[1:])
            elif kind == "flag":
                state.flags.add(fact[1])
            elif kind == "visited":
                state.visited[fact[1]] = 1
            elif kind == "fired":
                state.fired[fact[1]] = 0
