"""The saves in the folder, newest first: what each holds, when it was saved, how long it was
played; a save that cannot be loaded says why. Enter returns the slot to load.

The saves of other cases are listed after this case's, each with its case, so that none is a
surprise; choosing one is refused here, by naming its case, and the list stays open."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.persistence.slots import case_name, case_title
from game.tui.styled import one_line, styled
from game.tui.widgets.options import ChoiceList

if TYPE_CHECKING:
    from game.persistence.slots import SlotInfo


def saved_when(saved_at: str, now: datetime | None = None) -> str:
    """An ISO time as the player reads it, in local time: `today 14:05`, `3 Mar 2026 09:12`."""
    try:
        when = datetime.fromisoformat(saved_at)
    except ValueError:
        return saved_at or "an unknown time"
    if when.tzinfo is not None:
        when = when.astimezone()
    today = (now or datetime.now()).date()
    if when.date() == today:
        return f"today {when:%H:%M}"
    if when.date() == today - timedelta(days=1):
        return f"yesterday {when:%H:%M}"
    return f"{when.day} {when:%b %Y %H:%M}"


def played_for(seconds: float) -> str:
    minutes = int(seconds) // 60
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


class LoadScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, slots: list[SlotInfo], case_id: str = "",
                 titles: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.case_id = case_id  # the case being played ("": any save may be chosen)
        self.titles = dict(titles or {})  # the titles of the cases the game knows, by id
        # This case's saves first (and those whose case cannot be read), then the others'.
        self.slots = sorted(slots, key=self._of_another_case)

    def _of_another_case(self, info: SlotInfo) -> bool:
        return bool(self.case_id and info.case and info.case != self.case_id)

    def compose(self) -> ComposeResult:
        with Vertical(id="load"):
            yield Static(styled(("Load a game", "b"), "  ",
                                ("enter: load \u00b7 escape: back", "dim")), id="load-title")
            yield Static("", id="load-note")
            yield ChoiceList(id="slots")

    def _option(self, info: SlotInfo) -> Option:
        # Everything but the slot's name comes from inside the file: one line each, as written.
        name = (one_line(info.name), "b")
        if info.problem:
            return Option(styled(name, "  ", ("not loadable", "b $error"), "\n  ",
                                 (one_line(info.problem), "dim")), id=info.slot)
        when = one_line(saved_when(info.saved_at), 40)
        details = f"saved {when} \u00b7 played {played_for(info.play_seconds)}"
        if self._of_another_case(info):
            case = one_line(case_title(info.case, self.titles), 40)
            return Option(styled(name, "  ", one_line(info.label), "\n  ",
                                 (f"another case: {case}", "$warning"),
                                 (f" \u00b7 saved {when}", "dim")), id=info.slot)
        return Option(styled(name, "  ", one_line(info.label), "\n  ", (details, "dim")),
                      id=info.slot)

    def on_mount(self) -> None:
        self.query_one("#load-note", Static).display = False
        slots = self.query_one("#slots", ChoiceList)
        slots.set_choices([self._option(info) for info in self.slots])
        slots.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = next((info for info in self.slots if info.slot == event.option.id), None)
        if info is not None and not info.problem and self._of_another_case(info):
            # Refused here, the file untouched: the player may choose another.
            case = one_line(case_name(info.case, self.titles), 80)
            note = self.query_one("#load-note", Static)
            note.update(styled((f"This save is from {case}; play that case to load it.",
                                "$warning")))
            note.display = True
            return
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
