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


# Characters that print as nothing yet change what is seen: bidirectional overrides and
# isolates, which reorder the text after them (a line can be made to read backwards), and
# zero-width spaces and joiners that hide inside words. ZWJ and ZWNJ are left out: emoji and
# several scripts need them. Printable, so `visible` lets them through; an author is warned.
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
_INVISIBLE_NAMES = {0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
                    0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
                    0x200B: "ZWSP", 0x2060: "WJ", 0xFEFF: "ZWNBSP"}


def invisible_characters(text: str) -> list[str]:
    """The invisible characters in `text` that change what is seen, named: `RLO (U+202E)`."""
    return [f"{_INVISIBLE_NAMES[ord(c)]} (U+{ord(c):04X})" for c in INVISIBLE.findall(text)]


def marked_invisible(text: str) -> str:
    """`text` with each invisible character that changes what is seen written as its code,
    `<U+202E>`: for messages to an author, where it must be seen rather than obeyed."""
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def in_sentence(title: str) -> str:
    """A title inside a sentence: its leading article in lower case ("by the photos"), the
    rest as written ("by CCTV: the front entrance"); "Your mother's house" too."""
    first, space, rest = title.partition(" ")
    return first.lower() + space + rest if space and first in ("The", "A", "An", "Your") \
        else title


def one_line(text: str, limit: int = 200) -> str:
    """Visible, on one line, at most `limit` characters: for names quoted back in messages."""
    shown = visible(text).replace("\n", " ").replace("\t", " ")
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."
