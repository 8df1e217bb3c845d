"""A lenient index of a case's ids: where each is defined, where it is used, and what to show of it.

The loader needs the whole case to be right; an editor must complete, show and find ids while it
is not. So each file is indexed on its own, from its own TOML, and the last version of a file
that parsed stands in for one that does not: a typo in one file leaves the rest usable.

Ids are grouped as the game groups them (a Target's kind): character, evidence, node (topics,
reactions, searches, events and statements share their ids), place, ending, group (of the
board), answer, term, flag (set by nodes), state (of a character), option (of the hearing),
choice (of an ending), blank (of a group).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli

from game.engine.commands import VERB_ALIASES
from game.engine.model import ID_RE
from game.lsp.condition_words import Expected, names_in
from game.storyfiles.keylines import Position, scan_key_lines
from game.storyfiles.limits import MAX_FILE_BYTES, structure_problem

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Spot:
    """A range on one line of a file: 0-based line, columns in characters, end excluded."""

    path: Path
    line: int
    start: int
    end: int

    def holds(self, line: int, column: int) -> bool:
        """Whether the cursor at (line, column) is on it (just after it counts)."""
        return line == self.line and self.start <= column <= self.end


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    name: str
    owner: str = ""  # the character of a state, the group of a blank


@dataclass(frozen=True, slots=True)
class Definition:
    target: Target
    table: str  # as written: topic, reaction, ... board, state, option, choice, blank, flag, case
    spot: Spot
    details: tuple[tuple[str, str], ...] = ()  # fields shown on hover, as written


@dataclass(frozen=True, slots=True)
class Use:
    targets: tuple[Target, ...]  # what it may name (an entry of `taught_by` has three readings)
    spot: Spot


@dataclass
class Symbol:
    """A table of the file, for the editor's outline: its name, kind, where its name is written,
    the lines it spans (0-based, inclusive) and the tables inside it."""

    name: str
    table: str
    spot: Spot
    first_line: int
    last_line: int
    children: list[Symbol] = field(default_factory=list)


@dataclass
class FileIndex:
    path: Path
    text: str  # what it was built from
    definitions: list[Definition]
    uses: list[Use]
    symbols: list[Symbol]


# Tables of objects with an id: the kind of their ids, and the fields hover shows.
OBJECT_TABLES = {
    "character": ("character", ("name", "role")),
    "evidence": ("evidence", ("title", "summary")),
    "topic": ("node", ("title", "character")),
    "reaction": ("node", ("character", "evidence")),
    "search": ("node", ("place",)),
    "event": ("node", ("title",)),
    "statement": ("node", ("text", "character", "version")),
    "place": ("place", ("name", "description")),
    "ending": ("ending", ("title",)),
    "board": ("group", ("title",)),
    "answer": ("answer", ("text", "kind")),
    "term": ("term", ("words",)),
}
# Keys whose value is one id, or a list of ids, of a kind.
_ID_KEYS = {"character": "character", "evidence": "evidence", "gives": "evidence",
            "place": "place", "ending": "ending", "answer": "answer"}
LINE_KEYS = ("lines", "intro", "default_reaction", "wrong_objection")
CONDITION_KEYS = ("when", "available", "expect")
_SPEAKER = re.compile(r"([a-z][a-z0-9_]*): ")
_KEY_PART = re.compile(r'\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\')\s*')


def index_file(path: Path, text: str, walkthrough: bool = False) -> FileIndex | None:
    """The index of one story file (or walkthrough), or None when its text does not parse."""
    if len(text) > MAX_FILE_BYTES or structure_problem(text) is not None:
        return None  # the loader reports it; parsing it could be slow
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError:
        return None
    indexer = _Indexer(path, text)
    if walkthrough:
        indexer.walkthrough(data)
    else:
        indexer.story(data)
    return FileIndex(path, text, indexer.definitions, indexer.uses, indexer.symbols)


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class _Indexer:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.positions = scan_key_lines(text)
        self.definitions: list[Definition] = []
        self.uses: list[Use] = []
        self.symbols: list[Symbol] = []
        self._headers: list[tuple[int, tuple[str, ...]]] | None = None

    # ---- where things are written ---------------------------------------------------------

    def position(self, path: KeyPath) -> Position | None:
        """Where `path` is written, or, for a table given only through dotted keys below it,
        the first of those."""
        found = self.positions.get(path)
        if found is not None:
            return found
        below = [p for key, p in self.positions.items() if key[:len(path)] == path]
        return min(below) if below else None

    def key_parts(self, line: int, column: int) -> list[tuple[str, int, int]]:
        """The parts of the dotted key (or table header) written at (line, column), 0-based,
        with their columns."""
        text = self.lines[line] if line < len(self.lines) else ""
        index = column
        while index < len(text) and text[index] in "[ \t":
            index += 1
        parts = []
        while True:
            match = _KEY_PART.match(text, index)
            if match is None or match.lastindex is None:
                return parts
            group = match.lastindex
            start = match.start(group) - (0 if group == 1 else 1)
            end = match.end(group) + (0 if group == 1 else 1)
            parts.append((match.group(group), start, end))
            index = match.end()
            if index >= len(text) or text[index] != ".":
                return parts
            index += 1

    def key_spot(self, path: KeyPath) -> Spot | None:
        """Where the last part of `path`, a key or a table's name, is written."""
        position = self.position(path)
        if position is None:
            return None
        line, column = position[0] - 1, position[1] - 1
        parts = self.key_parts(line, column)
        names = [part for part in path if isinstance(part, str)]
        header = self.lines[line].lstrip().startswith("[")
        if header and len(parts) >= len(names) and [p[0] for p in parts[:len(names)]] == names:
            _, start, end = parts[len(names) - 1]
            return Spot(self.path, line, start, end)
        for name, start, end in reversed(parts):
            if name == names[-1]:
                return Spot(self.path, line, start, end)
        return Spot(self.path, line, column, column + len(str(names[-1])))

    def string_spot(self, line: int, column: int) -> tuple[Spot, str] | None:
        """The inside of the one-line string that opens at (line, column), and its raw text."""
        text = self.lines[line] if line < len(self.lines) else ""
        if column >= len(text) or text[column] not in "\"'" or text[column:column + 3] in (
                '"""', "'''"):
            return None
        quote = text[column]
        index = column + 1
        while index < len(text) and text[index] != quote:
            index += 2 if quote == '"' and text[index] == "\\" else 1
        end = min(index, len(text))
        return Spot(self.path, line, column + 1, end), text[column + 1:end]

    def value_spot(self, path: KeyPath) -> tuple[Spot, str] | None:
        """The inside of the one-line string written as the value of `path` (a key or an array
        element)."""
        position = self.positions.get(path)
        if position is None:
            return None
        line, column = position[0] - 1, position[1] - 1
        if isinstance(path[-1], int):
            return self.string_spot(line, column)
        parts = self.key_parts(line, column)
        text = self.lines[line]
        index = parts[-1][2] if parts else column
        while index < len(text) and text[index] in " \t":
            index += 1
        if index >= len(text) or text[index] != "=":
            return None
        index += 1
        while index < len(text) and text[index] in " \t":
            index += 1
        return self.string_spot(line, index)

    @property
    def headers(self) -> list[tuple[int, tuple[str, ...]]]:
        """(0-based line, names) of every table header, in order."""
        if self._headers is None:
            found = set()
            for line, column in self.positions.values():
                text = self.lines[line - 1]
                if text[column - 1:column] == "[" and not text[:column - 1].strip():
                    names = tuple(p[0] for p in self.key_parts(line - 1, column - 1))
                    found.add((line - 1, names))
            self._headers = sorted(found)
        return self._headers

    def last_line(self, path: KeyPath, first_line: int) -> int:
        """The last line of the table at `path` that starts on `first_line`: up to the next
        header of another table (comments and blank lines before it left out), or, for a table
        written inline, its last key."""
        names = tuple(part for part in path if isinstance(part, str))
        if not any(line == first_line for line, _ in self.headers):
            lines = [p[0] - 1 for key, p in self.positions.items() if key[:len(path)] == path]
            return max([first_line, *lines])
        last = len(self.lines) - 1
        for line, header in self.headers:
            if line > first_line and header[:len(names)] != names:
                last = line - 1
                break
        while last > first_line and self.lines[last].strip()[:1] in ("", "#"):
            last -= 1
        return last

    # ---- what is recorded ----------------------------------------------------------------

    def define(self, target: Target, table: str, path: KeyPath,
               details: tuple[tuple[str, str], ...] = (),
               parent: list[Symbol] | None = None) -> Symbol | None:
        spot = self.key_spot(path)
        if spot is None:
            return None
        self.definitions.append(Definition(target, table, spot, details))
        if parent is None:
            return None
        symbol = Symbol(target.name, table, spot, spot.line, self.last_line(path, spot.line))
        parent.append(symbol)
        return symbol

    def use(self, spot: Spot, *targets: Target) -> None:
        self.uses.append(Use(targets, spot))

    def use_value(self, path: KeyPath, kind: str, owner: str = "") -> None:
        """The string at `path` names an id of `kind`."""
        found = self.value_spot(path)
        if found is not None and ID_RE.match(found[1]):
            self.use(found[0], Target(kind, found[1], owner))

    def use_values(self, path: KeyPath, value: Any, kind: str, owner: str = "") -> None:
        """An id, or a list of ids, of `kind`."""
        if isinstance(value, str):
            self.use_value(path, kind, owner)
        for index, item in enumerate(_items(value)):
            if isinstance(item, str):
                self.use_value((*path, index), kind, owner)

    def condition(self, path: KeyPath) -> None:
        found = self.value_spot(path)
        if found is None or "\\" in found[1]:
            return  # an escape would shift every offset
        spot, raw = found
        for offset, name, expected in names_in(raw):
            start = spot.start + offset
            self.use(Spot(self.path, spot.line, start, start + len(name)),
                     _target(expected, name))

    def lines_of(self, path: KeyPath, value: Any) -> None:
        """A list of lines: the speaker of each, and the `when` of a line written as a table."""
        for index, line in enumerate(_items(value)):
            where = (*path, index)
            if isinstance(line, dict):
                if isinstance(line.get("when"), str):
                    self.condition((*where, "when"))
                where = (*where, "text")
            found = self.value_spot(where)
            if found is None:
                continue
            spot, raw = found
            speaker = _SPEAKER.match(raw)
            if speaker is not None:
                self.use(Spot(self.path, spot.line, spot.start, spot.start + speaker.end(1)),
                         Target("character", speaker.group(1)))

    def fields(self, path: KeyPath, table: dict[str, Any], owner: str = "") -> None:
        """The keys any table of a case may hold: conditions, lines, ids, flags set.
        `owner` is the character whose states `initial`, `from`, `to` and `version` name."""
        for key, value in table.items():
            where = (*path, key)
            if key in CONDITION_KEYS and isinstance(value, str):
                self.condition(where)
            elif key in LINE_KEYS:
                self.lines_of(where, value)
            elif key in _ID_KEYS:
                self.use_values(where, value, _ID_KEYS[key])
            elif key in ("initial", "from", "to", "version") and owner:
                self.use_values(where, value, "state", owner)
            elif key == "sets":
                for index, flag in enumerate(_items(value)):
                    found = self.value_spot((*where, index))
                    if isinstance(flag, str) and found is not None:
                        self.definitions.append(Definition(Target("flag", flag), "flag",
                                                           found[0]))

    # ---- a story file ----------------------------------------------------------------------

    def story(self, data: dict[str, Any]) -> None:
        kinds: dict[str, Symbol] = {}
        for table, value in data.items():
            if table in ("case", "hearing"):
                if isinstance(value, dict):
                    self.single(table, value)
                continue
            if table not in OBJECT_TABLES:
                continue
            kind, shown = OBJECT_TABLES[table]
            for object_id, raw in _table(value).items():
                path = (table, object_id)
                body = _table(raw)
                if table not in kinds:
                    spot = self.key_spot((table,)) or Spot(self.path, 0, 0, 0)
                    kinds[table] = Symbol(table, "kind", spot, spot.line, spot.line)
                    self.symbols.append(kinds[table])
                symbol = self.define(Target(kind, object_id), table, path,
                                     _details(body, shown), kinds[table].children)
                self.object(table, object_id, path, body, symbol)
        for symbol in kinds.values():
            if symbol.children:
                symbol.first_line = min(child.first_line for child in symbol.children)
                symbol.last_line = max(child.last_line for child in symbol.children)

    def single(self, table: str, body: dict[str, Any]) -> None:
        """[case] and [hearing], each with no id of its own."""
        spot = self.key_spot((table,))
        if spot is None:
            return
        if table == "case":
            self.definitions.append(Definition(Target("case", ""), "case", spot))
            self.use_values(("case", "player"), body.get("player"), "character")
        symbol = Symbol(table, table, spot, spot.line, self.last_line((table,), spot.line))
        self.symbols.append(symbol)
        self.fields((table,), body)
        for option_id, option in _table(body.get("options")).items():
            where = (table, "options", option_id)
            self.define(Target("option", option_id), "option", where,
                        _details(_table(option), ("text",)), symbol.children)
            self.fields(where, _table(option))

    def object(self, table: str, object_id: str, path: KeyPath, body: dict[str, Any],
               symbol: Symbol | None) -> None:
        children = symbol.children if symbol is not None else []
        owner = object_id if table == "character" else ""
        if table == "statement" and isinstance(body.get("character"), str):
            owner = body["character"]
        self.fields(path, body, owner)
        if table == "character":
            for state_id, state in _table(body.get("states")).items():
                self.define(Target("state", state_id, object_id), "state",
                            (*path, "states", state_id),
                            _details(_table(state), ("label", "account", "mood")), children)
            for index, transition in enumerate(_items(body.get("transitions"))):
                self.fields((*path, "transitions", index), _table(transition), object_id)
            for evidence_id, lines in _table(body.get("wrong_objection_with")).items():
                where = (*path, "wrong_objection_with", evidence_id)
                spot = self.key_spot(where)
                if spot is not None and ID_RE.match(evidence_id):
                    self.use(spot, Target("evidence", evidence_id))
                self.lines_of(where, lines)
        for part in ("press", "contradiction", "support"):
            if table == "statement" and isinstance(body.get(part), dict):
                self.define(Target("part", part, object_id), part, (*path, part), (), children)
                self.fields((*path, part), body[part])
        for blank_id, blank in _table(body.get("blanks") if table == "board" else None).items():
            where = (*path, "blanks", blank_id)
            self.define(Target("blank", blank_id, object_id), "blank", where,
                        _details(_table(blank), ("question", "answer")), children)
            self.fields(where, _table(blank))
        for choice_id, choice in _table(body.get("choices") if table == "ending" else
                                        None).items():
            where = (*path, "choices", choice_id)
            self.define(Target("choice", choice_id), "choice", where,
                        _details(_table(choice), ("text",)), children)
            self.fields(where, _table(choice))
        if table == "term":
            for index, entry in enumerate(_items(body.get("taught_by"))):
                found = self.value_spot((*path, "taught_by", index))
                if isinstance(entry, str) and found is not None:
                    self.taught_by(found[0], entry)

    def taught_by(self, spot: Spot, entry: str) -> None:
        """A node, evidence or group id, or `statement.press`, `statement.contradiction`."""
        statement, _, part = entry.partition(".")
        if part:
            self.use(Spot(spot.path, spot.line, spot.start, spot.start + len(statement)),
                     Target("node", statement))
            self.use(Spot(spot.path, spot.line, spot.start + len(statement) + 1, spot.end),
                     Target("part", part, statement))
        elif ID_RE.match(entry):
            self.use(spot, Target("node", entry), Target("evidence", entry),
                     Target("group", entry))

    # ---- a walkthrough ---------------------------------------------------------------------

    def walkthrough(self, data: dict[str, Any]) -> None:
        self.use_values(("ending",), data.get("ending"), "ending")
        self.use_values(("final_choice",), data.get("final_choice"), "choice")
        for index, step in enumerate(_items(data.get("steps"))):
            where: KeyPath = ("steps", index)
            if isinstance(step, dict):
                if isinstance(step.get("expect"), str):
                    self.condition((*where, "expect"))
                where = (*where, "do")
            found = self.value_spot(where)
            if found is not None:
                self.command(*found)

    def command(self, spot: Spot, raw: str) -> None:
        """The ids a typed command names, where it names them by id."""
        words = [(m.group(), m.start()) for m in re.finditer(r"[^\s]+", raw)]
        if len(words) < 2:
            return
        verb = VERB_ALIASES.get(words[0][0].lower())
        named: list[tuple[int, tuple[Target, ...]]] = []
        rest = words[1:]
        first, offset = rest[0]
        single = ("talk", "ask", "present", "search", "press", "doubt", "trust", "choose")
        if verb in single and len(rest) == 1:  # more words: a name the player sees
            kind = {"talk": "character", "ask": "node", "present": "evidence",
                    "search": "place", "choose": "option"}.get(verb, "node")
            targets = (Target(kind, first),) if verb != "choose" else (
                Target("option", first), Target("choice", first))
            named.append((offset, targets))
        elif verb == "object" and len(rest) == 3 and rest[1][0] == "with":
            named += [(offset, (Target("node", first),)),
                      (rest[2][1], (Target("evidence", rest[2][0]),))]
        elif verb == "fill" and len(rest) == 3 and rest[1][0] == "with":
            group, _, blank = first.partition(".")
            named += [(offset, (Target("group", group),)),
                      (rest[2][1], (Target("answer", rest[2][0]),))]
            if blank:
                named.append((offset + len(group) + 1, (Target("blank", blank, group),)))
        for start, targets in named:
            name = targets[0].name
            if ID_RE.match(name):
                self.use(Spot(spot.path, spot.line, spot.start + start,
                              spot.start + start + len(name)), *targets)


def _target(expected: Expected, name: str) -> Target:
    return Target(expected.kind, name, expected.owner)


def _details(body: dict[str, Any], keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found = []
    for key in keys:
        value = body.get(key)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value if isinstance(item, str))
        if isinstance(value, str) and value:
            found.append((key, value))
    return tuple(found)


class CaseIndex:
    """Every file of one case, indexed; what a request asks is answered across all of them."""

    def __init__(self) -> None:
        self.files: dict[Path, FileIndex] = {}

    def definitions(self) -> Iterator[Definition]:
        for file in list(self.files.values()):
            yield from file.definitions

    def defined(self, target: Target) -> list[Definition]:
        return [d for d in self.definitions() if d.target == target]

    def ids(self, kind: str, tables: tuple[str, ...] = (), owner: str = "",
            ) -> dict[str, Definition]:
        """The first definition of every id of `kind` (of those tables, of that owner)."""
        found: dict[str, Definition] = {}
        for definition in self.definitions():
            target = definition.target
            if target.kind == kind and (not tables or definition.table in tables) \
                    and (not owner or target.owner == owner):
                found.setdefault(target.name, definition)
        return found

    def resolve(self, use: Use, defined: set[Target] | None = None) -> list[Target]:
        """What a use names: its readings that are defined, or all of them if none is."""
        if len(use.targets) == 1:
            return list(use.targets)
        defined = defined if defined is not None else {d.target for d in self.definitions()}
        return [t for t in use.targets if t in defined] or list(use.targets)

    def at(self, path: Path, line: int, column: int) -> list[Target]:
        """The ids written at (line, column) of the file at `path`: defined there or used."""
        file = self.files.get(path)
        if file is None:
            return []
        for definition in file.definitions:
            if definition.spot.holds(line, column) and definition.target.kind != "case":
                return [definition.target]
        for use in file.uses:
            if use.spot.holds(line, column):
                return self.resolve(use)
        return []

    def uses_of(self, targets: list[Target]) -> list[Spot]:
        wanted = set(targets)
        defined = {d.target for d in self.definitions()}
        return [use.spot for file in list(self.files.values()) for use in file.uses
                if wanted.intersection(self.resolve(use, defined))]
