"""The full-state explorer `detective check` used until the cone-of-influence explorer replaced
it, kept as a second reference: it searches real game states breadth first, so it finishes on
the bundled case (about 6,000 states) where the plain oracle does not, and the two explorers'
verdicts on the bundled case can be compared in full. The report it fills (Exploration, Step) and
what counts as a linear machine are the game's own, so the two fill the same fields.

States are compared by what can change the future: evidence held, states of every machine,
fired events, and only those flags, past states, `presented` pairs and visited nodes that some
condition reads (or that a `once` topic hides). Node effects only add to sets, so replaying a
node never leads anywhere new; that keeps the space small enough to search completely.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from itertools import pairwise

from game.analysis.explore import Exploration, Step
from game.analysis.facts import atoms
from game.analysis.influence import linear_machines
from game.engine.conditions import Condition
from game.engine.model import Effects, Story
from game.engine.session import Action, Session, blank_key
from game.engine.state import GameState
from tests.analysis.oracle import Sessions, collector_paused, copy_state

StateKey = tuple


def _conditions(story: Story) -> list[Condition]:
    found = [c.available for c in story.characters.values()]
    found += [t.when for c in story.characters.values() for t in c.transitions]
    for group in (story.topics, story.reactions, story.searches, story.events):
        found += [node.when for node in group.values()]
    found += [p.available for p in story.places.values()]
    found.append(story.hearing.available)
    found += [o.when for o in story.hearing.options.values()]
    found += [s.when for s in story.statements.values()]
    found += [a.when for a in story.answers.values()]
    found += [g.when for g in story.board.values()]
    return found


class Explorer:
    def __init__(self, story: Story, limit: int,
                 progress: Callable[[int], None] | None = None) -> None:
        self.story = story
        self.limit = limit
        self.progress = progress  # told the number of states now and then
        self.lines = linear_machines(story)
        conditions = _conditions(story)
        self.read_pairs = {pair for c in conditions for pair in c.presented_pairs()}
        self.read_nodes = {r.name for c in conditions for r in c.refs if r.kind == "node"}
        self.read_nodes |= {t for t, topic in story.topics.items() if topic.once}
        self.read_flags = {r.name for c in conditions for r in c.refs if r.kind == "flag"}
        self.read_reached = {(r.owner, r.name) for c in conditions for r in c.refs
                             if r.kind == "state"}
        self.read_pressed = {a[1] for c in conditions for a in atoms(c.tree) if a[0] == "pressed"}
        self.report = Exploration()
        self.sessions = Sessions(story)  # the oracle's fast Session(story, state, record=False)

    def key(self, state: GameState) -> StateKey:
        return (
            frozenset(state.held), frozenset(state.presented & self.read_pairs),
            tuple(state.states.values()), frozenset(state.reached & self.read_reached),
            frozenset(state.flags & self.read_flags),
            frozenset(state.visited.keys() & self.read_nodes), frozenset(state.fired),
            frozenset(state.contradicted), frozenset(state.confirmed),
            frozenset(state.pressed.keys() & self.read_pressed), state.credibility,
            state.at_hearing, state.ending, state.final_choice,
        )

    def changes_nothing(self, state: GameState, node_id: str | None, node: Effects | None) -> bool:
        if node is None:
            return True
        if node_id is not None and node_id in self.read_nodes:
            return False
        # Everything it gives is held and every flag it sets is set (without generators: this
        # is asked of every topic, reaction and search in every state).
        held = state.held
        for evidence_id in node.gives:
            if evidence_id not in held:
                return False
        return state.flags.issuperset(node.sets)

    def steps(self, session: Session) -> list[Step]:
        """The actions worth taking from this state; marks what is reachable on the way."""
        story, state, report = self.story, session.state, self.report
        if session.over:
            return []
        if state.ending is not None:
            return [Step("choose", c) for c in story.endings[state.ending].choices]
        if state.at_hearing:
            options = session.hearing_options()
            report.offered_options.update(options)
            return [Step("choose", o) for o in options]
        steps: list[Step] = []
        for character_id in session.available_characters():
            report.available_characters.add(character_id)
            for topic_id in session.available_topics(character_id):
                report.reachable_nodes.add(topic_id)
                if not self.changes_nothing(state, topic_id, story.topics[topic_id]):
                    steps.append(Step("ask", topic_id, character_id))
            for evidence_id in state.held:
                # As `present` does: the fact is recorded before the reaction is chosen.
                pair = (evidence_id, character_id)
                fresh = pair not in state.presented
                state.presented.add(pair)
                reaction_id = session.reaction_for(character_id, evidence_id)
                if fresh:
                    state.presented.discard(pair)
                if reaction_id is not None:
                    report.reachable_nodes.add(reaction_id)
                reaction = story.reactions.get(reaction_id) if reaction_id else None
                if ((evidence_id, character_id) in self.read_pairs
                        and (evidence_id, character_id) not in state.presented) \
                        or not self.changes_nothing(state, reaction_id, reaction):
                    steps.append(Step("present", evidence_id, character_id))
            steps += self.testimony_steps(session, character_id)
        for group_id in session.board_groups():
            group = story.board[group_id]
            if group_id not in state.confirmed and all(
                    story.answers[b.answer].when(state) for b in group.blanks.values()):
                report.outcomes.add(("confirmed", group_id))
                steps.append(Step("confirm", group_id))
        for place_id in session.available_places():
            report.available_places.add(place_id)
            playable = [s for s in session.index.searches_by_place.get(place_id, ())
                        if s not in state.visited and story.searches[s].when(state)]
            report.reachable_nodes.update(playable)
            if not all(self.changes_nothing(state, s, story.searches[s]) for s in playable):
                steps.append(Step("search", place_id))
        if session.hearing_available():
            report.hearing_opened = True
            steps.append(Step("hearing"))
        return steps

    def testimony_steps(self, session: Session, character_id: str) -> list[Step]:
        """Presses and objections worth taking: every objection that proves or backs, and one
        that proves nothing (all such lower the credibility alike)."""
        story, state, report = self.story, session.state, self.report
        steps: list[Step] = []
        wasted = False
        for statement_id in session.testimony(character_id):
            statement = story.statements[statement_id]
            report.outcomes.add(("pressed", statement_id))
            if statement_id in self.read_pressed or not self.changes_nothing(
                    state, None, statement.press or Effects()):
                steps.append(Step("press", statement_id, character_id))
            if state.credibility <= 0 or statement_id in state.contradicted:
                continue
            right = statement.contradiction.evidence if statement.contradiction else ()
            backs = statement.support.evidence if statement.support else ()
            for evidence_id in state.held:
                step = Step("object", statement_id, character_id, evidence_id)
                if evidence_id in right:
                    report.outcomes.add(("contradicted", statement_id))
                    steps.append(step)
                elif evidence_id in backs:
                    report.outcomes.add(("supported", statement_id, evidence_id))
                    if not self.changes_nothing(state, None, statement.support):
                        steps.append(step)
                elif not wasted:
                    wasted = True
                    steps.append(step)
        return steps

    def run(self) -> Exploration:
        story, report = self.story, self.report
        start = Session(story, record=False)
        start.begin()
        start_key = self.key(start.state)
        parents: dict[StateKey, tuple[StateKey, Step] | None] = {start_key: None}
        children: dict[StateKey, list[StateKey]] = {}
        finished: set[StateKey] = set()
        queue = deque([(start_key, start.state)])
        next_report = 0
        while queue:
            key, state = queue.popleft()
            if self.progress is not None and len(parents) >= next_report:
                self.progress(len(parents))
                next_report = len(parents) + 1024
            self.note_skips(state, parents, key)
            report.obtained_evidence.update(state.held)
            report.entered_states.update(state.reached)
            # Whatever was played on the way here, a node that another opened in the same
            # action included (a search that the place's first search makes possible).
            report.reachable_nodes.update(state.visited)
            session = self.sessions.on(state)
            if session.over:
                finished.add(key)
                assert state.ending is not None
                self.note_ending(state.ending, parents, key)
                continue
            if state.ending is not None:
                self.note_ending(state.ending, parents, key)
            follow = children.setdefault(key, [])
            for step in self.steps(session):
                child = copy_state(state)
                child.interlocutor = step.character
                child_session = self.sessions.on(child)
                if step.verb == "confirm":
                    for blank_id, blank in story.board[step.target].blanks.items():
                        child_session.fill(blank_key(step.target, blank_id), blank.answer)
                else:
                    child_session.perform(_action(step))
                child.interlocutor = None
                if child_session.unsettled and report.unsettled is None:
                    report.unsettled = [*self.path(parents, key), step]
                child_key = self.key(child)
                follow.append(child_key)
                if child_key not in parents:
                    if len(parents) >= self.limit:
                        report.limit_hit = True
                        continue
                    parents[child_key] = (key, step)
                    queue.append((child_key, child))
        report.states = len(parents)
        self.find_softlocks(parents, children, finished)
        return report

    def note_ending(self, ending: str, parents: dict, key: StateKey) -> None:
        """The first (shortest) path to each ending; the path is only made for the first."""
        if ending not in self.report.reached_endings:
            self.report.reached_endings[ending] = self.path(parents, key)

    def note_skips(self, state: GameState, parents: dict, key: StateKey) -> None:
        for character_id, order in self.lines.items():
            for before, after in pairwise(order):
                pair = (character_id, after)
                if (pair in state.reached and (character_id, before) not in state.reached
                        and pair not in self.report.skipped):
                    self.report.skipped[pair] = (before, self.path(parents, key))

    def find_softlocks(self, parents: dict, children: dict, finished: set[StateKey]) -> None:
        """A state is a softlock when no path from it reaches a finished game."""
        backwards: dict[StateKey, list[StateKey]] = {}
        for key, follow in children.items():
            for child in follow:
                backwards.setdefault(child, []).append(key)
        can_finish = set(finished)
        queue = deque(finished)
        while queue:
            for parent in backwards.get(queue.popleft(), ()):
                if parent not in can_finish:
                    can_finish.add(parent)
                    queue.append(parent)
        stuck = [key for key in parents if key not in can_finish and key in children]
        self.report.softlock_count = len(stuck)
        # The shortest path to the first few, ordered by how early they happen.
        for key in stuck[:3]:
            self.report.softlocks.append(self.path(parents, key))

    @staticmethod
    def path(parents: dict, key: StateKey) -> list[Step]:
        steps: list[Step] = []
        link = parents.get(key)
        while link is not None:
            key, step = link
            steps.append(step)
            link = parents.get(key)
        return steps[::-1]


def _action(step: Step) -> Action:
    return Action(step.verb, step.target, step.using)


@collector_paused()
def explore(story: Story, limit: int = 500_000,
            progress: Callable[[int], None] | None = None) -> Exploration:
    return Explorer(story, limit, progress).run()
