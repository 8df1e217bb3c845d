"""What the player sees, as plain data: both faces render these and compute no game fact.

Every string here is for the player: names, titles and labels, never ids. What a choice does is
an engine `Action`, which the face sends back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.session import Action


@dataclass(frozen=True, slots=True)
class Choice:
    """One numbered entry of a list the player picks from."""

    number: int
    label: str
    action: Action | None  # None: shown for its place in the list, but not possible now
    new: bool = False  # never picked before (a topic never asked, a place never searched)
    note: str = ""  # a short aside, one word so a narrow column never wraps it: "asked", "closed"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    version: str  # the label of the story they tell now, or "" before they tell one
    mood: str
    talk: Action | None  # None: they cannot be questioned now
    statements: int  # how many lines of theirs are in the notebook


@dataclass(frozen=True, slots=True)
class BoardView:
    title: str
    people: tuple[Choice, ...]  # who can be questioned now
    everyone: tuple[Person, ...]  # every questioned person, available or not
    places: tuple[Choice, ...]  # note "searched" once searched with nothing new there
    evidence_found: int
    evidence_total: int
    hearing_open: bool
    happened: tuple[str, ...]  # titles of the events so far, the latest first
    latest_evidence: tuple[str, ...]  # titles of the evidence held, the latest found first


@dataclass(frozen=True, slots=True)
class Said:
    speaker: str  # a name, or "" for narration
    text: str
    by_player: bool = False
    opens: str = ""  # on the first line of an exchange: "You ask: ..." or "You show: ..."


@dataclass(frozen=True, slots=True)
class PastScene:
    """A scene already played (the prologue, an event, a search), to be read again."""

    title: str  # "Prologue", the event's headline, or the place searched
    kind: str  # "prologue", "event" or "search"
    said: tuple[Said, ...]
    found: tuple[str, ...] = ()  # titles of the evidence it gave


@dataclass(frozen=True, slots=True)
class StatementView:
    """One statement of the testimony the person in the chair gives now, numbered as said."""

    number: int
    text: str
    press: Action  # push them on it
    # One per piece of evidence held, labelled by its title: object to it with that piece.
    objections: tuple[Choice, ...]
    doubt: Action  # flag it as doubtful; the face puts the player's note in `using`
    trust: Action  # take the flag off
    pressed: bool = False
    doubted: bool = False
    note: str = ""  # the player's own note on it
    proved_false_with: str = ""  # the title of the evidence that proved it false


@dataclass(frozen=True, slots=True)
class Credibility:
    """How many more objections that prove nothing the player can make ("" meter when the case
    has no testimony)."""

    left: int
    most: int
    name: str = "credibility"  # the case's word for it (`[case.words]`)


@dataclass(frozen=True, slots=True)
class RoomView:
    name: str  # who is in the chair
    role: str
    mood: str
    version: str
    said: tuple[Said, ...]  # the whole conversation with this person so far
    topics: tuple[Choice, ...]  # stable order and numbers for the whole conversation
    evidence: tuple[Choice, ...]  # what can be shown
    testimony: tuple[StatementView, ...] = ()  # what they are telling now, in order
    credibility: Credibility | None = None  # None: the case has no testimony to object to


@dataclass(frozen=True, slots=True)
class DocumentView:
    title: str
    summary: str
    source: str
    # As written: a blank line parts two paragraphs, and each line of a paragraph is its own
    # line (a log, a list, a letter's address), so a paragraph holds its lines joined by "\n".
    paragraphs: tuple[str, ...]
    shown_to: tuple[str, ...] = ()  # names of those it has been shown to


@dataclass(frozen=True, slots=True)
class LockerView:
    documents: tuple[DocumentView, ...]  # in the order they were found


@dataclass(frozen=True, slots=True)
class NoteLine:
    text: str
    contradicted_by: tuple[str, ...] = ()  # titles of the evidence that proved it false
    doubted: bool = False  # the player flagged it (a statement of a testimony)
    note: str = ""  # the player's note on it


@dataclass(frozen=True, slots=True)
class NoteSection:
    version: str  # the label of the story it was said in, or ""
    lines: tuple[NoteLine, ...]


@dataclass(frozen=True, slots=True)
class NotebookPage:
    name: str
    sections: tuple[NoteSection, ...]


@dataclass(frozen=True, slots=True)
class VersionView:
    number: int
    label: str  # "" when not told yet
    account: str
    told: bool
    current: bool
    broken_by: tuple[str, ...] = ()  # titles


@dataclass(frozen=True, slots=True)
class VersionsView:
    name: str
    versions: tuple[VersionView, ...]

    @property
    def told(self) -> int:
        return sum(v.told for v in self.versions)


@dataclass(frozen=True, slots=True)
class HearingView:
    title: str
    options: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class EndingView:
    title: str
    prompt: str
    choices: tuple[Choice, ...]  # the last choice, if the ending offers one
    over: bool


@dataclass(frozen=True, slots=True)
class ReportView:
    """The case report at the end: what was found, what was missed."""

    evidence_found: int
    evidence_total: int
    missed_evidence: tuple[str, ...]
    versions: tuple[tuple[str, int, int], ...]  # (name, told, of)
    topics_heard: int
    topics_total: int
    missed_people: tuple[str, ...]
    # How the case was played, a line each (hints, objections, deductions), said the same way
    # in both faces.
    conduct: tuple[str, ...] = ()
    grade: str = ""  # shown only for a finished game
    points_lost: tuple[str, ...] = ()  # what the grade counted, a line each


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A question asked before a step that cannot be taken back."""

    question: str
    yes: str  # the label of the button or the word that says yes
    action: Action


@dataclass(frozen=True, slots=True)
class HintView:
    text: str
    exact: bool  # the exact step (the last tier), not just a pointer
    action: Action | None = None
    character: str | None = None  # an id, for the face to `talk` first; never shown
    tier: int = 3  # 1: where to look, 2: what is weak, 3: the step


@dataclass(frozen=True, slots=True)
class BlankView:
    number: int  # counted over the whole board, the number `fill` takes
    question: str
    written: str  # the text of the answer written in it, or ""
    answers: tuple[Choice, ...]  # what can be written in it now: Action("fill", blank, answer)


@dataclass(frozen=True, slots=True)
class GroupView:
    title: str
    confirmed: bool
    blanks: tuple[BlankView, ...]
    lines: tuple[str, ...] = ()  # the group's lines, once confirmed
    tries: int = 0  # times every blank was filled and the group was not right


@dataclass(frozen=True, slots=True)
class DeductionView:
    """The deduction board: what happened, in groups of blanks the player fills with what they
    have learned. A group says only whether it is confirmed, never which blank is wrong."""

    groups: tuple[GroupView, ...]

    @property
    def confirmed(self) -> int:
        return sum(g.confirmed for g in self.groups)
