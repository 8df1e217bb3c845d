"""The interrogation room: one person in the chair, the conversation so far, what to ask next.

The conversation is drawn from the session's transcript (never kept here), so it is the same
after any redraw; only how far it has been drawn is remembered, to append rather than redraw.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, RichLog, Static
from textual.widgets.option_list import Option

from game.engine.session import Action
from game.engine.state import Spoken
from game.presentation import build
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.screens.picker import EvidencePickerScreen, PickerItem
from game.tui.styled import styled
from game.tui.widgets.log import ReflowLog
from game.tui.widgets.options import ChoiceList
from game.tui.widgets.speech import LogStyles


class InterrogationScreen(GameScreen, inherit_bindings=False):
    CSS_PATH = "interrogation.tcss"
    HOME_FOCUS = "#topics"
    BINDINGS = game_bindings(
        Binding("a", "focus_topics", "Ask", id="ask"),
        Binding("p", "present", "Present", id="present"),
        Binding("escape", "leave", "Leave", id="leave"),
        Binding("pageup", "scroll_log(-1)", "Scroll", show=False),
        Binding("pagedown", "scroll_log(1)", show=False),
    )

    def __init__(self, character_id: str) -> None:
        super().__init__()
        self.character_id = character_id
        self._drawn = 0  # transcript entries already looked at
        self._last_node: tuple[int, str] | None = None  # the exchange last headed (turn, node)
        self._last_version: str | None = None
        self._styles = LogStyles({})
        # Topics keep their place and number (build.TopicOrder, as in the plain mode); the
        # highlight stays on its topic when the list changes.
        self._order = build.TopicOrder()
        self._topics_turn = -1  # the turn the topics were last drawn at

    def compose(self) -> ComposeResult:
        yield Static(id="chair", classes="topbar")
        with Horizontal(id="room"):
            yield ReflowLog(id="conversation", wrap=True, markup=False, auto_scroll=True,
                            min_width=20)
            with Vertical(id="side"):
                yield Static("Ask about", classes="heading")
                yield ChoiceList(id="topics")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self._drawn = 0
        self.redraw()

    def show_state(self) -> None:
        session = self.session
        if session.state.interlocutor not in (None, self.character_id):
            # Someone else was seated (from the command palette): this room follows.
            self.character_id = session.state.interlocutor
            self._drawn = 0
        self._show_chair()
        self._show_conversation()
        self._show_topics()

    def _show_chair(self) -> None:
        # The label and mood of their story only once the player has heard it told, and never
        # how many versions there are (build.room).
        room = build.room(self.session, build.TopicOrder())
        name = self.session.story.name_of(self.character_id)
        parts = [styled((name, "b"), " in the chair")]
        if room is not None:
            if room.version:
                parts.append(styled((room.version, "b $accent")))
            if room.mood:
                parts.append(styled(room.mood))
        self.query_one("#chair", Static).update(Content("  \u00b7  ").join(parts))

    def _belongs_here(self, statement: Spoken) -> bool:
        story, who = self.session.story, self.character_id
        node = statement.node
        if node.startswith(f"{who}:default_reaction:"):
            return True
        topic = story.topics.get(node)
        if topic is not None:
            return topic.character == who
        reaction = story.reactions.get(node)
        return reaction is not None and reaction.character == who

    def _show_conversation(self) -> None:
        log = self.query_one("#conversation", RichLog)
        story, state = self.session.story, self.session.state
        transcript = state.transcript
        styles = self._styles = LogStyles(self.app.theme_variables)
        if self._drawn == 0 or self._drawn > len(transcript):
            log.clear()
            self._drawn, self._last_node, self._last_version = 0, None, None
            log.write(styles.rule(f"Questioning {story.name_of(self.character_id)}"))
        player = story.case.player
        for statement in transcript[self._drawn:]:
            if not self._belongs_here(statement):
                continue
            if (statement.turn, statement.node) != self._last_node:
                self._open_exchange(log, statement)
            name = story.name_of(statement.speaker) if statement.speaker else ""
            log.write(styles.speech(name, statement.text, statement.speaker == player))
        if len(transcript) > self._drawn:
            # Lines written before the log knew its size land later: scroll once they have.
            self.call_after_refresh(log.scroll_end, animate=False)
        self._drawn = len(transcript)
        if self._last_node is None:
            log.write(styles.speech("", "Pick a topic on the right, or press p to show "
                                 "a piece of evidence."))
            self._last_node = (-1, "")

    def _open_exchange(self, log: RichLog, statement: Spoken) -> None:
        """A heading for each question or piece of evidence, and for each new version."""
        story, state, styles = self.session.story, self.session.state, self._styles
        if statement.speaker == self.character_id and statement.speaker_state \
                and statement.speaker_state != self._last_version:
            if self._last_version is not None:
                label = story.characters[self.character_id].states[statement.speaker_state].label
                log.write(styles.rule(f"A new version: {label}"))
            self._last_version = statement.speaker_state
        log.write("")
        node = statement.node
        if node in story.topics:
            log.write(styles.rule(f"You ask: {story.topics[node].title}"))
        elif node in story.reactions:
            shown = story.evidence[story.reactions[node].evidence].title
            log.write(styles.rule(f"You show: {shown}"))
        elif ":default_reaction:" in node:
            evidence_id = node.rpartition(":")[2]
            log.write(styles.rule(f"You show: {story.evidence[evidence_id].title}"))
        self._last_node = (statement.turn, node)
        if (effects := story.node(node)) is not None:
            for evidence_id in effects.gives:
                if state.held.get(evidence_id) == statement.turn:
                    log.write(styles.note(f"Evidence added: {story.evidence[evidence_id].title}"))

    def _show_topics(self) -> None:
        session = self.session
        options = []
        room = build.room(session, self._order)
        if room is not None and session.state.interlocutor == self.character_id:
            topic_ids = self._order.order
            for choice, topic_id in zip(room.topics, topic_ids, strict=True):
                # Each mark is one word, so that a narrow column never wraps it in two.
                if choice.action is None:
                    prompt = styled((choice.label, "dim"), " ", (f"({choice.note})", "dim i"))
                elif choice.new:
                    prompt = styled(choice.label, " ", ("(new)", "b $success"))
                else:
                    prompt = styled((choice.label, "dim"))
                options.append(Option(prompt, id=topic_id))
        if not options:
            options.append(Option(styled(("Nothing more to ask now.\nPress p to show evidence.",
                                          "dim")), disabled=True))
        # Every topic is a choice, greyed ones too, so that the numbers never change; the
        # highlight stays on the topic it was on...
        topics = self.query_one("#topics", ChoiceList)
        topics.set_choices(options)
        turn = session.state.turn
        if turn != self._topics_turn and room is not None:
            # ...and after an answer, if that topic cannot be asked again, it goes to the
            # nearest one that can (the one below first).
            askable = [i for i, choice in enumerate(room.topics) if choice.action is not None]
            at = topics.highlighted
            if at is not None and at not in askable and askable:
                topics.highlighted = min(askable, key=lambda i: (abs(i - at), i < at))
        self._topics_turn = turn

    # ---- player actions -------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        topic_id = event.option.id
        if topic_id is None:
            return
        if topic_id in self.session.available_topics():
            self.act(Action("ask", topic_id))
            return
        title = self.session.story.topics[topic_id].title
        asked = topic_id in self.session.state.visited
        self.notify(f"{title}: {'asked already' if asked else 'no longer open'}.",
                    severity="warning", timeout=3)

    def action_present(self) -> None:
        story, state = self.session.story, self.session.state
        if not state.held:
            self.notify("You hold no evidence yet.", severity="warning")
            return
        items = [PickerItem(e, story.evidence[e].title, story.evidence[e].source,
                            story.evidence[e].document,
                            (e, self.character_id) in state.presented)
                 for e in sorted(state.held, key=lambda e: state.held[e])]

        def chosen(evidence_id: str | None) -> None:
            if evidence_id is not None:
                self.act(Action("present", evidence_id))

        self.app.push_screen(EvidencePickerScreen(story.name_of(self.character_id), items),
                             chosen)

    def action_focus_topics(self) -> None:
        self.query_one("#topics", OptionList).focus()

    def action_leave(self) -> None:
        self.act(Action("leave"))

    def action_scroll_log(self, direction: int) -> None:
        log = self.query_one("#conversation", RichLog)
        if direction < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)
