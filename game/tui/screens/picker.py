"""Choose a piece of evidence to show the person in the chair, or to object to a statement of
theirs with, reading each one as you go."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.styled import styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.options import ChoiceList, number_keys, pick_by_number


@dataclass(frozen=True, slots=True)
class PickerItem:
    evidence_id: str
    title: str
    source: str
    document: str
    shown_before: bool  # already shown to this person


class EvidencePickerScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="cancel"),
        Binding("enter", "choose", "Show it", id="choose", show=True),
        *number_keys(),  # 1-9 pick an item, the document pane having the focus or not
    ]

    def __init__(self, person: str, items: list[PickerItem], against: str = "") -> None:
        super().__init__()
        self.person = person
        self.against = against  # the statement objected to, or "" to show the piece
        self.items = {item.evidence_id: item for item in items}

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            if self.against:
                title = styled("Object to ", (self.person, "b"), ": ",
                               ("\u201c" + self.against + "\u201d", "i"), "  with...  ",
                               ("enter: object \u00b7 escape: back", "dim"))
            else:
                title = styled("Show ", (self.person, "b"), "...  ",
                               ("enter: show it \u00b7 escape: back", "dim"))
            yield Static(title, id="picker-title")
            with Horizontal(id="picker-body"):
                yield ChoiceList(id="items")
                with VerticalScroll(id="document-pane"):
                    yield Static(id="document")
        yield Footer(compact=True)

    @staticmethod
    def _option(item: PickerItem) -> Option:
        mark = ("  ", ("(shown)", "dim")) if item.shown_before else ()
        return Option(styled(item.title, *mark), id=item.evidence_id)

    def on_mount(self) -> None:
        items = self.query_one("#items", ChoiceList)
        items.set_choices([self._option(item) for item in self.items.values()])
        items.focus()
        items.highlighted = 0
        self._show_document(next(iter(self.items)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._show_document(event.option.id)

    def _show_document(self, evidence_id: str) -> None:
        item = self.items[evidence_id]
        source = (f"From: {item.source}", "dim") if item.source else ""
        self.query_one("#document", Static).update(styled(
            (item.title, "b $accent"), "\n", source, "\n" if source else "",
            "\n", item.document.strip()))
        self.query_one("#document-pane", VerticalScroll).scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        highlighted = self.query_one("#items", OptionList).highlighted_option
        if highlighted is not None:
            self.dismiss(highlighted.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_pick_number(self, number: int) -> None:
        pick_by_number(self, number)
