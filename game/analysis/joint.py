"""Questions about every combination of independent components, answered without listing them.

The hearing reads facts from every component (each witness's machine, each subplot's evidence),
and the combinations of their states multiply. But a condition only sees, in each component,
the truth of the few atoms it reads there. So the components are taken one at a time, and the
condition is folded with each component's possible atom values: what is carried from one
component to the next is the set of conditions left over (a "residual"), which stays small for
the conditions authors write (a conjunction over witnesses leaves one residual per step).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from game.analysis.facts import FALSE, TRUE, simplify
from game.engine.conditions import Tree

Values = frozenset  # of (atom, bool): what one component's state says about the atoms it owns


@dataclass(frozen=True, slots=True)
class Choice:
    """A class of one component's states that look the same to the question."""

    values: Hashable  # Values, or a frozenset of Values (every future a state can still reach)
    count: int  # how many of the component's states are in the class
    distance: int  # the fewest actions to the nearest of them
    state: int  # that nearest state


@dataclass(frozen=True, slots=True)
class Found:
    count: int  # how many combinations of states answer yes
    distance: int  # the fewest actions to the nearest one
    states: tuple[int, ...]  # its state in each component


class TooManyResiduals(RuntimeError):
    """The condition does not fold into few residuals over these components."""


class _Folder:
    def __init__(self, limit: int) -> None:
        self.memo: dict[tuple[Tree, Values], Tree] = {}
        self.limit = limit

    def fold(self, tree: Tree, values: Values) -> Tree:
        key = (tree, values)
        found = self.memo.get(key)
        if found is None:
            decided = dict(values)
            found = simplify(tree, decided.get)
            self.memo[key] = found
        return found

    def check(self, table: dict) -> None:
        if len(table) > self.limit:
            raise TooManyResiduals(f"more than {self.limit:,} residual conditions")


def _merge(table: dict, key: Hashable, count: int, distance: int, states: tuple) -> None:
    old = table.get(key)
    if old is None:
        table[key] = (count, distance, states)
    else:
        best = (distance, states) if distance < old[1] else (old[1], old[2])
        table[key] = (old[0] + count, *best)


def satisfying(tree: Tree, parts: Sequence[Sequence[Choice]],
               limit: int = 100_000) -> Found | None:
    """The combinations of component states (one per component, from `parts`) where `tree` holds;
    None if there is none. Each Choice's values is a Values."""
    folder = _Folder(limit)
    table: dict[Tree, tuple[int, int, tuple]] = {simplify(tree, lambda _: None): (1, 0, ())}
    for choices in parts:
        following: dict[Tree, tuple[int, int, tuple]] = {}
        for residual, (count, distance, states) in table.items():
            if residual == FALSE:
                continue
            for choice in choices:
                _merge(following, folder.fold(residual, choice.values), count * choice.count,
                       distance + choice.distance, (*states, choice.state))
        folder.check(following)
        table = following
    if TRUE not in table:
        return None
    return Found(*table[TRUE])


def never_true(tree: Tree, parts: Sequence[Sequence[Choice]],
               limit: int = 100_000) -> Found | None:
    """The combinations of component states from which `tree` can never come to hold, whatever
    each component does next; None if there is none. Each Choice's values is the frozenset of
    Values its states can still reach."""
    folder = _Folder(limit)
    first = simplify(tree, lambda _: None)
    if first == TRUE:
        return None
    start = frozenset({first} - {FALSE})
    table: dict[frozenset, tuple[int, int, tuple]] = {start: (1, 0, ())}
    for choices in parts:
        following: dict[frozenset, tuple[int, int, tuple]] = {}
        for residuals, (count, distance, states) in table.items():
            for choice in choices:
                folded = frozenset(folder.fold(r, values) for r in residuals
                                   for values in choice.values)
                if TRUE in folded:
                    continue  # some future of these states makes it hold
                folded -= {FALSE}
                _merge(following, folded, count * choice.count,
                       distance + choice.distance, (*states, choice.state))
        folder.check(following)
        table = following
    if frozenset() not in table:
        return None
    return Found(*table[frozenset()])
