"""Typed commands (`ask the night`, `present 2`) turned into engine actions.

Shared by the plain line mode and walkthroughs. Targets may be ids, the names the player sees,
a unique part of a name, or the number of the item in the list the player was last shown.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from game.engine.model import Story
from game.engine.session import Action, Session, blank_key

VERB_ALIASES = {
    "talk": "talk", "question": "talk", "t": "talk", "interrogate": "talk",
    "ask": "ask", "a": "ask",
    "present": "present", "show": "present", "p": "present",
    "search": "search", "s": "search", "go": "search",
    "leave": "leave", "bye": "leave",
    "hearing": "hearing", "court": "hearing",
    "choose": "choose", "c": "choose", "pick": "choose",
    "press": "press", "object": "object", "objection": "object", "fill": "fill",
    "doubt": "doubt", "trust": "trust",
}
# What the line mode reads as its own commands besides these (game/plain.py keeps the list; a
# test holds the two together): a case may not name its final stage after one of them.
LINE_MODE_WORDS = frozenset({
    "help", "status", "people", "topics", "evidence", "inventory", "read", "places", "notebook",
    "versions", "save", "load", "saves", "undo", "redo", "hint", "restart", "testimony",
    "statements", "board", "b", "deduction", "answers", "scenes", "quit", "exit", "q", "yes",
    "no", "?"})
ENGINE_VERBS = ("talk", "ask", "present", "search", "leave", "hearing", "choose", "press",
                "object", "fill", "doubt", "trust")
# `object <statement> with <evidence>`, `fill <blank> with <answer>`
_WITH = re.compile(r"\s+with\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolved:
    action: Action | None
    error: str = ""
    suggestions: tuple[str, ...] = ()


def verb_aliases(story: Story) -> dict[str, str]:
    """The words a player may type for each verb in this case: the final stage goes by the
    case's own word ("inquest"), and the words of another world ("hearing", "court") are left
    out so that nothing the game suggests names them."""
    if story.stage == "hearing":
        return VERB_ALIASES
    aliases = {word: verb for word, verb in VERB_ALIASES.items() if verb != "hearing"}
    aliases[story.stage] = "hearing"
    return aliases


def reserved_words() -> frozenset[str]:
    """Words a case may not take for its final stage: each already means something typed."""
    return frozenset(word for word, verb in VERB_ALIASES.items() if verb != "hearing") \
        | LINE_MODE_WORDS


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    words = [w for w in text.split() if w not in ("the", "a", "an", "to", "about")]
    return " ".join(words)


def choices_for(session: Session, verb: str) -> list[tuple[str, str]]:
    """(id, name shown to the player) for every target the verb can take now, in list order."""
    story, state = session.story, session.state
    if verb == "talk":
        return [(c, story.characters[c].name) for c in session.available_characters()]
    if verb == "ask":
        return [(t, story.topics[t].title) for t in session.available_topics()]
    if verb == "present":
        return [(e, story.evidence[e].title) for e in state.held]
    if verb == "search":
        return [(p, story.places[p].name) for p in session.available_places()]
    if verb in ("press", "object"):
        return [(s, story.statements[s].text) for s in session.testimony()]
    if verb == "fill":
        # Every blank on the board now, numbered as the board shows it: a confirmed group
        # keeps its numbers (the engine says it is confirmed already).
        return [(blank_key(g, b), blank.question) for g in session.board_groups()
                for b, blank in story.board[g].blanks.items()]
    if verb == "doubt":
        return heard_statements(session)
    if verb == "trust":
        return [(s, text) for s, text in heard_statements(session) if s in state.doubts]
    if verb == "choose":
        if state.ending is not None:
            return [(c, choice.text) for c, choice in story.endings[state.ending].choices.items()]
        if not state.at_hearing:  # the options are the hearing's: not even named before it
            return []
        return [(o, story.hearing.options[o].text) for o in session.hearing_options()]
    return []


def heard_statements(session: Session) -> list[tuple[str, str]]:
    """(id, text) of every statement the player has heard: the testimony of the person in the
    chair first, in its order, then the others in the story's order."""
    story, state = session.story, session.state
    now = session.testimony()
    others = [s for s in story.statements if s in state.told and s not in now]
    return [(s, story.statements[s].text) for s in (*now, *others)]


def all_names_for(session: Session, verb: str) -> list[tuple[str, str]]:
    """Every target of the verb in the whole story, to explain why one is not available now."""
    story = session.story
    if verb == "talk":
        return [(c, story.characters[c].name) for c in story.index.questioned]
    if verb == "ask":
        who = session.state.interlocutor
        return [(t, topic.title) for t, topic in story.topics.items() if topic.character == who]
    if verb == "present":
        return [(e, item.title) for e, item in story.evidence.items()]
    if verb == "search":
        return [(p, place.name) for p, place in story.places.items()]
    return []


def matches(text: str, choices: list[tuple[str, str]]) -> list[str]:
    """The ids `text` may name among `choices`, by the closest kind of match that any has: a
    number (from 1), the id itself, the id's last part or the name exactly (a blank is
    `group.blank`: its own id is enough), the name or id in other words, or a part of them."""
    raw = text.strip()
    # ASCII digits only: `int()` refuses "²" though `isdigit()` takes it, and a short number
    # never meets Python's limit on digits.
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        index = int(raw) - 1
        return [choices[index][0]] if 0 <= index < len(choices) else []
    for object_id, _ in choices:
        if raw == object_id:
            return [object_id]
    exact = [object_id for object_id, name in choices
             if raw == object_id.rpartition(".")[2] or raw.lower() == name.lower()]
    if exact:
        return list(dict.fromkeys(exact))
    wanted = normalise(raw)
    if not wanted:
        return []
    whole = [object_id for object_id, name in choices
             if wanted in (normalise(name), normalise(object_id.replace("_", " ")))]
    if whole:
        return whole
    return [object_id for object_id, name in choices
            if wanted in normalise(name) or wanted in normalise(object_id.replace("_", " "))]


def match_target(text: str, choices: list[tuple[str, str]]) -> str | None:
    """The id `text` names among `choices`, or None when it names none or more than one."""
    found = matches(text, choices)
    return found[0] if len(found) == 1 else None


def not_one(text: str, choices: list[tuple[str, str]], missing: str) -> str:
    """Why `text` picks nothing in `choices`: it fits several (named, so the player can say
    which), or it fits none and `missing` says so."""
    found = matches(text, choices)
    if len(found) < 2:
        return missing
    names = dict(choices)
    listed = ", ".join(f"'{names[object_id]}'" for object_id in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    return f"'{text.strip()[:60]}' fits more than one: {listed}{more}. Say which."


def unmatched(text: str, choices: list[tuple[str, str]], missing: str,
              near: list[tuple[str, str]] | None = None) -> Resolved:
    """No action: `text` fits several of `choices` (which are named), or none, and then the
    names of `near` (default: the choices) closest to it are suggested."""
    said = not_one(text, choices, missing)
    close = suggest(text, choices if near is None else near) if said == missing else ()
    return Resolved(None, said, close)


def suggest(text: str, choices: list[tuple[str, str]]) -> tuple[str, ...]:
    """Up to three names close to `text`, matching on names and on ids alike."""
    names = {name.lower(): name for _, name in choices}
    names.update({object_id: name for object_id, name in choices})
    close = difflib.get_close_matches(text.strip().lower()[:200], list(names), n=3, cutoff=0.5)
    return tuple(dict.fromkeys(names[c] for c in close))


def _resolve_pair(session: Session, verb: str, rest: str) -> Resolved:
    """`object <statement> with <evidence>` or `fill <blank> with <answer>`."""
    parts = [part.strip() for part in _WITH.split(rest.strip(), maxsplit=1)]
    first, second = parts if len(parts) == 2 else (parts[0], "")
    what = "statement" if verb == "object" else "blank"
    usage = (f"{verb.capitalize()} what? Type '{verb} <{what}> with "
             f"<{'evidence' if verb == 'object' else 'answer'}>'.")
    if not first or not second:
        return Resolved(None, usage)
    targets = choices_for(session, verb)
    target = match_target(first, targets)
    if target is None:
        return unmatched(first, targets, f"No {what} '{first[:60]}' now.")
    if verb == "object":
        usable = choices_for(session, "present")
    else:
        group_id, _, blank_id = target.partition(".")
        kind = session.story.board[group_id].blanks[blank_id].kind
        usable = [(a, session.story.answers[a].text) for a in session.available_answers(kind)]
    using = match_target(second, usable)
    if using is None:
        return unmatched(second, usable, f"No '{second[:60]}' to {verb} with now.")
    return Resolved(Action(verb, target, using))


def _flag_readings(text: str) -> list[tuple[str, str]]:
    """The ways to read `doubt <statement> <note>`, most likely first: `<statement>: <note>`,
    `<number> <note>`, the whole line, then ever shorter runs of its first words."""
    readings = []
    named, colon, note = text.partition(":")
    if colon:
        readings.append((named.strip(), note.strip()))
    first, _, after = text.partition(" ")
    if first.isascii() and first.isdigit():
        readings.append((first, after.strip()))
        return readings
    words = text.split()
    # A run that ends on a word matching ignores ("the", "an") would take it from the note.
    readings += [(" ".join(words[:n]), " ".join(words[n:])) for n in range(len(words), 0, -1)
                 if n == len(words) or (normalise(words[n - 1])
                                        and len(normalise(" ".join(words[:n]))) >= 3)]
    return readings


def _resolve_flag(session: Session, verb: str, rest: str) -> Resolved:
    """`doubt <statement> [note]` and `trust <statement>`. A number is the statement's place in
    the testimony of the person in the chair; words name any statement heard (for `trust`, any
    flagged one). The note follows a number, or a colon: `doubt 2 the door was shut`,
    `doubt the garden: the door was shut`."""
    text = rest.strip()
    if not text:
        usage = ("Doubt what? Type 'doubt <statement> <note>': 'doubt 2 the door was shut', "
                 "or 'doubt <words of the statement>: <note>'. The note can be left out."
                 if verb == "doubt" else "Trust what? Type 'trust <statement>'.")
        return Resolved(None, usage)
    state = session.state
    testimony = choices_for(session, "press")
    named = choices_for(session, verb)
    for statement, note in _flag_readings(text) if verb == "doubt" else [(text, "")]:
        if statement.isascii() and statement.isdigit():
            if not testimony:
                return Resolved(None, "A number is a statement of the testimony being given, "
                                      "and nobody is giving one now: name the statement by its "
                                      "words.")
            target = match_target(statement, testimony)
            if target is None:
                return Resolved(None, f"No statement {statement[:12]} in the testimony: it has "
                                      f"{len(testimony)}.")
        else:
            target = match_target(statement, named)
            if target is None and verb == "trust":
                target = match_target(statement, heard_statements(session))
        if target is not None:
            if verb == "doubt" and not note:
                note = state.doubts.get(target, "")  # flagged again: the note stays
            return Resolved(Action(verb, target, note if verb == "doubt" else ""))
    shown = text if len(text) <= 60 else text[:57] + "..."
    what = "you have heard" if verb == "doubt" else "you doubt"
    return Resolved(None, f"No statement '{shown}' {what}.", suggest(text, named))


def resolve(session: Session, verb_word: str, rest: str) -> Resolved:
    """Turn `verb rest` into an Action, or explain what went wrong and suggest what was meant."""
    aliases = verb_aliases(session.story)
    verb = aliases.get(verb_word.lower())
    if verb is None:
        return Resolved(None, f"Unknown command '{verb_word}'.",
                        tuple(difflib.get_close_matches(verb_word.lower(), list(aliases))))
    if verb in ("leave", "hearing"):
        return Resolved(Action(verb))
    if verb in ("ask", "present", "press", "object") and session.state.interlocutor is None:
        return Resolved(None, "You are not questioning anyone: talk to someone first.")
    if verb in ("object", "fill"):
        return _resolve_pair(session, verb, rest)
    if verb in ("doubt", "trust"):
        return _resolve_flag(session, verb, rest)
    choices = choices_for(session, verb)
    if verb == "choose" and not choices:
        return Resolved(Action(verb, rest.strip()))  # the engine says when there will be a choice
    if not rest.strip():
        listing = ", ".join(f"{i}. {name}" for i, (_, name) in enumerate(choices, 1))
        empty = {"talk": "There is nobody you can question yet.",
                 "ask": "There is nothing more to ask right now.",
                 "present": "You hold no evidence yet.",
                 "search": "There is nowhere to search yet.",
                 "choose": "There is nothing to choose now.",
                 "press": "They are not telling you anything to press."}[verb]
        return Resolved(None, f"{verb.capitalize()} what? " + (listing or empty))
    target = match_target(rest, choices)
    if target is not None:
        return Resolved(Action(verb, target))
    # By name only: a number counts in the list the player sees, never in the whole story,
    # whose later topics it would name.
    numbered = rest.strip().isascii() and rest.strip().isdigit()
    known = None if numbered else match_target(rest, all_names_for(session, verb))
    if known is not None:
        # Let the engine say why it cannot be done now (not available yet, not held...).
        return Resolved(Action(verb, known))
    shown = rest.strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    doing = "talk to" if verb == "talk" else verb
    return unmatched(rest, choices, f"No '{shown}' to {doing} now.",
                     choices or all_names_for(session, verb))
