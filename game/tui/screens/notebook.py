"""The notebook: what each person has said, logged by version, with contradictions marked.

A statement is marked when evidence the player holds breaks the version it was said in; the
casebook works that out from the story's transitions, not from any hand-written note.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.presentation import build
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.log import ReflowLog
from game.tui.widgets.options import ChoiceList
from game.tui.widgets.speech import LogStyles


class NotebookScreen(GameScreen, inherit_bindings=False):
    HOME_FOCUS = "#people"
    VIEW = "notebook"
    BINDINGS = game_bindings(Binding("escape", "app.pop_screen", "Back", id="back"))

    def __init__(self) -> None:
        super().__init__()
        self._showing: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(styled(("Notebook", "b"), "  \u00b7  what each person has told you, "
                            "version by version"), classes="topbar")
        with Horizontal(id="notebook-body"):
            yield ChoiceList(id="people")
            yield ReflowLog(id="statements", wrap=True, markup=False, auto_scroll=False,
                            min_width=20)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._showing = self.session.state.interlocutor

    def show_state(self) -> None:
        session, story = self.session, self.session.story
        options = []
        for character_id in story.index.questioned:
            said = len(session.lines_by(character_id))
            name = story.name_of(character_id)
            options.append(Option(styled(name, "  ", (str(said), "dim")), id=character_id))
        people = self.query_one("#people", ChoiceList)
        people.set_choices(options)
        if self._showing is not None:
            ids = [o.id for o in options]
            if self._showing in ids:
                people.highlighted = ids.index(self._showing)
        highlighted = people.highlighted_option
        self._show(highlighted.id if highlighted is not None else None, force=True)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#statements", ReflowLog).focus()

    def _show(self, character_id: str | None, force: bool = False) -> None:
        if character_id is None or (character_id == self._showing and not force):
            return
        self._showing = character_id
        log = self.query_one("#statements", ReflowLog)
        styles = LogStyles(self.app.theme_variables)
        log.clear()
        page = build.notebook(self.session, character_id)
        if not page.sections:
            log.write(styles.speech("", f"{page.name} has told you nothing yet."))
            return
        for section in page.sections:
            if section.version:
                log.write("")
                log.write(styles.rule(section.version))
            for note in section.lines:
                log.write(styles.plain(f"\u2022 {note.text}"))
                if note.contradicted_by:
                    titles = "; ".join(note.contradicted_by)
                    log.write(styles.warning(f"  \u2717 contradicted by: {titles}"))
                if note.doubted:  # the player's own flag, and their note
                    log.write(styles.note("  ? doubted" + (f": {note.note}" if note.note
                                                           else "")))
        log.scroll_home(animate=False)
