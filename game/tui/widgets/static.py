"""Putting text in a Static only when it changes.

`Static.update` lays the whole screen out again, even for the very text it already shows; the
screens redraw every part from the session after each action, and most parts are as they were.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def same(shown: object, content: object) -> bool:
    """The same text with the same styles (Content's own == compares the text alone)."""
    if isinstance(shown, Content) and isinstance(content, Content):
        return shown.plain == content.plain and list(shown.spans) == list(content.spans)
    return type(shown) is type(content) and isinstance(content, str) and shown == content


def show(static: Static, content: Content | str) -> None:
    """`static.update(content)`, unless that is what it shows already."""
    if not same(static.content, content):
        static.update(content)
