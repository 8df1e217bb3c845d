"""A story's versions side by side: each account as a column, with the evidence that broke it.

Versions not yet heard stay hidden: the column says only that there is more to find.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from game.presentation import build
from game.presentation.casebook import central_character
from game.presentation.views import VersionsView
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import styled
from game.tui.widgets.footer import Footer


class VersionsScreen(GameScreen, inherit_bindings=False):
    VIEW = "versions"
    BINDINGS = game_bindings(
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("tab", "next_person", "Next person", id="next_person"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.character_id: str | None = None
        self._drawn: VersionsView | None = None  # what the columns show: rebuilt on change

    def compose(self) -> ComposeResult:
        yield Static(id="versions-bar", classes="topbar")
        yield Horizontal(id="columns")
        yield Footer(compact=True)

    def _storytellers(self) -> list[str]:
        return build.storytellers(self.session)

    def on_mount(self) -> None:
        chair = self.session.state.interlocutor
        tellers = self._storytellers()
        central = central_character(self.session.story)
        self.character_id = (chair if chair in tellers else central if central in tellers
                             else tellers[0] if tellers else central)

    def show_state(self) -> None:
        if self.character_id is None:
            return
        shown = build.versions(self.session, self.character_id)
        if shown == self._drawn:
            return
        self._drawn = shown
        self.query_one("#versions-bar", Static).update(styled(
            (f"{shown.name}'s versions", "b"),
            f"  \u00b7  {shown.told} heard" if shown.told else "  \u00b7  nothing told yet",
            "  \u00b7  ", ("tab: another person", "dim")))
        columns = self.query_one("#columns", Horizontal)
        columns.remove_children()
        for version in shown.versions:
            classes = "version -current" if version.current else "version"
            now = ("  ", ("(now)", "b $accent")) if version.current else ()
            parts = [Static(styled((f"{version.number}. {version.label}", "b"), *now),
                            classes="version-title"),
                     Static(styled(version.account), classes="version-account")]
            if version.broken_by:
                parts.append(Static(styled(("Broken by:", "b $error"), " ",
                                           "; ".join(version.broken_by)),
                                    classes="version-broken"))
            columns.mount(VerticalScroll(*parts, classes=classes))

    def action_next_person(self) -> None:
        people = self._storytellers()
        if not people or self.character_id is None:
            return
        index = people.index(self.character_id) if self.character_id in people else -1
        self.character_id = people[(index + 1) % len(people)]
        self.show_state()
