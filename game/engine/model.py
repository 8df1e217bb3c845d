"""The immutable story model. The loader turns TOML files into these; the engine only reads them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StrictBool,
)
from pydantic_core import PydanticCustomError

from game.engine.conditions import ALWAYS, Condition, ConditionError, parse_condition
from game.engine.text import visible

ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
# Within what a save accepts back (game/persistence/savefile.py), so whatever plays also loads.
MAX_ID_LENGTH = 100
MAX_LINE_LENGTH = 100_000
_SPEAKER = re.compile(r"([a-z][a-z0-9_]*): (.*)\Z", re.DOTALL)


def _to_condition(value: Any) -> Condition:
    if isinstance(value, Condition):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    try:
        return parse_condition(value)
    except ConditionError as error:
        raise PydanticCustomError(
            "condition", "{message} (at character {offset})",
            {"message": str(error), "offset": error.offset + 1},
        ) from None


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a scene: spoken when `speaker` is a character id, else narration; with a
    `when`, said only if it holds as the line comes (so a scene tells only what is known)."""

    speaker: str | None
    text: str
    when: Condition | None = None

    def said(self, facts: Any) -> bool:
        return self.when is None or self.when(facts)


def _to_line(value: Any) -> Line:
    if isinstance(value, Line):
        return value
    when = None
    if isinstance(value, dict):  # { when = "...", text = "..." }
        extra = set(value) - {"when", "text"}
        if extra or "text" not in value:
            raise PydanticCustomError(
                "line_table", "a line is a string, or a table with `text` and `when` only "
                "(found {keys})", {"keys": ", ".join(f"`{k}`" for k in value) or "nothing"})
        try:
            when = _to_condition(value.get("when", "true"))
        except PydanticCustomError as error:  # told apart, so it is placed at the `when`
            raise PydanticCustomError("line_condition", error.message_template,
                                      error.context) from None
        value = value["text"]
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if len(value) > MAX_LINE_LENGTH:
        raise PydanticCustomError("too_long", "a line may be at most {limit} characters",
                                  {"limit": MAX_LINE_LENGTH})
    match = _SPEAKER.match(value)
    if match:
        return Line(match.group(1), visible(match.group(2)), when)
    return Line(None, visible(value), when)


def _to_id(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if not ID_RE.match(value):
        raise PydanticCustomError(
            "bad_id", "`{value}` is not a valid id: use lowercase letters, digits and _",
            {"value": value[:60]},
        )
    if len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError("bad_id", "an id may be at most {limit} characters",
                                  {"limit": MAX_ID_LENGTH})
    return value


Cond = Annotated[Condition, PlainValidator(_to_condition)]
Lines = tuple[Annotated[Line, PlainValidator(_to_line)], ...]
Id = Annotated[str, PlainValidator(_to_id)]
# Every string a player may see: control characters arrive visible, never obeyed.
Text = Annotated[str, AfterValidator(visible)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _grades_in_order(grades: dict[str, int]) -> dict[str, int]:
    bounds = list(grades.values())
    if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
        raise PydanticCustomError("grades", "grades go from the best to the worst, each with a "
                                  "higher bound of points lost than the one before")
    return grades


class Grading(Model):
    """How the case report grades a finished game: points lost for each of these, and the
    grade for the points lost (the first whose bound is not passed; the last takes the rest)."""

    missed_evidence: Annotated[int, Field(ge=0, le=100, strict=True)] = 2
    hint: Annotated[int, Field(ge=0, le=100, strict=True)] = 1  # a pointer or a clue
    exact_hint: Annotated[int, Field(ge=0, le=100, strict=True)] = 3
    wrong_objection: Annotated[int, Field(ge=0, le=100, strict=True)] = 2
    undone_objection: Annotated[int, Field(ge=0, le=100, strict=True)] = 1
    wrong_try: Annotated[int, Field(ge=0, le=100, strict=True)] = 1  # a board group, wrong
    grades: Annotated[dict[Annotated[str, Field(min_length=1, max_length=40),
                                     AfterValidator(visible)],
                           Annotated[int, Field(ge=0, strict=True)]],
                      Field(min_length=1), AfterValidator(_grades_in_order)] = {
        "A": 0, "B": 4, "C": 10, "D": 20, "E": 1_000_000}


class CaseInfo(Model):
    id: Id
    title: Text
    tagline: Text = ""
    player: Id
    intro: Lines = ()
    # What the case contains that a player may want to know before starting (violence, abuse):
    # shown once before a new game, with the choice to go on or go back.
    content_note: Text = ""
    # How many wrong objections the player may make: each one that misses costs one.
    credibility: Annotated[int, Field(ge=1, le=99, strict=True)] = 5
    grading: Grading = Grading()


class CharacterState(Model):
    label: Text
    account: Text = ""
    mood: Text = ""


class Transition(Model):
    from_state: Id = Field(alias="from")
    to: Id
    when: Cond = ALWAYS


class Character(Model):
    name: Text
    role: Text = ""
    questioned: StrictBool = False
    available: Cond = ALWAYS
    initial: Id | None = None
    default_reaction: Lines = ()
    # Their answer to an objection that proves nothing against what they said: by default, and
    # for particular evidence (a statement may have its own).
    wrong_objection: Lines = ()
    wrong_objection_with: dict[Id, Lines] = {}
    states: dict[Id, CharacterState] = {}
    transitions: tuple[Transition, ...] = ()


class Evidence(Model):
    title: Text
    summary: Text = ""
    source: Text = ""
    document: Text


class Effects(Model):
    lines: Lines = ()
    gives: tuple[Id, ...] = ()
    sets: tuple[Id, ...] = ()


class Objection(Effects):
    """Evidence that bears on a statement (any one of the items will do), and what happens
    when the player objects with it."""

    evidence: Annotated[tuple[Id, ...], Field(min_length=1)]


class Statement(Model):
    """One line of a character's testimony, which the player can press or object to."""

    character: Id
    version: Id | None = None  # the state of theirs it is told in (None: whatever their state)
    when: Cond = ALWAYS  # and only while this holds
    text: Text
    press: Effects | None = None  # what they add when pushed on it
    contradiction: Objection | None = None  # the evidence that proves it false
    support: Objection | None = None  # evidence that backs it: objecting with it costs nothing
    wrong_objection: Lines = ()  # their answer to any other evidence


class Blank(Model):
    question: Text
    answer: Id  # the right one, an [answer.*]
    kind: Id | None = None  # only answers of this kind are offered for it


class Group(Model):
    """A group of blanks on the deduction board, confirmed only when every blank is right."""

    title: Text
    blanks: Annotated[dict[Id, Blank], Field(min_length=1)]
    lines: Lines = ()  # played when the group is confirmed
    when: Cond = ALWAYS  # on the board once this holds (once the player has a reason to ask)


class Answer(Model):
    text: Text
    kind: Id | None = None
    when: Cond = ALWAYS  # offered once this holds (once the player has learned it)


class Term(Model):
    """Something the player must learn before the game may name it: a person, a place, a fact.
    `detective check` proves no text the player can see uses its words before it is taught."""

    words: Annotated[tuple[Annotated[str, Field(min_length=1, max_length=200),
                                     AfterValidator(visible)], ...], Field(min_length=1)]
    # What teaches it: node ids (played), evidence ids (held), `statement.press`,
    # `statement.contradiction`, board group ids (confirmed); and/or a condition.
    taught_by: tuple[Annotated[str, Field(max_length=2 * MAX_ID_LENGTH + 20)], ...] = ()
    when: Cond | None = None


class Topic(Effects):
    character: Id
    title: Text
    when: Cond = ALWAYS
    once: StrictBool = False


class Reaction(Effects):
    character: Id
    evidence: Id
    when: Cond = ALWAYS


class Place(Model):
    name: Text
    description: Text = ""
    available: Cond = ALWAYS
    nothing: Text = "You find nothing you have not seen before."


class Search(Effects):
    place: Id
    when: Cond = ALWAYS


class Event(Effects):
    title: Text
    when: Cond = ALWAYS


class HearingOption(Model):
    text: Text
    when: Cond = ALWAYS
    ending: Id
    lines: Lines = ()


class Hearing(Model):
    title: Text = "The hearing"
    available: Cond = ALWAYS
    lines: Lines = ()
    options: dict[Id, HearingOption]


class FinalChoice(Model):
    text: Text
    lines: Lines = ()


class Ending(Model):
    title: Text
    lines: Lines = ()
    prompt: Text = ""
    choices: dict[Id, FinalChoice] = {}


class StoryFile(Model):
    """What one TOML file may hold. Every table is optional; the loader merges files."""

    case: CaseInfo | None = None
    character: dict[Id, Character] = {}
    evidence: dict[Id, Evidence] = {}
    statement: dict[Id, Statement] = {}
    board: dict[Id, Group] = {}
    answer: dict[Id, Answer] = {}
    topic: dict[Id, Topic] = {}
    reaction: dict[Id, Reaction] = {}
    place: dict[Id, Place] = {}
    search: dict[Id, Search] = {}
    event: dict[Id, Event] = {}
    hearing: Hearing | None = None
    ending: dict[Id, Ending] = {}
    term: dict[Id, Term] = {}


Origin = tuple[str, int | None, int | None]  # file, line, column


@dataclass
class StoryIndex:
    """Lookups derived once from the story, so each game step stays cheap."""

    topics_by_character: dict[str, list[str]] = field(default_factory=dict)
    reactions_by_pair: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    searches_by_place: dict[str, list[str]] = field(default_factory=dict)
    transitions_by_character: dict[str, tuple[Transition, ...]] = field(default_factory=dict)
    questioned: list[str] = field(default_factory=list)
    statements_by_character: dict[str, list[str]] = field(default_factory=dict)  # as written


class Story(Model):
    """A whole case, validated and cross-checked. Never changes during play."""

    case: CaseInfo
    characters: dict[str, Character]
    evidence: dict[str, Evidence]
    statements: dict[str, Statement] = {}
    board: dict[str, Group] = {}
    answers: dict[str, Answer] = {}
    topics: dict[str, Topic]
    reactions: dict[str, Reaction]
    places: dict[str, Place]
    searches: dict[str, Search]
    events: dict[str, Event]
    hearing: Hearing
    endings: dict[str, Ending]
    terms: dict[str, Term] = {}
    _index: StoryIndex = PrivateAttr(default_factory=StoryIndex)
    _origins: Callable[..., Origin] | None = PrivateAttr(default=None)
    _fingerprint: str = PrivateAttr(default="")

    def model_post_init(self, _context: Any) -> None:
        index = self._index
        for topic_id, topic in self.topics.items():
            index.topics_by_character.setdefault(topic.character, []).append(topic_id)
        for reaction_id, reaction in self.reactions.items():
            key = (reaction.character, reaction.evidence)
            index.reactions_by_pair.setdefault(key, []).append(reaction_id)
        for search_id, search in self.searches.items():
            index.searches_by_place.setdefault(search.place, []).append(search_id)
        for statement_id, statement in self.statements.items():
            index.statements_by_character.setdefault(statement.character, []).append(
                statement_id)
        for character_id, character in self.characters.items():
            index.transitions_by_character[character_id] = character.transitions
            if character.questioned:
                index.questioned.append(character_id)

    @property
    def index(self) -> StoryIndex:
        return self._index

    def set_origins(self, origins: Callable[..., Origin]) -> None:
        """The loader tells where each object was written."""
        self._origins = origins

    def set_fingerprint(self, fingerprint: str) -> None:
        """The loader's digest of the files this story was read from."""
        self._fingerprint = fingerprint

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def origin(self, kind: str, object_id: str, sub: tuple[str | int, ...] = ()) -> Origin:
        """(file, line, column) of the table that defines an object, or of the key `sub` inside
        it; line None if unknown."""
        if self._origins is None:
            return (f"{kind}.{object_id}", None, None)
        return self._origins(kind, object_id, sub) if sub else self._origins(kind, object_id)

    def node(self, node_id: str) -> Topic | Reaction | Search | Event | None:
        return (self.topics.get(node_id) or self.reactions.get(node_id)
                or self.searches.get(node_id) or self.events.get(node_id))

    def node_ids(self) -> set[str]:
        """Every topic, reaction, search and event id: what `visited` may name."""
        return {*self.topics, *self.reactions, *self.searches, *self.events}

    def statement_effects(self) -> Iterator[tuple[str, str, Effects]]:
        """(statement, part, effects) for each press, contradiction and support written."""
        for statement_id, statement in self.statements.items():
            for part in ("press", "contradiction", "support"):
                effects = getattr(statement, part)
                if effects is not None:
                    yield statement_id, part, effects

    def flags(self) -> set[str]:
        """Every flag something in the case sets."""
        nodes = (*self.topics.values(), *self.reactions.values(), *self.searches.values(),
                 *self.events.values(), *(e for _, _, e in self.statement_effects()))
        return {flag for node in nodes for flag in node.sets}

    def node_count(self) -> int:
        return len(self.topics) + len(self.reactions) + len(self.searches) + len(self.events)

    def name_of(self, character_id: str | None) -> str:
        if character_id is None:
            return ""
        character = self.characters.get(character_id)
        return character.name if character else character_id
