"""A case that does not load: its problems, exactly as `detective check` prints them."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.storyfiles.diagnostics import Diagnostic


class ProblemsScreen(Screen):
    CSS_PATH = "problems.tcss"
    BINDINGS = [Binding("q,escape,enter", "leave", "Quit", id="leave")]

    def __init__(self, case_dir: Path, problems: list[Diagnostic]) -> None:
        super().__init__()
        self.case_dir = case_dir
        self.problems = problems

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        yield Static(f"[b]The case in {escape(str(self.case_dir))} cannot be played:[/] "
                     f"{count} problem{'s' if count != 1 else ''}", classes="topbar")
        with VerticalScroll(id="problem-list"):
            yield Static("\n".join(escape(str(problem)) for problem in self.problems))
            yield Static("\n[dim]Fix these in the story files, then run "
                         "`detective check` to see the case is whole.[/]")
        yield Footer()

    def action_leave(self) -> None:
        self.app.exit(1, return_code=1)
