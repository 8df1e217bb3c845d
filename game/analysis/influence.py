"""What each part of a story reads and writes, and how the checker cuts the story along it.

Three layers, found once per story:

- **Main facts**: the cone of influence of progress. Everything read by transitions, events and
  the hearing is main; so is everything read by a node that writes a main fact (a node that can
  move the story), until nothing more is added. Only main facts decide which versions, events
  and endings can be reached, and whether the game can still be finished.
- **Components**: main facts fall into independent components, linked by whatever reads or
  writes them together (a node, a character's machine, an event, the reactions to one piece of
  evidence, the searches of one place). No action touches two components, so their states
  combine freely; only the hearing reads across them.
- **Side groups**: the other facts that some condition reads (a flag set by small talk, a clue
  that opens a topic), linked the same way. A side group never writes a main fact, so it can be
  explored against the main components it reads, on its own. A node that reads and writes no
  side fact at all is **free**: it plays wherever its condition holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from game.analysis.facts import Slot, simplify, slots
from game.analysis.leaks import Use, term_uses
from game.engine.conditions import Tree
from game.engine.model import Effects, Story


@dataclass(frozen=True, slots=True)
class Step:
    verb: str  # ask, present, search, press, object, confirm (a board group, every blank
    # right), waste (a wrong objection: credibility down a class), hearing, choose
    target: str = ""
    character: str | None = None  # who is in the chair for ask, present, press and object
    using: str = ""  # the evidence of an objection


# The credibility level: a parameter of the whole game rather than a fact that links the parts
# it is read in (every objection reads it), so it never joins two components (see explore).
CREDIBILITY: Slot = ("credibility",)


@dataclass(frozen=True, slots=True)
class Actor:
    """One thing the player can do that may play nodes: ask a topic, show a piece of evidence
    to a character (whichever of its reactions applies), search a place (all its searches),
    press a statement, object to it with evidence that bears on it, confirm a board group."""

    step: Step
    nodes: tuple[str, ...]
    guard: frozenset[Slot]  # what decides whether it can be done at all
    reads: frozenset[Slot]  # the guard and the conditions of its nodes
    writes: frozenset[Slot]
    # What it achieves that is not a node: ("pressed", s), ("contradicted", s), ("supported",
    # s, evidence), ("confirmed", group); the checker reports what is never achieved.
    outcome: tuple = ()
    condition: Tree = ("true",)  # when it can be done, for an actor that plays no node


@dataclass
class Component:
    index: int
    slots: set[Slot] = field(default_factory=set)
    actors: list[Actor] = field(default_factory=list)  # main actors, in story order
    # Something in it reads the credibility: its states are searched at each level class, and
    # its slots include CREDIBILITY (shared with the other leveled components, never linking).
    leveled: bool = False


@dataclass
class Group:
    slots: set[Slot] = field(default_factory=set)
    nodes: set[str] = field(default_factory=set)  # the side nodes whose play the group decides
    actors: list[Actor] = field(default_factory=list)  # what the player does within the group
    reads_main: set[Slot] = field(default_factory=set)
    touched_by: set[Step] = field(default_factory=set)  # main actions that play or write it
    touched_by_events: set[str] = field(default_factory=set)
    context: list[int] = field(default_factory=list)  # the components it is explored against
    leveled: bool = False  # something in it reads the credibility


@dataclass
class Analysis:
    main: set[Slot]
    components: list[Component]
    component_of: dict[Slot, int]
    groups: list[Group]
    # Nodes whose play main exploration settles (their conditions read main facts only).
    decided_by_main: set[str]
    # Free nodes, each with the condition under which it plays, over main facts only.
    free: dict[str, Tree]
    # Presses, objections and board groups that touch no side fact, with the conditions
    # under which each can be done.
    free_outcomes: dict[tuple, list[Tree]]
    # Board groups confirmed just before the hearing (see `deferred_groups`), each with when
    # its right answers are all offered.
    deferred: dict[str, Tree]
    character_guard: dict[str, Tree]
    place_guard: dict[str, Tree]
    # Texts that name a term, each with when it leaks (see game.analysis.leaks).
    uses: list[Use] = field(default_factory=list)

    def components_reading(self, read: set[Slot]) -> list[int]:
        found = {self.component_of[s] for s in read if s in self.component_of}
        if CREDIBILITY in read:
            found |= {c.index for c in self.components if c.leveled}
        return sorted(found)


def _writes(node_id: str, node: Effects) -> set[Slot]:
    return {("visited", node_id)} | _effects(node)


def _effects(node: Effects | None) -> set[Slot]:
    if node is None:
        return set()
    return {("held", e) for e in node.gives} | {("flag", f) for f in node.sets}


def testimony_actors(story: Story) -> list[Actor]:
    """Pressing each statement, objecting to it with each piece of evidence that bears on it,
    and confirming each group of the board. Wrong objections are not actors: they change only
    the credibility, which the explorer treats as a parameter."""
    actors: list[Actor] = []
    read_elsewhere = {slot for condition in all_conditions(story)
                      for slot in slots(condition.tree)}
    for statement_id, statement in story.statements.items():
        who = statement.character
        character = story.characters[who]
        said = [character.available.tree, statement.when.tree]
        if statement.version is not None:
            said.append(("is", who, statement.version))
        said_tree: Tree = ("and", tuple(said))
        guard = frozenset(slots(said_tree))
        actors.append(Actor(Step("press", statement_id, who), (), guard, guard,
                            frozenset({("pressed", statement_id)} | _effects(statement.press)),
                            ("pressed", statement_id), said_tree))
        for part in ("contradiction", "support"):
            objection = getattr(statement, part)
            if objection is None:
                continue
            written = _effects(objection)
            if part == "contradiction":
                written.add(("contradicted", statement_id))
            # Proving it false ends objections to it; when nothing else reads that, it is
            # left out, so the objection is free rather than a group of its own.
            still: tuple[Tree, ...] = ((("not", ("contradicted", statement_id)),)
                                       if ("contradicted", statement_id) in read_elsewhere
                                       else ())
            for evidence_id in objection.evidence:
                tree: Tree = ("and", (said_tree, ("has", evidence_id), *still,
                                      ("credibility", ">", 0)))
                read = frozenset(slots(tree))
                outcome = (("contradicted", statement_id) if part == "contradiction"
                           else ("supported", statement_id, evidence_id))
                actors.append(Actor(Step("object", statement_id, who, evidence_id), (), read,
                                    read, frozenset(written), outcome, tree))
    for group_id, group in story.board.items():
        answers = [story.answers[b.answer].when.tree for b in group.blanks.values()
                   if b.answer in story.answers]
        tree = ("and", (("not", ("confirmed", group_id)), group.when.tree, *answers))
        read = frozenset(slots(tree))
        actors.append(Actor(Step("confirm", group_id), (), read, read,
                            frozenset({("confirmed", group_id)}), ("confirmed", group_id), tree))
    return actors


def player_actors(story: Story) -> list[Actor]:
    index = story.index
    actors: list[Actor] = []
    presented_read = {pair for node in all_conditions(story)
                      for pair in node.presented_pairs()}
    for character_id in index.questioned:
        guard = slots(story.characters[character_id].available.tree)
        for topic_id in index.topics_by_character.get(character_id, ()):
            topic = story.topics[topic_id]
            read = frozenset(guard | slots(topic.when.tree))
            actors.append(Actor(Step("ask", topic_id, character_id), (topic_id,), read, read,
                                frozenset(_writes(topic_id, topic))))
        for evidence_id in story.evidence:
            reactions = tuple(index.reactions_by_pair.get((character_id, evidence_id), ()))
            if not reactions and (evidence_id, character_id) not in presented_read:
                continue  # the default reaction: nothing to play, nothing recorded that matters
            pair_guard = frozenset(guard | {("held", evidence_id)})
            read = set(pair_guard)
            written: set[Slot] = {("presented", evidence_id, character_id)}
            for reaction_id in reactions:
                read |= slots(story.reactions[reaction_id].when.tree)
                written |= _writes(reaction_id, story.reactions[reaction_id])
            actors.append(Actor(Step("present", evidence_id, character_id), reactions,
                                pair_guard, frozenset(read), frozenset(written)))
    for place_id, place in story.places.items():
        searches = tuple(index.searches_by_place.get(place_id, ()))
        if not searches:
            continue
        guard = frozenset(slots(place.available.tree))
        read = set(guard)
        written = set()
        for search_id in searches:
            read |= slots(story.searches[search_id].when.tree)
            written |= _writes(search_id, story.searches[search_id])
        actors.append(Actor(Step("search", place_id), searches, guard, frozenset(read),
                            frozenset(written)))
    return actors + testimony_actors(story)


def condition_sites(story: Story, hearing: bool = True):
    """Every condition of the story with where it stands: (kind, id, condition), the kind one
    of character, transition, topic, reaction, search, event, place, hearing, option,
    statement, answer, board. A transition's id is (character, from, to)."""
    yield from (("character", i, c.available) for i, c in story.characters.items())
    yield from (("transition", (i, t.from_state, t.to), t.when)
                for i, c in story.characters.items() for t in c.transitions)
    for kind, group in (("topic", story.topics), ("reaction", story.reactions),
                        ("search", story.searches), ("event", story.events)):
        yield from ((kind, i, node.when) for i, node in group.items())
    yield from (("place", i, p.available) for i, p in story.places.items())
    if hearing:
        yield "hearing", "", story.hearing.available
        yield from (("option", i, o.when) for i, o in story.hearing.options.items())
    yield from (("statement", i, s.when) for i, s in story.statements.items())
    yield from (("answer", i, a.when) for i, a in story.answers.items())
    yield from (("board", i, g.when) for i, g in story.board.items())


def all_conditions(story: Story, hearing: bool = True):
    """Every condition of the story (without the hearing's, when `hearing` is false). Told
    apart by where they stand (`condition_sites`), never by identity: equal conditions may be
    one object."""
    return (condition for _, _, condition in condition_sites(story, hearing))


def linear_machines(story: Story) -> dict[str, list[str]]:
    """Characters whose states are told in a line: a transition from each state, in the order the
    author wrote them, to the next. Only there is one state entered before another a rule."""
    lines = {}
    for character_id, character in story.characters.items():
        order = list(character.states)
        steps = {(t.from_state, t.to) for t in character.transitions}
        if (len(order) > 2 and order[0] == character.initial
                and all(pair in steps for pair in pairwise(order))):
            lines[character_id] = order
    return lines


class _Links:
    """Union-find over slots."""

    def __init__(self) -> None:
        self.parent: dict[Slot, Slot] = {}

    def root(self, slot: Slot) -> Slot:
        parent = self.parent.setdefault(slot, slot)
        while parent != slot:
            grand = self.parent[parent]
            self.parent[slot] = grand
            slot, parent = parent, grand
        return slot

    def link(self, together: set[Slot] | frozenset[Slot]) -> None:
        first = None
        for slot in together:
            if first is None:
                first = self.root(slot)
            else:
                other = self.root(slot)
                if other != first:
                    self.parent[other] = first


_MONOTONE = frozenset({"has", "flag", "visited", "fired", "reached", "presented",
                       "contradicted", "pressed", "confirmed", "true"})


def _monotone(tree: Tree) -> bool:
    """True of a condition that, once it holds, holds for the rest of the game: only facts
    that are never taken back, and no `not`."""
    kind = tree[0]
    if kind in ("and", "or"):
        return all(_monotone(part) for part in tree[1])
    return kind in _MONOTONE


def deferred_groups(story: Story) -> dict[str, Tree]:
    """Board groups whose confirmation only the hearing reads, and whose right answers, once
    offered, stay offered: confirming one changes nothing else, so it can wait until the
    player is about to go to the hearing. Each with the condition for its answers."""
    read_elsewhere = set()
    for condition in all_conditions(story, hearing=False):
        read_elsewhere |= slots(condition.tree)
    found = {}
    for group_id, group in story.board.items():
        answers = [story.answers[b.answer].when.tree for b in group.blanks.values()
                   if b.answer in story.answers]
        tree: Tree = ("and", (group.when.tree, *answers))
        if ("confirmed", group_id) not in read_elsewhere and _monotone(tree):
            found[group_id] = tree
    return found


def credibility_shared(story: Story) -> bool:
    """Only the hearing and the objections read the credibility: then a lower class plays as
    the top one without objections, from any state the top one reaches (see explore)."""
    return not any(CREDIBILITY in slots(c.tree) for c in all_conditions(story, hearing=False))


def waste_condition(story: Story) -> Tree:
    """When the player can make an objection that proves nothing: someone they can question
    says something not yet proved false, and they hold evidence that does not bear on it."""
    who: list[Tree] = []
    for character_id in story.index.questioned:
        said: list[Tree] = []
        for statement_id in story.index.statements_by_character.get(character_id, ()):
            statement = story.statements[statement_id]
            bearing = {e for part in (statement.contradiction, statement.support)
                       if part is not None for e in part.evidence}
            other = tuple(("has", e) for e in story.evidence if e not in bearing)
            if not other:
                continue
            parts: list[Tree] = [statement.when.tree, ("or", other)]
            if statement.version is not None:
                parts.append(("is", character_id, statement.version))
            if statement.contradiction is not None:
                parts.append(("not", ("contradicted", statement_id)))
            said.append(("and", tuple(parts)))
        if said:
            who.append(("and", (story.characters[character_id].available.tree,
                                ("or", tuple(said)))))
    return ("and", (("credibility", ">", 0), ("or", tuple(who)))) if who else ("false",)


def analyse(story: Story) -> Analysis:
    deferred = deferred_groups(story)
    shared = credibility_shared(story)
    actors = [a for a in player_actors(story)
              if not (a.step.verb == "confirm" and a.step.target in deferred)]
    # Automatic actors: each event, and each character's machine.
    automatic: list[tuple[set[Slot], set[Slot]]] = []
    for event_id, event in story.events.items():
        automatic.append((slots(event.when.tree) | {("fired", event_id)},
                          _writes(event_id, event) | {("fired", event_id)}))
    for character_id, character in story.characters.items():
        if character.initial is None:
            continue
        read = {("machine", character_id)}
        for transition in character.transitions:
            read |= slots(transition.when.tree)
        written = {("machine", character_id)}
        written |= {("reached", character_id, s) for s in character.states}
        automatic.append((read, written))

    if not shared:
        # The credibility is read beyond the hearing: a fall in it is a move like any other,
        # searched with everything that decides whether a wrong objection can be made.
        automatic.append((slots(waste_condition(story)) | {CREDIBILITY}, {CREDIBILITY}))

    main: set[Slot] = set()
    for read, written in automatic:
        main |= read | {s for s in written if s[0] in ("machine", "fired")}
    main |= slots(story.hearing.available.tree)
    for tree in deferred.values():  # what the hearing will ask of a group, it reads itself
        main |= slots(tree)
    for option in story.hearing.options.values():
        main |= slots(option.when.tree)
    uses = list(term_uses(story))
    for use in uses:  # decided over main states only, exactly, as the hearing is
        main |= slots(use.probe)
    for character_id, order in linear_machines(story).items():
        main |= {("reached", character_id, s) for s in order}  # a skipped version is reported
    # What machines write moves with them: a past state any condition reads is main.
    main |= {slot for condition in all_conditions(story) for slot in slots(condition.tree)
             if slot[0] == "reached"}

    # The cone: a node that writes a main fact makes what it reads main, until nothing changes.
    main_reads: dict[Step, set[Slot]] = {}
    changed = True
    while changed:
        changed = False
        for actor in actors:
            read = _reads_if_moving(story, actor, main)
            if read is None:
                continue
            if main_reads.get(actor.step) != read:
                main_reads[actor.step] = read
                changed = True
            if not read <= main:
                main |= read
                changed = True

    main_actors = [a for a in actors if a.step in main_reads]
    if any(CREDIBILITY in a.reads for a in actors) or any(
            CREDIBILITY in slots(c.tree) for c in all_conditions(story)):
        main.add(CREDIBILITY)  # a parameter of every state, never a side fact
    # A main search also plays its place's searches that read only main facts: the game decides
    # them in the same action, so they are read with it, in its component.
    decided_by_main: set[str] = set()
    linked: dict[Step, set[Slot]] = {}
    for actor in main_actors:
        linked[actor.step] = main_reads[actor.step] | (actor.writes & main)
        if actor.step.verb == "search":
            for n in actor.nodes:
                when = slots(story.searches[n].when.tree)
                if when <= main:
                    decided_by_main.add(n)
                    linked[actor.step] |= when
        else:
            decided_by_main |= set(actor.nodes)

    links = _Links()
    facts = main - {CREDIBILITY} if shared else main
    for slot in facts:
        links.root(slot)
    for read, written in automatic:
        links.link((read | written) & facts)
    for actor in main_actors:
        links.link(linked[actor.step] & facts)
    roots: dict[Slot, int] = {}
    components: list[Component] = []
    component_of: dict[Slot, int] = {}
    for slot in sorted(facts):
        root = links.root(slot)
        if root not in roots:
            roots[root] = len(components)
            components.append(Component(len(components)))
        component_of[slot] = roots[root]
        components[roots[root]].slots.add(slot)
    home: dict[Step, int] = {}  # the component of each main actor
    for actor in main_actors:
        home[actor.step] = component_of[min(linked[actor.step] & facts)]
        components[home[actor.step]].actors.append(actor)
        if CREDIBILITY in linked[actor.step]:
            components[home[actor.step]].leveled = True
    for read, written in automatic:
        if CREDIBILITY in read:
            components[component_of[min((read | written) & facts)]].leveled = True
    if CREDIBILITY in component_of:
        components[component_of[CREDIBILITY]].leveled = True
    if CREDIBILITY in main and not any(c.leveled for c in components):
        # Only side facts or the hearing read it: its levels are searched on their own.
        components.append(Component(len(components), leveled=True))
    for component in components:
        if component.leveled:
            component.slots.add(CREDIBILITY)

    # Side units: what is not main. A main place's searches that read side facts are units too,
    # played only by the main `search` action.
    units: list[tuple[Actor | None, tuple[str, ...], set[Slot], set[Slot]]] = []
    for actor in actors:
        if actor.step in main_reads:
            if actor.step.verb == "search":
                for n in actor.nodes:
                    if n not in decided_by_main:
                        search = story.searches[n]
                        units.append((None, (n,), set(actor.guard) | slots(search.when.tree),
                                      _writes(n, search)))
            continue
        if actor.step.verb == "search":
            for n in actor.nodes:
                search = story.searches[n]
                units.append((actor, (n,), set(actor.guard) | slots(search.when.tree),
                              _writes(n, search)))
        else:
            units.append((actor, actor.nodes, set(actor.reads), set(actor.writes)))
    side = set().union(*(read for _, _, read, _ in units)) - main if units else set()
    side_links = _Links()
    for _, _, read, written in units:
        side_links.link((read | written) & side)
    groups_by_root: dict[Slot, Group] = {}
    free: dict[str, Tree] = {}
    free_outcomes: dict[tuple, list[Tree]] = {}
    character_guard = {c: story.characters[c].available.tree for c in story.characters}
    place_guard = {p: place.available.tree for p, place in story.places.items()}
    for actor, nodes, read, written in units:
        touched = (read | written) & side
        if not touched:
            if actor is not None and actor.outcome:
                free_outcomes.setdefault(actor.outcome, []).append(actor.condition)
            elif actor is not None:
                free.update(_free_conditions(story, actor, nodes, character_guard,
                                             place_guard))
            continue
        group = groups_by_root.setdefault(side_links.root(next(iter(touched))), Group())
        group.nodes |= set(nodes)
        group.reads_main |= read & main
        if actor is not None and actor not in group.actors:
            group.actors.append(actor)
    groups = list(groups_by_root.values())
    for root, group in groups_by_root.items():
        group.slots = {s for s in side if side_links.root(s) == root}
    for group in groups:
        context = {component_of[s] for s in group.reads_main if s in component_of}
        if CREDIBILITY in group.reads_main:
            group.leveled = True
            context |= {c.index for c in components if c.leveled}
        for actor in main_actors:
            if set(actor.nodes) & group.nodes or actor.writes & group.slots:
                group.touched_by.add(actor.step)
                context.add(home[actor.step])
        for event_id, event in story.events.items():
            if _writes(event_id, event) & group.slots:
                group.touched_by_events.add(event_id)
                context.add(component_of[("fired", event_id)])
        group.context = sorted(context)
    return Analysis(main, components, component_of, groups, decided_by_main, free, free_outcomes,
                    deferred, character_guard, place_guard, uses)


def _reads_if_moving(story: Story, actor: Actor, main: set[Slot]) -> set[Slot] | None:
    """What an actor reads if it can change a main fact, else None."""
    if not actor.nodes:  # a press, an objection, a board group: moving if it writes main
        return set(actor.reads) if actor.writes & main else None
    moving = [n for n in actor.nodes if _writes(n, story.node(n)) & main]  # type: ignore[arg-type]
    step = actor.step
    if step.verb == "present" and ("presented", step.target, step.character) in main:
        return set(actor.reads)
    if not moving:
        return None
    if step.verb == "search":  # only the searches that move the story decide anything main
        read = set(actor.guard)
        for n in moving:
            read |= slots(story.searches[n].when.tree)
        return read
    return set(actor.reads)  # a reaction plays only if no earlier one to the same evidence does


def _free_conditions(story: Story, actor: Actor, nodes: tuple[str, ...],
                     character_guard: dict[str, Tree], place_guard: dict[str, Tree],
                     ) -> dict[str, Tree]:
    """When each free node plays, as one condition over main facts."""
    step = actor.step
    if step.verb == "ask":
        assert step.character is not None
        topic = story.topics[step.target]
        return {step.target: ("and", (character_guard[step.character], topic.when.tree))}
    if step.verb == "search":
        search_id = nodes[0]
        return {search_id: ("and", (place_guard[step.target],
                                    story.searches[search_id].when.tree))}
    assert step.character is not None
    found: dict[str, Tree] = {}
    earlier: list[Tree] = []
    base = [character_guard[step.character], ("has", step.target)]
    shown = ("presented", step.target, step.character)  # recorded before a reaction is chosen
    for reaction_id in nodes:
        when = story.reactions[reaction_id].when.tree
        found[reaction_id] = simplify(("and", (*base, when, *(("not", e) for e in earlier))),
                                      lambda atom: True if atom == shown else None)
        earlier.append(when)
    return found
