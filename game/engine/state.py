"""Everything that changes during play lives in one GameState, keyed by story ids only."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.model import Story


@dataclass(frozen=True, slots=True)
class Statement:
    """One transcript line, with its speaker's state when it was said (for the notebook)."""

    turn: int
    node: str
    speaker: str | None
    text: str
    speaker_state: str | None


@dataclass
class GameState:
    held: dict[str, int] = field(default_factory=dict)  # evidence id -> turn found
    presented: set[tuple[str, str]] = field(default_factory=set)  # (evidence, character)
    states: dict[str, str] = field(default_factory=dict)  # character -> current state
    reached: set[tuple[str, str]] = field(default_factory=set)  # (character, state) ever entered
    flags: set[str] = field(default_factory=set)
    visited: dict[str, int] = field(default_factory=dict)  # node id -> times played
    fired: dict[str, int] = field(default_factory=dict)  # event id -> turn fired
    interlocutor: str | None = None
    turn: int = 0
    started: bool = False
    at_hearing: bool = False
    ending: str | None = None
    final_choice: str | None = None
    transcript: list[Statement] = field(default_factory=list)

    @classmethod
    def new(cls, story: Story) -> GameState:
        state = cls()
        for character_id, character in story.characters.items():
            if character.initial is not None:
                state.states[character_id] = character.initial
                state.reached.add((character_id, character.initial))
        return state

    def copy(self, with_transcript: bool = True) -> GameState:
        return GameState(
            held=dict(self.held), presented=set(self.presented), states=dict(self.states),
            reached=set(self.reached), flags=set(self.flags), visited=dict(self.visited),
            fired=dict(self.fired), interlocutor=self.interlocutor, turn=self.turn,
            started=self.started, at_hearing=self.at_hearing, ending=self.ending,
            final_choice=self.final_choice,
            transcript=list(self.transcript) if with_transcript else [],
        )
