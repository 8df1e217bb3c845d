"""How a line of the story is styled, everywhere it appears: speakers by name, narration apart.

Styles use theme variables, so every Textual theme recolours them.
"""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape


def speech(name: str, text: str, by_player: bool = False) -> Content:
    """A spoken line as 'Name: text', or narration (no name) in italics."""
    if not name:
        return Content.from_markup(f"[i $text-muted]{escape(text)}[/]")
    colour = "$accent" if by_player else "$primary"
    return Content.from_markup(f"[b {colour}]{escape(name)}:[/] {escape(text)}")


def rule(text: str) -> Content:
    """A heading inside a log: a question asked, a version begun."""
    return Content.from_markup(f"[b $secondary]\u2500\u2500 {escape(text)} \u2500\u2500[/]")


def note(text: str) -> Content:
    return Content.from_markup(f"[$success]\u25b8 {escape(text)}[/]")
