"""Text on its way to the screen: built from plain strings and styled by parts, never parsed.

Case folders and saves are shared, so what they say is untrusted: `[@click=app.quit]` in a case
title would be a live link if it were read as Textual markup, and `textual.markup.escape` does not
cover every tag (`[$var]`). So nothing here is markup: a screen hands `styled()` plain strings and
(string, style) pairs, and the styles are our own. Every notice is plain text too (the app's
`notify` never takes markup).
"""

from __future__ import annotations

from textual.content import Content

from game.engine.text import one_line, visible

__all__ = ["Part", "styled", "one_line", "visible"]

# A plain string, a (string, style) pair such as ("Anya", "b $accent"), or Content already built.
Part = str | tuple[str, str] | Content


def styled(*parts: Part) -> Content:
    """Content made of `parts`, their text taken literally. The engine already shows control
    characters of story and save text as visible stand-ins; doing it again here costs little and
    covers every other string (an error message, a path, a saves folder listing)."""
    pieces: list[str | tuple[str, str] | Content] = []
    for part in parts:
        if isinstance(part, Content):
            pieces.append(part)
        elif isinstance(part, tuple):
            text, style = part
            if text:
                pieces.append((visible(text), style))
        elif part:
            pieces.append(visible(part))
    return Content.assemble(*pieces)
