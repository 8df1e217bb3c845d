"""A RichLog that wraps its lines again when its width changes.

RichLog wraps a line once, at the width the log has when the line is written: after the terminal
is resized, lines written before are cut off or leave half the log empty. This one keeps what was
written and writes it all again at the new width, keeping the reader's place: at the end if they
were at the end, else at the same share of the way down.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual.events import Resize
from textual.message import Message
from textual.widgets import RichLog


class _Written(NamedTuple):
    content: object
    width: int | None
    expand: bool
    shrink: bool


class ReflowLog(RichLog):
    # Lines always fit the width: no sideways scrolling, and no scrollbar that would come and
    # go under them and change the height of the view behind the reader's back.
    DEFAULT_CSS = """
    ReflowLog {
        overflow-x: hidden;
    }
    """

    class ViewChanged(Message):
        """The view's height changed: what shows of the log (and what is below it) did too."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._written: list[_Written] = []
        self._wrapped_at = 0  # the width the lines were wrapped to
        self._seen_height = 0  # the height of the view before the latest resize

    def write(self, content: object, width: int | None = None, expand: bool = False,
              shrink: bool = True, scroll_end: bool | None = None, animate: bool = False):
        # Before the size is known RichLog keeps the write aside and makes it again, through
        # here, once it is: it is kept then.
        if self._size_known:
            kept = content.copy() if isinstance(content, Text) else content
            self._written.append(_Written(kept, width, expand, shrink))
        return super().write(content, width, expand, shrink, scroll_end, animate)

    def clear(self):
        self._written.clear()
        return super().clear()

    def on_resize(self, event: Resize) -> None:
        # Textual calls RichLog's own on_resize after this one: the first time, it makes the
        # writes kept aside, at the width just known.
        width, height = self.scrollable_content_region.size
        if self._size_known and self._written and width != self._wrapped_at:
            # Where the reader was, measured against the view as it was before this resize.
            lines = self.virtual_size.height
            at_end = self.scroll_y >= lines - self._seen_height
            self.call_after_refresh(self._reflow, at_end, self.scroll_y / max(1, lines))
        elif self._size_known and height != self._seen_height:
            # Only taller or shorter (a line under the log came or went): a reader at the end
            # stays at the end.
            lines = self.virtual_size.height
            if self.scroll_y >= lines - self._seen_height:
                self.call_after_refresh(self.scroll_end, animate=False, immediate=True,
                                        x_axis=False)
        if height != self._seen_height:
            self.call_after_refresh(self.post_message, self.ViewChanged())
        if width:
            self._wrapped_at = width
        self._seen_height = height

    def _reflow(self, at_end: bool, share: float) -> None:
        width = self.scrollable_content_region.width
        if not self._written or width <= 0:
            return
        written = list(self._written)
        self.clear()
        for line in written:
            self.write(line.content, line.width, line.expand, line.shrink, scroll_end=False)
        self._wrapped_at = width
        if at_end:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        else:
            self.scroll_to(y=round(share * self.virtual_size.height), animate=False,
                           immediate=True)
