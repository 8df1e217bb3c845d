"""The evidence locker: every item found, in the order found, each readable in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.presentation import build
from game.presentation.views import LockerView
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import Part, styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.options import ChoiceList


class LockerScreen(GameScreen, inherit_bindings=False):
    HOME_FOCUS = "#evidence-list"
    VIEW = "locker"
    BINDINGS = game_bindings(Binding("escape", "app.pop_screen", "Back", id="back"))
    _view = LockerView(())  # what was last drawn
    _opened = False  # drawn once: the highlight is the player's from then on

    def compose(self) -> ComposeResult:
        yield Static(id="locker-bar", classes="topbar")
        with Horizontal(id="locker-body"):
            yield ChoiceList(id="evidence-list")
            with VerticalScroll(id="evidence-pane"):
                yield Static(id="evidence-document")
        yield Footer(compact=True)

    def show_state(self) -> None:
        self._view = build.locker(self.session)
        story = self.session.story
        count = f"{len(self._view.documents)} of {len(story.evidence)} found"
        self.query_one("#locker-bar", Static).update(
            styled(("Evidence locker", "b"), f"  \u00b7  {count}"))
        options = [Option(styled(document.title), id=f"document-{number}")
                   for number, document in enumerate(self._view.documents)]
        if not options:
            options = [Option(styled(("Nothing yet.", "dim")), disabled=True)]
        evidence_list = self.query_one("#evidence-list", ChoiceList)
        evidence_list.set_choices(options)
        if not self._opened and self._view.documents:
            # It opens on the newest piece (found last), the one the player likely came for.
            evidence_list.highlighted = len(self._view.documents) - 1
        self._opened = True
        self._show(evidence_list.highlighted)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#evidence-pane", VerticalScroll).focus()

    def _show(self, index: int | None) -> None:
        document = self.query_one("#evidence-document", Static)
        documents = self._view.documents
        if index is None or not 0 <= index < len(documents):
            document.update(styled(("Evidence you find, by searching or from the people you "
                                    "question, is kept here.", "dim")))
            return
        shown = documents[index]
        parts: list[Part] = [(shown.title, "b $accent"), "\n"]
        if shown.source:
            parts += [(f"From: {shown.source}", "dim"), "\n"]
        if shown.shown_to:
            parts += [(f"Shown to: {', '.join(shown.shown_to)}", "dim"), "\n"]
        if shown.summary:
            parts += ["\n", (shown.summary, "i"), "\n"]
        document.update(styled(*parts, "\n", "\n\n".join(shown.paragraphs)))
        self.query_one("#evidence-pane", VerticalScroll).scroll_home(animate=False)
