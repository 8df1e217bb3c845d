"""The game's diagnostics as the editor shows them: per file, each with its range."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from game.engine.text import visible
from game.lsp.positions import range_to_client, text_lines
from game.lsp.quick_fixes import suggestion_data
from game.storyfiles.diagnostics import Diagnostic
from game.storyfiles.spans import token_end

_SEVERITY = {"error": types.DiagnosticSeverity.Error,
             "warning": types.DiagnosticSeverity.Warning,
             "note": types.DiagnosticSeverity.Information}


def by_file(diagnostics: list[Diagnostic], text_of: Callable[[Path], str | None],
            codec: PositionCodec, case_file: tuple[Path, int],
            ) -> dict[Path, list[types.Diagnostic]]:
    """The editor's diagnostics for each file. A problem of the whole case (a missing table,
    what exploring found of no one file) goes to `case_file`: the file and line of the [case]
    table, or where the author is when there is none."""
    found: dict[Path, list[types.Diagnostic]] = {}
    for diagnostic in diagnostics:
        path = Path(diagnostic.file)
        text = text_of(path) if path.suffix == ".toml" else None
        message = visible(diagnostic.message)
        if diagnostic.line is None and diagnostic.key:
            message = f"{visible(diagnostic.key)}: {message}"
        if text is not None and diagnostic.line is not None:
            line, column = diagnostic.line, diagnostic.column or 1
            end_line, end_column = token_end(text, line, column)
            lines = text_lines(text)
            where = range_to_client(codec, lines, line - 1, column - 1, end_line - 1,
                                    end_column - 1)
        elif text is not None:
            where = types.Range(start=types.Position(line=0, character=0),
                                end=types.Position(line=0, character=0))
        else:
            path, line = case_file
            where = types.Range(start=types.Position(line=line, character=0),
                                end=types.Position(line=line, character=len("[case]")))
        found.setdefault(path, []).append(types.Diagnostic(
            range=where, message=message, severity=_SEVERITY[diagnostic.severity],
            code=diagnostic.code, source="detective",
            data=suggestion_data(diagnostic.suggestion)))
    return found
