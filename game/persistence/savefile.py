"""A game as a save document and back: ids only, never list positions, and nothing that runs.

The document is plain data for tomli-w. Loading checks it with pydantic, migrates older formats
one step at a time, and reconciles it with the story as it is now: whatever the author has since
removed is dropped and listed in a load report; only a state that cannot be made valid (an
ending that no longer exists) is refused.

Saves are untrusted input (players copy them around), so a save is loaded whole or refused with
a SaveError, never another exception. Every format is checked in full before it is used, older
ones before their migration step, so a step never meets a shape it does not expect; numbers are
finite and bounded (an `inf` play time or a 20-digit turn would be written back by the next
autosave), ids keep to the id pattern, and text is made visible, so nothing in a save reaches the
terminal as a control character. Whatever of the file is quoted back in a reason is quoted with
`one_line`. Listing and loading share `parse_save`, so they never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

import tomli
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    FailFast,
    Field,
    Strict,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from game.engine.model import Story
from game.engine.state import (
    COUNTS,
    LEVEL,
    MAPPING,
    NAMES,
    PAIRS,
    SCALAR,
    UNDONE,
    GameState,
    Record,
    Spoken,
    parts,
)
from game.engine.text import one_line, visible

SAVE_FORMAT = 4
MAX_SAVE_BYTES = 5 * 1024 * 1024
MAX_COUNT = 10**9  # turns and times visited
MAX_PLAY_SECONDS = 10 * 366 * 24 * 3600  # ten years
MAX_ID = 200
MAX_LABEL = 1000
MAX_TEXT = 100_000  # one transcript line
MAX_REPORT = 20  # lines of a load report: a save may name a million things the case lacks


class SaveError(Exception):
    """A save that cannot be read or written; the message says why, in the player's words."""


class AnotherCase(SaveError):
    """A save of another case than the one being played: `case` is its id."""

    def __init__(self, message: str, case: str) -> None:
        super().__init__(message)
        self.case = case


# ---- the fields -------------------------------------------------------------------------------

_ID = "[a-z][a-z0-9_]*"
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
                        r"(Z|[+-][0-9]{2}:[0-9]{2})?\Z")


def _timestamp(value: str) -> str:
    try:
        if _TIMESTAMP.match(value):
            datetime.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise PydanticCustomError("timestamp", "Input should be a time like 2026-11-24T02:00:00+00:00")


def _pattern(pattern: str, max_length: int) -> Any:
    return Annotated[str, Strict(), StringConstraints(pattern=f"^{pattern}$",
                                                      max_length=max_length)]


Id = _pattern(_ID, MAX_ID)
# A node is a story id, or ids joined for lines of no node: `tom:default_reaction:crumbs`.
Node = _pattern(f"{_ID}(:{_ID})*", 4 * MAX_ID)
Fingerprint = _pattern("[0-9a-f]*", 64)
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]
Seconds = Annotated[float, Strict(), Field(ge=0, le=MAX_PLAY_SECONDS, allow_inf_nan=False)]
Timestamp = Annotated[str, Strict(), StringConstraints(max_length=40), AfterValidator(_timestamp)]
Label = Annotated[str, Strict(), StringConstraints(max_length=MAX_LABEL),
                  AfterValidator(lambda text: one_line(text, MAX_LABEL))]
Text = Annotated[str, Strict(), StringConstraints(max_length=MAX_TEXT), AfterValidator(visible)]
# Pydantic reports every wrong item, and reporting a million (a 5 MB list of them) takes seconds
# and gigabytes: every list and table stops at its first wrong item instead.
FIRST = FailFast()
Ids = Annotated[list[Id], FIRST]
Counts = Annotated[dict[Id, Count], FIRST]
BlankKey = _pattern(f"{_ID}\\.{_ID}", 2 * MAX_ID + 1)
MAX_NOTE = 2000
Note = Annotated[str, Strict(), StringConstraints(max_length=MAX_NOTE),
                 AfterValidator(lambda text: one_line(text, MAX_NOTE))]


# ---- the document ---------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _first_unknown_key(cls, data: Any) -> Any:
        """Of unknown keys, only the first is reported (a million would take seconds)."""
        if isinstance(data, dict):
            unknown = [key for key in data if key not in cls.model_fields]
            if len(unknown) > 1:
                return {k: v for k, v in data.items() if k in cls.model_fields or k == unknown[0]}
        return data


class SavedPair(_Strict):
    evidence: Id
    character: Id


class SavedReach(_Strict):
    character: Id
    state: Id


class SavedStatement(_Strict):
    turn: Count
    node: Node
    text: Text
    speaker: Id | None = None
    speaker_state: Id | None = None


class _StateCommon(_Strict):
    turn: Count
    started: StrictBool
    at_hearing: StrictBool = False
    interlocutor: Id | None = None
    ending: Id | None = None
    final_choice: Id | None = None
    held: Counts = {}
    states: Annotated[dict[Id, Id], FIRST] = {}
    flags: Ids = []
    visited: Counts = {}
    fired: Counts = {}


class SavedState2(_StateCommon):
    presented: Annotated[list[SavedPair], FIRST] = []
    reached: Annotated[list[SavedReach], FIRST] = []


class SavedState(SavedState2):
    contradicted: Counts = {}
    pressed: Counts = {}
    confirmed: Counts = {}
    credibility: Count | None = None  # None: as the case sets it
    told: Ids = []
    objected_with: Annotated[dict[Id, Id], FIRST] = {}
    wrong_objections: Count = 0
    doubts: Annotated[dict[Id, Note], FIRST] = {}
    filled: Annotated[dict[BlankKey, Id], FIRST] = {}
    board_tries: Counts = {}


class SaveEnd(_Strict):
    """Written last: a save cut short anywhere is missing it, or its count disagrees."""

    transcript_lines: Count


class _DocumentCommon(_Strict):
    case: Id
    saved_at: Timestamp
    label: Label


class SavedGuess(_Strict):
    """A wrong objection taken back by undo (state.Record.taken_back)."""

    statement: Id
    evidence: Id


class SaveDocument3(_DocumentCommon):
    """Format 3: the player's record as counts only."""

    format: Literal[3]
    fingerprint: Fingerprint
    play_seconds: Seconds
    state: SavedState
    record: Counts = {}  # what the case report counts that an undo does not take back
    transcript: Annotated[list[SavedStatement], FIRST] = []
    end: SaveEnd


class SaveDocument(_DocumentCommon):
    """Format 4: the wrong objections taken back too, so that each is counted once."""

    format: Literal[4]
    fingerprint: Fingerprint
    play_seconds: Seconds
    state: SavedState
    record: Counts = {}  # what the case report counts that an undo does not take back
    taken_back: Annotated[list[SavedGuess], FIRST] = []
    transcript: Annotated[list[SavedStatement], FIRST] = []
    end: SaveEnd


def _drop_none(value: Any) -> Any:
    """tomli-w cannot write None: leave such keys out (they read back as the default)."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def saved_state(state: GameState) -> dict[str, Any]:
    """The state's fields as a save writes them, from GameState's declaration."""
    saved: dict[str, Any] = {}
    for part in parts():
        kind, value = part.metadata["kind"], getattr(state, part.name)
        if kind == PAIRS:
            saved[part.name] = [dict(zip(part.metadata["names"], pair, strict=True))
                                for pair in sorted(value)]
        elif kind == NAMES:
            saved[part.name] = sorted(value)
        elif kind in (COUNTS, MAPPING):
            saved[part.name] = dict(value)
        elif kind in (SCALAR, LEVEL):
            saved[part.name] = value
    return saved


def save_document(story: Story, state: GameState, *, saved_at: str, play_seconds: float,
                  label: str, record: Record | None = None) -> dict[str, Any]:
    record = record or Record()
    saved = {
        "format": SAVE_FORMAT, "case": story.case.id, "fingerprint": story.fingerprint,
        "saved_at": saved_at, "play_seconds": round(play_seconds, 1), "label": label,
        "state": saved_state(state), "record": dict(record.counts),
        "taken_back": [{"statement": s, "evidence": e} for s, e in sorted(record.taken_back)],
        "transcript": [{"turn": s.turn, "node": s.node, "text": s.text, "speaker": s.speaker,
                        "speaker_state": s.speaker_state} for s in state.transcript],
        "end": {"transcript_lines": len(state.transcript)},  # tomli-w keeps this table last
    }
    return _drop_none(saved)


# ---- older formats ----------------------------------------------------------------------------

class SaveDocument2(_DocumentCommon):
    """Format 2: no testimony, deduction board or credibility in the state."""

    format: Literal[2]
    fingerprint: Fingerprint
    play_seconds: Seconds
    state: SavedState2
    transcript: Annotated[list[SavedStatement], FIRST] = []
    end: SaveEnd


def _from_2(old: SaveDocument2) -> dict[str, Any]:
    return {**old.model_dump(exclude_none=True), "format": 3}


def _from_3(old: SaveDocument3) -> dict[str, Any]:
    """Its objections taken back were counted without saying which: the count is kept, and
    guesses from now on are counted once each."""
    return {**old.model_dump(exclude_none=True), "format": 4, "taken_back": []}


Pair1 = _pattern(f"{_ID}:{_ID}", 2 * MAX_ID + 1)
Speaker1 = _pattern(f"({_ID})?", MAX_ID)  # "" for narration
Line1 = Annotated[tuple[Count, Node, Speaker1, Text], Strict(False)]  # TOML gives a list


class SavedState1(_StateCommon):
    presented: Annotated[list[Pair1], FIRST] = []  # "evidence:character"
    reached: Annotated[list[Pair1], FIRST] = []  # "character:state"


class SaveDocument1(_DocumentCommon):
    """Format 1 (the first saves): `version` for `format`, no fingerprint or play time, pairs as
    "a:b" strings, transcript lines as [turn, node, speaker, text] with "" for narration, and no
    [end] table."""

    version: Literal[1] | None = None
    format: Literal[1] | None = None
    fingerprint: Fingerprint = ""
    play_seconds: Seconds = 0.0
    state: SavedState1
    transcript: Annotated[list[Line1], FIRST] = []


def _from_1(old: SaveDocument1) -> dict[str, Any]:
    state = old.state.model_dump(exclude_none=True)
    state["presented"] = [dict(zip(("evidence", "character"), pair.split(":"), strict=True))
                          for pair in old.state.presented]
    state["reached"] = [dict(zip(("character", "state"), pair.split(":"), strict=True))
                        for pair in old.state.reached]
    lines = [_drop_none({"turn": turn, "node": node, "speaker": speaker or None, "text": text})
             for turn, node, speaker, text in old.transcript]
    return {"format": 2, "case": old.case, "fingerprint": old.fingerprint,
            "saved_at": old.saved_at, "play_seconds": old.play_seconds, "label": old.label,
            "state": state, "transcript": lines, "end": {"transcript_lines": len(lines)}}


_M = TypeVar("_M", bound=BaseModel)

# Each older format: its document, checked in full before the step that takes it to the next.
MIGRATIONS: dict[int, tuple[type[BaseModel], Callable[[Any], dict[str, Any]]]] = {
    1: (SaveDocument1, _from_1),
    2: (SaveDocument2, _from_2),
    3: (SaveDocument3, _from_3),
}


def _check(model: type[_M], data: dict[str, Any]) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise SaveError(_describe(error)) from None


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """A document of the current format, from one of any format; older ones are checked first."""
    version = data.get("format", data.get("version"))
    if type(version) is not int or version < 1:
        raise SaveError("it has no save-format version: it is not a save of this game")
    if version > SAVE_FORMAT:
        which = f"save format {version}; " if version <= MAX_COUNT else ""  # not 5,000 digits
        raise SaveError(f"it was made by a newer version of the game ({which}this one reads "
                        f"formats up to {SAVE_FORMAT})")
    while version < SAVE_FORMAT:
        model, step = MIGRATIONS[version]
        data = step(_check(model, data))
        version += 1
    return data


# ---- reading ----------------------------------------------------------------------------------

@dataclass
class LoadedSave:
    state: GameState
    play_seconds: float
    label: str
    saved_at: str
    report: list[str] = field(default_factory=list)  # what was dropped to fit the story now
    record: Record = field(default_factory=Record)  # the player's, saved with the game


def _describe(error: ValidationError) -> str:
    """The first problems, each where it is and what is wrong; the place may hold a key of the
    file's, so all of it is quoted on one line."""
    problems = error.errors(include_url=False, include_input=False)
    parts = []
    for problem in problems[:3]:
        where = one_line(".".join(str(p) for p in problem["loc"]), 80)
        what = problem["msg"].lower().split(" or instance of ")[0]  # not the model's name
        parts.append(f"`{where}`: {one_line(what, 200)}")
    more = len(problems) - 3
    return "wrong data in it: " + "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def parse_save(text: str) -> SaveDocument:
    """The checked document of a save, migrated to the current format; raises SaveError only.
    Listing and loading both read a save through here, so they agree on every file."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SAVE_BYTES:
        raise SaveError(f"it is larger than {MAX_SAVE_BYTES // (1024 * 1024)} MB")
    try:
        data = tomli.loads(text)
    except RecursionError:
        raise SaveError("it is nested too deeply") from None
    except ValueError as error:  # TOMLDecodeError, or an integer of thousands of digits
        raise SaveError(f"it is not a readable TOML file ({one_line(str(error), 200)})") from None
    data = migrate(data)
    if "end" not in data:
        raise SaveError("it is incomplete: it was cut short")
    document = _check(SaveDocument, data)
    if document.end.transcript_lines != len(document.transcript):
        raise SaveError("it is incomplete: its transcript was cut short")
    return document


NOTHING_LOST = "The case files have changed since this save; nothing in it was lost."


def read_save(text: str, story: Story) -> LoadedSave:
    """Parse, check, migrate and reconcile a save. Raises SaveError with the reason."""
    document = parse_save(text)
    if document.case != story.case.id:
        raise AnotherCase(f"it is a save of another case (`{document.case}`, "
                          f"not `{story.case.id}`)", document.case)
    state, report = reconcile(story, document)
    if len(report) > MAX_REPORT:
        more = len(report) - MAX_REPORT + 1
        report[MAX_REPORT - 1:] = [f"And {more:,} more things no longer in the case were dropped."]
    if document.fingerprint and document.fingerprint != story.fingerprint and not report:
        report.append(NOTHING_LOST)
    return LoadedSave(state, document.play_seconds, document.label, document.saved_at, report,
                      saved_record(document))


def saved_record(document: SaveDocument) -> Record:
    """The player's record in a save. Its count of objections taken back is at least the
    guesses it names, so that making one again (which takes it off the count) never leaves a
    count below zero."""
    record = Record(dict(document.record),
                    {(guess.statement, guess.evidence) for guess in document.taken_back})
    if len(record.taken_back) > record.counts.get(UNDONE, 0):
        record.counts[UNDONE] = len(record.taken_back)
    return record


def reconcile(story: Story, document: SaveDocument) -> tuple[GameState, list[str]]:
    """The saved state, with whatever the story no longer has left out (and listed)."""
    saved, report = document.state, []

    def drop(kind: str, name: str) -> None:
        report.append(f"Dropped {kind} `{name}`: it is no longer in the case.")

    if saved.ending is not None and saved.ending not in story.endings:
        raise SaveError(f"its ending `{saved.ending}` is no longer in the case")
    if saved.final_choice is not None and (
            saved.ending is None or saved.final_choice not in story.endings[saved.ending].choices):
        raise SaveError(f"its last choice `{saved.final_choice}` is no longer in the case")
    state = GameState(turn=saved.turn, started=saved.started, at_hearing=saved.at_hearing,
                      ending=saved.ending, final_choice=saved.final_choice)
    for evidence_id, turn in saved.held.items():
        if evidence_id in story.evidence:
            state.held[evidence_id] = turn
        else:
            drop("evidence", evidence_id)
    for pair in saved.presented:
        if pair.evidence in state.held and pair.character in story.characters:
            state.presented.add((pair.evidence, pair.character))
    for character_id, character in story.characters.items():
        if character.initial is None:
            continue
        current = saved.states.get(character_id)
        if current in character.states:
            state.states[character_id] = current
        else:
            if current is not None:
                report.append(f"{character.name}'s story state `{current}` is no longer in the "
                              f"case: back to `{character.initial}`.")
            state.states[character_id] = character.initial
    for character_id in saved.states.keys() - story.characters.keys():
        drop("character", character_id)
    for reach in saved.reached:
        character = story.characters.get(reach.character)
        if character is not None and reach.state in character.states:
            state.reached.add((reach.character, reach.state))
    state.reached.update(state.states.items())
    known_flags = story.flags()
    for flag in saved.flags:
        if flag in known_flags:
            state.flags.add(flag)
        else:
            drop("flag", flag)
    nodes = story.node_ids()
    for node_id, times in saved.visited.items():
        if node_id in nodes:
            state.visited[node_id] = times
        else:
            drop("scene", node_id)
    for event_id, turn in saved.fired.items():
        if event_id in story.events:
            state.fired[event_id] = turn
        elif event_id not in saved.visited:  # events are visited too: say it once
            drop("event", event_id)
    _reconcile_testimony(story, saved, state, drop)
    who = saved.interlocutor
    if who is not None:
        character = story.characters.get(who)
        if character is not None and character.questioned:
            state.interlocutor = who
        else:
            report.append(f"`{who}` is no longer in the case: you are back on the case board.")
    for line in document.transcript:
        character = story.characters.get(line.speaker) if line.speaker else None
        speaker = line.speaker if character is not None else None
        version = line.speaker_state if character and line.speaker_state in character.states \
            else None
        state.transcript.append(Spoken(line.turn, line.node, speaker, line.text, version))
    return state, report


def _reconcile_testimony(story: Story, saved: SavedState, state: GameState,
                         drop: Callable[[str, str], None]) -> None:
    """Statements, objections, the board and credibility, as far as the case still has them."""
    statements = story.statements
    for table in ("contradicted", "pressed"):
        for statement_id, number in getattr(saved, table).items():
            if statement_id in statements:
                getattr(state, table)[statement_id] = number
            else:
                drop("statement", statement_id)
    state.told.update(s for s in saved.told if s in statements)
    state.objected_with.update((s, e) for s, e in saved.objected_with.items()
                               if s in state.contradicted and e in state.held)
    state.doubts.update((s, note) for s, note in saved.doubts.items() if s in state.told)
    for group_id, turn in saved.confirmed.items():
        if group_id in story.board:
            state.confirmed[group_id] = turn
        else:
            drop("deduction", group_id)
    for key, answer_id in saved.filled.items():
        group_id, _, blank_id = key.partition(".")
        group = story.board.get(group_id)
        if group is not None and blank_id in group.blanks and answer_id in story.answers:
            state.filled[key] = answer_id
    state.board_tries.update((g, n) for g, n in saved.board_tries.items() if g in story.board)
    state.wrong_objections = saved.wrong_objections
    bound = story.case.credibility
    state.credibility = bound if saved.credibility is None else min(saved.credibility, bound)


def describe_position(story: Story, state: GameState) -> str:
    """A short label of where the player is, for slot lists."""
    if state.ending is not None:
        where = f"Ended: {story.endings[state.ending].title}"
    elif state.at_hearing:
        where = f"At the {story.stage}"
    elif state.interlocutor is not None:
        where = f"Questioning {story.name_of(state.interlocutor)}"
    else:
        where = "On the case board"
    # A title may be long; the label must stay within what a load accepts.
    return f"{one_line(where, 200)} \u00b7 evidence {len(state.held)} of {len(story.evidence)}"
