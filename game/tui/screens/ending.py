"""The ending: what happened, the case report (so a second playthrough has a reason), and the
last choice where the ending has one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.presentation import build
from game.tui.requests import Want
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.options import ChoiceList
from game.tui.widgets.speech import speech


class EndingScreen(GameScreen, inherit_bindings=False):
    BINDINGS = game_bindings(
        Binding("r", "new_game", "New game", id="new_game"),
        Binding("q", "quit_game", "Quit", id="quit_ending"),
    )

    def compose(self) -> ComposeResult:
        yield Static(id="ending-bar", classes="topbar")
        with VerticalScroll(id="ending-scroll"):
            yield Static(id="ending-lines")
            yield Static(id="report")
        yield Static(id="choice-prompt", classes="heading")
        yield ChoiceList(id="final-choices")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_game", "quit_game"):
            return self.session.over
        return super().check_action(action, parameters)

    def show_state(self) -> None:
        session, story, state = self.session, self.session.story, self.session.state
        if state.ending is None:
            return
        ending = story.endings[state.ending]
        self.query_one("#ending-bar", Static).update(
            styled((f"The end: {ending.title}", "b"), "  \u00b7  ",
                   ("the case report is below", "dim"))
            if session.over
            else styled((ending.title, "b")))
        shown = {f"hearing:{o}" for o in story.hearing.options} | {state.ending}
        if state.final_choice:
            shown.add(f"{state.ending}:{state.final_choice}")
        player = story.case.player
        lines = [speech(story.name_of(s.speaker) if s.speaker else "", s.text,
                        s.speaker == player)
                 for s in state.transcript if s.node in shown]
        self.query_one("#ending-lines", Static).update(Content("\n\n").join(lines))
        self.query_one("#report", Static).update(self._report())
        prompt = self.query_one("#choice-prompt", Static)
        choices = self.query_one("#final-choices", ChoiceList)
        pending = not session.over and bool(ending.choices)
        prompt.display = choices.display = pending
        if pending:
            prompt.update(styled(ending.prompt or "Your last choice:"))
            choices.set_choices([Option(styled(c.text), id=c_id)
                                 for c_id, c in ending.choices.items()])
            choices.focus()
        else:
            self.query_one("#ending-scroll", VerticalScroll).focus()
        self.refresh_bindings()

    def _report(self) -> Content:
        story = self.session.story
        report = build.report(self.session, self.game.record)
        lines = [styled(("Case report", "b $accent")),
                 styled(f"Evidence found: {report.evidence_found} of {report.evidence_total}")]
        for name, reached, of in report.versions:
            lines.append(styled(f"{name}: {reached} of {of} versions heard"))
        lines.append(styled(f"Topics heard: {report.topics_heard} of {report.topics_total}"))
        lines.extend(styled(line) for line in report.conduct)
        if report.grade:
            lines.append(styled(("Grade: ", "b"), (report.grade, "b $accent")))
            lines.extend(styled((f"  {line}", "dim")) for line in report.points_lost)
        if report.missed_evidence:
            lines.append(styled(""))
            lines.append(styled(("What you missed", "b")))
            lines.extend(styled(f"  \u2022 {title}") for title in report.missed_evidence)
        if report.missed_people:
            names = ", ".join(report.missed_people)
            lines.append(styled(f"  \u2022 There was more to hear from: {names}"))
        if self.session.over:
            lines.append(styled(""))
            lines.append(styled((f"This case has {len(story.endings)} endings. "
                                 "Press r to play it again.", "dim")))
        return Content("\n").join(lines)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id)

    def action_new_game(self) -> None:
        self.game.want(Want.NEW_GAME)

    def action_quit_game(self) -> None:
        self.app.exit(0)
