"""Which facts of a state can still matter, so that states differing only in the others are one.

A reader is whatever consults facts: a node's condition, the reactions to one piece of evidence
shown to one character, an event, a transition, a statement. A reader is **spent** in a state
when it can no longer change anything that matters:

- a node (or the reactions of one pair) that main exploration decides, that writes no fact a
  side group reads, that has been reached already, and whose play would only write what is
  there or what is dead (a search read by nothing but itself once its clue is taken);
- an event that has fired;
- a transition, or a statement, of a state its character's machine can never be in again;
- a condition that only says whether something is offered (availability of characters and
  places, the hearing and its options, the board, a text's leak of a term) once it holds for
  good: it can only become true (no `not`, `is` or comparison), or, for a leak, its term is
  known.

A fact is **dead** when every reader of it is spent; an offering condition that can become
false again reads for ever. Nothing unspends (facts only grow, machines
only move on, the reached nodes only grow), so a dead fact stays dead. Two states that agree on
which facts are dead and on every live fact have the same futures: the readers that are not
spent see the same facts and write the same ones, and the spent ones write only dead facts and
play nodes already reached. A state is filed under that, so a fact the player settled long ago
(which statement they broke first, a place searched before it was needed) no longer multiplies
the states after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.analysis.facts import Slot, slots, state_test
from game.analysis.influence import CREDIBILITY, Analysis, Component, condition_sites
from game.engine.model import Effects, Story
from game.engine.state import GameState
from game.engine.terms import lasting

Spent = Callable[[GameState], bool]
NOTHING_DEAD: frozenset = frozenset()
# The kinds of condition (see `condition_sites`) read by a reader that can be spent.
_SPENDABLE = frozenset({"topic", "search", "reaction", "event", "transition", "statement"})


@dataclass(frozen=True, slots=True)
class Judgement:
    dead: frozenset[Slot]
    spent: frozenset[int]  # readers found spent (they stay spent in what follows)


NOTHING = Judgement(NOTHING_DEAD, frozenset())


class Liveness:
    """The dead facts of one component's states (see the module's docstring).

    `reached` is the checker's set of reachable nodes, shared and growing: a node counts as
    spent only once it is in it, so nothing the node could still reach is lost."""

    def __init__(self, story: Story, analysis: Analysis, component: Component,
                 trusted: set[str], reached: set[str], waste: bool) -> None:
        self.main = analysis.main
        self.trusted = trusted
        self.reached = reached
        self.side = set().union(*(group.slots for group in analysis.groups))
        # Per reader: whether it is spent, given that its writes are all held or dead (None:
        # never), and what it writes.
        self.base: list[Spent | None] = []
        self.writes: list[tuple[Slot, ...]] = []
        self.readers: dict[Slot, list[int]] = {}

        def reader(read: set[Slot], base: Spent | None, writes: set[Slot] = frozenset()) -> None:
            number = len(self.base)
            self.base.append(base)
            self.writes.append(tuple(sorted(writes)))
            for slot in read:
                self.readers.setdefault(slot, []).append(number)

        # The other conditions (availability, the hearing, the board, and whatever a later
        # version adds) only say whether something is offered: one that can only become true
        # (no `not`, no state, no comparison) says it for ever once it holds, and reads nothing
        # more; any other reads for ever.
        always: set[Slot] = set()
        others = [condition.tree for kind, _, condition in condition_sites(story)
                  if kind not in _SPENDABLE]
        for tree in {*others, *analysis.deferred.values()}:
            if lasting(tree):
                reader(slots(tree), state_test(tree))
            else:
                always |= slots(tree)
        always.add(CREDIBILITY)
        if waste:  # a wrong objection can be made with anything held
            always |= {s for s in analysis.main if s[0] == "held"}
        self.always = always

        for topic_id, topic in story.topics.items():
            read = slots(topic.when.tree) | ({("visited", topic_id)} if topic.once else set())
            reader(read, self._recorded([topic_id], [topic]), _writes(topic_id, topic))
        for search_id, search in story.searches.items():  # played only while not visited
            reader(slots(search.when.tree) | {("visited", search_id)},
                   self._recorded([search_id], [search]), _writes(search_id, search))
        for (character_id, evidence_id), reactions in story.index.reactions_by_pair.items():
            # Which reaction plays depends on all their conditions: one reader for them all.
            nodes = [story.reactions[r] for r in reactions]
            read = {("held", evidence_id)}.union(*(slots(n.when.tree) for n in nodes))
            writes = {("presented", evidence_id, character_id)}.union(
                *(_writes(r, n) for r, n in zip(reactions, nodes, strict=True)))
            reader(read, self._recorded(reactions, nodes), writes)
        for slot in analysis.main:  # shown to someone with no reaction: only the showing counts
            if slot[0] == "presented" and (slot[2], slot[1]) not in story.index.reactions_by_pair:
                reader({("held", slot[1])}, _ALWAYS_SPENT, {slot})
        for event_id, event in story.events.items():
            reader(slots(event.when.tree) | {("fired", event_id)},
                   lambda state, e=event_id: e in state.fired)
        gone = _gone(story)
        for character_id, character in story.characters.items():
            for transition in character.transitions:
                reader(slots(transition.when.tree), gone(character_id, transition.from_state))
        for statement_id, statement in story.statements.items():
            # An objection is refused once it is proved false; a press can be made again.
            read = slots(statement.when.tree) | {("contradicted", statement_id)}
            for part in (statement.contradiction, statement.support):
                if part is not None:
                    read |= {("held", e) for e in part.evidence}
            reader(read, None if statement.version is None
                   else gone(statement.character, statement.version))

        for use in analysis.uses:  # a leak no longer possible once the term is known
            reader(slots(use.probe), state_test(use.known))

        # Only facts of this component that something spendable reads, and nothing else does,
        # can die; machines, reached states, confirmed groups (a group is confirmed once) and
        # facts no condition reads are kept.
        self.killable = [(slot, tuple(self.readers[slot])) for slot in sorted(component.slots)
                         if slot in self.readers and slot not in always
                         and slot[0] not in ("machine", "reached", "confirmed")
                         and all(self.base[r] is not None for r in self.readers[slot])]

    def judge(self, state: GameState, before: Judgement | None = None) -> Judgement:
        """The dead facts of the state, and the readers found spent on the way; `before`, the
        judgement of a state it was reached from (spent still, so not judged again)."""
        if not self.killable:
            return NOTHING
        known: dict[int, bool] = dict.fromkeys(before.spent, True) if before else {}
        old = before.dead if before else NOTHING_DEAD
        dead = [slot for slot, readers in self.killable
                if slot in old or all(self._spent(r, state, known) for r in readers)]
        return Judgement(frozenset(dead) if dead else NOTHING_DEAD,
                         frozenset(r for r, spent in known.items() if spent))

    def _spent(self, number: int, state: GameState, known: dict[int, bool]) -> bool:
        """Whether the reader can no longer change a live fact. A reader being judged counts as
        not spent while it is (a circle of readers waiting on each other is kept live)."""
        spent = known.get(number)
        if spent is not None:
            return spent
        known[number] = False
        base = self.base[number]
        spent = base is not None and base(state) and all(
            _present(slot, state) or self._dead_but_for(slot, number, state, known)
            for slot in self.writes[number])
        known[number] = spent
        return spent

    def _dead_but_for(self, slot: Slot, number: int, state: GameState,
                      known: dict[int, bool]) -> bool:
        """Whether no reader but this one can still read the slot."""
        if slot in self.always:
            return False
        return all(self._spent(r, state, known) for r in self.readers.get(slot, ())
                   if r != number)

    def _recorded(self, node_ids, nodes) -> Spent | None:
        """For nodes main exploration decides and that write no fact a side group reads (a
        group's own states may lack what the main state holds): whether all are reached."""
        for node_id, node in zip(node_ids, nodes, strict=True):
            if node_id not in self.trusted or _writes(node_id, node) & self.side:
                return None
        reached, node_ids = self.reached, tuple(node_ids)
        return lambda state: all(n in reached for n in node_ids)


def _ALWAYS_SPENT(state: GameState) -> bool:
    return True


def _writes(node_id: str, node: Effects) -> set[Slot]:
    return ({("visited", node_id)} | {("held", e) for e in node.gives}
            | {("flag", f) for f in node.sets})


def _present(slot: Slot, state: GameState) -> bool:
    kind = slot[0]
    if kind == "visited":
        return slot[1] in state.visited
    if kind == "held":
        return slot[1] in state.held
    if kind == "flag":
        return slot[1] in state.flags
    return slot[1:] in state.presented  # ("presented", evidence, character)


def _gone(story: Story) -> Callable[[str, str], Spent]:
    """For a character and one of their states: whether a state of the game has them where
    their machine can never come back to it."""
    onward: dict[str, dict[str, set[str]]] = {}
    for character_id, character in story.characters.items():
        moves: dict[str, set[str]] = {}
        for transition in character.transitions:
            moves.setdefault(transition.from_state, set()).add(transition.to)
        onward[character_id] = moves
    coming: dict[tuple[str, str], frozenset[str]] = {}

    def comes_back_from(character_id: str, target: str) -> frozenset[str]:
        """Every state from which the machine can still reach `target` (itself included)."""
        key = (character_id, target)
        if key not in coming:
            moves = onward[character_id]
            found = {target}
            changed = True
            while changed:
                changed = False
                for here, there in moves.items():
                    if here not in found and there & found:
                        found.add(here)
                        changed = True
            coming[key] = frozenset(found)
        return coming[key]

    def gone(character_id: str, target: str) -> Spent:
        back = comes_back_from(character_id, target)
        return lambda state: state.states.get(character_id) not in back
    return gone
