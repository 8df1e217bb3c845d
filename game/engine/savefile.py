"""A game as a save document and back: ids only, never list positions, and nothing that runs.

The document is plain data for tomli-w. Loading checks it with pydantic, migrates older formats
one step at a time, and reconciles it with the story as it is now: whatever the author has since
removed is dropped and listed in a load report; only a state that cannot be made valid (an
ending that no longer exists) is refused.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from game.engine.model import Story
from game.engine.state import GameState, Statement

SAVE_FORMAT = 2
MAX_SAVE_BYTES = 5 * 1024 * 1024


class SaveError(Exception):
    """A save that cannot be read or written; the message says why, in the player's words."""


# ---- the document ---------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SavedPair(_Strict):
    evidence: str
    character: str


class SavedReach(_Strict):
    character: str
    state: str


class SavedStatement(_Strict):
    turn: StrictInt
    node: str
    text: str
    speaker: str | None = None
    speaker_state: str | None = None


class SavedState(_Strict):
    turn: StrictInt = Field(ge=0)
    started: StrictBool
    at_hearing: StrictBool = False
    interlocutor: str | None = None
    ending: str | None = None
    final_choice: str | None = None
    held: dict[str, StrictInt] = {}
    presented: list[SavedPair] = []
    states: dict[str, str] = {}
    reached: list[SavedReach] = []
    flags: list[str] = []
    visited: dict[str, StrictInt] = {}
    fired: dict[str, StrictInt] = {}


class SaveEnd(_Strict):
    """Written last: a save cut short anywhere is missing it, or its count disagrees."""

    transcript_lines: StrictInt


class SaveDocument(_Strict):
    format: StrictInt
    case: str
    fingerprint: str
    saved_at: str
    play_seconds: float = Field(ge=0)
    label: str
    state: SavedState
    transcript: list[SavedStatement] = []
    end: SaveEnd


def _drop_none(value: Any) -> Any:
    """tomli-w cannot write None: leave such keys out (they read back as the default)."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def save_document(story: Story, state: GameState, *, saved_at: str, play_seconds: float,
                  label: str) -> dict[str, Any]:
    saved = {
        "format": SAVE_FORMAT, "case": story.case.id, "fingerprint": story.fingerprint,
        "saved_at": saved_at, "play_seconds": round(play_seconds, 1), "label": label,
        "state": {
            "turn": state.turn, "started": state.started, "at_hearing": state.at_hearing,
            "interlocutor": state.interlocutor, "ending": state.ending,
            "final_choice": state.final_choice,
            "held": dict(state.held),
            "presented": [{"evidence": e, "character": c} for e, c in sorted(state.presented)],
            "states": dict(state.states),
            "reached": [{"character": c, "state": s} for c, s in sorted(state.reached)],
            "flags": sorted(state.flags),
            "visited": dict(state.visited),
            "fired": dict(state.fired),
        },
        "transcript": [{"turn": s.turn, "node": s.node, "text": s.text, "speaker": s.speaker,
                        "speaker_state": s.speaker_state} for s in state.transcript],
        "end": {"transcript_lines": len(state.transcript)},  # tomli-w keeps this table last
    }
    return _drop_none(saved)


# ---- older formats ----------------------------------------------------------------------------

def _from_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (the first saves): `version` for `format`, no fingerprint or play time, pairs as
    "a:b" strings, transcript lines as [turn, node, speaker, text] with "" for narration."""
    data = dict(data)
    data["format"] = 2
    data.pop("version", None)
    data.setdefault("fingerprint", "")
    data.setdefault("play_seconds", 0.0)
    state = dict(data.get("state", {}))

    def pairs(key: str, names: tuple[str, str]) -> None:
        if isinstance(state.get(key), list):
            state[key] = [dict(zip(names, item.split(":", 1), strict=True))
                          if isinstance(item, str) and ":" in item else item
                          for item in state[key]]

    pairs("presented", ("evidence", "character"))
    pairs("reached", ("character", "state"))
    data["state"] = state
    lines = data.get("transcript", [])
    if isinstance(lines, list):
        data["transcript"] = [
            _drop_none({"turn": line[0], "node": line[1], "speaker": line[2] or None,
                        "text": line[3]})
            if isinstance(line, list) and len(line) == 4 else line
            for line in lines]
        data["end"] = {"transcript_lines": len(lines)}
    return data


# Each step takes a document of format N to format N + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_1}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("format", data.get("version"))
    if type(version) is not int or version < 1:
        raise SaveError("it has no save-format version: it is not a save of this game")
    if version > SAVE_FORMAT:
        raise SaveError(f"it was made by a newer version of the game (save format {version}; "
                        f"this one reads formats up to {SAVE_FORMAT})")
    while version < SAVE_FORMAT:
        data = MIGRATIONS[version](data)
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


def _describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors()[:3]:
        where = ".".join(str(p) for p in problem["loc"])
        parts.append(f"`{where}`: {problem['msg'].lower()}")
    more = len(error.errors()) - 3
    return "wrong data in it: " + "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def read_save(text: str, story: Story) -> LoadedSave:
    """Parse, check, migrate and reconcile a save. Raises SaveError with the reason."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SAVE_BYTES:
        raise SaveError(f"it is larger than {MAX_SAVE_BYTES // (1024 * 1024)} MB")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SaveError(f"it is not a readable TOML file ({error})") from None
    data = migrate(data)
    if "end" not in data:
        raise SaveError("it is incomplete: it was cut short")
    try:
        document = SaveDocument.model_validate(data)
    except ValidationError as error:
        raise SaveError(_describe(error)) from None
    if document.end.transcript_lines != len(document.transcript):
        raise SaveError("it is incomplete: its transcript was cut short")
    if document.case != story.case.id:
        raise SaveError(f"it is a save of another case (`{document.case}`, "
                        f"not `{story.case.id}`)")
    state, report = reconcile(story, document)
    if document.fingerprint and document.fingerprint != story.fingerprint and not report:
        report.append("The case files have changed since this save; nothing in it was lost.")
    return LoadedSave(state, document.play_seconds, document.label, document.saved_at, report)


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
    known_flags = {flag for group in (story.topics, story.reactions, story.searches, story.events)
                   for node in group.values() for flag in node.sets}
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
        state.transcript.append(Statement(line.turn, line.node, speaker, line.text, version))
    return state, report


def describe_position(story: Story, state: GameState) -> str:
    """A short label of where the player is, for slot lists."""
    if state.ending is not None:
        where = f"Ended: {story.endings[state.ending].title}"
    elif state.at_hearing:
        where = "At the hearing"
    elif state.interlocutor is not None:
        where = f"Questioning {story.name_of(state.interlocutor)}"
    else:
        where = "On the case board"
    return f"{where} \u00b7 evidence {len(state.held)} of {len(story.evidence)}"
