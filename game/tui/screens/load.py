"""The saves in the folder, newest first: what each holds, when it was saved, how long it was
played; a save that cannot be loaded says why. Enter returns the slot to load."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

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
    CSS_PATH = "load.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, slots: list[SlotInfo]) -> None:
        super().__init__()
        self.slots = slots

    def compose(self) -> ComposeResult:
        with Vertical(id="load"):
            yield Static(styled(("Load a game", "b"), "  ",
                                ("enter: load \u00b7 escape: back", "dim")), id="load-title")
            yield ChoiceList(id="slots")

    @staticmethod
    def _option(info: SlotInfo) -> Option:
        # Everything but the slot's name comes from inside the file: one line each, as written.
        name = (one_line(info.slot), "b")
        if info.problem:
            return Option(styled(name, "  ", ("not loadable", "b $error"), "\n  ",
                                 (one_line(info.problem), "dim")), id=info.slot)
        when = one_line(saved_when(info.saved_at), 40)
        return Option(styled(name, "  ", one_line(info.label), "\n  ",
                             (f"saved {when} \u00b7 played {played_for(info.play_seconds)}",
                              "dim")), id=info.slot)

    def on_mount(self) -> None:
        slots = self.query_one("#slots", ChoiceList)
        slots.set_choices([self._option(info) for info in self.slots])
        slots.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
