"""How a line of the story is styled, everywhere it appears: speakers by name, narration apart.

Styles use theme variables, so every Textual theme recolours them.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.markup import escape


def speech(name: str, text: str, by_player: bool = False) -> Content:
    """A spoken line as 'Name: text', or narration (no name) in italics."""
    if not name:
        return Content.from_markup(f"[i $text-muted]{escape(text)}[/]")
    colour = "$accent" if by_player else "$primary"
    return Content.from_markup(f"[b {colour}]{escape(name)}:[/] {escape(text)}")


def note(text: str) -> Content:
    return Content.from_markup(f"[$success]\u25b8 {escape(text)}[/]")


class LogStyles:
    """The same styles as Rich Text, for RichLog: it wraps Rich Text but not Content.

    Colours come from the app's current theme; a log redraws itself when the theme changes.
    """

    def __init__(self, theme_variables: dict[str, str]) -> None:
        def colour(name: str, fallback: str) -> str:
            value = theme_variables.get(name, "")
            return value if value.startswith("#") else fallback

        self.primary = colour("primary", "blue")
        self.accent = colour("accent", "yellow")
        self.secondary = colour("secondary", "cyan")
        self.success = colour("success", "green")
        self.error = colour("error", "red")

    def speech(self, name: str, text: str, by_player: bool = False) -> Text:
        if not name:
            return Text(text, style="italic dim")
        line = Text(f"{name}:", style=f"bold {self.accent if by_player else self.primary}")
        line.append(f" {text}")
        return line

    def rule(self, text: str) -> Text:
        return Text(f"\u2500\u2500 {text} \u2500\u2500", style=f"bold {self.secondary}")

    def note(self, text: str) -> Text:
        return Text(f"\u25b8 {text}", style=self.success)

    def warning(self, text: str) -> Text:
        return Text(text, style=f"bold {self.error}")

    def plain(self, text: str) -> Text:
        return Text(text)
