"""Problems found in a story, as data: a code, a place and a message in the author's terms."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from game.engine.text import marked_invisible, visible

# Every code, with a one-line summary; docs/authoring.md gives an example of each.
CODES = {
    "E001": "TOML syntax error",
    "E002": "unknown key",
    "E003": "missing required key",
    "E004": "wrong type or bad value",
    "E005": "reference to an unknown id",
    "E006": "duplicate id (topics, reactions, searches, events and statements share their ids)",
    "E007": "condition does not parse",
    "E008": "unknown name in a condition",
    "E009": "state machine problem",
    "E010": "unknown speaker in a line",
    "E011": "the case is incomplete",
    "E012": "file cannot be read",
    "E013": "topic or reaction for someone who is not questioned",
    "E014": "over a limit (file size, case size, nesting, key length, number of tables)",
    "E015": "a statement or a blank of the board that contradicts itself",
    "E016": "a term's `when` that could become false again",
    "C001": "node never reachable",
    "C002": "evidence never obtained",
    "C003": "state never entered",
    "C004": "ending never reached",
    "C005": "softlock: no ending reachable",
    "C006": "walkthrough failed",
    "C007": "transitions or events never settle",
    "C008": "unproved: exploration stopped at its limit (no reachability verdict is given), or "
            "an ending was found only on a path check could not play for real",
    "C009": "a statement never said",
    "C010": "a contradiction that can never be made",
    "C011": "a board group that can never be confirmed",
    "C012": "a text names a term before the player can know it (a knowledge leak)",
    "W001": "control characters in text (warning: shown as symbols, never sent), or invisible "
            "ones that reorder or hide text (bidirectional overrides, zero-width spaces)",
    "W002": "narration that starts like a speaker's line (warning: `Ilse:` for `ilse`)",
    "W003": "reaction hidden by an earlier catch-all reaction (warning: never played)",
    "W004": "a version that can be skipped (warning: a later state entered before an earlier)",
    "N001": "problems not shown: they may follow from a file that could not be read (a note)",
    "N002": "reached by no walkthrough (a note, told by `check --coverage`)",
}


# What a message quotes from the case (a key, an id, a value) is written between backticks;
# each is shown to at most this many characters, and a whole message to MAX_MESSAGE (a name
# that holds a backtick itself is not seen as one quotation, so the message as a whole is bound).
MAX_QUOTED = 120
MAX_MESSAGE = 2000
_QUOTED = re.compile(r"`([^`]*)`")


def bounded(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis when it is longer."""
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _bounded_message(message: str) -> str:
    if len(message) <= MAX_QUOTED:
        return message
    quoted = _QUOTED.sub(lambda m: f"`{bounded(m.group(1), MAX_QUOTED)}`", message)
    return bounded(quoted, MAX_MESSAGE)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    file: str
    line: int | None
    column: int | None
    code: str
    message: str
    key: str = ""  # dotted key path, shown when the line cannot be known
    # The id a "did you mean" in the message names, for tools (`check --format json`, editors).
    suggestion: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # The one place where what a case wrote is bounded before an author reads it: a key of
        # a megabyte is named by its start.
        # and one that would reorder what the author reads is written as its code.
        object.__setattr__(self, "message", marked_invisible(_bounded_message(self.message)))
        object.__setattr__(self, "key", bounded(self.key, MAX_QUOTED))

    @property
    def severity(self) -> str:
        """"error", "warning" (W codes) or "note" (N codes)."""
        return {"W": "warning", "N": "note"}.get(self.code[:1], "error")

    @property
    def is_warning(self) -> bool:
        """Warnings (W) and notes (N) are told but do not stop the case from loading or passing
        check, and are not counted as problems."""
        return self.code.startswith(("W", "N"))

    def __str__(self) -> str:
        # File names, keys and ids are quoted from the case: shown, never obeyed.
        if self.line is not None:
            return visible(marked_invisible(f"{self.file}:{self.line}:{self.column or 1}: "
                                            f"{self.code} {self.message}"))
        where = f"{self.file}:{self.key}" if self.key else self.file
        return visible(marked_invisible(f"{where}: {self.code} {self.message}"))


class StoryError(Exception):
    """An author's error: the story cannot be loaded. Carries every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in the story")
        self.diagnostics = diagnostics


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate `name` is most likely a typo of, if any is close enough."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def mention(suggestion: str | None) -> str:
    """The end of a message that offers `suggestion`: "; did you mean `x`?" (or nothing)."""
    return f"; did you mean `{suggestion}`?" if suggestion else ""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    return mention(closest(name, candidates))


def dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
