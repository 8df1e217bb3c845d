"""The game's commands for Textual's command palette: every possible action, by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits
from textual.system_commands import SystemCommandsProvider

from game.presentation.build import possible_actions
from game.tui.styled import styled, visible

if TYPE_CHECKING:
    from game.tui.app import DetectiveApp

Command = tuple[str, str, Callable[[], object]]


class PlainCommands(SystemCommandsProvider):
    """The app's system commands (Textual's and the game's), each prompt built as Content.

    Textual's own provider highlights a match by parsing the command's name as markup, and the
    palette parses a string prompt or help text the same way; the game's command names quote the
    story. Content goes through both untouched, so nothing in a name is read as markup."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for title, help_text, callback, discover in commands:
            if discover:
                # `help` is typed str, but a str would be parsed as markup; Content is not.
                yield DiscoveryHit(styled(title), callback, text=visible(title),
                                   help=styled(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            shown = visible(title)
            score, offsets = matcher.fuzzy_search.match(query, shown)
            if score <= 0:
                continue
            prompt = styled(shown)
            for offset in offsets:  # the letters typed, highlighted as Textual's provider does
                if not shown[offset].isspace():
                    prompt = prompt.stylize(matcher.match_style, offset, offset + 1)
            yield Hit(score, prompt, callback, text=shown, help=styled(help_text))


def game_commands(app: DetectiveApp) -> list[Command]:
    if app.session is None:
        return []
    commands: list[Command] = []
    for offer in possible_actions(app.session):
        action = offer.action
        assert action is not None
        callback = (app.confirm_hearing if action.verb == "hearing"
                    else partial(app.act_when_sure, action))
        commands.append((offer.label, offer.note, callback))
    commands += [
        ("Open the evidence locker", "Every item found, readable in full",
         partial(app.open_view, "locker")),
        ("Open the notebook", "What each person has said, by version",
         partial(app.open_view, "notebook")),
        ("Compare the versions", "Each account side by side, and what broke it",
         partial(app.open_view, "versions")),
        *([("Open the deduction board", "Fill in what happened, and see it confirmed  (b)",
            partial(app.open_view, "deduction"))] if app.session.story.board else []),
        ("Hint", "What to look into next", app.show_hint),
        ("Undo", "Take back the last step  (ctrl+z)", app.undo),
        ("Redo", "Take the step again  (ctrl+y)", app.redo),
        ("Quick save", "Save to the quicksave slot  (f5)", app.quick_save),
        ("Quick load", "Load the quicksave slot  (f9)", app.quick_load),
        ("Save as\u2026", "Save this game under a name  (ctrl+s)", app.open_save_as),
        ("Load a save", "Pick a saved game  (ctrl+l)", app.open_load_screen),
        ("New game", "Start the case again from the beginning", app.confirm_new_game),
    ]
    return commands
