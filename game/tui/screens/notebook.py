"""The notebook: what each person has said, logged by version, with contradictions marked.

A statement is marked when evidence the player holds breaks the version it was said in; the
casebook works that out from the story's transitions, not from any hand-written note.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, OptionList, RichLog, Static
from textual.widgets.option_list import Option

from game.engine.casebook import contradicted_by
from game.tui.screens.base import GameScreen
from game.tui.styled import styled
from game.tui.widgets.options import ChoiceList
from game.tui.widgets.speech import LogStyles


class NotebookScreen(GameScreen):
    CSS_PATH = "notebook.tcss"
    HOME_FOCUS = "#people"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def __init__(self) -> None:
        super().__init__()
        self._showing: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(styled(("Notebook", "b"), "  \u00b7  what each person has told you, "
                            "version by version"), classes="topbar")
        with Horizontal(id="notebook-body"):
            yield ChoiceList(id="people")
            yield RichLog(id="statements", wrap=True, markup=False, auto_scroll=False,
                          min_width=20)
        yield Footer()

    def on_mount(self) -> None:
        self._showing = self.session.state.interlocutor

    def show_state(self) -> None:
        session, story = self.session, self.session.story
        options = []
        for character_id in story.index.questioned:
            said = len(session.statements_by(character_id))
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
        self.query_one("#statements", RichLog).focus()

    def _show(self, character_id: str | None, force: bool = False) -> None:
        if character_id is None or (character_id == self._showing and not force):
            return
        self._showing = character_id
        session, story, state = self.session, self.session.story, self.session.state
        log = self.query_one("#statements", RichLog)
        styles = LogStyles(self.app.theme_variables)
        log.clear()
        character = story.characters[character_id]
        statements = session.statements_by(character_id)
        if not statements:
            log.write(styles.speech("", f"{character.name} has told you nothing yet."))
            return
        version: object = object()
        for statement in statements:
            if statement.speaker_state != version:
                version = statement.speaker_state
                if version:
                    log.write("")
                    log.write(styles.rule(character.states[version].label))
            log.write(styles.plain(f"\u2022 {statement.text}"))
            against = contradicted_by(story, state, statement)
            if against:
                titles = "; ".join(story.evidence[e].title for e in against)
                log.write(styles.warning(f"  \u2717 contradicted by: {titles}"))
        log.scroll_home(animate=False)
