"""A Footer made again only when the keys it shows change.

Textual's Footer removes all its keys and mounts new ones (each styled from the whole stylesheet,
three times over for its parts) whenever the screen says its bindings may have changed: on every
change of focus, every screen pushed or popped, every redraw that refreshes the bindings. Nearly
always they have not. This one looks first at what it would show (the same bindings, enabled or
not, in the same order, with the same displays) and makes its keys again only when that differs;
it checks once however many times it was told in one go.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None  # what the keys composed last show
        self._check_pending = False

    def _showing(self) -> tuple:
        """Everything Footer.compose reads to make its keys."""
        if not self._bindings_ready:
            return ()
        app = self.app
        shown = tuple((binding, app.get_key_display(binding), enabled, tooltip)
                      for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                      if binding.show)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            entry = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _, binding, enabled, tooltip = entry
                palette = (binding, app.get_key_display(binding), enabled, tooltip)
        return (self.combine_groups, shown, palette)

    def compose(self) -> ComposeResult:
        self._shown = self._showing()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        # As Widget.recompose: nothing once the footer is being removed (its screen popped),
        # when the screen's widgets that its check_action looks at may be gone already.
        if not self.is_attached or self._pruning:
            return
        if self._showing() != self._shown:
            await self.recompose()
