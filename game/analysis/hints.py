"""Hints from the story's own graph: the nearest step that leads somewhere new.

A search from the current state, over the same abstract states the checker explores, to the
closest one where something new has happened (evidence found, a story changed, an event fired).
Nothing here is written per scene: a new case gets hints for free.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.analysis.explore import can_take, play
from game.analysis.facts import Projector
from game.analysis.influence import Step, analyse, player_actors
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.state import GameState
from game.engine.text import in_sentence

# Enough for any case we know by a wide margin; a hint gives up rather than stall a key press.
_SEARCH_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class Hint:
    nudge: str  # what is weak, without saying what to do about it
    exact: str  # the step itself
    action: Action | None  # what `exact` describes (talk first if `character` is not in the chair)
    character: str | None = None
    lead: str = ""  # where to look, the first and vaguest of the three (the nudge when "")


def _progress(start: GameState, state: GameState) -> bool:
    return (state.held.keys() > start.held.keys() or bool(state.reached - start.reached)
            or state.fired.keys() > start.fired.keys()
            or state.contradicted.keys() > start.contradicted.keys()
            or state.confirmed.keys() > start.confirmed.keys())


class _Search:
    """What a hint search looks at: the facts that move the story (`influence`), and the
    evidence held; and the steps that can change them. Worked out once per story."""

    def __init__(self, story: Story) -> None:
        # Progress is evidence found, a story moved, an event fired: the main facts and every
        # piece of evidence, and, to a fixpoint, whatever a step that writes them reads.
        # Proving a statement false and confirming a group count as progress (`_progress`)
        # even when no condition reads them, as finding any evidence does.
        wanted = (set(analyse(story).main) | {("held", e) for e in story.evidence}
                  | {("contradicted", s) for s, statement in story.statements.items()
                     if statement.contradiction is not None}
                  | {("confirmed", g) for g in story.board})
        actors = player_actors(story)
        changed = True
        while changed:
            changed = False
            for actor in actors:
                if actor.writes & wanted and not actor.reads <= wanted:
                    wanted |= actor.reads
                    changed = True
        self.projector = Projector(wanted)
        self.steps = [actor.step for actor in actors if actor.writes & wanted]

    def key(self, state: GameState) -> frozenset:
        return self.projector.facts(state)


_SEARCHES: dict[int, tuple[Story, _Search]] = {}


def _search_for(story: Story) -> _Search:
    known = _SEARCHES.get(id(story))
    if known is None or known[0] is not story:
        if len(_SEARCHES) > 8:
            _SEARCHES.clear()
        known = _SEARCHES[id(story)] = (story, _Search(story))
    return known[1]


def _first_step_to_progress(story: Story, session: Session) -> Step | None:
    """Breadth first, from this state, to the nearest progress, over what can move the story:
    a step that changes nothing of it is not taken, and the search stops at its limit."""
    search = _search_for(story)
    start = session.state.copy(with_transcript=False)
    queue: deque[tuple[GameState, Step | None]] = deque([(start, None)])
    seen = {search.key(start)}
    chair = session.state.interlocutor
    # At equal distance, the person already in the chair comes first.
    steps = sorted(search.steps, key=lambda step: step.character != chair)
    while queue:
        state, first = queue.popleft()
        for step in steps:
            if not can_take(story, state, step):
                continue
            child, _ = play(story, state, step)
            leading = first or step
            if _progress(start, child):
                return leading
            key = search.key(child)
            if key not in seen:
                if len(seen) >= _SEARCH_LIMIT:
                    return None  # a hint gives up rather than stall a key press
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
        return Hint(f"The {story.stage} waits for your decision.",
                    f"Choose what you will do at the {story.stage}.", None)
    step = _first_step_to_progress(story, session)
    if step is None:
        if session.hearing_available():
            return Hint(f"You have learned what can be learned. The {story.stage} is set.",
                        f"Go to the {story.stage}.", Action("hearing"))
        return Hint("Nothing new can be found from here.", "Nothing new can be found from here.",
                    None)
    name = story.name_of(step.character)
    match step.verb:
        case "ask":
            title = story.topics[step.target].title
            fresh = step.target not in state.visited
            return Hint(f"{name} has something new to tell you: a topic marked new."
                        if fresh else f"Ask {name} again about something already asked.",
                        f"Ask {name} about \u201c{title}\u201d.",
                        Action("ask", step.target), step.character,
                        f"Keep talking to {name}." if state.interlocutor == step.character
                        else f"Go back to {name}: there is more to hear.")
        case "present":
            title = story.evidence[step.target].title
            return Hint(f"Something you hold might move {name}.",
                        f"Show {name} \u201c{title}\u201d.",
                        Action("present", step.target), step.character,
                        "Read again what you hold, against what you have been told.")
        case "press":
            text = story.statements[step.target].text
            return Hint(f"{name} could say more about one thing they told you.",
                        f"Press {name} on \u201c{text}\u201d.",
                        Action("press", step.target), step.character,
                        f"Listen again to what {name} is telling you.")
        case "object":
            text = story.statements[step.target].text
            title = story.evidence[step.using].title
            return Hint(f"One thing {name} says does not hold: \u201c{text}\u201d",
                        f"Object to \u201c{text}\u201d with \u201c{title}\u201d.",
                        Action("object", step.target, step.using), step.character,
                        "Read again what you hold, against what you have been told.")
        case "confirm":
            group = story.board[step.target]
            return Hint(f"You know enough to fill in \u201c{group.title}\u201d on the board.",
                        f"On the board, fill in \u201c{group.title}\u201d: " + "; ".join(
                            f"{blank.question} {story.answers[blank.answer].text}"
                            for blank in group.blanks.values()) + ".",
                        None, None, "The board has a part you can now complete.")
        case _:
            place = story.places[step.target].name
            return Hint(f"{place} has not given up everything yet.",
                        f"Search {in_sentence(place)}.",
                        Action("search", step.target), None,
                        "There is a place you have not looked at closely enough.")

