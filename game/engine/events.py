"""Plain event objects returned by every action. The UI renders them; tests assert on them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineSpoken:
    speaker: str | None  # character id, or None for narration
    speaker_name: str
    text: str
    node: str


@dataclass(frozen=True, slots=True)
class ConversationStarted:
    character: str
    name: str


@dataclass(frozen=True, slots=True)
class ConversationEnded:
    character: str
    # The character stopped being available during the conversation (the player did not leave).
    forced: bool = False


@dataclass(frozen=True, slots=True)
class EvidenceFound:
    evidence: str
    title: str


@dataclass(frozen=True, slots=True)
class FlagSet:
    flag: str


@dataclass(frozen=True, slots=True)
class StoryChanged:
    """A character's state machine moved: for Anya, a new version of her story."""

    character: str
    from_state: str
    to_state: str
    label: str


@dataclass(frozen=True, slots=True)
class EventFired:
    event: str
    title: str


@dataclass(frozen=True, slots=True)
class NothingFound:
    place: str
    text: str


@dataclass(frozen=True, slots=True)
class HearingOpened:
    options: tuple[tuple[str, str], ...]  # (option id, text)


@dataclass(frozen=True, slots=True)
class EndingReached:
    ending: str
    title: str


@dataclass(frozen=True, slots=True)
class FinalChoiceOffered:
    prompt: str
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class GameOver:
    ending: str
    choice: str | None


@dataclass(frozen=True, slots=True)
class Refused:
    """An action that cannot be taken now; nothing changed."""

    reason: str
    suggestions: tuple[str, ...] = ()


GameEvent = (LineSpoken | ConversationStarted | ConversationEnded | EvidenceFound | FlagSet
             | StoryChanged | EventFired | NothingFound | HearingOpened | EndingReached
             | FinalChoiceOffered | GameOver | Refused)
