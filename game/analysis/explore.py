"""Prove what a case can reach, and that it can always be finished, without listing every state.

How (see "How check works" in docs/authoring.md): `influence.analyse` cuts the facts of the game
into main components and side groups. Each main component is searched breadth first on its own
facts, playing the real game (`Session`) from a representative state, so no rule is written
twice. The hearing is judged over all combinations of component states by folding its
conditions (`joint`). Each side group is searched against the components it reads. A free node
is reachable where its condition holds in some reachable state.

Replaying a node never changes a fact (effects only add), so a representative forgets which
untracked nodes it has played: a replay is then allowed and changes nothing, and the search does
not depend on which of many equal states came first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from game.analysis.facts import Projector, atom_holds, atoms, fact_of, simplify, slot_of, slots
from game.analysis.influence import (
    Actor,
    Analysis,
    Component,
    Group,
    Step,
    analyse,
    linear_machines,
)
from game.analysis.joint import Choice, TooManyResiduals, never_true, satisfying
from game.engine.conditions import Tree
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.state import GameState

__all__ = ["Exploration", "Explorer", "Step", "can_take", "explore", "linear_machines", "play",
           "render_path"]


@dataclass
class Exploration:
    states: int = 0
    limit_hit: bool = False
    reachable_nodes: set[str] = field(default_factory=set)
    obtained_evidence: set[str] = field(default_factory=set)
    entered_states: set[tuple[str, str]] = field(default_factory=set)
    reached_endings: dict[str, list[Step]] = field(default_factory=dict)  # shortest path to each
    softlocks: list[list[Step]] = field(default_factory=list)  # a path to each kind found
    softlock_count: int = 0
    unsettled: list[Step] | None = None
    # What held in some reachable state, so that what was never reached can say why.
    available_characters: set[str] = field(default_factory=set)
    available_places: set[str] = field(default_factory=set)
    hearing_opened: bool = False
    offered_options: set[str] = field(default_factory=set)
    # (character, state) entered while the state before it in a linear machine never was.
    skipped: dict[tuple[str, str], tuple[str, list[Step]]] = field(default_factory=dict)


class _Stop(Exception):
    """The state limit was reached."""


@dataclass
class _Graph:
    """One main component, searched: its states (as facts), a real state for each, and moves."""

    component: Component
    projector: Projector
    keys: list[frozenset] = field(default_factory=list)
    reps: list[GameState] = field(default_factory=list)
    parents: list[tuple[int, Step] | None] = field(default_factory=list)
    distance: list[int] = field(default_factory=list)
    # Per state: (step, next state, events fired on the way); a step that changes no fact of the
    # component is kept too (it may still play a side node).
    moves: list[list[tuple[Step, int, frozenset[str]]]] = field(default_factory=list)
    index: dict[frozenset, int] = field(default_factory=dict)

    def path(self, state: int) -> list[Step]:
        steps: list[Step] = []
        link = self.parents[state]
        while link is not None:
            state, step = link
            steps.append(step)
            link = self.parents[state]
        return steps[::-1]


class Explorer:
    def __init__(self, story: Story, limit: int,
                 progress: Callable[[int], None] | None = None) -> None:
        self.story = story
        self.limit = limit
        self.progress = progress  # told the number of states now and then
        self.analysis: Analysis = analyse(story)
        self.report = Exploration()
        self.count = 0
        self.next_progress = 0
        self.lines = linear_machines(story)
        # Nodes whose play a main search settles; and the visits a representative keeps.
        self.trusted = self.analysis.decided_by_main | set(story.events)
        self.tracked = {s[1] for s in self.analysis.main if s[0] == "visited"}
        self.graphs: list[_Graph] = []
        start = Session(story, record=False)
        start.begin()
        if start.unsettled:
            self.report.unsettled = []
        self.start = start.state

    # ---- the whole run ------------------------------------------------------------------------

    def run(self) -> Exploration:
        report = self.report
        report.reachable_nodes |= set(self.start.visited)
        report.entered_states |= self.start.reached
        try:
            for component in self.analysis.components:
                self.graphs.append(self._search_component(component))
            self._judge_hearing()
            for group in self.analysis.groups:
                self._search_group(group)
            self._settle_free()
        except _Stop:
            report.limit_hit = True
        for node_id in report.reachable_nodes:
            node = self.story.node(node_id)
            if node is not None:
                report.obtained_evidence.update(node.gives)
        report.states = self.count
        return report

    def _counted(self) -> None:
        if self.count >= self.limit:
            raise _Stop
        self.count += 1
        if self.progress is not None and self.count >= self.next_progress:
            self.progress(self.count)
            self.next_progress = self.count + 1024

    # ---- main components ----------------------------------------------------------------------

    def _play(self, state: GameState, step: Step) -> tuple[GameState, Session]:
        return play(self.story, state, step)

    def _forget_untracked(self, state: GameState) -> None:
        for node_id in [n for n in state.visited if n not in self.tracked]:
            del state.visited[node_id]

    def _search_component(self, component: Component) -> _Graph:
        graph = _Graph(component, Projector(component.slots))
        first = self.start.copy(with_transcript=False)
        self._forget_untracked(first)
        self._add(graph, first, None)
        report = self.report
        queue = deque([0])
        while queue:
            here = queue.popleft()
            rep = graph.reps[here]
            for actor in component.actors:
                step = actor.step
                if not can_take(self.story, rep, step):
                    continue
                child, session = self._play(rep, step)
                if session.unsettled and report.unsettled is None:
                    report.unsettled = [*graph.path(here), step]
                report.reachable_nodes.update(
                    n for n, times in child.visited.items()
                    if n in self.trusted and times > rep.visited.get(n, 0))
                report.entered_states.update(child.reached)
                fired = frozenset(child.fired.keys() - rep.fired.keys())
                self._forget_untracked(child)
                there = graph.index.get(graph.projector.facts(child))
                if there is None:
                    there = self._add(graph, child, (here, step))
                    queue.append(there)
                graph.moves[here].append((step, there, fired))
        return graph

    def _add(self, graph: _Graph, state: GameState, link: tuple[int, Step] | None) -> int:
        self._counted()
        key = graph.projector.facts(state)
        number = len(graph.keys)
        graph.index[key] = number
        graph.keys.append(key)
        graph.reps.append(state)
        graph.parents.append(link)
        graph.distance.append(0 if link is None else graph.distance[link[0]] + 1)
        graph.moves.append([])
        for character_id in graph.projector.machines:
            for before, after in pairwise(self.lines.get(character_id, ())):
                pair = (character_id, after)
                if (pair in state.reached and (character_id, before) not in state.reached
                        and pair not in self.report.skipped):
                    self.report.skipped[pair] = (before, graph.path(number))
        return number

    # ---- the hearing, over every combination of components --------------------------------

    def _joint_path(self, states: Iterable[int]) -> list[Step]:
        return [step for graph, state in zip(self.graphs, states, strict=True)
                for step in graph.path(state)]

    def _classes(self, atoms: list[Tree], futures: bool) -> list[list[Choice]]:
        """Each component's states, grouped by what they say about `atoms` (now, or in every
        future they can still reach)."""
        parts = []
        for graph in self.graphs:
            owned = [a for a in atoms if slot_of(fact_of(a)) in graph.component.slots]
            if not owned:  # all its states look the same, now and later; the start is nearest
                label = frozenset({frozenset()}) if futures else frozenset()
                parts.append([Choice(label, len(graph.keys), 0, 0)])
                continue
            values = [frozenset((a, atom_holds(a, key)) for a in owned) for key in graph.keys]
            seen: list = [frozenset({v}) for v in values] if futures else values
            if futures:
                seen = _futures(graph, seen)
            classes: dict = {}
            for state, label in enumerate(seen):
                count, distance, best = classes.get(label, (0, None, None))
                if distance is None or graph.distance[state] < distance:
                    distance, best = graph.distance[state], state
                classes[label] = (count + 1, distance, best)
            parts.append([Choice(label, count, distance, best)
                          for label, (count, distance, best) in classes.items()])
        return parts

    def _judge_hearing(self) -> None:
        story, report = self.story, self.report
        hearing = story.hearing
        opens = hearing.available.tree
        options = {o: ("and", (opens, option.when.tree)) for o, option in hearing.options.items()}
        some_option = ("or", tuple(option.when.tree for option in hearing.options.values()))
        finish = ("and", (opens, some_option))
        trap = ("and", (opens, ("not", some_option)))
        atoms = sorted({a for tree in (opens, some_option) for a in _atoms_of(tree)})
        try:
            now = self._classes(atoms, futures=False)
            report.hearing_opened = satisfying(opens, now) is not None
            for option_id, tree in options.items():
                found = satisfying(tree, now)
                if found is None:
                    continue
                report.offered_options.add(option_id)
                ending = hearing.options[option_id].ending
                known = report.reached_endings.get(ending)
                if known is None or found.distance + 2 < len(known):
                    report.reached_endings[ending] = [
                        *self._joint_path(found.states), Step("hearing"), Step("choose", option_id)]
            stuck = never_true(finish, self._classes(atoms, futures=True))
            trapped = satisfying(trap, now)
        except TooManyResiduals:
            raise _Stop from None
        if stuck is not None:
            report.softlock_count += stuck.count
            report.softlocks.append(self._joint_path(stuck.states))
        if trapped is not None:
            report.softlock_count += trapped.count
            report.softlocks.append([*self._joint_path(trapped.states), Step("hearing")])

    # ---- side groups ----------------------------------------------------------------------

    def _search_group(self, group: Group) -> None:
        graphs = [self.graphs[c] for c in group.context]
        projector = Projector(group.slots)
        read = [frozenset(group.reads_main & graph.component.slots) for graph in graphs]
        seen_by_group: list[dict[int, frozenset]] = [{} for _ in graphs]

        def view(position: int, state: int) -> frozenset:
            known = seen_by_group[position].get(state)
            if known is None:
                key = graphs[position].keys[state]
                known = frozenset(f for f in key if slot_of(f) in read[position])
                seen_by_group[position][state] = known
            return known

        start = (tuple(0 for _ in graphs), projector.facts(self.start))
        seen = {start}
        self._counted()
        queue = deque([start])
        outcomes: dict[tuple, tuple[frozenset, frozenset[str]] | None] = {}
        reachable = self.report.reachable_nodes

        def reach(states: tuple[int, ...], facts: frozenset) -> None:
            if (states, facts) not in seen:
                self._counted()
                seen.add((states, facts))
                queue.append((states, facts))

        while queue:
            states, facts = queue.popleft()
            for position, graph in enumerate(graphs):
                for step, there, fired in graph.moves[states[position]]:
                    after = facts
                    if step in group.touched_by or fired & group.touched_by_events:
                        merged = self._merged(group, graphs, states, projector, facts)
                        child, _ = self._play(merged, step)
                        reachable.update(n for n in group.nodes
                                         if child.visited.get(n, 0) > merged.visited.get(n, 0))
                        after = projector.facts(child)
                    reach((*states[:position], there, *states[position + 1:]), after)
            situation = (tuple(view(i, s) for i, s in enumerate(states)), facts)
            for actor in group.actors:
                outcome_key = (actor.step, situation)
                if outcome_key not in outcomes:
                    outcomes[outcome_key] = self._own_move(group, graphs, states, projector,
                                                           facts, actor)
                outcome = outcomes[outcome_key]
                if outcome is not None:
                    after, played = outcome
                    reachable.update(played)
                    reach(states, after)

    def _merged(self, group: Group, graphs: list[_Graph], states: tuple[int, ...],
                projector: Projector, facts: frozenset) -> GameState:
        """A real state with these component states and these facts of the group."""
        if graphs:
            merged = graphs[0].reps[states[0]].copy(with_transcript=False)
            for graph, state in zip(graphs[1:], states[1:], strict=True):
                graph.projector.write(merged, graph.keys[state])
        else:
            merged = self.start.copy(with_transcript=False)
            self._forget_untracked(merged)
        projector.write(merged, facts)
        for node_id in group.nodes:
            if node_id not in projector.visited:
                merged.visited.pop(node_id, None)
        return merged

    def _own_move(self, group: Group, graphs: list[_Graph], states: tuple[int, ...],
                  projector: Projector, facts: frozenset,
                  actor: Actor) -> tuple[frozenset, frozenset[str]] | None:
        merged = self._merged(group, graphs, states, projector, facts)
        if not can_take(self.story, merged, actor.step):
            return None
        child, _ = self._play(merged, actor.step)
        played = frozenset(n for n in group.nodes
                           if child.visited.get(n, 0) > merged.visited.get(n, 0))
        return projector.facts(child), played

    # ---- free nodes, and what was ever available ------------------------------------------

    def _settle_free(self) -> None:
        story, report = self.story, self.report
        for node_id, tree in self.analysis.free.items():
            if node_id not in report.reachable_nodes and self._holds_somewhere(tree):
                report.reachable_nodes.add(node_id)
        for character_id in story.index.questioned:
            if self._holds_somewhere(story.characters[character_id].available.tree):
                report.available_characters.add(character_id)
        for place_id, place in story.places.items():
            if self._holds_somewhere(place.available.tree):
                report.available_places.add(place_id)

    def _holds_somewhere(self, tree: Tree) -> bool:
        """Whether the condition holds in some reachable state before the hearing: folded over
        the components one at a time, as the hearing is, so a condition that reads many
        components does not list their combinations."""
        outside = Projector(slots(tree) - set(self.analysis.component_of)).facts(self.start)
        tree = simplify(tree, lambda atom: atom_holds(atom, outside)
                        if slot_of(fact_of(atom)) not in self.analysis.component_of else None)
        try:
            return satisfying(tree, self._classes(_atoms_of(tree), futures=False)) is not None
        except TooManyResiduals:
            raise _Stop from None


def _atoms_of(tree: Tree) -> list[Tree]:
    return sorted(set(atoms(tree)))


def _futures(graph: _Graph, labels: list[frozenset]) -> list[frozenset]:
    """For each state, the union of `labels` over every state it can reach (itself included):
    strongly connected parts first (Tarjan, without recursion), then in reverse topological
    order."""
    count = len(graph.keys)
    successors = [[there for _, there, _ in graph.moves[here]] for here in range(count)]
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    component_of = [-1] * count
    components: list[list[int]] = []
    counter = 0
    for root in range(count):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, edge = work.pop()
            if edge == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            recurse = False
            for position in range(edge, len(successors[node])):
                nxt = successors[node][position]
                if index[nxt] == -1:
                    work.append((node, position + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component_of[member] = len(components)
                    members.append(member)
                    if member == node:
                        break
                components.append(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    # Tarjan numbers components in reverse topological order: successors come first.
    futures: list[frozenset] = [frozenset()] * len(components)
    for number, members in enumerate(components):
        found: set = set()
        for member in members:
            found |= labels[member]
            for nxt in successors[member]:
                if component_of[nxt] != number:
                    found |= futures[component_of[nxt]]
        futures[number] = frozenset(found)
    return [futures[component_of[state]] for state in range(count)]


def can_take(story: Story, state: GameState, step: Step) -> bool:
    """Whether the player can take this step in this state (before the hearing)."""
    if step.verb == "search":
        return story.places[step.target].available(state)
    assert step.character is not None
    if not story.characters[step.character].available(state):
        return False
    if step.verb == "present":
        return step.target in state.held
    topic = story.topics[step.target]
    return topic.when(state) and not (topic.once and step.target in state.visited)


def play(story: Story, state: GameState, step: Step) -> tuple[GameState, Session]:
    """The state after the step, played on a copy, and the session that played it."""
    child = state.copy(with_transcript=False)
    child.interlocutor = step.character
    session = Session(story, child, record=False)
    session.perform(Action(step.verb, step.target))
    child.interlocutor = None
    return child, session


def explore(story: Story, limit: int = 500_000,
            progress: Callable[[int], None] | None = None) -> Exploration:
    return Explorer(story, limit, progress).run()


def render_path(steps: list[Step]) -> list[str]:
    """A path as the commands a player would type, with the `talk` moves put back in."""
    commands: list[str] = []
    current: str | None = None
    for step in steps:
        if step.character is not None and step.character != current:
            commands.append(f"talk {step.character}")
            current = step.character
        elif step.character is None and step.verb in ("search", "hearing"):
            current = None
        commands.append(f"{step.verb} {step.target}".strip())
    return commands
