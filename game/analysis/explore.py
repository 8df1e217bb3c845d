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
from itertools import combinations, pairwise

from game.analysis.facts import (
    Projector,
    atom_holds,
    atoms,
    compiled,
    fact_of,
    holds,
    simplify,
    slot_of,
    slots,
)
from game.analysis.influence import (
    CREDIBILITY,
    Actor,
    Analysis,
    Component,
    Group,
    Step,
    all_conditions,
    analyse,
    credibility_shared,
    linear_machines,
)
from game.analysis.joint import Choice, TooManyResiduals, never_true, satisfying
from game.analysis.leaks import Use
from game.analysis.liveness import Judgement, Liveness
from game.analysis.steps import WASTE, can_take, play, replay, wrong_objection
from game.engine.conditions import COMPARISONS, Tree
from game.engine.model import Story
from game.engine.session import Session, blank_key
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
    softlock_by_waste: bool = False  # the first softlock is reached by wrong objections, played
    unsettled: list[Step] | None = None
    circle: tuple[tuple[str, int], ...] = ()  # the transitions going round, (character, index)
    # What held in some reachable state, so that what was never reached can say why.
    available_characters: set[str] = field(default_factory=set)
    available_places: set[str] = field(default_factory=set)
    hearing_opened: bool = False
    offered_options: set[str] = field(default_factory=set)
    # (character, state) entered while the state before it in a linear machine never was.
    skipped: dict[tuple[str, str], tuple[str, list[Step]]] = field(default_factory=dict)
    # What presses, objections and the board achieved somewhere: ("pressed", statement),
    # ("contradicted", statement), ("supported", statement, evidence), ("confirmed", group).
    outcomes: set[tuple] = field(default_factory=set)
    # Endings whose only path found wastes credibility where a replay could not: not proved.
    unproved_endings: set[str] = field(default_factory=set)
    # Texts seen with a term they name not yet taught, each with the shortest way to it.
    leaks: list[tuple[Use, list[Step]]] = field(default_factory=list)
    # Texts found to leak only after wrong objections check could not make in play.
    unproved_leaks: list[Use] = field(default_factory=list)


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
    # component is kept too (it may still play a side node). A `waste` step lowers the
    # credibility to the next class.
    moves: list[list[tuple[Step, int, frozenset[str]]]] = field(default_factory=list)
    index: dict[tuple[frozenset, frozenset], int] = field(default_factory=dict)  # see _add
    level: list[int] = field(default_factory=list)  # the credibility class of each state
    wasted: list[int | None] = field(default_factory=list)  # the state one class lower
    judged: list[Judgement] = field(default_factory=list)  # its dead facts (liveness)

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
        self.quotients: dict[tuple[int, frozenset], _Graph] = {}
        start = Session(story, record=False)
        start.begin()
        if start.unsettled:
            self.report.unsettled, self.report.circle = [], start.circle
        self.start = start.state
        self.levels = credibility_classes(story, CREDIBILITY in self.analysis.main)
        self.class_of = {level: number for number, (top, bottom) in enumerate(self.levels)
                         for level in range(bottom, top + 1)}
        # When only the hearing and the objections read the credibility, a lower class plays as
        # the top one without objections, from any state the top one reaches: its states are
        # the top's, and only its moves (for softlocks) and the hearing differ. Otherwise a
        # fall is a move of the one part that holds the credibility, where it can be made.
        self.shared_levels = credibility_shared(story)
        # Events a fall in credibility can fire: the only way a waste touches a side group.
        self.waste_events = {e for e, event in story.events.items()
                             if CREDIBILITY in slots(event.when.tree)}

    # ---- the whole run ------------------------------------------------------------------------

    def run(self) -> Exploration:
        report = self.report
        report.reachable_nodes |= set(self.start.visited)
        report.entered_states |= self.start.reached
        try:
            for component in self.analysis.components:
                self.graphs.append(self._search_component(component))
            self._judge_hearing()
            self._replay_wasteful_endings()
            for group in self.analysis.groups:
                self._search_group(group)
            self._settle_free()
            self._find_leaks()
        except _Stop:
            report.limit_hit = True
        for node_id in report.reachable_nodes:
            node = self.story.node(node_id)
            if node is not None:
                report.obtained_evidence.update(node.gives)
        for outcome in report.outcomes:  # what a press or an objection gives
            statement = self.story.statements.get(outcome[1])
            part = {"pressed": "press", "contradicted": "contradiction",
                    "supported": "support"}.get(outcome[0])
            effects = getattr(statement, part) if statement and part else None
            if effects is not None:
                report.obtained_evidence.update(effects.gives)
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
        liveness = Liveness(self.story, self.analysis, component, self.trusted,
                            self.report.reachable_nodes,
                            waste=component.leveled and not self.shared_levels)
        first = self.start.copy(with_transcript=False)
        self._forget_untracked(first)
        self._add(graph, first, None, graph.projector.facts(first), liveness.judge(first))
        judgements: dict[frozenset, Judgement] = {}
        report = self.report
        queue = deque([0])
        while queue:
            here = queue.popleft()
            rep = graph.reps[here]
            moves: list[tuple[Step, GameState, Session]] = []
            for actor in component.actors:
                step = actor.step
                if not can_take(self.story, rep, step):
                    continue
                if actor.outcome:
                    report.outcomes.add(actor.outcome)
                played = self._idle(rep, step, component)
                if played is not None:  # changes no fact: a loop, not worth playing
                    report.reachable_nodes.update(played & self.trusted)
                    graph.moves[here].append((step, here, frozenset()))
                    continue
                moves.append((step, *self._play(rep, step)))
            if component.leveled and not self.shared_levels \
                    and graph.level[here] + 1 < len(self.levels) \
                    and wrong_objection(self.story, Session(self.story, rep, record=False)):
                moves.append((WASTE, *self._waste(rep)))
            for step, child, session in moves:
                if session.unsettled and report.unsettled is None:
                    report.unsettled = [*graph.path(here), step]
                    report.circle = session.circle
                report.reachable_nodes.update(
                    n for n, times in child.visited.items()
                    if n in self.trusted and times > rep.visited.get(n, 0))
                report.entered_states.update(child.reached)
                fired = frozenset(child.fired.keys() - rep.fired.keys())
                self._forget_untracked(child)
                facts = graph.projector.facts(child)
                # Facts met before are judged as they were then (a judgement only ever misses
                # readers spent since: fewer facts dead, never a wrong one).
                judged = judgements.get(facts)
                if judged is None:
                    judged = judgements[facts] = liveness.judge(child, graph.judged[here])
                there = graph.index.get(_merge_key(facts, judged.dead))
                if there is None:
                    there = self._add(graph, child, (here, step), facts, judged)
                    queue.append(there)
                graph.moves[here].append((step, there, fired))
                if step is WASTE:
                    graph.wasted[here] = there
        return graph

    def _idle(self, state: GameState, step: Step, component: Component) -> set[str] | None:
        """The nodes the step would play when it surely changes no fact of the state (every
        one of them gives only what is held, sets only what is set, and is a node whose play
        is not tracked or already recorded); None when it might change something. Facts
        unchanged, nothing new can fire: the state is settled."""
        story, slots = self.story, component.slots

        def adds_nothing(node_id: str, node) -> bool:
            return ((("visited", node_id) not in slots or node_id in state.visited)
                    and all(e in state.held for e in node.gives)
                    and all(f in state.flags for f in node.sets))

        if step.verb == "ask":
            topic = story.topics[step.target]
            return {step.target} if adds_nothing(step.target, topic) else None
        if step.verb == "present":
            pair = (step.target, step.character)
            if ("presented", *pair) in slots and pair not in state.presented:
                return None
            reactions = story.index.reactions_by_pair.get((step.character, step.target), ())
            if not all(adds_nothing(r, story.reactions[r]) for r in reactions):
                return None
            shown = pair in state.presented
            state.presented.add(pair)  # as `present` does, before a reaction is chosen
            chosen = Session(story, state, record=False).reaction_for(step.character,
                                                                      step.target)
            if not shown:
                state.presented.discard(pair)
            return {chosen} if chosen else set()
        if step.verb == "search":
            playing = {s for s in story.index.searches_by_place.get(step.target, ())
                       if s not in state.visited and story.searches[s].when(state)}
            if all(adds_nothing(s, story.searches[s]) for s in playing):
                return playing
            return None
        if step.verb in ("press", "object"):
            statement = story.statements[step.target]
            if step.verb == "press":
                fact, effects = ("pressed", step.target), statement.press
            elif statement.contradiction and step.using in statement.contradiction.evidence:
                fact, effects = ("contradicted", step.target), statement.contradiction
            else:
                fact, effects = None, statement.support
            if fact is not None and fact in slots and step.target not in getattr(
                    state, fact[0]):
                return None
            if effects is None or (all(e in state.held for e in effects.gives)
                                   and all(f in state.flags for f in effects.sets)):
                return set()
        return None

    def _waste(self, state: GameState) -> tuple[GameState, Session]:
        """The state after wrong objections take the credibility down to the next class (what
        else a wrong objection does is the player's record, which no condition reads)."""
        child = state.copy(with_transcript=False)
        child.credibility = self.levels[self.class_of[child.credibility] + 1][0]
        session = Session(self.story, child, record=False)
        session.settle()
        return child, session

    def _add(self, graph: _Graph, state: GameState, link: tuple[int, Step] | None,
             key: frozenset, judged: Judgement) -> int:
        """A new state, filed under its merge key (its live facts, and which are dead); its
        key is all its facts, which every condition the checker reads later is judged on."""
        self._counted()
        number = len(graph.keys)
        graph.index[_merge_key(key, judged.dead)] = number
        graph.judged.append(judged)
        graph.keys.append(key)
        graph.reps.append(state)
        graph.parents.append(link)
        graph.distance.append(0 if link is None else graph.distance[link[0]] + 1)
        graph.moves.append([])
        graph.level.append(self.class_of.get(state.credibility, 0))
        graph.wasted.append(None)
        for character_id in graph.projector.machines:
            for before, after in pairwise(self.lines.get(character_id, ())):
                pair = (character_id, after)
                if (pair in state.reached and (character_id, before) not in state.reached
                        and pair not in self.report.skipped):
                    self.report.skipped[pair] = (before, graph.path(number))
        return number

    # ---- the hearing, over every combination of components --------------------------------

    def _joint_path(self, states: Iterable[int], level: int = 0) -> list[Step]:
        """The components' paths played one after another; credibility is one for the whole
        game, so their steps are ordered by class, each class's waste made once (at the end,
        down to `level`, when the classes share their states)."""
        by_class: list[list[Step]] = [[] for _ in self.levels]
        last = 0
        for graph, state in zip(self.graphs, states, strict=True):
            wasted = 0
            for step in graph.path(state):
                if step is WASTE:
                    wasted += 1
                else:
                    by_class[wasted].append(step)
            last = max(last, wasted)
        path: list[Step] = []
        for number in range(last + 1):
            if number:
                path.append(WASTE)
            path += by_class[number]
        if self.shared_levels:
            path += [WASTE] * level
        return path

    def _classes(self, atoms: list[Tree], futures: bool,
                 level: int = 0) -> list[list[Choice]] | None:
        """Each component's states at this credibility class (all states of a component that
        does not read it), grouped by what they say about `atoms` (now, or in every future
        they can still reach without wasting credibility). None: a component has no state at
        this class."""
        parts = []
        for graph in self.graphs:
            states = [i for i in range(len(graph.keys))
                      if not graph.component.leveled or self.shared_levels
                      or graph.level[i] == level]
            if not states:
                return None
            owned = [a for a in atoms if slot_of(fact_of(a)) in graph.component.slots]
            if not owned:  # all its states look the same, now and later; the start is nearest
                label = frozenset({frozenset()}) if futures else frozenset()
                best = min(states, key=graph.distance.__getitem__)
                parts.append([Choice(label, len(states), graph.distance[best], best)])
                continue
            if futures:
                values = [frozenset((a, atom_holds(a, key)) for a in owned)
                          for key in graph.keys]
                silenced = self.shared_levels and self.levels[level][0] == 0
                seen = _futures(graph, [frozenset({v}) for v in values], silenced)
            else:  # only the states of this class are looked at
                seen = dict.fromkeys(states)
                for state in states:
                    key = graph.keys[state]
                    seen[state] = frozenset((a, atom_holds(a, key)) for a in owned)
            classes: dict = {}
            for state in states:
                label = seen[state]
                count, distance, best = classes.get(label, (0, None, None))
                if distance is None or graph.distance[state] < distance:
                    distance, best = graph.distance[state], state
                classes[label] = (count + 1, distance, best)
            parts.append([Choice(label, count, distance, best)
                          for label, (count, distance, best) in classes.items()])
        return parts

    def _at_level(self, tree: Tree, level: int) -> Tree:
        """The condition at a credibility class: its comparisons decided."""
        value = self.levels[level][0]
        return simplify(tree, lambda atom: COMPARISONS[atom[1]](value, atom[2])
                        if atom[0] == "credibility" else None)

    def _replay_wasteful_endings(self) -> None:
        """A path that wastes credibility was found where wasting was taken to be always
        possible: the real game must make those wrong objections, so each such path is played
        for real, and an ending whose play fails is not claimed."""
        report = self.report
        for ending, path in list(report.reached_endings.items()):
            if WASTE not in path:
                continue
            real = self._real(path, ending)
            if real is None:
                del report.reached_endings[ending]
                report.unproved_endings.add(ending)
            else:
                report.reached_endings[ending] = real
        if report.softlocks and WASTE in report.softlocks[0]:
            # Shown with the wrong objections a player would make, when they can be made.
            real = self._real(report.softlocks[0])
            if real is not None:
                report.softlocks[0], report.softlock_by_waste = real, True

    def _real(self, path: list[Step], ending: str | None = None) -> list[Step] | None:
        lowered = [self.levels[i + 1][0] for i in range(path.count(WASTE))]
        return replay(self.story, self.start, path, lowered, ending)

    def _judge_hearing(self) -> None:
        story, report = self.story, self.report
        hearing = story.hearing
        for level in range(len(self.levels)):
            opens = self._at_level(hearing.available.tree, level)
            whens = {o: self._at_level(option.when.tree, level)
                     for o, option in hearing.options.items()}
            options = {o: ("and", (opens, when)) for o, when in whens.items()}
            some_option = ("or", tuple(whens.values()))
            finish = self._chosen(("and", (opens, some_option)))
            trap = self._chosen(("and", (opens, ("not", some_option))))
            chosen = {o: self._chosen(tree) for o, tree in options.items()}
            # Each option's own atoms too: an option that is always offered makes `finish`
            # true whatever the others read, and an atom missing from the classes would make
            # every option that reads it look never offered.
            atoms = sorted({a for tree in (finish, trap, *chosen.values())
                            for a in _atoms_of(tree)})
            try:
                now = self._classes(atoms, futures=False, level=level)
                if now is None:
                    continue
                report.hearing_opened |= satisfying(self._chosen(opens), now) is not None
                for option_id, tree in options.items():
                    found = satisfying(chosen[option_id], now)
                    if found is None:
                        continue
                    report.offered_options.add(option_id)
                    ending = hearing.options[option_id].ending
                    path = [*self._joint_path(found.states, level),
                            *self._confirmations(tree, found.states), Step("hearing"),
                            Step("choose", option_id)]
                    known = report.reached_endings.get(ending)
                    # A way that wastes no credibility first: it is a way to play, not to lose.
                    if known is None or (path.count(WASTE), len(path)) < (known.count(WASTE),
                                                                          len(known)):
                        report.reached_endings[ending] = path
                later = self._classes(atoms, futures=True, level=level)
                assert later is not None
                stuck = never_true(finish, later)
                trapped = satisfying(trap, now)
            except TooManyResiduals:
                raise _Stop from None
            if stuck is not None:
                report.softlock_count += stuck.count
                report.softlocks.append(self._joint_path(stuck.states, level))
            if trapped is not None:
                report.softlock_count += trapped.count
                report.softlocks.append([*self._joint_path(trapped.states, level),
                                         Step("hearing")])

    def _chosen(self, tree: Tree) -> Tree:
        """The condition when the player may confirm each deferred board group just before
        the hearing, or leave it: true if some such choice makes it true."""
        for group_id, answers in self.analysis.deferred.items():
            atom = ("confirmed", group_id)
            if atom not in set(atoms(tree)):
                continue
            done = simplify(tree, lambda a, known=atom: True if a == known else None)
            undone = simplify(tree, lambda a, known=atom: False if a == known else None)
            tree = ("or", (("and", (answers, done)), undone))
        return tree

    def _confirmations(self, tree: Tree, states: tuple[int, ...]) -> list[Step]:
        """The fewest deferred groups to confirm, in the combination `states`, for `tree`."""
        facts = frozenset().union(*(graph.keys[state]
                                    for graph, state in zip(self.graphs, states, strict=True)))
        ready = [g for g, answers in self.analysis.deferred.items() if holds(answers, facts)]
        for size in range(len(ready) + 1):
            for chosen in combinations(ready, size):
                with_them = facts | {("confirmed", g) for g in chosen}
                if holds(tree, with_them):
                    return [Step("confirm", g) for g in chosen]
        return [Step("confirm", g) for g in ready]

    # ---- side groups ----------------------------------------------------------------------

    def _search_group(self, group: Group) -> None:
        read = [frozenset(group.reads_main & self.graphs[c].component.slots)
                for c in group.context]
        untouched = not group.touched_by and not group.touched_by_events and (
            self.shared_levels or not any(self.graphs[c].component.leveled
                                          for c in group.context))
        # A group no main action touches sees its components only through what it reads: each
        # is searched as its quotient by that view (states that see the same and lead to the
        # same are one), which keeps every (view, facts) the group can reach, and no other.
        graphs = [self._quotient(c, read[i]) if untouched else self.graphs[c]
                  for i, c in enumerate(group.context)]
        projector = Projector(group.slots)
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

        leveled = [i for i, graph in enumerate(graphs) if graph.component.leveled]
        while queue:
            states, facts = queue.popleft()
            # Wasting credibility lowers it everywhere at once: the leveled components move
            # to their next class together.
            lower = [graphs[i].wasted[states[i]] for i in leveled]
            if lower and all(there is not None for there in lower):
                moved = list(states)
                for i, there in zip(leveled, lower, strict=True):
                    moved[i] = there  # type: ignore[assignment]
                after = facts
                if group.touched_by_events & self.waste_events:
                    merged = self._merged(group, graphs, states, projector, facts)
                    child, _ = self._waste(merged)
                    after = projector.facts(child)
                reach(tuple(moved), after)
            for position, graph in enumerate(graphs):
                for step, there, fired in graph.moves[states[position]]:
                    if step is WASTE:
                        continue
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

    def _quotient(self, component: int, read: frozenset) -> _Graph:
        known = self.quotients.get((component, read))
        if known is None:
            known = self.quotients[component, read] = _quotient(self.graphs[component], read)
        return known

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
        if actor.outcome:
            self.report.outcomes.add(actor.outcome)
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
        for group_id, answers in self.analysis.deferred.items():
            if self._holds_somewhere(answers):
                report.outcomes.add(("confirmed", group_id))
        for outcome, trees in self.analysis.free_outcomes.items():
            if outcome not in report.outcomes and any(map(self._holds_somewhere, trees)):
                report.outcomes.add(outcome)
        for character_id in story.index.questioned:
            if self._holds_somewhere(story.characters[character_id].available.tree):
                report.available_characters.add(character_id)
        for place_id, place in story.places.items():
            if self._holds_somewhere(place.available.tree):
                report.available_places.add(place_id)

    def _find_leaks(self) -> None:
        """Each text that names a term, where it can be seen before the term is taught. Its
        condition reads main facts only (`analyse` makes them main), so the components decide
        it exactly; texts that share a condition share the answer."""
        ways: dict[Tree, list[Step]] = {}
        probes = {use.probe for use in self.analysis.uses}
        # With shared levels a class sees the top class's states: a probe that reads the same
        # as at a class above has its answer from there.
        judged: set[tuple[Tree, Tree]] = set()
        for level in range(len(self.levels)):
            alike: dict[Tree, list[Tree]] = {}  # the probes that read the same at this class
            for probe in probes - ways.keys():
                at_level = self._at_level(probe, level)
                if not (self.shared_levels and (probe, at_level) in judged):
                    alike.setdefault(at_level, []).append(probe)
                    judged.add((probe, at_level))
            owned: dict[int, list[tuple[Tree, Tree, Tree]]] = {}
            found: dict[Tree, list[Step]] = {}
            for at_level in alike:
                chosen = self._chosen(at_level)
                owners = {self.analysis.component_of.get(slot_of(fact_of(a)))
                          for a in _atoms_of(chosen)}
                # Below the top class, the parts that hold the credibility must be there too:
                # then every part is looked at together.
                alone = self.shared_levels or level == 0
                if alone and len(owners) == 1 and None not in owners:
                    owned.setdefault(owners.pop(), []).append((at_level, at_level, chosen))
                elif (path := self._first_path(at_level, chosen, level)) is not None:
                    found[at_level] = path
            for owner, items in owned.items():  # one pass over the part for all its texts
                found |= self._first_paths_in(owner, items, level)
            for at_level, path in found.items():
                ways |= dict.fromkeys(alike[at_level], path)
        real: dict[Tree, list[Step] | None] = {}
        for use in self.analysis.uses:
            path = ways.get(use.probe)
            if path is not None and WASTE in path:  # played with the wrong objections made
                if use.probe not in real:
                    real[use.probe] = self._real(path)
                path = real[use.probe]
                if path is None:  # not proved: said so, never claimed
                    self.report.unproved_leaks.append(use)
                    continue
            if path is not None:
                self.report.leaks.append((use, path))

    def _first_paths_in(self, owner: int, items: list[tuple[Tree, Tree, Tree]],
                        level: int) -> dict[Tree, list[Step]]:
        """For conditions read in one part only: its states told apart by what they read,
        the nearest of each kind kept, and each condition judged on the kinds."""
        graph = self.graphs[owner]
        read = {slot_of(fact_of(a)) for _, _, chosen in items for a in _atoms_of(chosen)}
        nearest: dict[frozenset, int] = {}
        for state, key in enumerate(graph.keys):
            if graph.component.leveled and not self.shared_levels \
                    and graph.level[state] != level:
                continue
            view = frozenset(f for f in key if slot_of(f) in read)
            known = nearest.get(view)
            if known is None or graph.distance[state] < graph.distance[known]:
                nearest[view] = state
        ways = {}
        for probe, at_level, chosen in items:
            test = compiled(chosen)
            best = min((state for view, state in nearest.items() if test(view)),
                       key=graph.distance.__getitem__, default=None)
            if best is not None:
                states = tuple(best if i == owner else 0 for i in range(len(self.graphs)))
                ways[probe] = [*self._joint_path(states, level),
                               *self._confirmations(at_level, states)]
        return ways

    def _first_path(self, at_level: Tree, chosen: Tree, level: int) -> list[Step] | None:
        """The fewest actions to a reachable state before the hearing, at this credibility
        class, where the condition holds; None if it holds in none."""
        try:
            parts = self._classes(_atoms_of(chosen), futures=False, level=level)
            found = satisfying(chosen, parts) if parts is not None else None
        except TooManyResiduals:
            raise _Stop from None
        if found is None:
            return None
        return [*self._joint_path(found.states, level),
                *self._confirmations(at_level, found.states)]

    def _holds_somewhere(self, tree: Tree) -> bool:
        """Whether the condition holds in some reachable state before the hearing: folded over
        the components one at a time, as the hearing is, so a condition that reads many
        components does not list their combinations."""
        for level in range(len(self.levels)):
            at_level = self._at_level(tree, level)
            outside = Projector(slots(at_level) - set(self.analysis.component_of)
                                ).facts(self.start)
            at_level = simplify(at_level, lambda atom, known=outside: atom_holds(atom, known)
                                if slot_of(fact_of(atom)) not in self.analysis.component_of
                                else None)
            found = _atoms_of(at_level)
            owners = {i for i, graph in enumerate(self.graphs)
                      if any(slot_of(fact_of(a)) in graph.component.slots for a in found)}
            # One component decides it: look for one state where it holds. (Below the top
            # class, the parts that hold the credibility must be there too: all together.)
            if len(owners) == 1 and (self.shared_levels or level == 0):
                graph = self.graphs[owners.pop()]
                if any(holds(at_level, key) for state, key in enumerate(graph.keys)
                       if not graph.component.leveled or self.shared_levels
                       or graph.level[state] == level):
                    return True
                continue
            try:
                parts = self._classes(found, futures=False, level=level)
                if parts is not None and satisfying(at_level, parts) is not None:
                    return True
            except TooManyResiduals:
                raise _Stop from None
        return False


def _quotient(graph: _Graph, read: frozenset) -> _Graph:
    """The graph's coarsest quotient in which states in one class show the same facts of
    `read` and reach the same classes (a bisimulation over unlabelled moves), each class
    played by its first state. Searched against it, a group that only reads `read` and that no
    move of the graph touches reaches exactly what it reaches against the whole graph."""
    count = len(graph.keys)
    labels: dict[frozenset, int] = {}
    block = [labels.setdefault(frozenset(f for f in key if slot_of(f) in read), len(labels))
             for key in graph.keys]
    successors = [sorted({there for _, there, _ in graph.moves[here]}) for here in range(count)]
    while True:
        signatures: dict[tuple, int] = {}
        refined = [signatures.setdefault((block[state], frozenset(block[t] for t in
                                                                   successors[state])),
                                         len(signatures)) for state in range(count)]
        if len(signatures) == len(set(block)):
            break
        block = refined
    members: dict[int, list[int]] = {}
    for state in range(count):
        members.setdefault(block[state], []).append(state)
    order = sorted(members, key=lambda b: members[b][0])  # the start's class first
    number = {b: i for i, b in enumerate(order)}
    quotient = _Graph(graph.component, graph.projector)
    for b in order:
        state = members[b][0]
        quotient.keys.append(graph.keys[state])
        quotient.reps.append(graph.reps[state])
        quotient.level.append(graph.level[state])
        quotient.wasted.append(None)
        quotient.judged.append(graph.judged[state])
        moves = {}
        for member in members[b]:
            for step, there, fired in graph.moves[member]:
                moves.setdefault(number[block[there]], (step, number[block[there]], fired))
        quotient.moves.append(list(moves.values()))
    return quotient


def _merge_key(facts: frozenset, dead: frozenset) -> tuple[frozenset, frozenset]:
    """What tells a state of a component from another: its live facts and which are dead."""
    return (facts - dead, dead) if dead else (facts, dead)


def _atoms_of(tree: Tree) -> list[Tree]:
    return sorted(set(atoms(tree)))


def _futures(graph: _Graph, labels: list[frozenset], silenced: bool = False) -> list[frozenset]:
    """For each state, the union of `labels` over every state it can reach (itself included,
    credibility not wasted; with no objection heard when `silenced`):
    strongly connected parts first (Tarjan, without recursion), then in reverse topological
    order."""
    count = len(graph.keys)
    successors = [[there for step, there, _ in graph.moves[here]
                   if step is not WASTE and not (silenced and step.verb == "object")]
                  for here in range(count)]
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


def credibility_classes(story: Story, read: bool) -> list[tuple[int, int]]:
    """The credibility levels that play alike, highest first, as (top, bottom) runs: within
    one, every comparison the case makes and whether any is left agree. One run when nothing
    reads the credibility."""
    top = story.case.credibility
    if not read:
        return [(top, 0)]
    compared = sorted({a for c in all_conditions(story) for a in atoms(c.tree)
                       if a[0] == "credibility"})

    def behaviour(level: int) -> tuple[bool, ...]:
        return (level > 0, *(COMPARISONS[op](level, number) for _, op, number in compared))

    runs: list[tuple[int, int]] = []
    for level in range(top, -1, -1):
        if runs and behaviour(level) == behaviour(runs[-1][0]):
            runs[-1] = (runs[-1][0], level)
        else:
            runs.append((level, level))
    return runs


def explore(story: Story, limit: int = 500_000,
            progress: Callable[[int], None] | None = None) -> Exploration:
    return Explorer(story, limit, progress).run()


def render_path(steps: list[Step], story: Story | None = None) -> list[str]:
    """A path as the commands a player would type, with the `talk` moves put back in (a board
    group becomes a `fill` per blank when the story is given)."""
    commands: list[str] = []
    current: str | None = None
    for step in steps:
        if step.character is not None and step.character != current:
            commands.append(f"talk {step.character}")
            current = step.character
        elif step.character is None and step.verb in ("search", "hearing"):
            current = None
        if step is WASTE:
            commands.append("(objections that prove nothing, down to the next credibility "
                            "that changes anything)")
        elif step.verb == "object":
            commands.append(f"object {step.target} with {step.using}")
        elif step.verb == "confirm" and story is not None:
            commands += [f"fill {blank_key(step.target, b)} with {blank.answer}"
                         for b, blank in story.board[step.target].blanks.items()]
        elif step.verb == "hearing" and story is not None:
            commands.append(story.stage)  # the command in this case's words ("inquest")
        else:
            commands.append(f"{step.verb} {step.target}".strip())
    return commands
