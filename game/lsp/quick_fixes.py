"""Quick fixes: a diagnostic that says "did you mean `x`?" offers to write `x` in its place."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

_QUOTES = ('"', "'")


def suggestion_data(suggestion: str | None) -> dict[str, str] | None:
    """What a published diagnostic carries for its quick fix (LSP's `data`)."""
    return {"suggestion": suggestion} if suggestion else None


def quick_fixes(uri: str, source: str, offset_at: Any,
                diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    """A fix for each diagnostic of `diagnostics` that suggests an id: the id in place of what
    it points at (a quoted value keeps its quotes). `offset_at` turns an editor's position into
    an index of `source`."""
    fixes = []
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        suggestion = data.get("suggestion")
        if not isinstance(suggestion, str) or not suggestion:
            continue
        start, end = offset_at(diagnostic.range.start), offset_at(diagnostic.range.end)
        written = source[start:end]
        if "\n" in written or not written:
            continue  # a table or a long value: nothing to put in its place
        new_text = suggestion
        if len(written) >= 2 and written[0] in _QUOTES and written[-1] == written[0]:
            new_text = f"{written[0]}{suggestion}{written[0]}"
        fixes.append(types.CodeAction(
            title=f"Change to `{suggestion}`", kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic], is_preferred=True,
            edit=types.WorkspaceEdit(changes={uri: [
                types.TextEdit(range=diagnostic.range, new_text=new_text)]})))
    return fixes
