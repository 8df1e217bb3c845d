"""How a line of the story is styled, everywhere it appears: speakers by name, narration apart.

Styles use theme variables, so every Textual theme recolours them.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from game.tui.styled import styled, visible


def speech(name: str, text: str, by_player: bool = False) -> Content:
    """A spoken line as 'Name: text', or narration (no name) in italics."""
    if not name:
        return styled((text, "i $text-muted"))
    colour = "$accent" if by_player else "$primary"
    return styled((f"{name}:", f"b {colour}"), " ", text)


def note(text: str) -> Content:
    return styled((f"\u25b8 {text}", "$success"))


class LogStyles:
    """The same styles as Rich Text, for RichLog: it wraps Rich Text but not Content. Rich Text
    made from a string is not markup; its control characters are made visible here, as in
    `styled()`.

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
            return Text(visible(text), style="italic dim")
        line = Text(visible(f"{name}:"),
                    style=f"bold {self.accent if by_player else self.primary}")
        line.append(visible(f" {text}"))
        return line

    def rule(self, text: str) -> Text:
        return Text(visible(f"\u2500\u2500 {text} \u2500\u2500"), style=f"bold {self.secondary}")

    def note(self, text: str) -> Text:
        return Text(visible(f"\u25b8 {text}"), style=self.success)

    def warning(self, text: str) -> Text:
        return Text(visible(text), style=f"bold {self.error}")

    def plain(self, text: str) -> Text:
        return Text(visible(text))
