"""A reference oracle for `game.analysis.explore`: a plain, exhaustive search with no reductions.

It plays the real game: from each state it takes every action `Session.possible_actions()`
offers (talk and leave included, so the interlocutor is part of the state) and performs it on a
copy of the state. Two states are merged only when they are equal in everything the game can
ever read again:

- the evidence held, the `presented` pairs, every machine's current state, the states ever
  reached, the flags, the SET of visited nodes, the SET of fired events, the statements proved
  false and pressed, the groups confirmed, the credibility, what is written on the board, the
  interlocutor, `started`, `at_hearing`, the ending and the final choice.

Left out, because no condition, no action's availability and no effect ever reads them: the
transcript, the turn counter, the turn at which evidence was found or an event fired, and how
many times a node was played (only whether it was: `visited X` and `once` read membership).

Shortest paths are measured in the unit `explore.py` uses: the number of player actions other
than `talk` and `leave` (ask, present, search, press, object, fill, hearing, choose; a board
group the explorer confirms in one step counts one `fill` per blank), up to and including the
`choose` that sets the ending. `talk`/`leave` are free edges, so the search is a 0-1 BFS.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from game.analysis.facts import Projector, compiled, slots
from game.analysis.leaks import term_uses
from game.engine import events as ev
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.state import LEVEL, SCALAR, TRANSCRIPT, GameState, parts

FREE_VERBS = frozenset({"talk", "leave"})


# ---- playing fast -------------------------------------------------------------------------------
# The reference explorers make one child state per action, hundreds of thousands per run. Per
# child, GameState.copy looks its fields up again (dataclasses.fields) and Session() reaches
# story.index (a pydantic private attribute, slow to reach): together about a third of the run
# on small stories. So they copy from a field list read once, and point one Session at state
# after state. What is played, and how, is the game's own code all the same.
#
# They also keep every state they meet, and free none until the end: the cyclic garbage
# collector, woken by all those new containers, would walk the whole growing heap again and again
# (about a third of the run) and never find a cycle to free. So it is paused while they search;
# reference counting frees what they drop as usual.

# The containers to copy (the scalars are shared: they never change in place), and the
# transcript, left empty, as `copy(with_transcript=False)` leaves it.
CONTAINER_FIELDS = [part.name for part in parts()
                    if part.metadata["kind"] not in (SCALAR, LEVEL, TRANSCRIPT)]
TRANSCRIPT_FIELDS = [part.name for part in parts(TRANSCRIPT)]


_new_state = GameState.__new__


def copy_state(state: GameState) -> GameState:
    """`state.copy(with_transcript=False)`, from GameState's declared fields read once.

    GameState's __init__ only stores its arguments, so the copy gets the copied values directly
    (the test of the references compares every attribute with `GameState.copy`'s)."""
    values = vars(state).copy()
    for name in CONTAINER_FIELDS:
        values[name] = values[name].copy()
    for name in TRANSCRIPT_FIELDS:
        values[name] = []
    copied = _new_state(GameState)
    copied.__dict__ = values
    return copied


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a search (see above), as it was again after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Sessions:
    """`Session(story, state, record=False)` for one state after another, made once.

    A Session holds nothing of a game but its state, `unsettled` and `circle`, so pointing it at
    another state and clearing those makes it a fresh one; a session from `on` is good until the
    next call. Should Session ever keep more of a game, the check below fails instead of letting
    one state's leftovers leak into the next."""

    _PLAIN = {"story", "state", "record", "index", "unsettled", "circle"}

    def __init__(self, story: Story) -> None:
        self._session = Session(story, record=False)
        assert vars(self._session).keys() == self._PLAIN, (
            f"Session keeps more than a state now ({sorted(vars(self._session))}): "
            "make a new one per state in tests/analysis/oracle.py")

    def on(self, state: GameState) -> Session:
        session = self._session
        session.state, session.unsettled, session.circle = state, False, ()
        return session


class OracleLimit(RuntimeError):
    """The story has more states than the oracle was allowed to visit."""


@dataclass
class OracleResult:
    states: int = 0
    reachable_nodes: set[str] = field(default_factory=set)
    obtained_evidence: set[str] = field(default_factory=set)
    entered_states: set[tuple[str, str]] = field(default_factory=set)
    # ending id -> fewest non-talk/leave actions to a state where that ending is set
    ending_distance: dict[str, int] = field(default_factory=dict)
    # ("pressed", s), ("contradicted", s), ("supported", s, evidence), ("confirmed", group)
    outcomes: set[tuple] = field(default_factory=set)
    softlock_count: int = 0
    softlock_example: list[Action] | None = None  # the actions to one softlocked state
    unsettled: bool = False
    limit_hit: bool = False  # only with partial=True: everything above is then a lower bound
    # Each text's leak condition (game.analysis.leaks) -> the fewest actions to a state where
    # it holds: the terms' leaks, found by looking at every state.
    leak_distance: dict[tuple, int] = field(default_factory=dict)


def state_key(state: GameState) -> tuple:
    """The whole state except the transcript, the turn counter and per-node counts/turns."""
    return (
        frozenset(state.held),
        frozenset(state.presented),
        frozenset(state.states.items()),
        frozenset(state.reached),
        frozenset(state.flags),
        frozenset(state.visited),
        frozenset(state.fired),
        frozenset(state.contradicted),
        frozenset(state.pressed),
        frozenset(state.confirmed),
        state.credibility,
        frozenset(state.filled.items()),
        state.interlocutor,
        state.started,
        state.at_hearing,
        state.ending,
        state.final_choice,
    )


def oracle(story: Story, limit: int = 200_000, partial: bool = False) -> OracleResult:
    """Search every state; raise OracleLimit past `limit` states.

    With `partial`, stop adding states at the limit instead: what was found is then still
    reachable (a lower bound), each ending distance an upper bound, and softlocks are not
    computed (softlock_count stays 0, limit_hit is set).
    """
    with collector_paused():
        try:
            return _search(story, limit, partial)
        except OracleLimit as too_many:
            # Raised again once the search's states are freed: the traceback keeps the search's
            # frame, and the collector, resumed, would walk all it holds once more.
            reason = str(too_many)
    raise OracleLimit(reason)


def _search(story: Story, limit: int, partial: bool) -> OracleResult:
    result = OracleResult()
    start = Session(story, record=False)
    start.begin()
    result.unsettled |= start.unsettled
    result.reachable_nodes |= set(start.state.visited)  # events that fire at the start
    start_key = state_key(start.state)

    states: dict[tuple, GameState] = {start_key: start.state}
    dist: dict[tuple, int] = {start_key: 0}
    parent: dict[tuple, tuple[tuple, Action] | None] = {start_key: None}
    edges: dict[tuple, set[tuple]] = {}
    finished: set[tuple] = set()
    queue: deque[tuple] = deque([start_key])
    expanded: set[tuple] = set()
    sessions = Sessions(story)
    probes = {use.probe: compiled(use.probe) for use in term_uses(story)}
    probe_facts = Projector(set().union(*map(slots, probes)))
    judged: set[frozenset] = set()  # the probes' facts of the states looked at already
    # What any child has pressed, proved false, confirmed: outcomes, added at the end.
    pressed: set[str] = set()
    contradicted: set[str] = set()
    confirmed: set[str] = set()

    while queue:
        key = queue.popleft()
        if key in expanded:  # 0-1 BFS: the first pop of a key has its final distance
            continue
        expanded.add(key)
        state = states[key]
        result.obtained_evidence.update(state.held)
        result.entered_states |= state.reached
        if len(result.leak_distance) < len(probes):  # expanded nearest first: first is least
            facts = probe_facts.facts(state)
            # The first state with these facts (those the probes read) is the nearest with them:
            # a later one could only find the same probes true, farther away.
            if facts not in judged:
                judged.add(facts)
                for probe, test in probes.items():
                    if probe not in result.leak_distance and test(facts):
                        result.leak_distance[probe] = dist[key]
        if state.ending is not None:
            best = result.ending_distance.get(state.ending)
            if best is None or dist[key] < best:
                result.ending_distance[state.ending] = dist[key]
        session = sessions.on(state)
        if session.over:
            finished.add(key)
        follow = edges.setdefault(key, set())
        for action in session.possible_actions():
            child = copy_state(state)
            child_session = sessions.on(child)
            wasteful = False
            for event in child_session.perform(action):
                if isinstance(event, ev.Supported):
                    result.outcomes.add(("supported", event.statement, event.evidence))
                wasteful |= isinstance(event, ev.ObjectionFailed)
            pressed.update(child.pressed)
            contradicted.update(child.contradicted)
            confirmed.update(child.confirmed)
            result.unsettled |= child_session.unsettled
            # The nodes this action played. Every node the parent had visited was played on
            # the way to it, and is already counted: so all of the child's visited nodes.
            result.reachable_nodes.update(child.visited)
            child_key = state_key(child)
            if not wasteful:  # check's softlocks: no ending without objections known wrong
                follow.add(child_key)
            cost = 0 if action.verb in FREE_VERBS else 1
            new = dist[key] + cost
            if child_key not in dist:
                if len(dist) >= limit:
                    if not partial:
                        raise OracleLimit(f"more than {limit} states")
                    result.limit_hit = True
                    continue
                states[child_key] = child
            elif new >= dist[child_key]:
                continue
            dist[child_key] = new
            parent[child_key] = (key, action)
            if cost == 0:
                queue.appendleft(child_key)
            else:
                queue.append(child_key)

    result.states = len(dist)
    result.outcomes |= {("pressed", s) for s in pressed}
    result.outcomes |= {("contradicted", s) for s in contradicted}
    result.outcomes |= {("confirmed", g) for g in confirmed}
    if result.limit_hit:
        return result
    # Softlocks: states from which no finished game can be reached without an objection that
    # proves nothing (a player is never made to lose on purpose: `detective check`'s rule).
    backwards: dict[tuple, list[tuple]] = {}
    for key, follow in edges.items():
        for child in follow:
            backwards.setdefault(child, []).append(key)
    can_finish = set(finished)
    todo = deque(finished)
    while todo:
        for before in backwards.get(todo.popleft(), ()):
            if before not in can_finish:
                can_finish.add(before)
                todo.append(before)
    stuck = [key for key in dist if key not in can_finish]
    result.softlock_count = len(stuck)
    if stuck:
        first = min(stuck, key=lambda k: dist[k])
        path: list[Action] = []
        link = parent[first]
        while link is not None:
            first, action = link
            path.append(action)
            link = parent[first]
        result.softlock_example = path[::-1]
    return result
