"""The hearing: the last scene of the inquiry, and the decision that picks the ending."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import GameScreen
from game.tui.styled import styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.options import ChoiceList
from game.tui.widgets.speech import speech


class HearingScreen(GameScreen):
    HOME_FOCUS = "#options"

    def compose(self) -> ComposeResult:
        yield Static(id="hearing-bar", classes="topbar")
        with VerticalScroll(id="hearing-scene"):
            yield Static(id="hearing-lines")
        yield Static("What will you do?", classes="heading")
        yield ChoiceList(id="options")
        yield Footer(compact=True)

    def show_state(self) -> None:
        session, story = self.session, self.session.story
        self.query_one("#hearing-bar", Static).update(styled((story.stage_title, "b")))
        player = story.case.player
        lines = [speech(story.name_of(s.speaker) if s.speaker else "", s.text,
                        s.speaker == player)
                 for s in session.state.transcript if s.node == "hearing"]
        body = self.query_one("#hearing-lines", Static)
        body.update(Content("\n\n").join(lines))
        options = [Option(styled(story.hearing.options[o].text), id=o)
                   for o in session.hearing_options()]
        self.query_one("#options", ChoiceList).set_choices(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        if choice is None:
            return
        self.choose(choice)
