"""Hover, go to definition, find references and the outline of a file, from the index."""

from __future__ import annotations

from lsprotocol import types

from game.engine.text import visible
from game.lsp.case_index import CaseIndex, Spot, Symbol, Target

_NOUNS = {"node": "node", "group": "board group", "board": "board group",
          "option": "hearing option", "choice": "final choice", "part": "statement part"}
_SYMBOL_KINDS = {
    "kind": types.SymbolKind.Namespace, "case": types.SymbolKind.Module,
    "hearing": types.SymbolKind.Module, "character": types.SymbolKind.Class,
    "state": types.SymbolKind.EnumMember, "evidence": types.SymbolKind.Object,
    "topic": types.SymbolKind.Event, "reaction": types.SymbolKind.Event,
    "search": types.SymbolKind.Event, "event": types.SymbolKind.Event,
    "statement": types.SymbolKind.String, "press": types.SymbolKind.Property,
    "contradiction": types.SymbolKind.Property, "support": types.SymbolKind.Property,
    "place": types.SymbolKind.Package, "ending": types.SymbolKind.Enum,
    "choice": types.SymbolKind.EnumMember, "option": types.SymbolKind.EnumMember,
    "board": types.SymbolKind.Struct, "blank": types.SymbolKind.Field,
    "answer": types.SymbolKind.Constant, "term": types.SymbolKind.Key,
}


def hover_text(index: CaseIndex, targets: list[Target]) -> str | None:
    """What the ids under the cursor are, in plain text: the story's words are shown as they
    are written, never read as markup."""
    parts = []
    for target in targets:
        definitions = index.defined(target)
        if target.kind == "flag":
            count = len(definitions)
            parts.append(f"flag {target.name}: set in {count} place(s)" if count
                         else f"flag {target.name}: no node sets it")
            continue
        for definition in definitions:
            owner = f" of {target.owner}" if target.owner else ""
            head = f"{_NOUNS.get(definition.table, definition.table)} {target.name}{owner}"
            details = [f"{key}: {value}" for key, value in definition.details]
            parts.append("\n".join([head, *details]))
        if not definitions:
            noun = _NOUNS.get(target.kind, target.kind)
            parts.append(f"{noun} {target.name}: not defined in this case")
    return visible("\n\n".join(parts)) if parts else None


def definition_spots(index: CaseIndex, targets: list[Target]) -> list[Spot]:
    return [d.spot for target in targets for d in index.defined(target)]


def reference_spots(index: CaseIndex, targets: list[Target], declarations: bool) -> list[Spot]:
    spots = index.uses_of(targets)
    if declarations:
        spots = definition_spots(index, targets) + spots
    return spots


def document_symbols(symbols: list[Symbol], lines: list[str], to_range,
                     ) -> list[types.DocumentSymbol]:
    """The file's tables as a tree: kind, then id, then the tables inside (states, options,
    blanks, choices, a statement's press and contradiction). `to_range` makes an editor's range
    of (line, start, end line, end)."""
    found = []
    for symbol in symbols:
        first = min(symbol.first_line, symbol.spot.line)
        last = max(symbol.last_line, symbol.spot.line)
        last_length = len(lines[last]) if last < len(lines) else 0
        found.append(types.DocumentSymbol(
            name=visible(symbol.name) or symbol.table,
            kind=_SYMBOL_KINDS.get(symbol.table, types.SymbolKind.Object),
            detail=None if symbol.table == "kind" else symbol.table,
            range=to_range(first, 0, last, last_length),
            selection_range=to_range(symbol.spot.line, symbol.spot.start, symbol.spot.line,
                                     symbol.spot.end),
            children=document_symbols(symbol.children, lines, to_range)))
    return found
