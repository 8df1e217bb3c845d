"""A scene shown over the game: a search, an event, the prologue, or a story breaking."""

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
        Binding("enter,space,escape", "close", "Continue", id="continue"),
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
            yield Static(styled(("enter: continue", "dim")), id="scene-footer")

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # A long scene scrolls inside the frame; title and footer stay in view.
        frame = int(self.size.height * 0.9)  # the frame's max-height in scene.tcss
        chrome = 2 + 2 + 1 + 1 + (2 if self.subtitle else 0)  # border, title, margin, footer
        for body in self.query("#scene-body"):
            body.styles.max_height = max(3, frame - chrome)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        # A key typed ahead can arrive before the scene is composed.
        for body in self.query("#scene-body").results(VerticalScroll):
            getattr(body, f"scroll_{how}")(animate=False)
