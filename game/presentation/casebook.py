"""What the player's notes can say about the case, derived from the story's own graph.

Which evidence broke a version, which lines the player has proved false, which versions they
have heard, and the figures of the case report: the UIs show these, and none of them is written
by hand in a story file. Nothing here tells the player what they have not found out: a line is
marked only once proved, and a version's label and mood show only once it has been told.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.conditions import atoms
from game.engine.model import Story
from game.engine.session import shown_by_default
from game.engine.state import GameState, Spoken
from game.engine.terms import unknown_named


def breaking_evidence(story: Story, character_id: str, state_id: str) -> tuple[str, ...]:
    """The evidence whose showing (or holding) moves this character out of this state."""
    found: list[str] = []
    for transition in story.characters[character_id].transitions:
        if transition.from_state != state_id:
            continue
        for evidence_id, who in transition.when.presented_pairs():
            if who == character_id and evidence_id not in found:
                found.append(evidence_id)
        for ref in transition.when.refs:
            if ref.kind == "evidence" and ref.name not in found:
                found.append(ref.name)
    return tuple(found)


def breaking_statements(story: Story, character_id: str, state_id: str) -> tuple[str, ...]:
    """The statements whose contradiction moves this character out of this state."""
    found: list[str] = []
    for transition in story.characters[character_id].transitions:
        if transition.from_state == state_id:
            found += [atom[1] for atom in atoms(transition.when.tree)
                      if atom[0] == "contradicted" and atom[1] not in found]
    return tuple(found)


def broken_with(story: Story, state: GameState, character_id: str,
                state_id: str) -> tuple[str, ...]:
    """What the player used that broke this version: the evidence they showed the character,
    or objected with, of what the transitions out of it read."""
    shown = [e for e in breaking_evidence(story, character_id, state_id)
             if (e, character_id) in state.presented]
    for statement_id in breaking_statements(story, character_id, state_id):
        used = state.objected_with.get(statement_id)
        if statement_id in state.contradicted and used is not None and used not in shown:
            shown.append(used)
    return tuple(shown)


def is_break(story: Story, character_id: str, from_state: str | None) -> bool:
    """A change of story that evidence forced (as against one that time or a flag brought):
    evidence shown, or statements proved false with it."""
    return from_state is not None and bool(
        breaking_evidence(story, character_id, from_state)
        or breaking_statements(story, character_id, from_state))


def told_versions(story: Story, state: GameState) -> set[tuple[str, str]]:
    """(character, state) for each version the player has heard them tell: a line of theirs
    said in it, face to face (an answer, a reaction, a statement; not a call in a scene)."""
    return {(line.speaker, line.speaker_state) for line in state.transcript
            if line.speaker is not None and line.speaker_state is not None
            and said_face_to_face(story, line.node)}


def said_face_to_face(story: Story, node: str) -> bool:
    """Lines of this node are said in the room: an answer, a reaction, a statement or what is
    said about one (not a call in a scene, nor a line at the hearing)."""
    return (node in story.topics or node in story.reactions
            or node.partition(":")[0] in story.statements or shown_by_default(node) is not None)


def proved_by(story: Story, state: GameState, line: Spoken) -> tuple[str, ...]:
    """The evidence that proved this line false, once the player has proved it: a statement
    objected to with it, or a line of a version the player broke by showing it (a version is
    broken when the story has moved on from it; only what was shown to the speaker counts).

    A line belongs to a version when it was said in a scene that only that version can play
    (its condition names the state); lines said in any version are left unmarked.
    """
    if line.node in state.contradicted:
        return (state.objected_with[line.node],) if line.node in state.objected_with else ()
    speaker, version = line.speaker, line.speaker_state
    if speaker is None or version is None or state.states.get(speaker) == version:
        return ()
    node = story.node(line.node)
    if node is None or not any(r.kind == "state" and r.owner == speaker and r.name == version
                               for r in node.when.refs):
        return ()
    return tuple(e for e in breaking_evidence(story, speaker, version)
                 if (e, speaker) in state.presented)


@dataclass(frozen=True, slots=True)
class Version:
    """One state of a character's story, as the versions view shows it."""

    state_id: str
    label: str
    account: str
    reached: bool
    broken_by: tuple[str, ...]  # evidence that broke it, once it has been left behind


def versions_of(story: Story, state: GameState, character_id: str) -> list[Version]:
    """Every version of the character's story, `reached` only for those the player has heard;
    `broken_by` holds what the player showed them that broke it."""
    character = story.characters[character_id]
    current = state.states.get(character_id)
    heard = told_versions(story, state)
    out = []
    for state_id, told in character.states.items():
        reached = (character_id, state_id) in heard
        left_behind = reached and state_id != current
        broken = broken_with(story, state, character_id, state_id) if left_behind else ()
        out.append(Version(state_id, told.label, told.account, reached, broken))
    return out


def central_character(story: Story) -> str | None:
    """The questioned character with the most versions: whose story the case turns on."""
    return max(story.index.questioned, key=lambda c: len(story.characters[c].states),
               default=None)


@dataclass(frozen=True, slots=True)
class CaseReport:
    evidence_found: int
    evidence_total: int
    missed_evidence: tuple[str, ...]  # titles
    versions: tuple[tuple[str, int, int], ...]  # (name, reached, of)
    topics_heard: int
    topics_total: int
    missed_people: tuple[str, ...]  # names of people whose last version was never reached


def case_report(story: Story, state: GameState) -> CaseReport:
    versions = []
    missed_people = []
    heard = told_versions(story, state)
    for character_id in story.index.questioned:
        character = story.characters[character_id]
        if len(character.states) > 1:
            # The versions reached of someone the player has sat down with (a story left
            # behind still counts: it was heard, or broken before it was told); nobody's
            # counted before that; and by a name never learned, not at all: the report
            # spoils nothing.
            met = any((character_id, s) in heard for s in character.states)
            told = sum((character_id, s) in state.reached for s in character.states) if met \
                else 0
            if unknown_named(story, character.name, state):
                missed_people.append("someone whose name you never learned")
                continue
            versions.append((character.name, told, len(character.states)))
            if told < len(character.states):
                missed_people.append(character.name)
    return CaseReport(
        evidence_found=len(state.held),
        evidence_total=len(story.evidence),
        # Never by a name the player has not learned (a term): the report spoils nothing.
        missed_evidence=tuple(
            "something whose name you never learned" if unknown_named(story, e.title, state)
            else e.title for i, e in story.evidence.items() if i not in state.held),
        versions=tuple(versions),
        topics_heard=sum(1 for t in story.topics if t in state.visited),
        topics_total=len(story.topics),
        missed_people=tuple(missed_people),
    )
