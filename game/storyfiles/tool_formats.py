"""Diagnostics as tools read them: one JSON object a line, or GitHub Actions workflow commands
(`detective check --format json|github`). The text an author reads is Diagnostic.__str__."""

from __future__ import annotations

import json

from game.engine.text import visible
from game.storyfiles.diagnostics import Diagnostic
from game.storyfiles.spans import Position

FORMATS = ("text", "json", "github")


def json_line(diagnostic: Diagnostic, end: Position | None) -> str:
    """Every field, always, null where unknown (`key` is given only when the line is unknown),
    so each line has the same shape. The end column is the one just after the last character.
    Case text is made visible, as in the text format."""
    record: dict[str, object] = {
        "file": visible(diagnostic.file),
        "line": diagnostic.line,
        "column": None if diagnostic.line is None else diagnostic.column or 1,
        "end_line": end[0] if end else None,
        "end_column": end[1] if end else None,
        "code": diagnostic.code,
        "severity": diagnostic.severity,
        "message": visible(diagnostic.message),
        "suggestion": diagnostic.suggestion,
        "key": (visible(diagnostic.key) or None) if diagnostic.line is None else None,
    }
    return json.dumps(record)


_COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def github_command(diagnostic: Diagnostic, end: Position | None, is_file: bool) -> str:
    """`::error file=...,line=...::message`. The file is named only when `is_file` (a problem of
    the whole case names a folder or the case's id). Columns are given only on one line, as
    GitHub takes them, the end column being the last character's."""
    properties = []
    if is_file:
        properties.append(("file", diagnostic.file))
        if diagnostic.line is not None:
            column = diagnostic.column or 1
            properties.append(("line", str(diagnostic.line)))
            end_line, end_column = end or (diagnostic.line, column + 1)
            if end_line == diagnostic.line:
                properties += [("col", str(column)), ("endColumn", str(max(column,
                                                                          end_column - 1)))]
            else:
                properties.append(("endLine", str(end_line)))
    properties.append(("title", diagnostic.code))
    message = diagnostic.message
    if diagnostic.line is None and diagnostic.key:
        message = f"{diagnostic.key}: {message}"
    listed = ",".join(f"{name}={_property(value)}" for name, value in properties)
    return f"::{_COMMANDS[diagnostic.severity]} {listed}::{_data(message)}"


def _data(text: str) -> str:
    """GitHub's escapes for a command's message."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    """GitHub's escapes for a property's value: those of a message, and `:` and `,`."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
