"""A case that does not load: its problems, exactly as `detective check` prints them."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.storyfiles.diagnostics import Diagnostic
from game.tui.styled import one_line, styled
from game.tui.widgets.footer import Footer


class ProblemsScreen(Screen):
    BINDINGS = [Binding("q,escape,enter", "leave", "Quit", id="leave")]

    def __init__(self, case_dir: Path, problems: list[Diagnostic]) -> None:
        super().__init__()
        self.case_dir = case_dir
        self.problems = problems

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        yield Static(styled((f"The case in {one_line(str(self.case_dir))} cannot be played:",
                             "b"), f" {count} problem{'s' if count != 1 else ''}"),
                     classes="topbar")
        with VerticalScroll(id="problem-list"):
            # A diagnostic quotes the story and its paths: plain text, made visible.
            yield Static(styled("\n".join(str(problem) for problem in self.problems)))
            yield Static(styled("\n", ("Fix these in the story files, then run "
                                       "`detective check` to see the case is whole.", "dim")))
        yield Footer()

    def action_leave(self) -> None:
        self.app.exit(1, return_code=1)
