"""`detective new`: a new case that passes check, and new tables added to a case, ready to edit.

A new case is a copy of the starter case shipped with the game (game/storyfiles/starter: a
witness with two versions broken by a contradiction, a place, a piece of evidence, a deduction
group, two endings and a walkthrough to each), with the editor's schema beside it. A new table is
appended to the file where an author would look for it, written with tomli-w, and the case is
loaded again before the change is kept: a table that would break a case that loaded is taken
back, and the author is told why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import tomli
import tomli_w

from game.engine.model import ID_RE, MAX_ID_LENGTH
from game.storyfiles.diagnostics import StoryError, did_you_mean
from game.storyfiles.loader import load_story, story_files
from game.storyfiles.schema import (
    CASE_SCHEMA_FILE,
    WALKTHROUGH_SCHEMA_FILE,
    as_text,
    case_schema,
    walkthrough_schema,
)

KINDS = ("character", "evidence", "topic", "place")
# Topics, reactions, searches, events and statements share one space of ids (the loader's rule).
_NODE_TABLES = ("topic", "reaction", "search", "event", "statement")
_TAPLO = """\
# Taplo (Even Better TOML in VS Code, Helix, Neovim) checks this case's files against the game's
# schemas as you type. Hidden files such as this one are not part of the case.
include = ["**/*.toml"]

[[rule]]
include = ["**/walkthroughs/*.toml"]
[rule.schema]
path = "schema/walkthrough.schema.json"

[[rule]]
include = ["**/*.toml"]
exclude = ["**/walkthroughs/*.toml", ".taplo.toml"]
[rule.schema]
path = "schema/case.schema.json"
"""


class ScaffoldError(Exception):
    """What `detective new` could not do, in the author's terms."""


@dataclass(frozen=True)
class Added:
    path: Path  # the file the tables went into
    line: int  # where the first of them starts
    tables: tuple[str, ...]  # their headers, as written
    note: str = ""  # what the author still has to do for check to pass


def as_id(text: str) -> str:
    """An id made from a name: `My Case` -> `my_case`."""
    made = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:MAX_ID_LENGTH]
    return made if ID_RE.match(made or "-") else f"case_{made}".strip("_")[:MAX_ID_LENGTH]


def new_case(folder: Path, case_id: str | None = None, title: str | None = None) -> list[Path]:
    """Write the starter case into `folder` (new, or empty), named `case_id` and `title`."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} already exists and is not an empty folder")
    if title is not None and (not title.strip() or any(
            unicodedata.category(c).startswith("C") for c in title)):
        raise ScaffoldError("a title is one line of text, without control characters")
    case_id = case_id or as_id(folder.resolve().name)
    if not ID_RE.match(case_id) or len(case_id) > MAX_ID_LENGTH:
        raise ScaffoldError(f"`{case_id}` is not a valid id: use lowercase letters, digits and _")
    written: list[Path] = []
    try:
        _copy(files("game.storyfiles").joinpath("starter"), folder, written)
        case_file = folder / "case.toml"
        text = case_file.read_text(encoding="utf-8")
        # A function as the replacement: a string would have its backslashes read by re.
        text = re.sub(r'(?m)^id = ".*"$', lambda _: f"id = {_string(case_id)}", text, count=1)
        if title:
            text = re.sub(r'(?m)^title = ".*"$', lambda _: f"title = {_string(title)}", text,
                          count=1)
        case_file.write_text(text, encoding="utf-8")
        (folder / "schema").mkdir()
        for name, schema in ((CASE_SCHEMA_FILE, case_schema()),
                             (WALKTHROUGH_SCHEMA_FILE, walkthrough_schema())):
            (folder / "schema" / name).write_text(as_text(schema), encoding="utf-8")
            written.append(folder / "schema" / name)
        (folder / ".taplo.toml").write_text(_TAPLO, encoding="utf-8")
        written.append(folder / ".taplo.toml")
    except OSError as error:
        raise ScaffoldError(f"cannot write into {folder}: {error.strerror or error}") from None
    return written


def _copy(source: Traversable, target: Path, written: list[Path]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in sorted(source.iterdir(), key=lambda item: item.name):
        if item.is_dir() and not item.name.startswith(("_", ".")):
            _copy(item, target / item.name, written)
        elif item.name.endswith(".toml"):
            (target / item.name).write_bytes(item.read_bytes())
            written.append(target / item.name)


def _string(text: str) -> str:
    """A TOML string, as tomli-w writes it."""
    return tomli_w.dumps({"x": text}).partition(" = ")[2].strip()


def add(case_dir: Path, kind: str, object_id: str, name: str | None = None,
        character: str | None = None, named: bool = True) -> Added:
    """Append a new `kind` named `object_id` to the case, with what it needs to be valid.
    `named`: the author named `case_dir`; else it is the current folder, taken for the case
    only if the case's own files are there and not in a folder below it."""
    if not ID_RE.match(object_id) or len(object_id) > MAX_ID_LENGTH:
        raise ScaffoldError(f"`{object_id}` is not a valid id: use lowercase letters, digits "
                            "and _, starting with a letter")
    tables, where = _case_tables(case_dir, named)
    # The player asks: their lines start with their id.
    asker = next((case.get("player") for case in tables.get("case", {}).values()), None) or "you"
    shown = name or object_id.replace("_", " ").capitalize()
    taken = {table: set(ids) for table, ids in tables.items()}
    nodes = set().union(*(taken.get(table, set()) for table in _NODE_TABLES))
    note = ""
    match kind:
        case "character":
            _free(taken, "character", object_id)
            _free_node(nodes, f"{object_id}_who")
            new = {"character": {object_id: {"name": shown, "role": "", "questioned": True}},
                   "topic": {f"{object_id}_who": {
                       "character": object_id, "title": "Who they are",
                       "lines": [f"{asker}: Who are you?",
                                 f"{object_id}: (What they answer.)"]}}}
            folder = case_dir / "characters"
            target = folder / f"{object_id}.toml" if folder.is_dir() else \
                case_dir / f"{object_id}.toml"
        case "evidence":
            _free(taken, "evidence", object_id)
            new = {"evidence": {object_id: {
                "title": shown, "summary": "(One line about it.)", "source": "(Where it is from.)",
                "document": "(The document, as the player reads it.)\n"}}}
            target = case_dir / "evidence.toml"
            note = (f"give it from a topic, a search or an event (gives = [\"{object_id}\"]): "
                    "until then, check says it can never be found")
        case "topic":
            if character is None:
                raise ScaffoldError("a topic needs --character: who is asked")
            known = tables.get("character", {})
            if character not in known:
                raise ScaffoldError(f"unknown character `{character}`"
                                    + did_you_mean(character, known))
            if not isinstance(known[character], dict) or \
                    known[character].get("questioned") is not True:
                raise ScaffoldError(f"`{character}` is not questioned: set `questioned = true` "
                                    "in their table first")
            _free_node(nodes, object_id)
            new = {"topic": {object_id: {
                "character": character, "title": shown,
                "lines": [f"{asker}: (What you ask.)", f"{character}: (What they say.)"]}}}
            target = where.get(("character", character), case_dir / "topics.toml")
        case "place":
            _free(taken, "place", object_id)
            _free_node(nodes, f"{object_id}_look")
            new = {"place": {object_id: {"name": shown, "description": "(What the player sees.)"}},
                   "search": {f"{object_id}_look": {
                       "place": object_id, "lines": ["(What searching it turns up.)"]}}}
            target = case_dir / "places.toml"
        case _:
            raise ScaffoldError(f"cannot make a `{kind}`: one of {', '.join(KINDS)}")
    return _append(case_dir, target, new, note)


def _free(taken: dict[str, set[str]], table: str, object_id: str) -> None:
    if object_id in taken.get(table, ()):
        raise ScaffoldError(f"{table} `{object_id}` is already in the case")


def _free_node(nodes: set[str], object_id: str) -> None:
    if object_id in nodes:
        raise ScaffoldError(f"`{object_id}` is already the id of a topic, reaction, search, "
                            "event or statement of the case")


Where = dict[tuple[str, str], Path]  # (kind, id) -> the file its table is in


def _case_tables(case_dir: Path, named: bool = True) -> tuple[dict[str, dict[str, Any]], Where]:
    """Every table of the case's files, by kind and id, and where each is, read as TOML without
    judging them: a case that does not load yet can still be added to, as long as every file
    parses."""
    if not case_dir.is_dir():
        raise ScaffoldError(f"{case_dir} is not a folder")
    tables: dict[str, dict[str, Any]] = {}
    where: Where = {}
    paths = story_files(case_dir)
    if not named and paths and not any(path.parent == case_dir for path in paths):
        # Only folders below hold story files: they are cases, or parts of one; say which to
        # name before reading any of them (one may not even parse).
        below = sorted({path.relative_to(case_dir).parts[0] for path in paths})
        if len(below) == 1:
            raise ScaffoldError(f"the current folder holds no case file of its own; the case "
                                f"seems to be {case_dir / below[0]}: add to it with --case "
                                f"{case_dir / below[0]}")
        listed = ", ".join(below[:5]) + (" and more" if len(below) > 5 else "")
        raise ScaffoldError(f"the current folder holds no case file of its own, only folders "
                            f"that do ({listed}): name the case with --case")
    holders = []  # the files with a [case] table
    for path in paths:
        try:
            data = tomli.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError) as error:
            raise ScaffoldError(f"{path} cannot be read ({error}): fix it first "
                                "(`detective check` says where)") from None
        if isinstance(data.get("case"), dict):
            holders.append(path)
        for table, value in data.items():
            if isinstance(value, dict):
                objects = value if table not in ("case", "hearing") else {table: value}
                tables.setdefault(table, {}).update(objects)
                where.update(((table, object_id), path) for object_id in objects)
    if "case" not in tables:
        raise ScaffoldError(f"{case_dir} is not a case folder: no file in it has a [case] table"
                            " (`detective new case DIR` starts one)")
    if len(holders) > 1:
        listed = ", ".join(str(path) for path in holders[:3])
        raise ScaffoldError(f"{case_dir} holds more than one case ([case] is in {listed}"
                            f"{' and more' if len(holders) > 3 else ''}): name one with --case")
    return tables, where


def _append(case_dir: Path, target: Path, new: dict[str, Any], note: str) -> Added:
    """Append `new` to `target`, keeping it only if a case that loaded still loads."""
    loaded_before = _loads(case_dir)
    old = target.read_text(encoding="utf-8") if target.exists() else None
    text = tomli_w.dumps(new)
    prefix = "" if not old else ("\n" if old.endswith("\n") else "\n\n")  # a blank line
    line = ((old or "") + prefix).count("\n") + 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((old or "") + prefix + text, encoding="utf-8")
    except OSError as error:
        raise ScaffoldError(f"cannot write {target}: {error.strerror or error}") from None
    if loaded_before:
        try:
            load_story(case_dir)
        except StoryError as error:
            _restore(target, old)
            problems = "; ".join(str(d) for d in error.diagnostics if not d.is_warning)
            raise ScaffoldError(f"nothing added: the case would not load with it: {problems}") \
                from None
    headers = tuple(f"[{table}.{object_id}]" for table, objects in new.items()
                    for object_id in objects)
    return Added(target, line, headers, note)


def _loads(case_dir: Path) -> bool:
    try:
        load_story(case_dir)
    except StoryError:
        return False
    return True


def _restore(target: Path, old: str | None) -> None:
    if old is None:
        target.unlink(missing_ok=True)
    else:
        target.write_text(old, encoding="utf-8")
