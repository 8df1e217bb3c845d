"""Load a case folder into a Story, or raise StoryError with every problem found at once."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli
from pydantic import BaseModel, ValidationError

from game.engine.commands import reserved_words
from game.engine.conditions import ALWAYS, Condition, Ref
from game.engine.model import (
    ID_RE,
    MAX_ID_LENGTH,
    Answer,
    CaseInfo,
    Character,
    Ending,
    Event,
    Evidence,
    Group,
    Hearing,
    Line,
    Origin,
    Place,
    Reaction,
    Search,
    Statement,
    Story,
    StoryFile,
    Term,
    Topic,
)
from game.engine.safe_read import UnsafeFile, read_bounded, size_words
from game.engine.terms import lasting, teachable, teaching_atom
from game.engine.text import INVISIBLE, control_characters, invisible_characters
from game.storyfiles.diagnostics import Diagnostic, StoryError, closest, dotted, mention
from game.storyfiles.keylines import Position, nearest_position, scan_key_lines, value_position
from game.storyfiles.limits import (
    MAX_CASE_BYTES,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_OBJECTS,
    line_and_column,
    structure_problem,
)
from game.storyfiles.toml_errors import in_author_words, missing_comma

WALKTHROUGH_DIR = "walkthroughs"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")

_TYPE_WORDS = {
    "string_type": "text in quotes", "bool_type": "true or false", "bool_parsing": "true or false",
    "tuple_type": "a list [...]", "list_type": "a list [...]", "dict_type": "a table",
    "model_type": "a table", "model_attributes_type": "a table", "int_type": "a whole number",
}

# The kinds of object, by the name of their table in a file.
_OBJECT_MODELS: dict[str, type[BaseModel]] = {
    "character": Character, "evidence": Evidence, "topic": Topic, "reaction": Reaction,
    "place": Place, "search": Search, "event": Event, "ending": Ending,
    "statement": Statement, "board": Group, "answer": Answer, "term": Term,
}
_KINDS = tuple(_OBJECT_MODELS)
# Topics, reactions, searches, events and statements share one space of ids: `visited x` names
# any node, and a line said in the game is known by the id of what it was said in.
_NODE_KINDS = ("topic", "reaction", "search", "event", "statement")
_SINGLE: dict[str, type[BaseModel]] = {"case": CaseInfo, "hearing": Hearing}


@dataclass
class SourceFile:
    path: Path
    shown: str  # the path as the author sees it in messages
    text: str
    _positions: dict[tuple[str | int, ...], Position] | None = None
    _starts: list[int] | None = None  # the offset of each line

    def positions(self) -> dict[tuple[str | int, ...], Position]:
        if self._positions is None:
            self._positions = scan_key_lines(self.text)
        return self._positions

    def at(self, path: tuple[str | int, ...], code: str, message: str,
           offset: int | None = None, suggestion: str | None = None,
           value: bool = False) -> Diagnostic:
        """A diagnostic at `path`; with `value`, at its value rather than its key (what an
        editor underlines, and what a quick fix replaces); with `offset`, at that character
        inside the string value. `suggestion` is the id the message's "did you mean" names."""
        position, exact = nearest_position(path, self.positions())
        if position is None:
            return Diagnostic(self.shown, None, None, code, message, dotted(path), suggestion)
        line, column = position
        if exact and (value or offset is not None):
            start = self._value_start(path, position)
            if start is not None and offset is not None:
                column = self._string_column(start, offset) or column
            elif start is not None:
                column = start[1]
        return Diagnostic(self.shown, line, column, code, message, suggestion=suggestion)

    def _value_start(self, path: tuple[str | int, ...], position: Position) -> Position | None:
        """Where the value of the key or array element at `position` starts."""
        if isinstance(path[-1], int):
            return position  # an array's element is placed at its value already
        return value_position(self.text, self._line_starts()[position[0] - 1], position)

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return self._starts

    def _string_column(self, start: Position, offset: int) -> int | None:
        """The column of character `offset` inside the one-line string value at `start`, or
        None when the value is not such a string (or has escapes, which shift the columns)."""
        line, column = start
        line_start = self._line_starts()[line - 1]
        line_end = self.text.find("\n", line_start)
        text = self.text[line_start:line_end if line_end >= 0 else len(self.text)]
        quote = text[column - 1:column]
        if quote in ("\"", "'") and text[column:column + 2] != quote * 2 and "\\" not in text:
            return column + 1 + offset
        return None


@dataclass
class _Defined:
    file: SourceFile
    path: tuple[str | int, ...]
    model: Any


@dataclass
class _Written:
    """A table as one file writes it, validated once every file is read."""
    file: SourceFile
    path: tuple[str, ...]  # (table,) for [case] and [hearing], else (table, id)
    raw: Any
    partial: bool  # only sub-tables: it adds to a table defined elsewhere, if any is


@dataclass
class _Loading:
    root: Path
    problems: list[Diagnostic] = field(default_factory=list)
    case: list[_Defined] = field(default_factory=list)
    hearing: list[_Defined] = field(default_factory=list)
    objects: dict[str, dict[str, _Defined]] = field(
        default_factory=lambda: {kind: {} for kind in _KINDS})
    written: list[_Written] = field(default_factory=list)  # every table, in file order
    defining: dict[tuple[str, ...], _Written] = field(default_factory=dict)  # where defined
    broken: set[tuple[str, str]] = field(default_factory=set)  # objects that failed validation
    # Flags (under "flag") and answer kinds (under "kind") written in those objects: known to
    # the author, so a condition or a blank naming one is not reported again as unknown.
    broken_names: dict[str, set[str]] = field(default_factory=lambda: {"flag": set(),
                                                                        "kind": set()})
    warnings: list[Diagnostic] = field(default_factory=list)
    # Files that could not be read at all (syntax, encoding, limits): what they define is
    # unknown, so "unknown" problems elsewhere may only follow from them and are counted here.
    unread: list[Diagnostic] = field(default_factory=list)
    # The text of each file not read for its syntax: what it could define is written in it.
    # A file not read at all (not UTF-8, a folder not listed) could define anything.
    unread_texts: list[str] = field(default_factory=list)
    unread_blind: bool = False
    # Objects written under a misspelled table name (`[evidnce.x]`), as (table meant, id).
    misnamed: set[tuple[str, str]] = field(default_factory=set)
    skipped: int = 0
    bytes_read: int = 0
    objects_seen: int = 0  # against MAX_OBJECTS

    @property
    def stopped(self) -> bool:
        """A case-wide limit was passed: the rest of the case is not read."""
        return self.bytes_read > MAX_CASE_BYTES or self.objects_seen > MAX_OBJECTS
    # Every file's name and bytes, in order: saves record it to notice a story that changed.
    fingerprint: hashlib._Hash = field(default_factory=hashlib.sha256)


def story_files(root: Path, problems: list[Diagnostic] | None = None) -> list[Path]:
    """Every story file under `root` (walkthroughs aside), in a stable order. A folder that
    cannot be listed is a problem, never a silent gap in the case. Hidden files and folders
    (`.taplo.toml`, an editor's `.#anya.toml`) are not the case's."""

    def unreadable(error: OSError) -> None:
        if problems is not None:
            problems.append(Diagnostic(str(error.filename or root), None, None, "E012",
                                       f"the folder cannot be read: {error.strerror or error}"))

    found = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        if WALKTHROUGH_DIR in Path(folder).relative_to(root).parts:
            continue
        found.extend(Path(folder) / name for name in names
                     if name.endswith(".toml") and not name.startswith("."))
    return sorted(found)


def load_story(root: str | Path) -> Story:
    """Read every story file under `root`. Raise StoryError listing all problems."""
    return load_case(root)[0]


def load_case(root: str | Path, overrides: Mapping[Path, str] | None = None,
              ) -> tuple[Story, list[Diagnostic]]:
    """The story under `root` and its warnings. Raise StoryError listing all problems (the
    warnings among them, so an author sees everything at once).

    `overrides` gives the text of some files instead of what is on disk (an editor's unsaved
    buffers), by their path under `root` as written here; a story file there that is not on disk
    yet is read too. The limits hold for that text as for a file."""
    loading = _Loading(Path(root))
    overrides = overrides or {}
    files = story_files(loading.root, loading.problems) if loading.root.is_dir() else []
    loading.unread.extend(loading.problems)  # folders that cannot be listed
    unsaved = [path for path in overrides if _is_story_file(loading.root, path)]
    files = sorted({*files, *unsaved})
    if not files and not loading.problems:
        raise StoryError([Diagnostic(str(root), None, None, "E011",
                                     "no story files (*.toml) in this folder")])
    if len(files) > MAX_FILES:
        loading.problems.append(Diagnostic(str(root), None, None, "E014",
                                           f"the case has {len(files)} story files; the limit "
                                           f"is {MAX_FILES}"))
        files = files[:MAX_FILES]
    for path in files:
        if loading.stopped:
            break  # reported where the limit was passed
        _read_file(loading, path, overrides.get(path))
    _validate_written(loading)
    # A case not read to the end would only give false "unknown id" problems.
    story = None if loading.stopped else _assemble(loading)
    if loading.problems or story is None:
        unread = set(loading.unread)
        diagnostics = sorted([*loading.problems, *loading.warnings],
                             key=lambda d: (d not in unread, *_order(d)))
        if loading.skipped:
            diagnostics.append(Diagnostic(str(root), None, None, "N001",
                                          f"{loading.skipped} further problem(s) not shown: "
                                          "they may come from the file that could not be read"))
        raise StoryError(diagnostics)
    return story, sorted(loading.warnings, key=_order)


def _order(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line or 0, d.column or 0, d.message)


def _not_read(loading: _Loading, diagnostic: Diagnostic, text: str | None = None) -> None:
    """A file (or folder) that could not be read: reported first, before what follows from it.
    `text`: what it holds, when it was read as text but not as TOML."""
    loading.problems.append(diagnostic)
    loading.unread.append(diagnostic)
    if text is None:
        loading.unread_blind = True
    else:
        loading.unread_texts.append(text)


def _is_story_file(root: Path, path: Path) -> bool:
    """Whether `path` is where story_files would find a story file under `root`."""
    if path.suffix != ".toml" or not path.is_relative_to(root):
        return False
    parts = path.relative_to(root).parts
    return WALKTHROUGH_DIR not in parts[:-1] and not any(p.startswith(".") for p in parts)


def _read_file(loading: _Loading, path: Path, override: str | None = None) -> None:
    shown = str(path)
    try:
        if override is not None:
            raw = override.encode("utf-8", "surrogatepass")  # a lone surrogate: E012
            if len(raw) > MAX_FILE_BYTES:
                raise UnsafeFile(f"it is larger than {size_words(MAX_FILE_BYTES)}")
        else:
            raw = read_bounded(path, MAX_FILE_BYTES, loading.root)
    except UnsafeFile as error:
        _not_read(loading, Diagnostic(shown, None, None, "E014" if "larger" in str(error)
                                      else "E012", f"the file is not read: {error}"))
        return
    except OSError as error:
        _not_read(loading, Diagnostic(shown, None, None, "E012", error.strerror or str(error)))
        return
    loading.bytes_read += len(raw)
    if loading.bytes_read > MAX_CASE_BYTES:
        loading.problems.append(Diagnostic(shown, None, None, "E014",
                                           f"the case's files pass {size_words(MAX_CASE_BYTES)} "
                                           "here; later files are not read"))
        return
    loading.fingerprint.update(path.relative_to(loading.root).as_posix().encode() + b"\0")
    loading.fingerprint.update(raw + b"\0")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        _not_read(loading, Diagnostic(shown, line, 1, "E012", "the file is not valid UTF-8 text"))
        return
    source = SourceFile(path, shown, text)
    too_deep = structure_problem(text)
    if too_deep is not None:
        offset, message = too_deep
        _not_read(loading, Diagnostic(shown, *line_and_column(text, offset), "E014", message),
                  text)
        return
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        _not_read(loading, syntax_problem(source, str(error)), text)
        return
    _collect(loading, source, data)
    if _MAY_HOLD_CONTROLS.search(text):
        _warn_controls(loading, source, data)


# TOML refuses raw control characters in strings, so they can only come from escapes: \b \f \r,
# \uXXXX, \UXXXXXXXX (and \e, \xXX in TOML 1.1); invisible characters may also be written as
# they are. Most files have none, and are not walked.
_MAY_HOLD_CONTROLS = re.compile(r"\\[bfrexuU]|" + INVISIBLE.pattern)


def _warn_controls(loading: _Loading, source: SourceFile, data: dict[str, Any]) -> None:
    """W001 at each string holding control characters (the game shows them as symbols) or
    invisible ones that reorder or hide text: an author should know they are there (they are
    often pasted by accident, or planted)."""
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while pending:  # not recursive: nesting is bounded, but a loop needs no bound at all
        path, value = pending.pop()
        if isinstance(value, str):
            for message in _hidden_characters(value):
                loading.warnings.append(source.at(path, "W001", message, value=True))
        elif isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in enumerate(value))


def _hidden_characters(text: str) -> Iterator[str]:
    controls = control_characters(text)
    if controls:
        yield (f"control character(s) {', '.join(dict.fromkeys(controls))} in text; they are "
               "shown as symbols, never sent to the terminal")
    invisible = invisible_characters(text)
    if invisible:
        yield (f"invisible character(s) {', '.join(dict.fromkeys(invisible))} in text; they "
               "reorder or hide the text around them on the player's screen: remove them "
               "unless they are meant")


def _collect(loading: _Loading, source: SourceFile, data: dict[str, Any]) -> None:
    """Note each table the file writes; they are validated once every file is read, when it is
    known which file defines each table (see _validate_written)."""
    for table, value in data.items():
        field_info = StoryFile.model_fields.get(table)
        if field_info is None:
            guess = closest(table, StoryFile.model_fields)
            loading.problems.append(source.at((table,), "E002", f"unknown table `{table}`"
                                              + mention(guess), suggestion=guess))
            if guess is not None and guess not in _SINGLE and isinstance(value, dict):
                # `[evidnce.badge]` meant `[evidence.badge]`: what refers to `badge`, or
                # adds to it under the right name, follows from this one mistake.
                for object_id, raw in value.items():
                    _broken(loading, (guess, object_id), raw)
                    loading.misnamed.add((guess, object_id))
            continue
        if table in _SINGLE:
            _write(loading, source, (table,), value)
            continue
        if not isinstance(value, dict):
            loading.problems.append(source.at((table,), "E004",
                                              f"`{table}` should be tables like [{table}.some_id]"))
            continue
        for object_id, raw in value.items():
            path = (table, object_id)
            loading.objects_seen += 1
            if loading.objects_seen > MAX_OBJECTS:
                loading.problems.append(source.at(path, "E014", f"the case passes {MAX_OBJECTS} "
                                                  "tables here; the rest is not read"))
                return
            if not ID_RE.match(object_id):
                loading.problems.append(source.at(path, "E004", f"`{object_id[:60]}` is not a "
                                                  "valid id: use lowercase letters, digits and _"))
                continue
            if len(object_id) > MAX_ID_LENGTH:
                loading.problems.append(source.at(path, "E004", f"an id may be at most "
                                                  f"{MAX_ID_LENGTH} characters"))
                continue
            _write(loading, source, path, raw)


def _write(loading: _Loading, source: SourceFile, path: tuple[str, ...], raw: Any) -> None:
    """Note a table written in `source`. The first file that writes keys of its own in it
    defines it; one that only adds sub-tables defines it only if no other file does."""
    written = _Written(source, path, raw, _only_sub_tables(raw))
    loading.written.append(written)
    if not written.partial:
        loading.defining.setdefault(path, written)


def _only_sub_tables(raw: Any) -> bool:
    """Whether a table holds nothing but tables (`[case.words]` alone, or
    `[[character.x.transitions]]`): written to add to a table, not to define it."""
    return isinstance(raw, dict) and bool(raw) and all(
        isinstance(value, dict)
        or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value))
        for value in raw.values())


def _validate_written(loading: _Loading) -> None:
    """Validate each table on its own, so one bad table hides no problem in the others. A
    table written again in another file is reported once, there, and not validated."""
    for written in loading.written:
        first = loading.defining.setdefault(written.path, written)
        if first is not written:
            loading.problems.append(_written_again(written, first))
        elif written.path in loading.misnamed:
            continue  # its table is under a misspelled name, told as such (E002)
        elif len(written.path) == 1:
            table = written.path[0]
            model = _validate(loading, written.file, written.path, _SINGLE[table], written.raw)
            if model is not None:
                getattr(loading, table).append(_Defined(written.file, written.path, model))
        else:
            _validate_object(loading, written)


def _written_again(written: _Written, first: _Written) -> Diagnostic:
    """E006 at a table (or sub-table) written in a second file."""
    at = first.file.at(first.path, "E006", "")
    where = f"{at.file}:{at.line}" if at.line else at.file
    if written.partial:
        header = _first_header(written.path, written.raw)
        return written.file.at(header, "E006", f"[{dotted(header)}] adds to "
                               f"[{dotted(written.path)}], which is defined in {where}: a table "
                               "is defined in one file, its sub-tables with it")
    if len(written.path) == 1:
        return written.file.at(written.path, "E006", f"[{written.path[0]}] is defined again "
                               f"(first in {at.file})")
    table, object_id = written.path
    return written.file.at(written.path, "E006",
                           f"{table} `{object_id}` is defined twice (first in {where})")


def _first_header(path: tuple[str | int, ...], raw: Any) -> tuple[str | int, ...]:
    """The path of the first sub-table written in `raw`, as its header names it."""
    while isinstance(raw, dict) and raw and _only_sub_tables(raw):
        key, raw = next(iter(raw.items()))
        path = (*path, key)
    return path


def _validate_object(loading: _Loading, written: _Written) -> None:
    table, object_id = written.path
    source, path = written.file, written.path
    model = _validate(loading, source, path, _OBJECT_MODELS[table], written.raw)
    if model is None:
        _broken(loading, path, written.raw)
        return
    clash = _node_clash(loading, table, object_id)
    if clash is not None:
        other, earlier = clash
        first = earlier.file.at(earlier.path, "E006", "")
        where = f"{first.file}:{first.line}" if first.line else first.file
        loading.problems.append(source.at(
            path, "E006", f"{table} `{object_id}` has the id of {other} `{object_id}` "
            f"({where}); topics, reactions, searches, events and statements share their "
            "ids"))
        return
    loading.objects[table][object_id] = _Defined(source, path, model)


def _broken(loading: _Loading, path: tuple[str, str], raw: Any) -> None:
    """Remember an object reported as invalid, and the names it defines, so that what refers
    to it is not reported too: one mistake, one problem."""
    loading.broken.add(path)
    if path[0] == "answer" and isinstance(raw, dict) and isinstance(raw.get("kind"), str):
        loading.broken_names["kind"].add(raw["kind"])
    pending = [raw]
    while pending:  # `sets` of the node, and of a statement's press, contradiction, support
        value = pending.pop()
        if not isinstance(value, dict):
            continue
        sets = value.get("sets")
        written = [sets] if isinstance(sets, str) else sets if isinstance(sets, list) else []
        loading.broken_names["flag"].update(f for f in written if isinstance(f, str))
        pending.extend(v for v in value.values() if isinstance(v, dict))


def _node_clash(loading: _Loading, table: str, object_id: str) -> tuple[str, _Defined] | None:
    """The node of another kind that already has this id (`visited` could not tell them apart)."""
    if table not in _NODE_KINDS:
        return None
    for other in _NODE_KINDS:
        earlier = loading.objects[other].get(object_id) if other != table else None
        if earlier is not None:
            return other, earlier
    return None


def _validate(loading: _Loading, source: SourceFile, path: tuple[str, ...],
              model_type: type[BaseModel], raw: Any) -> Any:
    if not isinstance(raw, dict):
        loading.problems.append(source.at(path, "E004", f"`{dotted(path)}` should be a table"))
        return None
    try:
        return model_type.model_validate(raw)
    except ValidationError as error:
        loading.problems.extend(validation_problems(source, error, path))
        return None


def syntax_problem(source: SourceFile, message: str) -> Diagnostic:
    match = _TOML_POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        said = message[:match.start()]
        if said in ("Unclosed array", "Unclosed inline table"):
            comma = missing_comma(source.text, line, column, said == "Unclosed inline table")
            if comma is not None:
                return Diagnostic(source.shown, *comma[:2], "E001", comma[2])
        text = in_author_words(said, _line_of(source.text, line))
        return Diagnostic(source.shown, line, column, "E001", text)
    if _TOML_END.search(message):
        lines = source.text.count("\n") + 1
        text = in_author_words(_TOML_END.sub("", message), "")
        return Diagnostic(source.shown, lines, 1, "E001", text)
    return Diagnostic(source.shown, None, None, "E001", message)


def _line_of(text: str, line: int) -> str:
    """Line `line` (1-based) of `text`, or "" past its end."""
    lines = text.split("\n", line)
    return lines[line - 1] if len(lines) >= line else ""


def validation_problems(source: SourceFile, error: ValidationError,
                         prefix: tuple[str, ...] = ()) -> Iterator[Diagnostic]:
    items = error.errors(include_url=False)
    failed = [tuple(item["loc"]) for item in items]
    for item in items:
        loc = (*prefix, *item["loc"])
        kind = item["type"]
        if kind in ("too_short", "too_long") and _items_failed(tuple(item["loc"]), failed):
            continue  # counted after its bad items were dropped: those are the problem
        if loc and loc[-1] == "[key]":
            name = str(loc[-2])
            key = f"the key `{name}`" if name else "a key"
            told = _constraint_words(item, f"{key} of `{dotted(loc[:-2])}`")
            yield source.at(loc[:-1], "E004", told or item["msg"])
        elif kind == "extra_forbidden":
            guess = closest(str(loc[-1]), _allowed_keys(loc[:-1]))
            table = dotted(loc[:-1]) or "the top level"
            yield source.at(loc, "E002", f"unknown key `{loc[-1]}` in [{table}]" + mention(guess),
                            suggestion=guess)
        elif kind == "missing":
            table = dotted(loc[:-1]) or "the top level"
            yield source.at(loc, "E003", f"[{table}] needs the key `{loc[-1]}`")
        elif kind in ("condition", "line_condition"):
            ctx = item.get("ctx", {})
            if kind == "line_condition":
                loc = (*loc, "when")
            yield source.at(loc, "E007", f"bad condition in `{dotted(loc)}`: {ctx.get('message')}",
                            offset=int(ctx.get("offset", 1)) - 1)
        else:
            wanted = _TYPE_WORDS.get(kind)
            where = dotted(loc)
            text = (f"`{where}` should be {wanted}" if wanted
                    else _constraint_words(item, f"`{where}`") or f"`{where}`: {item['msg']}")
            yield source.at(loc, "E004", text, value=True)


def _items_failed(loc: tuple[Any, ...], failed: list[tuple[Any, ...]]) -> bool:
    return any(len(other) > len(loc) and other[:len(loc)] == loc for other in failed)


# What a list or table of these keys holds, for "needs at least one ...".
_ITEM_NOUNS = {"words": ("word", "words"), "blanks": ("blank", "blanks"),
               "evidence": ("piece of evidence", "pieces of evidence"),
               "grades": ("grade", "grades")}


def _constraint_words(item: Any, what: str) -> str | None:
    """A bound that pydantic checks (ge, le, min_length...) in an author's words, or None
    for an error of another kind (or one of the game's, already written for authors)."""
    kind, ctx, given = item["type"], item.get("ctx", {}), item.get("input")
    bounds = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
              "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, key = bounds[kind]
        return f"{what} should be {words} {ctx[key]} (it is {given})"
    if kind in ("string_too_short", "string_too_long"):
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return f"{what} may not be empty"
        limit, words = ((ctx["min_length"], "at least") if kind == "string_too_short"
                        else (ctx["max_length"], "at most"))
        return f"{what} should be {words} {limit} characters long (it has {len(given)})"
    if kind in ("too_short", "too_long") and ("min_length" in ctx or "max_length" in ctx):
        key = str(item["loc"][-1]) if item["loc"] else ""
        one, many = _ITEM_NOUNS.get(key, ("item", "items"))
        if kind == "too_short":
            limit = ctx["min_length"]
            return f"{what} needs at least {'one ' + one if limit == 1 else f'{limit} {many}'}"
        return f"{what} may have at most {ctx['max_length']} {many} (it has " \
               f"{ctx.get('actual_length', len(given))})"
    return None


def _allowed_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys the model at `loc` accepts, to suggest a fix for an unknown one."""
    current: Any = StoryFile
    for part in loc:
        current = _step_into(current, part)
        if current is None:
            return []
    current = _bare(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _bare(annotation: Any) -> Any:
    """`annotation` without Annotated[...] and `| None` (`case: CaseInfo | None` is CaseInfo)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _bare(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kept = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _bare(kept[0]) if len(kept) == 1 else annotation
    return annotation


def _step_into(annotation: Any, part: str | int) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _step_into(typing.get_args(annotation)[0], part)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                return _step_into(arg, part)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    if origin is dict:
        return typing.get_args(annotation)[1]
    if origin is tuple:
        return typing.get_args(annotation)[0]
    return None


def _assemble(loading: _Loading) -> Story | None:
    problems = loading.problems
    root = str(loading.root)
    for table in ("case", "hearing"):
        if not getattr(loading, table):
            if loading.unread:
                loading.skipped += 1  # the unread file may define it
            elif not problems:
                problems.append(Diagnostic(root, None, None, "E011",
                                           f"no file defines the [{table}] table"))
    if not loading.case or not loading.hearing:
        return None
    objects = loading.objects
    story = Story.model_construct(
        case=loading.case[0].model,
        characters={k: d.model for k, d in objects["character"].items()},
        evidence={k: d.model for k, d in objects["evidence"].items()},
        statements={k: d.model for k, d in objects["statement"].items()},
        board={k: d.model for k, d in objects["board"].items()},
        answers={k: d.model for k, d in objects["answer"].items()},
        topics={k: d.model for k, d in objects["topic"].items()},
        reactions={k: d.model for k, d in objects["reaction"].items()},
        places={k: d.model for k, d in objects["place"].items()},
        searches={k: d.model for k, d in objects["search"].items()},
        events={k: d.model for k, d in objects["event"].items()},
        hearing=loading.hearing[0].model,
        endings={k: d.model for k, d in objects["ending"].items()},
        terms={k: d.model for k, d in objects["term"].items()},
    )
    _CrossCheck(loading, story).run()
    story.set_origins(lambda kind, object_id, sub=(): _origin(loading, kind, object_id, sub))
    story.set_fingerprint(loading.fingerprint.hexdigest()[:16])
    return story


def _origin(loading: _Loading, kind: str, object_id: str, sub: tuple = ()) -> Origin:
    """Where the table that defines an object starts (or, with `sub`, the key inside it that
    is nearest to that path), for the checker's messages."""
    if kind in ("case", "hearing"):
        single = getattr(loading, kind)
        defined = single[0] if single else None
    else:
        defined = loading.objects.get(kind, {}).get(object_id)
    if defined is None:
        return (str(loading.root), None, None)
    position, _ = nearest_position((*defined.path, *sub), defined.file.positions())
    line, column = position if position else (None, None)
    return (defined.file.shown, line, column)


class _CrossCheck:
    """Every id a story mentions must exist; every condition must name real things."""

    def __init__(self, loading: _Loading, story: Story) -> None:
        self.loading = loading
        self.story = story
        self.flags = every_flag(story)
        self.nodes = story.node_ids()
        # Lowercased display names, to recognise `Ilse:` as a speaker written wrongly.
        self.names = {c.name.lower(): cid for cid, c in story.characters.items()}

    def unknown(self, kind: str, name: str) -> bool:
        """Whether to report `name` as unknown: not if it was already reported as invalid, nor
        if a file that could not be read may define it (then it is only counted)."""
        if self.is_broken(kind, name):
            return False
        loading = self.loading
        # A file not read may define it only if the name is written in it somewhere.
        if loading.unread and (loading.unread_blind
                               or any(name in text for text in loading.unread_texts)):
            loading.skipped += 1
            return False
        return True

    def problem(self, d: _Defined, sub: tuple[str | int, ...], code: str, message: str,
                offset: int | None = None, suggestion: str | None = None,
                value: bool = False) -> None:
        self.loading.problems.append(d.file.at((*d.path, *sub), code, message, offset,
                                               suggestion, value))

    def ref(self, d: _Defined, sub: tuple[str | int, ...], kind: str, name: str,
            known: Any, value: bool = True) -> bool:
        """Whether `name`, written at `sub` (its value, or with `value` false the key itself),
        is one of `known`; if not, report it unless that is already explained."""
        if name in known:
            return True
        if not self.unknown(kind, name):
            return False
        guess = closest(name, known)
        self.problem(d, sub, "E005", f"unknown {kind} `{name}`" + mention(guess),
                     suggestion=guess, value=value)
        return False

    def is_broken(self, kind: str, name: str) -> bool:
        """Already reported as invalid (or written in what was): do not report it again as
        unknown. A flag or an answer's kind is known by the objects that write it; a `taught_by`
        entry (kind "teacher") may name a node, evidence, a group, or a statement's part."""
        if kind in self.loading.broken_names:
            return name in self.loading.broken_names[kind]
        tables = {"node": _NODE_KINDS, "group": ("board",),
                  "teacher": (*_NODE_KINDS, "evidence", "board")}.get(kind, (kind,))
        if kind == "teacher":
            name = name.partition(".")[0]
        return any((table, name) in self.loading.broken for table in tables)

    def run(self) -> None:
        story, objects = self.story, self.loading.objects
        case = self.loading.case[0]
        if self.ref(case, ("player",), "character", case.model.player, story.characters):
            self.player_not_questioned(case.model.player)
        if story.stage in reserved_words():
            self.problem(case, ("words", "hearing"), "E004",
                         f"`{story.stage}` is already a command; the final stage needs a word "
                         "of its own", value=True)
        self.lines(case, ("intro",), case.model.intro)
        for character_id, d in objects["character"].items():
            self.character(character_id, d)
        for d in objects["topic"].values():
            self.node(d, d.model)
            self.questioned(d, d.model.character)
        catch_alls: dict[tuple[str, str], tuple[str, _Defined]] = {}
        for reaction_id, d in objects["reaction"].items():
            self.hidden_reaction(reaction_id, d, catch_alls)
            self.node(d, d.model)
            self.questioned(d, d.model.character)
            self.ref(d, ("evidence",), "evidence", d.model.evidence, story.evidence)
        for d in objects["search"].values():
            self.node(d, d.model)
            self.ref(d, ("place",), "place", d.model.place, story.places)
        for d in objects["event"].values():
            self.node(d, d.model)
        for d in objects["place"].values():
            self.condition(d, ("available",), d.model.available)
        for d in objects["statement"].values():
            self.statement(d)
        for d in objects["answer"].values():
            self.condition(d, ("when",), d.model.when)
        for d in objects["board"].values():
            self.group(d)
        hearing = self.loading.hearing[0]
        self.condition(hearing, ("available",), hearing.model.available)
        self.lines(hearing, ("lines",), hearing.model.lines)
        if not hearing.model.options:  # options are in the [hearing] table itself
            self.problem(hearing, (), "E011", "[hearing] has no options")
        for option_id, option in hearing.model.options.items():
            sub = ("options", option_id)
            self.condition(hearing, (*sub, "when"), option.when)
            self.ref(hearing, (*sub, "ending"), "ending", option.ending, story.endings)
            self.lines(hearing, (*sub, "lines"), option.lines)
        for d in objects["ending"].values():
            self.lines(d, ("lines",), d.model.lines)
            for choice_id, choice in d.model.choices.items():
                self.lines(d, ("choices", choice_id, "lines"), choice.lines)
        for d in objects["term"].values():
            self.term(d)
        broken_ending = any(table == "ending" for table, _ in self.loading.broken)
        if not story.endings and not broken_ending and self.unknown("ending", ""):
            self.loading.problems.append(Diagnostic(
                str(self.loading.root), None, None, "E011", "the case has no [ending.*] table"))

    def player_not_questioned(self, player_id: str) -> None:
        """The player asks the questions: `talk` to them would sit them across from themselves."""
        if self.story.characters[player_id].questioned:
            d = self.loading.objects["character"][player_id]
            self.problem(d, ("questioned",), "E004",
                         f"`{player_id}` is the player (`player` of [case]), who cannot be "
                         "questioned: remove `questioned = true`")

    def term(self, d: _Defined) -> None:
        term: Term = d.model
        for index, entry in enumerate(term.taught_by):
            if teaching_atom(self.story, entry) is None and self.unknown("teacher", entry):
                guess = closest(entry, teachable(self.story))
                self.problem(d, ("taught_by", index), "E005",
                             f"`{entry}` teaches nothing: `taught_by` takes a topic, reaction, "
                             "search, event, evidence or board group id, or `statement.press` "
                             "or `statement.contradiction`" + mention(guess), suggestion=guess)
        if term.when is not None:
            self.condition(d, ("when",), term.when)
            if not lasting(term.when.tree):
                self.problem(d, ("when",), "E016",
                             "a term once taught stays taught, so its `when` may not use "
                             "`not`, `is` or `credibility`")
        if not term.taught_by and term.when is None:
            self.problem(d, (), "E003", "a term needs `taught_by` or `when`: what teaches it")
        for index, word in enumerate(term.words):
            if not word.strip():
                self.problem(d, ("words", index), "E004", "a term's word may not be blank")

    def character(self, character_id: str, d: _Defined) -> None:
        character: Character = d.model
        self.condition(d, ("available",), character.available)
        self.lines(d, ("default_reaction",), character.default_reaction)
        states = character.states
        if states and character.initial is None:
            self.problem(d, (), "E009", f"character `{character_id}` has states but no `initial`")
        if character.initial is not None and character.initial not in states:
            guess = closest(character.initial, states)
            self.problem(d, ("initial",), "E009",
                         f"`initial` names unknown state `{character.initial}` of `{character_id}`"
                         + mention(guess), suggestion=guess, value=True)
        self.lines(d, ("wrong_objection",), character.wrong_objection)
        for evidence_id, lines in character.wrong_objection_with.items():
            sub = ("wrong_objection_with", evidence_id)
            if self.ref(d, sub, "evidence", evidence_id, self.story.evidence, value=False):
                self.lines(d, sub, lines)
        for index, transition in enumerate(character.transitions):
            sub = ("transitions", index)
            for key, state in (("from", transition.from_state), ("to", transition.to)):
                if state not in states:
                    guess = closest(state, states)
                    self.problem(d, (*sub, key), "E009",
                                 f"transition `{key}` names unknown state `{state}` of "
                                 f"`{character_id}`" + mention(guess), suggestion=guess,
                                 value=True)
            self.condition(d, (*sub, "when"), transition.when)

    def statement(self, d: _Defined) -> None:
        statement: Statement = d.model
        story = self.story
        self.questioned(d, statement.character)
        character = story.characters.get(statement.character)
        if character is not None and statement.version is not None \
                and statement.version not in character.states:
            guess = closest(statement.version, character.states)
            self.problem(d, ("version",), "E009",
                         f"`version` names unknown state `{statement.version}` of "
                         f"`{statement.character}`" + mention(guess), suggestion=guess,
                         value=True)
        self.condition(d, ("when",), statement.when)
        self.lines(d, ("wrong_objection",), statement.wrong_objection)
        for key in ("press", "contradiction", "support"):
            effects = getattr(statement, key)
            if effects is None:
                continue
            self.lines(d, (key, "lines"), effects.lines)
            for index, evidence_id in enumerate(effects.gives):
                self.ref(d, (key, "gives", index), "evidence", evidence_id, story.evidence)
            for index, evidence_id in enumerate(getattr(effects, "evidence", ())):
                self.ref(d, (key, "evidence", index), "evidence", evidence_id, story.evidence)
        both = (set(statement.contradiction.evidence) & set(statement.support.evidence)
                if statement.contradiction and statement.support else set())
        for evidence_id in sorted(both):
            self.problem(d, ("support", "evidence"), "E015",
                         f"`{evidence_id}` both contradicts and supports this statement")

    def group(self, d: _Defined) -> None:
        group: Group = d.model
        answers = self.story.answers
        self.lines(d, ("lines",), group.lines)
        self.condition(d, ("when",), group.when)
        kinds = {answer.kind for answer in answers.values()}
        for blank_id, blank in group.blanks.items():
            sub = ("blanks", blank_id)
            if self.ref(d, (*sub, "answer"), "answer", blank.answer, answers):
                kind = answers[blank.answer].kind
                # A kind no answer has is a typo of the blank's, told below (E005), once.
                if blank.kind is not None and kind != blank.kind and blank.kind in kinds:
                    self.problem(d, (*sub, "answer"), "E015",
                                 f"the answer `{blank.answer}` is of kind `{kind}`, but the "
                                 f"blank offers only answers of kind `{blank.kind}`", value=True)
        for blank_id, blank in group.blanks.items():
            if blank.kind is not None and blank.kind not in kinds \
                    and self.unknown("kind", blank.kind):
                guess = closest(blank.kind, {k for k in kinds if k})
                self.problem(d, ("blanks", blank_id, "kind"), "E005",
                             f"no answer is of kind `{blank.kind}`" + mention(guess),
                             suggestion=guess, value=True)

    def hidden_reaction(self, reaction_id: str, d: _Defined,
                        catch_alls: dict[tuple[str, str], tuple[str, _Defined]]) -> None:
        """Reactions are tried in file order and the first whose `when` holds plays: one with no
        `when` (or `when = "true"`) hides every later one for the same character and evidence."""
        reaction: Reaction = d.model
        pair = (reaction.character, reaction.evidence)
        earlier = catch_alls.get(pair)
        if earlier is not None:
            first_id, first = earlier
            at = first.file.at(first.path, "W003", "")
            where = f"{at.file}:{at.line}" if at.line else at.file
            self.loading.warnings.append(d.file.at(
                d.path, "W003", f"reaction `{reaction_id}` can never be played: reaction "
                f"`{first_id}` ({where}) comes first for `{pair[0]}` and `{pair[1]}` and has no "
                "`when`, so it always plays instead (put the catch-all last)"))
        elif reaction.when is ALWAYS or reaction.when.source.strip() == "true":
            catch_alls[pair] = (reaction_id, d)

    def questioned(self, d: _Defined, character_id: str) -> None:
        known = self.story.characters
        if (self.ref(d, ("character",), "character", character_id, known)
                and not known[character_id].questioned):
            self.problem(d, ("character",), "E013",
                         f"`{character_id}` is not questioned (set `questioned = true`)",
                         value=True)

    def node(self, d: _Defined, node: Topic | Reaction | Search | Event) -> None:
        self.condition(d, ("when",), node.when)
        self.lines(d, ("lines",), node.lines)
        for index, evidence_id in enumerate(node.gives):
            self.ref(d, ("gives", index), "evidence", evidence_id, self.story.evidence)

    def lines(self, d: _Defined, sub: tuple[str | int, ...], lines: tuple[Line, ...]) -> None:
        for index, line in enumerate(lines):
            if line.when is not None:
                self.condition(d, (*sub, index, "when"), line.when)
            if line.speaker is None:
                self.narration(d, (*sub, index), line.text)
            elif (line.speaker not in self.story.characters
                    and self.unknown("character", line.speaker)):
                guess = closest(line.speaker, self.story.characters)
                self.problem(d, (*sub, index), "E010",
                             f"unknown speaker `{line.speaker}`" + mention(guess)
                             + " (narration starts with a capital letter)", suggestion=guess)

    def narration(self, d: _Defined, sub: tuple[str | int, ...], text: str) -> None:
        """W002 at narration that starts like a line by a character (`Ilse: ...` for `ilse`)."""
        match = _SPEAKER_LIKE.match(text)
        if match is None:
            return
        written = match.group(1)
        wanted = written.lower().replace(" ", "_")
        if wanted in self.story.characters:
            speaker: str | None = wanted
        elif written.lower() in self.names:
            speaker = self.names[written.lower()]
        else:
            close = difflib.get_close_matches(wanted, list(self.story.characters), n=1,
                                              cutoff=0.75)
            speaker = close[0] if close else None
        if speaker is not None:
            self.loading.warnings.append(d.file.at(
                (*d.path, *sub), "W002", f"`{written}:` is not a character id, so the line is "
                f"narration; did you mean `{speaker}`? (a speaker is an id, in lowercase)",
                suggestion=speaker))

    def condition(self, d: _Defined, sub: tuple[str | int, ...], condition: Condition) -> None:
        for ref, message, guess in unknown_names(self.story, condition, self.flags, self.nodes):
            if self.unknown(ref.kind.split("-")[0], ref.name):
                self.problem(d, sub, "E008", message, offset=ref.offset, suggestion=guess)


# Narration that looks like a speaker's line: one or two short words, then ": ".
_SPEAKER_LIKE = re.compile(r"([A-Za-z][A-Za-z0-9_]{0,30}(?: [A-Za-z][A-Za-z0-9_]{0,30})?): ")


def every_flag(story: Story) -> set[str]:
    return story.flags()


def unknown_names(story: Story, condition: Condition, flags: set[str] | None = None,
                  nodes: set[str] | None = None) -> Iterator[tuple[Ref, str, str | None]]:
    """Each name in `condition` that the story does not define, with a message for the author
    and the name it is most likely a typo of."""
    flags = every_flag(story) if flags is None else flags
    nodes = story.node_ids() if nodes is None else nodes
    for ref in condition.refs:
        kind = ref.kind.split("-")[0]
        known: Any
        if kind == "state":
            owner = story.characters.get(ref.owner)
            if owner is None:
                continue  # the character itself is reported
            known = owner.states
        else:
            known = {"evidence": story.evidence, "character": story.characters, "flag": flags,
                     "node": nodes, "event": story.events, "statement": story.statements,
                     "group": story.board}[kind]
        if ref.name not in known:
            what = {"state": f"state `{ref.name}` of `{ref.owner}`",
                    "flag": f"flag `{ref.name}` (no node sets it)",
                    }.get(kind, f"{kind} `{ref.name}`")
            guess = closest(ref.name, known)
            if kind == "character" and guess is None:
                # A name as the player sees it ("oskar" for Oskar Brandt, id `clerk`).
                guess = next((cid for cid, c in story.characters.items()
                              if ref.name in c.name.lower().split()), None)
            yield ref, f"unknown {what} in condition" + mention(guess), guess
