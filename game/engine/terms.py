"""Terms: what the player must learn before the game may name it (see `Term` in the model).

A term is known once one of what teaches it has happened: a node played, a piece of evidence
held, a statement pressed or proved false, a board group confirmed, or the term's own `when`.
Each of these only ever becomes true, so a term once known stays known: the checker relies on
it to decide a leak from single states.
"""

from __future__ import annotations

import re
from functools import cache

from game.engine.conditions import Tree
from game.engine.model import Story, Term

FALSE: Tree = ("false",)
# Atoms that, once true, stay true: what a term's `when` may read.
LASTING = frozenset({"has", "presented", "reached", "flag", "visited", "fired", "contradicted",
                     "pressed", "confirmed"})
STATEMENT_PARTS = {"press": "pressed", "contradiction": "contradicted"}


def teaching_atom(story: Story, entry: str) -> Tree | None:
    """The atom that says `entry` (an item of `taught_by`) has happened; None: names nothing."""
    statement_id, _, part = entry.partition(".")
    if part:
        if statement_id in story.statements and part in STATEMENT_PARTS:
            return (STATEMENT_PARTS[part], statement_id)
        return None
    if story.node(entry) is not None:
        return ("visited", entry)
    if entry in story.evidence:
        return ("has", entry)
    if entry in story.board:
        return ("confirmed", entry)
    return None


def teachable(story: Story) -> list[str]:
    """Every entry `taught_by` may hold, for suggestions."""
    parts = [f"{s}.{p}" for s in story.statements for p in STATEMENT_PARTS]
    return [*story.node_ids(), *story.evidence, *story.board, *parts]


def known_tree(story: Story, term: Term) -> Tree:
    """When the term is known, as a condition tree (unknown entries are left out: the loader
    reports them)."""
    parts = [atom for entry in term.taught_by
             if (atom := teaching_atom(story, entry)) is not None]
    if term.when is not None:
        parts.append(term.when.tree)
    if not parts:
        return FALSE
    return parts[0] if len(parts) == 1 else ("or", tuple(parts))


def lasting(tree: Tree) -> bool:
    """Whether the condition, once true, stays true (no `not`, no state, no comparison)."""
    kind = tree[0]
    if kind in ("and", "or"):
        return all(lasting(part) for part in tree[1])
    return kind in LASTING or kind in ("true", "false")


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words, any case, any spacing inside a phrase: "Kamal" finds "Kamal's", not "Kamala".
    alternatives = [r"\s+".join(re.escape(part) for part in word.split()) for word in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def named_in(term: Term, text: str) -> str | None:
    """The first of the term's words the text uses, as written there; None if none."""
    found = _pattern(term.words).search(text)
    return found.group(0) if found else None


def known(story: Story, term: Term, state) -> bool:
    """Whether the player knows the term in this state."""
    for entry in term.taught_by:
        atom = teaching_atom(story, entry)
        if atom is not None and atom[1] in getattr(state, _FIELD[atom[0]]):
            return True
    return term.when is not None and term.when(state)


def unknown_named(story: Story, text: str, state) -> bool:
    """Whether the text names a term the player does not know in this state."""
    return any(named_in(term, text) and not known(story, term, state)
               for term in story.terms.values())


_FIELD = {"visited": "visited", "has": "held", "confirmed": "confirmed", "pressed": "pressed",
          "contradicted": "contradicted"}
