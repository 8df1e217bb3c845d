"""The one gate for text that comes from a case or a save on its way to the player.

Case folders and save files are shared, so their text is untrusted: an ESC or BEL in a topic line
would otherwise reach the terminal and be obeyed (set the window title, clear the screen, write the
clipboard). Every control character except newline and tab is shown as a visible stand-in instead:
C0 as its Unicode control picture (ESC as U+241B), DEL as U+2421, C1 as U+FFFD. Markup is a
face's concern: the TUI turns this text into Content or Text, never parses it as markup.
"""

from __future__ import annotations

import re

# C0 except tab and newline, DEL, C1. A CR that ends a line (a file written on Windows) is not a
# control character in the author's eyes, so CRLF is folded to LF first.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PICTURES = {**{code: chr(0x2400 + code) for code in range(0x20)}, 0x7F: "\u2421",
             **{code: "\ufffd" for code in range(0x80, 0xA0)}}


def visible(text: str) -> str:
    """`text` with every control character but newline and tab replaced by a visible stand-in."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda m: _PICTURES[ord(m.group())], text.replace("\r\n", "\n"))


def control_characters(text: str) -> list[str]:
    """The control characters in `text` (CRLF line ends aside), named for an author: `ESC`."""
    found = CONTROL.findall(text.replace("\r\n", ""))
    return [_NAMES.get(ord(c), f"U+{ord(c):04X}") for c in found]


_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR", 0x1B: "ESC",
          0x7F: "DEL", 0x9B: "CSI", 0x9D: "OSC"}


def one_line(text: str, limit: int = 200) -> str:
    """Visible, on one line, at most `limit` characters: for names quoted back in messages."""
    shown = visible(text).replace("\n", " ").replace("\t", " ")
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."
