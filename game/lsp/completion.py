"""The ids offered where one is being typed: those of the kind the place takes, from the index."""

from __future__ import annotations

from lsprotocol import types

from game.engine.text import one_line
from game.lsp.case_index import CaseIndex, Definition
from game.lsp.condition_words import ATOM_START, KEYWORDS
from game.lsp.typing_slot import Slot

_ITEM_KINDS = {
    "character": types.CompletionItemKind.Class, "evidence": types.CompletionItemKind.File,
    "node": types.CompletionItemKind.Event, "place": types.CompletionItemKind.Module,
    "ending": types.CompletionItemKind.EnumMember, "group": types.CompletionItemKind.Struct,
    "answer": types.CompletionItemKind.Value, "flag": types.CompletionItemKind.Constant,
    "state": types.CompletionItemKind.EnumMember, "choice": types.CompletionItemKind.EnumMember,
    "part": types.CompletionItemKind.Property,
}
_TAUGHT_TABLES = ("topic", "reaction", "search", "event")


def candidates(index: CaseIndex, slot: Slot) -> dict[str, Definition | None]:
    """What may be written in the slot, each with the definition that describes it."""
    expected = slot.expected
    if expected.kind == "taught":
        found: dict[str, Definition | None] = {
            **index.ids("node", _TAUGHT_TABLES), **index.ids("evidence"), **index.ids("group")}
        for name, statement in index.ids("node", ("statement",)).items():
            for part in ("press", "contradiction"):
                found[f"{name}.{part}"] = statement
        return found
    found = dict(index.ids(expected.kind, expected.tables, expected.owner))
    if expected is ATOM_START:
        found.update({keyword: None for keyword in KEYWORDS})
    return found


def completion_items(index: CaseIndex, slot: Slot, where: types.Range,
                     ) -> list[types.CompletionItem]:
    """Items that replace `where` (the part of the id already typed)."""
    items = []
    for name, definition in sorted(candidates(index, slot).items()):
        text = f"{name}: " if slot.speaker else name
        if not slot.quoted:
            text = f'"{text}"'
        detail = None
        if definition is not None:
            shown = next((value for _, value in definition.details), "")
            detail = f"{definition.table}: {one_line(shown, 80)}" if shown else definition.table
        kind = (_ITEM_KINDS.get(definition.target.kind, types.CompletionItemKind.Text)
                if definition is not None else types.CompletionItemKind.Keyword)
        items.append(types.CompletionItem(label=name, kind=kind, detail=detail,
                                          filter_text=name,
                                          text_edit=types.TextEdit(range=where, new_text=text)))
    return items
