"""`detective check --coverage`: what of the case no walkthrough reaches.

check proves what can be reached; the walkthroughs are what the test suite keeps working as the
case changes. Coverage says which nodes, statements, evidence, versions, board answers and
endings no walkthrough plays, each at its line, so an author knows which parts a change could
break unseen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.engine.model import Story
from game.storyfiles.diagnostics import Diagnostic
from game.storyfiles.walkthroughs import Reached

# What is counted, in the order told: (label, the table it is written in).
_KINDS = (("endings", "ending"), ("nodes", "node"), ("statements", "statement"),
          ("evidence", "evidence"), ("versions", "state"), ("board answers", "answer"))


@dataclass(frozen=True)
class KindCoverage:
    label: str
    covered: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.covered * 100 // self.total


@dataclass(frozen=True)
class Coverage:
    kinds: tuple[KindCoverage, ...]
    missed: tuple[Diagnostic, ...]  # an N002 note at each thing no walkthrough reaches

    @property
    def covered(self) -> int:
        return sum(kind.covered for kind in self.kinds)

    @property
    def total(self) -> int:
        return sum(kind.total for kind in self.kinds)

    def summary(self, walks: int) -> str:
        parts = [f"{k.label} {k.covered} of {k.total} ({k.percent}%)" for k in self.kinds
                 if k.total]
        whole = KindCoverage("", self.covered, self.total).percent
        return (f"coverage by {walks} walkthrough(s): {', '.join(parts)}; in all "
                f"{self.covered} of {self.total} ({whole}%)")


def coverage(story: Story, reached: Iterable[Reached]) -> Coverage:
    """What the walkthroughs, together, reach of `story`."""
    seen = Reached()
    for walk in reached:
        seen.nodes |= walk.nodes
        seen.evidence |= walk.evidence
        seen.states |= walk.states
        seen.statements |= walk.statements
        seen.answers |= walk.answers
        seen.endings |= walk.endings
    kinds, missed = [], []
    for label, kind in _KINDS:
        hit = total = 0
        for item in _items(story, kind):
            total += 1
            if _covered(seen, kind, item):
                hit += 1
                continue
            table, object_id, sub, name = item
            missed.append(Diagnostic(*story.origin(table, object_id, sub), "N002",
                                     f"{name} is reached by no walkthrough"))
        kinds.append(KindCoverage(label, hit, total))
    # In the order of the files and their lines, as an author walks through them.
    missed.sort(key=lambda d: (d.file, d.line or 0, d.column or 0))
    return Coverage(tuple(kinds), tuple(missed))


def _items(story: Story, kind: str) -> Iterable[tuple[str, str, tuple[str, ...], str]]:
    """(table, id, key inside it, how it is named) for each thing of `kind`."""
    if kind == "node":
        for table, nodes in (("topic", story.topics), ("reaction", story.reactions),
                             ("search", story.searches), ("event", story.events)):
            for node_id in nodes:
                yield table, node_id, (), f"{table} `{node_id}`"
    elif kind == "state":
        for character_id, character in story.characters.items():
            for state_id in character.states:
                yield ("character", character_id, ("states", state_id),
                       f"version `{state_id}` of `{character_id}`")
    else:
        table = {"statement": "statement", "evidence": "evidence", "answer": "answer",
                 "ending": "ending"}[kind]
        objects = {"statement": story.statements, "evidence": story.evidence,
                   "answer": story.answers, "ending": story.endings}[kind]
        shown = "board answer" if kind == "answer" else kind
        # A wrong answer is a decoy, written to be left alone: only the right ones count.
        right = {blank.answer for group in story.board.values() for blank in group.blanks.values()}
        for object_id in objects:
            if kind != "answer" or object_id in right:
                yield table, object_id, (), f"{shown} `{object_id}`"


def _covered(seen: Reached, kind: str, item: tuple[str, str, tuple[str, ...], str]) -> bool:
    table, object_id, sub, _ = item
    match kind:
        case "node":
            return object_id in seen.nodes
        case "state":
            return (object_id, sub[1]) in seen.states
        case "statement":
            return object_id in seen.statements
        case "evidence":
            return object_id in seen.evidence
        case "answer":
            return object_id in seen.answers
        case _:
            return object_id in seen.endings
