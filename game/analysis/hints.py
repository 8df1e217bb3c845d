"""Hints from the story's own graph: the nearest step that leads somewhere new.

A search from the current state, over the same abstract states the checker explores, to the
closest one where something new has happened (evidence found, a story changed, an event fired).
Nothing here is written per scene: a new case gets hints for free.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.analysis.explore import can_take, play
from game.analysis.influence import Step, player_actors
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.state import GameState, fact_key

# Enough for any case we know by a wide margin; a hint gives up rather than stall a key press.
_SEARCH_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class Hint:
    nudge: str  # which way to look, without saying what to do
    exact: str  # the step itself
    action: Action | None  # what `exact` describes (talk first if `character` is not in the chair)
    character: str | None = None


def _progress(start: GameState, state: GameState) -> bool:
    return (state.held.keys() > start.held.keys() or bool(state.reached - start.reached)
            or state.fired.keys() > start.fired.keys())


def _first_step_to_progress(story: Story, session: Session) -> Step | None:
    """Breadth first over real states, from this one, to the nearest progress."""
    actors = player_actors(story)
    start = session.state.copy(with_transcript=False)
    queue: deque[tuple[GameState, Step | None]] = deque([(start, None)])
    seen = {fact_key(start)}
    chair = session.state.interlocutor
    # At equal distance, the person already in the chair comes first.
    steps = sorted((actor.step for actor in actors), key=lambda step: step.character != chair)
    while queue:
        state, first = queue.popleft()
        for step in steps:
            if not can_take(story, state, step):
                continue
            child, _ = play(story, state, step)
            leading = first or step
            if _progress(start, child):
                return leading
            key = fact_key(child)
            if key not in seen and len(seen) < _SEARCH_LIMIT:
                seen.add(key)
                queue.append((child, leading))
    return None


def next_hint(session: Session) -> Hint:
    story, state = session.story, session.state
    if session.over:
        return Hint("The case is closed.", "The case is closed.", None)
    if state.ending is not None:
        return Hint("One choice is left to you.", "Make your last choice.", None)
    if state.at_hearing:
        return Hint("The hearing waits for your decision.",
                    "Choose what you will do at the hearing.", None)
    step = _first_step_to_progress(story, session)
    if step is None:
        if session.hearing_available():
            return Hint("You have learned what can be learned. The hearing is set.",
                        "Go to the hearing.", Action("hearing"))
        return Hint("Nothing new can be found from here.", "Nothing new can be found from here.",
                    None)
    name = story.name_of(step.character)
    match step.verb:
        case "ask":
            title = story.topics[step.target].title
            return Hint(f"{name} has more to tell you.", f"Ask {name} about \u201c{title}\u201d.",
                        Action("ask", step.target), step.character)
        case "present":
            title = story.evidence[step.target].title
            return Hint(f"Something you hold might move {name}.",
                        f"Show {name} \u201c{title}\u201d.",
                        Action("present", step.target), step.character)
        case _:
            place = story.places[step.target].name
            return Hint(f"{place} has not given up everything yet.",
                        f"Search {_mid_sentence(place)}.",
                        Action("search", step.target))


def _mid_sentence(name: str) -> str:
    """'The Maison Olympe' reads 'the Maison Olympe' inside a sentence."""
    first, _, rest = name.partition(" ")
    if first in ("The", "Your", "A", "An") and rest:
        return f"{first.lower()} {rest}"
    return name
