"""Conditions told in an author's words (evidence by its title, a version by its label), short
enough to label an edge of the case's picture."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from game.engine.conditions import Condition, Tree
from game.engine.model import Story

TITLE_WIDTH = 36  # a title quoted inside a condition
LINE_WIDTH = 48
MOST_LINES = 6


def short(text: str, width: int) -> str:
    """`text` on one line with its spaces folded, cut to `width` characters with an ellipsis."""
    folded = " ".join(text.split())
    return folded if len(folded) <= width else folded[:width - 1].rstrip() + "…"


def positive_atoms(tree: Tree) -> Iterator[Tree]:
    """The atoms a condition needs to hold (those under a `not` close it, they open nothing)."""
    kind = tree[0]
    if kind in ("and", "or"):
        for part in tree[1]:
            yield from positive_atoms(part)
    elif kind not in ("not", "true", "false"):
        yield tree


class Wording:
    """Phrases for one story; `owner` is the character whose cluster the label sits in, whose
    name a phrase may then leave out."""

    def __init__(self, story: Story, owner: str | None = None) -> None:
        self.story = story
        self.owner = owner

    def lines(self, condition: Condition) -> tuple[str, ...]:
        """The condition as a few short lines: each part that must hold starts a line (a long
        one goes on, indented, on the next), and what passes MOST_LINES is counted."""
        tree = condition.tree
        parts = list(tree[1]) if tree[0] == "and" else [tree]
        lines: list[str] = []
        for number, part in enumerate(parts):
            wrapped = textwrap.wrap(self.phrase(part), LINE_WIDTH, break_on_hyphens=False,
                                    subsequent_indent="  ")
            last = number == len(parts) - 1
            room = MOST_LINES - len(lines) - (0 if last else 1)  # a line kept for the count
            if len(wrapped) <= room:
                lines.extend(wrapped)
            elif last:  # room is at least 1: every earlier part left a line for the count
                lines.extend([*wrapped[:room - 1], wrapped[room - 1].rstrip("…") + "…"])
            else:
                lines.append(f"and {len(parts) - number} more")
                break
        return tuple(lines)

    def phrase(self, tree: Tree, nested: bool = False) -> str:
        kind = tree[0]
        if kind in ("and", "or"):
            text = f" {kind} ".join(self.phrase(part, nested=True) for part in tree[1])
            return f"({text})" if nested else text
        if kind == "not":
            return f"not {self.phrase(tree[1], nested=True)}"
        return self.atom(tree)

    def atom(self, atom: Tree) -> str:
        kind, story = atom[0], self.story
        if kind == "true":
            return "always"
        if kind == "false":
            return "never"
        if kind == "has":
            return f"has {self.evidence(atom[1])}"
        if kind == "presented":
            to = "" if atom[2] == self.owner else f" to {story.name_of(atom[2])}"
            return f"shown {self.evidence(atom[1])}{to}"
        if kind in ("is", "reached"):
            return f"{story.name_of(atom[1])} {kind} “{self.version(atom[1], atom[2])}”"
        if kind == "flag":
            return f"flag {atom[1]}"
        if kind == "visited":
            return f"after {self.node(atom[1])}"
        if kind == "fired":
            event = story.events.get(atom[1])
            return f"event: {short(event.title, TITLE_WIDTH) if event else atom[1]}"
        if kind == "contradicted":
            return f"contradicted {atom[1]}{self.disproved_by(atom[1])}"
        if kind == "pressed":
            return f"pressed {atom[1]}"
        if kind == "confirmed":
            group = story.board.get(atom[1])
            return f"confirmed “{short(group.title, TITLE_WIDTH) if group else atom[1]}”"
        if kind == "credibility":
            return f"credibility {atom[1]} {atom[2]}"
        return " ".join(str(part) for part in atom)

    def evidence(self, evidence_id: str) -> str:
        evidence = self.story.evidence.get(evidence_id)
        return short(evidence.title, TITLE_WIDTH) if evidence else evidence_id

    def version(self, character_id: str, state_id: str) -> str:
        character = self.story.characters.get(character_id)
        state = character.states.get(state_id) if character else None
        return short(state.label, TITLE_WIDTH) if state else state_id

    def node(self, node_id: str) -> str:
        topic = self.story.topics.get(node_id)
        event = self.story.events.get(node_id)
        title = topic.title if topic else event.title if event else None
        return f"“{short(title, TITLE_WIDTH)}”" if title else node_id

    def disproved_by(self, statement_id: str) -> str:
        """`(the titles of the evidence that proves the statement false)`, or nothing."""
        statement = self.story.statements.get(statement_id)
        if statement is None or statement.contradiction is None:
            return ""
        return f" ({' or '.join(self.evidence(e) for e in statement.contradiction.evidence)})"
