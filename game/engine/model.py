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
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from game.engine.conditions import (
    ALWAYS,
    ID_PATTERN,
    Condition,
    ConditionError,
    parse_condition,
)
from game.engine.conditions import MAX_LENGTH as MAX_CONDITION_LENGTH
from game.engine.text import visible

ID_RE = re.compile(ID_PATTERN + r"\Z")
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


ID_SCHEMA = {"type": "string", "pattern": f"^{ID_PATTERN}$", "maxLength": MAX_ID_LENGTH,
             "description": "An id: lowercase letters, digits and _, starting with a letter."}
CONDITION_SCHEMA = {
    "type": "string", "maxLength": MAX_CONDITION_LENGTH,
    "description": "A condition: `has EVIDENCE`, `presented EVIDENCE to CHARACTER`, "
                   "`CHARACTER is STATE`, `CHARACTER reached STATE`, `flag FLAG`, `visited NODE`, "
                   "`fired EVENT`, `contradicted STATEMENT`, `pressed STATEMENT`, "
                   "`confirmed GROUP`, `credibility < N` (<, <=, >, >=, =, !=), `true`, `false`; "
                   "combined with `and`, `or`, `not` and parentheses."}
LINE_TEXT_SCHEMA = {
    "type": "string", "maxLength": MAX_LINE_LENGTH,
    "description": "`id: words` is spoken by that character (the player's id too); any other "
                   "line is narration (start it with a capital letter)."}
LINE_SCHEMA = {"anyOf": [
    LINE_TEXT_SCHEMA,
    {"type": "object", "additionalProperties": False, "required": ["text"],
     "description": "A line said only when its condition holds as it comes.",
     "properties": {"text": LINE_TEXT_SCHEMA, "when": CONDITION_SCHEMA}},
]}

Cond = Annotated[Condition, PlainValidator(_to_condition), WithJsonSchema(CONDITION_SCHEMA)]
Lines = tuple[Annotated[Line, PlainValidator(_to_line), WithJsonSchema(LINE_SCHEMA)], ...]
Id = Annotated[str, PlainValidator(_to_id), WithJsonSchema(ID_SCHEMA)]
# Every string a player may see: control characters arrive visible, never obeyed.
Text = Annotated[str, AfterValidator(visible)]
Points = Annotated[int, Field(ge=0, le=100, strict=True)]


def _described(default: Any, description: str) -> Any:
    """A key's default and its meaning for authors: the schema, the key reference in the docs
    and an editor's hover all show this text."""
    return Field(default, description=description)


def _required(description: str) -> Any:
    return Field(description=description)


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

    # A step solved with every hint (pointer, clue, exact step: 1 + 1 + 2) costs more than a
    # piece of evidence never found (3) only by a point: missing the case is worse than help.
    missed_evidence: Points = _described(3, "Points lost for each piece of evidence never found.")
    hint: Points = _described(1, "Points lost for each hint that pointed the way.")
    exact_hint: Points = _described(2, "Points lost for each hint that gave the exact step.")
    wrong_objection: Points = _described(2, "Points lost for each objection that proved nothing.")
    undone_objection: Points = _described(
        1, "Points lost for each objection taken back with undo.")
    wrong_try: Points = _described(
        1, "Points lost for each group of the board filled in wrong.")
    grades: Annotated[dict[Annotated[str, Field(min_length=1, max_length=40),
                                     AfterValidator(visible)],
                           Annotated[int, Field(ge=0, strict=True)]],
                      Field(min_length=1), AfterValidator(_grades_in_order)] = _described(
        {"A": 0, "B": 6, "C": 15, "D": 30, "E": 1_000_000},
        "Each grade, best first, with the most points lost that still earn it; the last "
        "takes the rest.")


def _one_word(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,30}", value):
        raise PydanticCustomError(
            "word", "`{value}` should be one word of 2 to 30 lowercase letters, as a player "
            "types it", {"value": value[:60]})
    return value


Word = Annotated[str, AfterValidator(_one_word),
                 WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,30}$"})]


class Words(Model):
    """The words the interface uses for the case's world, where another case would use others."""

    hearing: Word = _described(
        "hearing", "The final stage (an inquest, a trial), as the interface names it: "
        "\u201cGo to the inquest\u201d; and the command that goes there.")
    credibility: Word = _described(
        "credibility", "What objections that prove nothing cost, as the interface names it "
        "(\u201cpatience\u201d, \u201cstanding\u201d).")


class CaseInfo(Model):
    """The case itself: its title, who the player is, how it opens. Exactly once per case."""

    id: Id = _required("The case's id: saves record it.")
    title: Text = _required("The case's title, on the title screen and in saves.")
    tagline: Text = _described("", "One line under the title on the title screen.")
    player: Id = _required("The character the player plays (a character id).")
    intro: Lines = _described((), "Lines shown when a new game starts.")
    content_note: Text = _described(
        "", "What the case contains that a player may want to know before starting (violence, "
        "abuse): shown once before a new game, with the choice to go on or go back.")
    credibility: Annotated[int, Field(ge=1, le=99, strict=True)] = _described(
        5, "How many objections that prove nothing the player may make.")
    grading: Grading = _described(Grading(), "How the case report grades a finished game.")
    words: Words = _described(Words(), "The words the interface uses for the case's world.")


class CharacterState(Model):
    """A version of the character's story: a state of their machine."""

    label: Text = _required("The short name of the version, in the versions view.")
    account: Text = _described("", "The account this version tells, for the versions view.")
    mood: Text = _described("", "One word or phrase for the board.")


class Transition(Model):
    """A move of the character's machine: from a state to another once a condition holds."""

    from_state: Id = Field(alias="from", description="The state it leaves.")
    to: Id = _required("The state it enters.")
    when: Cond = _described(ALWAYS, "Taken once this holds (tried after every action).")


class Character(Model):
    """A person in the case: questioned in the chair, or only mentioned in lines."""

    name: Text = _required("The name the player sees.")
    role: Text = _described("", "One line, shown on the board.")
    questioned: StrictBool = _described(
        False, "Whether the player questions them in the chair (false: they only speak in "
        "lines). Never the player's own character.")
    available: Cond = _described(ALWAYS, "When they can be questioned.")
    initial: Id | None = _described(
        None, "The state their machine starts in (required when they have states).")
    default_reaction: Lines = _described(
        (), "Played when evidence with no reaction of its own is presented to them.")
    wrong_objection: Lines = _described(
        (), "Their answer to an objection that proves nothing.")
    wrong_objection_with: dict[Id, Lines] = _described(
        {}, "Their answer to an objection that proves nothing, for a particular piece of "
        "evidence (by evidence id).")
    states: dict[Id, CharacterState] = _described(
        {}, "The versions of their story (by state id); none: one implicit state.")
    transitions: tuple[Transition, ...] = _described(
        (), "How their machine moves from state to state (tried in order).")


class Evidence(Model):
    """A piece of evidence the player can find, read, present and object with."""

    title: Text = _required("Its name in the locker.")
    summary: Text = _described("", "One line about it.")
    source: Text = _described("", "Where it came from.")
    document: Text = _required(
        "The full document, as the player reads it: a blank line starts a paragraph; other "
        "line breaks are kept.")


class Effects(Model):
    lines: Lines = _described((), "What is said when it plays.")
    gives: tuple[Id, ...] = _described((), "Evidence the player finds when it plays.")
    sets: tuple[Id, ...] = _described((), "Flags set when it plays.")


class Objection(Effects):
    """Evidence that bears on a statement (any one of the items will do), and what happens
    when the player objects with it."""

    evidence: Annotated[tuple[Id, ...], Field(min_length=1)] = _required(
        "The evidence that does it (any one of them).")


class Contradiction(Objection):
    """The evidence that proves a statement false (any one of the items will do), and what
    plays when the player objects with it: the statement is broken."""


class Support(Objection):
    """Evidence that backs a statement (any one of the items will do), and what plays when
    the player objects with it: it costs no credibility, and breaks nothing."""


class Press(Effects):
    """What the character adds when the player presses the statement."""


class Statement(Model):
    """One line of a character's testimony, which the player can press or object to."""

    character: Id = _required("Who says it (a questioned character).")
    version: Id | None = _described(
        None, "The state of theirs it is told in (none: in any state).")
    when: Cond = _described(ALWAYS, "And only while this holds.")
    text: Text = _required("What they say.")
    press: Press | None = _described(None, "What they add when pressed on it.")
    contradiction: Contradiction | None = _described(
        None, "The evidence that proves it false, and what proving it plays.")
    support: Support | None = _described(
        None, "Evidence that backs it: objecting with it costs nothing.")
    wrong_objection: Lines = _described((), "Their answer to any other evidence.")


class Blank(Model):
    """A question of a board group, with its right answer."""

    question: Text = _required("The question the blank asks.")
    answer: Id = _required("The right answer (an answer id).")
    kind: Id | None = _described(None, "Only answers of this kind are offered for it.")


class Group(Model):
    """A group of blanks on the deduction board, confirmed only when every blank is right."""

    title: Text = _required("The group's title on the board.")
    blanks: Annotated[dict[Id, Blank], Field(min_length=1)] = _required(
        "Its blanks (by blank id), numbered over the whole board in the order written.")
    lines: Lines = _described((), "Played when the group is confirmed.")
    when: Cond = _described(
        ALWAYS, "On the board once this holds (once the player has a reason to ask).")


class Answer(Model):
    """An answer the player may put in a blank of the board: write wrong ones too."""

    text: Text = _required("The answer as the player sees it.")
    kind: Id | None = _described(None, "Its kind: blanks of a kind offer only answers of it.")
    when: Cond = _described(ALWAYS, "Offered once this holds (once the player has learned it).")


class Term(Model):
    """Something the player must learn before the game may name it: a person, a place, a fact.
    `detective check` proves no text the player can see uses its words before it is taught."""

    words: Annotated[tuple[Annotated[str, Field(min_length=1, max_length=200),
                                     AfterValidator(visible)], ...], Field(min_length=1)] = (
        _required("The words that give it away: whole words, any case."))
    taught_by: tuple[Annotated[str, Field(max_length=2 * MAX_ID_LENGTH + 20)], ...] = _described(
        (), "What teaches it: a topic, reaction, search or event id (played), an evidence id "
        "(held), a board group id (confirmed), `statement.press` or `statement.contradiction`.")
    when: Cond | None = _described(
        None, "Another way to learn it: once this holds (no `not`, `is` or `credibility`).")


class Topic(Effects):
    """A dialogue node the player asks in the interrogation room."""

    character: Id = _required("Who is in the chair.")
    title: Text = _required("What the player sees in the topic list.")
    when: Cond = _described(ALWAYS, "When it can be asked.")
    once: StrictBool = _described(False, "Gone from the list once heard.")


class Reaction(Effects):
    """What a character says when shown a piece of evidence (the first that matches plays)."""

    character: Id = _required("Who is shown the evidence.")
    evidence: Id = _required("The evidence shown.")
    when: Cond = _described(ALWAYS, "Played only while this holds.")


class Place(Model):
    """A place the player can search."""

    name: Text = _required("Its name.")
    description: Text = _described("", "What the player sees there.")
    available: Cond = _described(ALWAYS, "When it can be searched.")
    nothing: Text = _described("You find nothing you have not seen before.",
                               "Said when a search finds nothing new.")


class Search(Effects):
    """What searching a place finds: each plays once, in the order written, while its `when`
    holds."""

    place: Id = _required("The place searched.")
    when: Cond = _described(ALWAYS, "Played only while this holds.")


class Event(Effects):
    """Something that happens once, right after the action that makes its `when` true."""

    title: Text = _required("The headline for the case board.")
    when: Cond = _described(ALWAYS, "Fires once this holds.")


class HearingOption(Model):
    """A course the player may choose at the hearing, leading to an ending."""

    text: Text = _required("The option as the player sees it.")
    when: Cond = _described(ALWAYS, "Offered only while this holds.")
    ending: Id = _required("The ending it leads to.")
    lines: Lines = _described((), "Played when it is chosen.")


class Hearing(Model):
    """The final stage: its lines, and the options that lead to the endings. Once per case."""

    title: Text = _described(
        "", "Its title; left out: \u201cThe\u201d and the case's word for it (\u201cThe "
        "hearing\u201d).")
    available: Cond = _described(ALWAYS, "When the player may go to the hearing.")
    lines: Lines = _described((), "Played on arrival.")
    options: dict[Id, HearingOption] = _required("Its options (by option id).")


class FinalChoice(Model):
    """The player's last choice in an ending."""

    text: Text = _required("The choice as the player sees it.")
    lines: Lines = _described((), "Played when it is chosen.")


class Ending(Model):
    """An ending of the case."""

    title: Text = _required("Its title.")
    lines: Lines = _described((), "Played when it is reached.")
    prompt: Text = _described("", "The question before the player's last choice.")
    choices: dict[Id, FinalChoice] = _described(
        {}, "The player's last choice (by choice id); none: the game ends at once.")


class StoryFile(Model):
    """What one TOML file of a case may hold. Every table is optional; the files of a case
    folder are merged."""

    case: CaseInfo | None = _described(None, "The case itself (exactly once per case).")
    character: dict[Id, Character] = _described({}, "People (by character id).")
    evidence: dict[Id, Evidence] = _described({}, "Evidence (by evidence id).")
    statement: dict[Id, Statement] = _described(
        {}, "Testimony the player cross-examines (by statement id).")
    board: dict[Id, Group] = _described({}, "Groups of the deduction board (by group id).")
    answer: dict[Id, Answer] = _described({}, "Answers for the board's blanks (by answer id).")
    topic: dict[Id, Topic] = _described({}, "Topics asked in the interrogation room (by id).")
    reaction: dict[Id, Reaction] = _described(
        {}, "What characters say when shown evidence (by id).")
    place: dict[Id, Place] = _described({}, "Places to search (by place id).")
    search: dict[Id, Search] = _described({}, "What searching a place finds (by id).")
    event: dict[Id, Event] = _described({}, "Things that happen once (by event id).")
    hearing: Hearing | None = _described(None, "The hearing (exactly once per case).")
    ending: dict[Id, Ending] = _described({}, "Endings (by ending id).")
    term: dict[Id, Term] = _described(
        {}, "What the player must learn before the game names it (by term id).")


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

    @property
    def stage(self) -> str:
        """The case's word for its final stage, as the player reads and types it ("hearing",
        "inquest", "trial")."""
        return self.case.words.hearing

    @property
    def stage_title(self) -> str:
        return self.hearing.title or f"The {self.stage}"

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
