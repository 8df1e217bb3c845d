"""`detective stats`: the size of a case, as an author weighs it.

Words by character and by version of their story (a line belongs to a version when it is said
there: a statement of that version, or a topic or reaction whose `when` asks for it), nodes by
kind, and how long the shortest way to each ending takes to read: its commands played for real
by the game, every line the player is shown counted, and every document of the evidence held.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from game.analysis.explore import explore, render_path
from game.analysis.steps import WASTE
from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.conditions import Condition, atoms
from game.engine.model import Line, Story
from game.engine.session import Session

WORDS_A_MINUTE = 200  # reading on a screen, without hurrying
ANY_VERSION = ""  # the version key of what a character says in any version


@dataclass(frozen=True)
class WayToEnding:
    ending: str
    title: str
    actions: int
    words: int | None  # None: the way could not be played for real (wrong objections)

    @property
    def minutes(self) -> float | None:
        return None if self.words is None else self.words / WORDS_A_MINUTE


@dataclass(frozen=True)
class CaseStats:
    title: str
    nodes: dict[str, int]  # kind -> how many
    words: int  # every line and document of the case
    narration: int
    documents: int
    spoken: dict[str, Counter[str]]  # character -> version ("" any) -> words
    ways: tuple[WayToEnding, ...]


def count_words(text: str) -> int:
    return len(text.split())


def case_stats(story: Story, max_states: int = 500_000) -> CaseStats:
    spoken: dict[str, Counter[str]] = {}
    narration = 0
    for line, version in _every_line(story):
        if line.speaker is None:
            narration += count_words(line.text)
        else:
            spoken.setdefault(line.speaker, Counter())[version] += count_words(line.text)
    documents = sum(count_words(item.document) for item in story.evidence.values())
    nodes = {"topics": len(story.topics), "reactions": len(story.reactions),
             "searches": len(story.searches), "events": len(story.events),
             "statements": len(story.statements), "evidence": len(story.evidence),
             "places": len(story.places), "board groups": len(story.board),
             "answers": len(story.answers), "terms": len(story.terms),
             "endings": len(story.endings)}
    words = narration + documents + sum(sum(c.values()) for c in spoken.values())
    return CaseStats(story.case.title, nodes, words, narration, documents, spoken,
                     tuple(_ways(story, max_states)))


def _every_line(story: Story) -> Iterator[tuple[Line, str]]:
    """Every line of the case, with the version it is said in (ANY_VERSION when any)."""
    for line in story.case.intro:
        yield line, ANY_VERSION
    for character in story.characters.values():
        for lines in (character.default_reaction, character.wrong_objection,
                      *character.wrong_objection_with.values()):
            yield from ((line, ANY_VERSION) for line in lines)
    for node in (*story.topics.values(), *story.reactions.values()):
        version = _version(node.when, node.character)
        yield from _said_by(node.lines, node.character, version)
    for node in (*story.searches.values(), *story.events.values()):
        yield from ((line, ANY_VERSION) for line in node.lines)
    for statement in story.statements.values():
        version = statement.version or ANY_VERSION
        yield Line(statement.character, statement.text), version
        for part in (statement.press, statement.contradiction, statement.support):
            if part is not None:
                yield from _said_by(part.lines, statement.character, version)
        yield from _said_by(statement.wrong_objection, statement.character, version)
    for group in story.board.values():
        yield from ((line, ANY_VERSION) for line in group.lines)
    hearing = story.hearing
    yield from ((line, ANY_VERSION) for line in hearing.lines)
    for option in hearing.options.values():
        yield from ((line, ANY_VERSION) for line in option.lines)
    for ending in story.endings.values():
        yield from ((line, ANY_VERSION) for line in ending.lines)
        for choice in ending.choices.values():
            yield from ((line, ANY_VERSION) for line in choice.lines)


def _said_by(lines: tuple[Line, ...], character_id: str,
             version: str) -> Iterator[tuple[Line, str]]:
    """The lines of a node of `character_id`'s, in their `version`: theirs only (what the
    player or anyone else says there is not in a version of theirs)."""
    for line in lines:
        yield line, version if line.speaker == character_id else ANY_VERSION


def _version(when: Condition, character_id: str) -> str:
    """The one state of `character_id` the condition asks them to be in, if it names one."""
    named = {atom[2] for atom in atoms(when.tree) if atom[0] == "is" and atom[1] == character_id}
    return named.pop() if len(named) == 1 else ANY_VERSION


def _ways(story: Story, max_states: int) -> Iterator[WayToEnding]:
    found = explore(story, limit=max_states)
    for ending_id, steps in sorted(found.reached_endings.items()):
        commands = render_path(steps, story)
        title = story.endings[ending_id].title
        words = None if WASTE in steps else _words_shown(story, commands)
        yield WayToEnding(ending_id, title, len(commands), words)


def _words_shown(story: Story, commands: list[str]) -> int | None:
    """Play `commands` and count what the player reads: every line, and each document once."""
    session = Session(story)
    session.begin()
    for command in commands:
        word, _, rest = command.partition(" ")
        resolved = resolve(session, word, rest)
        if resolved.action is None:
            return None
        if any(isinstance(event, ev.Refused) for event in session.perform(resolved.action)):
            return None
    lines = sum(count_words(said.text) for said in session.state.transcript)
    return lines + sum(count_words(story.evidence[e].document) for e in session.state.held)


def _one(kinds: str) -> str:
    """`searches` -> `search`, `board groups` -> `board group`; `evidence` stays."""
    if kinds == "evidence":
        return kinds
    return kinds[:-2] if kinds.endswith("ches") else kinds[:-1]


def render_stats(stats: CaseStats, story: Story) -> str:
    """The report, for a terminal or a file."""
    out = [stats.title, ""]
    kinds = ", ".join(f"{n} {_one(kind) if n == 1 else kind}" for kind, n in stats.nodes.items()
                      if n)
    out.append(f"Content: {kinds}.")
    out.append(f"Words: {stats.words:,} in all: {stats.narration:,} of narration, "
               f"{stats.documents:,} in documents, the rest spoken.")
    out += ["", "Spoken, by character and by version of their story:"]
    for character_id, versions in sorted(stats.spoken.items(),
                                         key=lambda item: -sum(item[1].values())):
        character = story.characters.get(character_id)
        name = character.name if character else character_id
        out.append(f"  {name:<28} {sum(versions.values()):>7,}")
        if len(versions) > 1 or ANY_VERSION not in versions:
            states = character.states if character else {}
            for state_id, count in sorted(versions.items(), key=lambda item: -item[1]):
                label = states[state_id].label if state_id in states else "in any version"
                out.append(f"    {label:<26} {count:>7,}")
    out += ["", f"The shortest way to each ending (read at {WORDS_A_MINUTE} words a minute):"]
    for way in stats.ways:
        if way.minutes is None:
            reading = "not timed (it needs objections that prove nothing)"
        else:
            reading = f"{way.words:,} words, about {max(1, round(way.minutes))} min"
        out.append(f"  {way.title} (`{way.ending}`): {way.actions} actions, {reading}")
    timed = {way.ending for way in stats.ways}
    for ending_id, ending in story.endings.items():
        if ending_id not in timed:
            out.append(f"  {ending.title} (`{ending_id}`): never reached (`detective check` "
                       "says why)")
    return "\n".join(out) + "\n"
