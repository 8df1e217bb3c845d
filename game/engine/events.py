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
class Pressed:
    statement: str


@dataclass(frozen=True, slots=True)
class Contradicted:
    """An objection that proved a statement false."""

    statement: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Supported:
    """An objection with evidence that backs the statement: it costs nothing."""

    statement: str
    evidence: str


@dataclass(frozen=True, slots=True)
class ObjectionFailed:
    """Evidence that proves nothing against the statement: it cost credibility."""

    statement: str
    evidence: str
    credibility: int  # what is left


@dataclass(frozen=True, slots=True)
class BoardChecked:
    """A group of the deduction board was filled in full: confirmed, or not (never which blank
    is wrong)."""

    group: str
    confirmed: bool
    groups_confirmed: int
    groups: int


@dataclass(frozen=True, slots=True)
class Refused:
    """An action that cannot be taken now; nothing changed."""

    reason: str
    suggestions: tuple[str, ...] = ()


GameEvent = (LineSpoken | ConversationStarted | ConversationEnded | EvidenceFound | FlagSet
             | StoryChanged | EventFired | NothingFound | HearingOpened | EndingReached
             | FinalChoiceOffered | GameOver | Pressed | Contradicted | Supported
             | ObjectionFailed | BoardChecked | Refused)
