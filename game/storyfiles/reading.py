"""How long a walkthrough takes a person: the words it shows, read at an ordinary pace, plus a
moment to choose each action. A planning figure for authors (and the benchmark), not a clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomli

from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.model import Story
from game.engine.session import Session
from game.storyfiles.walkthroughs import WalkStep, Walkthrough

WORDS_PER_MINUTE = 200  # an ordinary reading speed for narrative prose
SECONDS_PER_ACTION = 6  # looking at what is offered and choosing
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Reading:
    words: int
    actions: int

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE + self.actions * SECONDS_PER_ACTION / 60


def words_in(text: str) -> int:
    return len(_WORD.findall(text))


def reading_of(story: Story, walkthrough: Path) -> Reading:
    """Every line the walkthrough's steps show, and each evidence document once, as it is found
    (the player reads it to find what it contradicts)."""
    walk = Walkthrough.model_validate(tomli.loads(walkthrough.read_text("utf-8")))
    session = Session(story)
    words = actions = 0
    for event in session.begin():
        if isinstance(event, ev.LineSpoken):
            words += words_in(event.text)
    for raw in walk.steps:
        step = WalkStep(do=raw) if isinstance(raw, str) else raw
        word, _, rest = step.do.strip().partition(" ")
        action = resolve(session, word, rest).action
        if action is None or step.refused:
            continue
        actions += 1
        for event in session.perform(action):
            if isinstance(event, ev.LineSpoken):
                words += words_in(event.text)
            elif isinstance(event, ev.EvidenceFound):
                evidence = story.evidence[event.evidence]
                words += words_in(f"{evidence.title} {evidence.summary} {evidence.document}")
    return Reading(words, actions)
