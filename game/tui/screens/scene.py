"""A scene shown over the game: a search, an event, the prologue, or a story breaking.

A scene taller than its frame is read like a pager: enter (or space) shows the next page until
the end has been on screen, and only then goes on; the footer says which it will do."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from game.tui.styled import styled
from game.tui.widgets.speech import note, speech


@dataclass(frozen=True, slots=True)
class SceneLine:
    speaker_name: str  # "" for narration
    text: str
    by_player: bool


class SceneScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter,space", "read_on", "Continue", id="continue"),
        # Escape leaves at once, read or not (the scene can be read again from the board).
        Binding("escape", "close", "Skip", id="skip"),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
    ]

    def __init__(self, title: str, lines: list[SceneLine], found: list[str],
                 kind: str = "scene", subtitle: str = "") -> None:
        super().__init__(classes=f"-{kind}")
        self.scene_title = title
        self.subtitle = subtitle
        self.lines = lines
        self.found = found
        self.end_seen = False  # the last line has been on screen: enter goes on

    def compose(self) -> ComposeResult:
        with Vertical(id="frame"):
            # Titles are place names, event titles, story labels, a slot's name: plain text.
            yield Static(styled(self.scene_title), id="scene-title")
            if self.subtitle:
                yield Static(styled(self.subtitle), id="scene-subtitle")
            with VerticalScroll(id="scene-body"):
                for line in self.lines:
                    yield Static(speech(line.speaker_name, line.text, line.by_player),
                                 classes="line")
                for title in self.found:
                    yield Static(note(f"Evidence added: {title}"), classes="found")
            yield Static(id="scene-footer")

    def on_mount(self) -> None:
        self._fit()
        for body in self.query("#scene-body").results(VerticalScroll):
            self.watch(body, "scroll_y", self._track, init=False)
        # Its size is known once laid out (and again after each resize): then what shows.
        self.call_after_refresh(self._track)

    def on_resize(self) -> None:
        self._fit()
        self.call_after_refresh(self._track)

    def _body(self) -> VerticalScroll | None:
        # A key typed ahead can arrive before the scene is composed.
        for body in self.query("#scene-body").results(VerticalScroll):
            return body
        return None

    def more_below(self) -> bool:
        """Lines of the scene are below the frame's bottom edge."""
        body = self._body()
        return body is not None and round(body.scroll_y) < body.max_scroll_y

    def _track(self, *_: object) -> None:
        body = self._body()
        if body is None or not body.size.height:
            return  # not laid out yet: nothing is known of what shows
        if not self.more_below():
            self.end_seen = True
        self._show_footer()

    def _show_footer(self) -> None:
        more = self.more_below()
        footer = self.query_one("#scene-footer", Static)
        if not self.end_seen:
            footer.update(styled(("more \u2193", "b $accent"), ("  \u00b7  enter: read on", "dim")))
        elif more:  # scrolled back up after the end: enter goes on all the same
            footer.update(styled(("more \u2193", "$accent"), ("  \u00b7  enter: continue", "dim")))
        else:
            footer.update(styled(("enter: continue", "dim")))

    def action_read_on(self) -> None:
        body = self._body()
        if body is None or not body.size.height:
            return  # not shown yet: an enter typed ahead must not skip what was never seen
        if not self.end_seen and self.more_below():
            body.scroll_page_down(animate=False)
            self._track()
            return
        self.dismiss(None)

    def _fit(self) -> None:
        # A long scene scrolls inside the frame; title and footer stay in view.
        frame = int(self.size.height * 0.9)  # the frame's max-height in scene.tcss
        chrome = 2 + 2 + 1 + 1 + (2 if self.subtitle else 0)  # border, title, margin, footer
        for body in self.query("#scene-body"):
            body.styles.max_height = max(3, frame - chrome)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        body = self._body()
        if body is not None:
            getattr(body, f"scroll_{how}")(animate=False)
            self._track()
