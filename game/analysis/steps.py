"""Steps of the checker's abstract game played on real states: what can be taken, what it
does, and the wrong objections the checker counts only as credibility lost."""

from __future__ import annotations

from collections import deque

from game.analysis.influence import Step, player_actors
from game.engine import events as ev
from game.engine.model import Story
from game.engine.session import Action, Session, blank_key
from game.engine.state import GameState

WASTE = Step("waste")  # wrong objections, down to the next credibility class


def can_take(story: Story, state: GameState, step: Step) -> bool:
    """Whether the player can take this step in this state (before the hearing)."""
    if step.verb == "search":
        return story.places[step.target].available(state)
    if step.verb == "confirm":
        group = story.board[step.target]
        return step.target not in state.confirmed and group.when(state) and all(
            blank.answer in story.answers and story.answers[blank.answer].when(state)
            for blank in group.blanks.values())
    assert step.character is not None
    if not story.characters[step.character].available(state):
        return False
    if step.verb == "present":
        return step.target in state.held
    if step.verb in ("press", "object"):
        statement = story.statements[step.target]
        if statement.version is not None and state.states.get(step.character) != \
                statement.version or not statement.when(state):
            return False
        return step.verb == "press" or (step.using in state.held and state.credibility > 0
                                        and step.target not in state.contradicted)
    topic = story.topics[step.target]
    return topic.when(state) and not (topic.once and step.target in state.visited)


def play(story: Story, state: GameState, step: Step) -> tuple[GameState, Session]:
    """The state after the step, played on a copy, and the session that played it."""
    child = state.copy(with_transcript=False)
    child.interlocutor = step.character
    session = Session(story, child, record=False)
    if step.verb == "confirm":
        for blank_id, blank in story.board[step.target].blanks.items():
            session.fill(blank_key(step.target, blank_id), blank.answer)
    else:
        session.perform(Action(step.verb, step.target, step.using))
    child.interlocutor = None
    return child, session



def wrong_objection(story: Story, session: Session) -> tuple[str, str, str] | None:
    """(character, statement, evidence) of an objection that would prove nothing now, if the
    player can make one."""
    state = session.state
    if state.credibility <= 0:
        return None
    for character_id in session.available_characters():
        for statement_id in story.index.statements_by_character.get(character_id, ()):
            if statement_id in state.contradicted or not session.stands(statement_id):
                continue
            statement = story.statements[statement_id]
            bearing = {e for part in (statement.contradiction, statement.support)
                       if part is not None for e in part.evidence}
            for evidence_id in state.held:
                if evidence_id not in bearing:
                    return character_id, statement_id, evidence_id
    return None


def _waste_once(story: Story, state: GameState) -> Step | None:
    """Make one wrong objection on `state`, in place; the step it was, or None."""
    found = wrong_objection(story, Session(story, state, record=False))
    if found is None:
        return None
    character_id, statement_id, evidence_id = found
    step = Step("object", statement_id, character_id, evidence_id)
    state.interlocutor = character_id
    Session(story, state, record=False).object(statement_id, evidence_id)
    state.interlocutor = None
    return step


_REPAIR_LIMIT = 20_000


def _ways_to_waste(story: Story, state: GameState):
    """States from which a wrong objection can be made, nearest first (breadth first)."""
    steps = [actor.step for actor in player_actors(story)]
    queue: deque[tuple[GameState, list[Step]]] = deque([(state, [])])
    seen = 0
    while queue:
        here, path = queue.popleft()
        if wrong_objection(story, Session(story, here, record=False)) is not None:
            yield path, here
        for step in steps:
            if can_take(story, here, step):
                seen += 1
                if seen > _REPAIR_LIMIT:
                    return
                child, _ = play(story, here, step)
                queue.append((child, [*path, step]))


_TRIES = 50  # ways to waste tried at each WASTE before the path is given up


def replay(story: Story, start: GameState, path: list[Step], lowered: list[int],
           ending: str | None = None) -> list[Step] | None:
    """Play `path` for real, each WASTE made of real wrong objections down to the next of
    `lowered` (reaching first, if it must, a nearby state where one can be made: the nearest
    from which the rest of the path still plays); a step that can no longer be taken is passed
    over. The real path if it ends at `ending` (or, without one, if every WASTE was made)."""
    return _replay(story, start.copy(with_transcript=False), path, list(lowered), ending)


def _replay(story: Story, state: GameState, path: list[Step], lowered: list[int],
            ending: str | None) -> list[Step] | None:
    real: list[Step] = []
    for position, step in enumerate(path):
        if step is WASTE:
            target = lowered[0]
            while state.credibility > target:
                made = _waste_once(story, state)
                if made is None:
                    for tries, (prefix, there) in enumerate(_ways_to_waste(story, state)):
                        if tries >= _TRIES:
                            break
                        rest = _replay(story, there.copy(with_transcript=False),
                                       path[position:], lowered, ending)
                        if rest is not None:
                            return [*real, *prefix, *rest]
                    return None
                real.append(made)
            lowered = lowered[1:]
        elif step.verb in ("hearing", "choose"):
            session = Session(story, state, record=False)
            done = session.go_to_hearing() if step.verb == "hearing" else session.choose(
                step.target)
            if any(isinstance(event, ev.Refused) for event in done):
                return None
            real.append(step)
        elif can_take(story, state, step):
            state, _ = play(story, state, step)
            real.append(step)
    return real if ending is None or state.ending == ending else None
