"""The evidence locker: every item found, in the order found, each readable in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import Part, styled
from game.tui.widgets.options import ChoiceList


class LockerScreen(GameScreen, inherit_bindings=False):
    CSS_PATH = "locker.tcss"
    HOME_FOCUS = "#evidence-list"
    VIEW = "locker"
    BINDINGS = game_bindings(Binding("escape", "app.pop_screen", "Back", id="back"))

    def compose(self) -> ComposeResult:
        yield Static(id="locker-bar", classes="topbar")
        with Horizontal(id="locker-body"):
            yield ChoiceList(id="evidence-list")
            with VerticalScroll(id="evidence-pane"):
                yield Static(id="evidence-document")
        yield Footer(compact=True)

    def show_state(self) -> None:
        story, state = self.session.story, self.session.state
        count = f"{len(state.held)} of {len(story.evidence)} found"
        self.query_one("#locker-bar", Static).update(
            styled(("Evidence locker", "b"), f"  \u00b7  {count}"))
        found = sorted(state.held, key=lambda e: state.held[e])
        options = [Option(styled(story.evidence[e].title), id=e) for e in found]
        if not options:
            options = [Option(styled(("Nothing yet.", "dim")), disabled=True)]
        evidence_list = self.query_one("#evidence-list", ChoiceList)
        evidence_list.set_choices(options)
        highlighted = evidence_list.highlighted_option
        self._show(highlighted.id if highlighted is not None else None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#evidence-pane", VerticalScroll).focus()

    def _show(self, evidence_id: str | None) -> None:
        document = self.query_one("#evidence-document", Static)
        if evidence_id is None:
            document.update(styled(("Evidence you find, by searching or from the people you "
                                    "question, is kept here.", "dim")))
            return
        story, state = self.session.story, self.session.state
        item = story.evidence[evidence_id]
        shown_to = sorted(story.name_of(who) for e, who in state.presented if e == evidence_id)
        parts: list[Part] = [(item.title, "b $accent"), "\n"]
        if item.source:
            parts += [(f"From: {item.source}", "dim"), "\n"]
        if shown_to:
            parts += [(f"Shown to: {', '.join(shown_to)}", "dim"), "\n"]
        if item.summary:
            parts += ["\n", (item.summary, "i"), "\n"]
        document.update(styled(*parts, "\n", item.document.strip()))
        self.query_one("#evidence-pane", VerticalScroll).scroll_home(animate=False)
