"""The keys of the screen beneath, and how the game is played."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.styled import styled

HOW_TO_PLAY = (
    "Question people in the interrogation room and search places from the case board. "
    "Show evidence to the person in the chair: the right piece at the right time breaks a "
    "story, and a new version takes its place. When you know enough, go to the {stage}.\n\n"
    "When the person in the chair gives a testimony, its statements are listed above the "
    "conversation. Highlight a statement, then: x to press the witness on it, p to object to "
    "it with a piece of evidence (an objection that proves nothing costs {meter}), or d to "
    "flag it as doubtful with a note of your own (d again: change the note, or trust it "
    "again). In a "
    "case with a deduction board, b opens it: write an answer in each blank; a group whose "
    "blanks are all written is confirmed, or not, but you are never told which blank is "
    "wrong.\n\n"
    "ctrl+z takes back a step and ctrl+y does it again. The game saves itself after every "
    "step; f5 saves to a quick slot and f9 loads it back, ctrl+s saves under a name and "
    "ctrl+l lists the saves.\n\n"
    "ctrl+p opens the command palette: every action, by name. ctrl+q quits."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,enter", "close", "Close", id="close")]

    def __init__(self, keys: list[tuple[str, str]], stage: str = "hearing",
                 meter: str = "credibility") -> None:
        super().__init__()
        self.keys = keys
        self.stage = stage  # the case's words for its final stage and for credibility
        self.meter = meter

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self.keys), default=4) + 2
        rows = Content("\n").join(styled((key.ljust(width), "b $accent"), description)
                                   for key, description in self.keys)
        with Vertical(id="help"):
            yield Static(styled(("Keys", "b")), classes="heading")
            with VerticalScroll(id="help-body"):
                how = HOW_TO_PLAY.format(stage=self.stage, meter=self.meter)
                yield Static(styled(rows, "\n\n", how))
            yield Static(styled(("escape: close", "dim")), id="help-footer")

    def action_close(self) -> None:
        self.dismiss(None)
