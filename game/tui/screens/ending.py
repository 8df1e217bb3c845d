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
        # Before the last choice, the outcome is read to its end, a page at a time (as a
        # scene): the choices show only then. Priority: a list binds these keys too.
        Binding("enter,space", "read_on", "Read on", priority=True, id="read_on"),
    ) + [
        Binding("pageup", "scroll_outcome('page_up')", show=False, priority=True),
        Binding("pagedown", "scroll_outcome('page_down')", show=False, priority=True),
    ]
    _read = False  # the outcome has been on screen to its end: the last choice shows

    def compose(self) -> ComposeResult:
        yield Static(id="ending-bar", classes="topbar")
        with VerticalScroll(id="ending-scroll"):
            yield Static(id="ending-lines")
            yield Static(id="report")
        yield Static(id="ending-more")  # "more ↓" while the outcome is not read to its end
        yield Static(id="choice-prompt", classes="heading")
        yield ChoiceList(id="final-choices")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.query_one("#ending-scroll", VerticalScroll), "scroll_y", self._track,
                   init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._track)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_game", "quit_game"):
            return self.session.over
        if action in ("read_on", "pick_number"):  # the digits pick nothing till it is read
            return (action == "pick_number") == (self._read or self._no_choice())
        return super().check_action(action, parameters)

    def _no_choice(self) -> bool:
        if self.game.session is None:
            return True
        state = self.session.state
        return self.session.over or state.ending is None \
            or not self.session.story.endings[state.ending].choices

    def _track(self, *_: object) -> None:
        """Once the end of the outcome has been on screen, the last choice shows."""
        if not self._ready or self._no_choice():
            return
        scroll = self.query_one("#ending-scroll", VerticalScroll)
        if not scroll.size.height:
            return
        if not self._read and round(scroll.scroll_y) >= scroll.max_scroll_y:
            self._read = True
            self.show_state()
            # The choices take room from the outcome: its end stays in view above them.
            self.call_after_refresh(scroll.scroll_end, animate=False)
        more = self.query_one("#ending-more", Static)
        more.display = not self._read
        more.update(styled(("more \u2193", "b $accent"),
                           ("  \u00b7  enter: read on, then your last choice", "dim")))

    def action_read_on(self) -> None:
        scroll = self.query_one("#ending-scroll", VerticalScroll)
        scroll.scroll_page_down(animate=False)
        self._track()

    def action_scroll_outcome(self, how: str) -> None:
        getattr(self.query_one("#ending-scroll", VerticalScroll), f"scroll_{how}")(
            animate=False)

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
        prompt.display = choices.display = pending and self._read
        self.query_one("#ending-more").display = pending and not self._read
        if pending and not self._read:
            self.query_one("#ending-scroll", VerticalScroll).focus()
            self.call_after_refresh(self._track)  # it may all fit: then the choice shows
        elif pending:
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
