"""A story's versions side by side: each account as a column, with the evidence that broke it.

Versions not yet heard stay hidden: the column says only that there is more to find.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Static

from game.engine.casebook import central_character, versions_of
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import styled


class VersionsScreen(GameScreen, inherit_bindings=False):
    CSS_PATH = "versions.tcss"
    VIEW = "versions"
    BINDINGS = game_bindings(
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("tab", "next_person", "Next person", id="next_person"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.character_id: str | None = None
        self._drawn: tuple | None = None  # what the columns show, to rebuild only on change

    def compose(self) -> ComposeResult:
        yield Static(id="versions-bar", classes="topbar")
        yield Horizontal(id="columns")
        yield Footer(compact=True)

    def _storytellers(self) -> list[str]:
        story = self.session.story
        return [c for c in story.index.questioned if len(story.characters[c].states) > 1]

    def on_mount(self) -> None:
        chair = self.session.state.interlocutor
        self.character_id = chair if chair in self._storytellers() else (
            central_character(self.session.story))

    def show_state(self) -> None:
        if self.character_id is None:
            return
        story, state = self.session.story, self.session.state
        character = story.characters[self.character_id]
        versions = versions_of(story, state, self.character_id)
        drawn = (self.character_id, tuple(versions), state.states.get(self.character_id))
        if drawn == self._drawn:
            return
        self._drawn = drawn
        heard = sum(v.reached for v in versions)
        self.query_one("#versions-bar", Static).update(styled(
            (f"{character.name}'s versions", "b"), f"  \u00b7  {heard} of {len(versions)} heard",
            "  \u00b7  ", ("tab: another person", "dim")))
        columns = self.query_one("#columns", Horizontal)
        columns.remove_children()
        current = state.states.get(self.character_id)
        for number, version in enumerate(versions, 1):
            classes = "version"
            if not version.reached:
                classes += " -locked"
                parts = [Static(styled((f"{number}. ???", "b")), classes="version-title"),
                         Static(styled(("Not told yet.", "dim")), classes="version-account")]
            else:
                if version.state_id == current:
                    classes += " -current"
                now = ("  ", ("(now)", "b $accent")) if version.state_id == current else ()
                parts = [Static(styled((f"{number}. {version.label}", "b"), *now),
                                classes="version-title"),
                         Static(styled(version.account), classes="version-account")]
                if version.broken_by:
                    titles = "; ".join(story.evidence[e].title for e in version.broken_by)
                    parts.append(Static(styled(("Broken by:", "b $error"), " ", titles),
                                        classes="version-broken"))
            columns.mount(VerticalScroll(*parts, classes=classes))

    def action_next_person(self) -> None:
        people = self._storytellers()
        if not people or self.character_id is None:
            return
        index = people.index(self.character_id) if self.character_id in people else -1
        self.character_id = people[(index + 1) % len(people)]
        self.show_state()
