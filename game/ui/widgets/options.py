"""Helpers for the option lists every screen uses."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option


def replace_options(option_list: OptionList, options: list[Option]) -> None:
    """Swap in new options, keeping the highlight on the same id where it still exists."""
    highlighted = option_list.highlighted_option
    keep = highlighted.id if highlighted is not None else None
    option_list.clear_options()
    option_list.add_options(options)
    for index, option in enumerate(options):
        if option.id == keep and not option.disabled:
            option_list.highlighted = index
            return
    for index, option in enumerate(options):
        if not option.disabled:
            option_list.highlighted = index
            return
