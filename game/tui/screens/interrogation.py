"""The interrogation room: one person in the chair, the conversation so far, what to ask next.

The conversation is drawn from the session's transcript (never kept here), so it is the same
after any redraw; only how far it has been drawn is remembered, to append rather than redraw.

When the person in the chair gives a testimony (a case with statements), it is listed above the
conversation, numbered, and the player works on the statement highlighted: press them on it,
object to it with a piece of evidence, or flag it as doubtful with a note. Each statement shows
only what the player has done to it (pressed, doubted, proved false with what), never a hint.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, RichLog, Static
from textual.widgets.option_list import Option

from game.engine.session import Action
from game.engine.state import Spoken
from game.engine.text import in_sentence
from game.presentation import build
from game.presentation.views import Credibility, StatementView
from game.tui.requests import Want
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.screens.doubt import Doubted, DoubtScreen
from game.tui.screens.picker import EvidencePickerScreen, PickerItem
from game.tui.styled import styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.log import ReflowLog
from game.tui.widgets.options import ChoiceList
from game.tui.widgets.speech import LogStyles
from game.tui.widgets.static import show


class InterrogationScreen(GameScreen, inherit_bindings=False):
    HOME_FOCUS = "#topics"
    BINDINGS = game_bindings(
        # On the statement highlighted, when the person gives a testimony (else hidden).
        Binding("x", "press", "Press", id="press"),
        # With a testimony, a and d are said in the headings: the footer must fit 80 columns.
        Binding("a", "focus_topics", "Ask", id="ask"),
        Binding("a", "focus_topics(True)", "Ask", show=False, id="ask_quietly"),
        # p objects to the statement while the testimony is the list in use, else shows the
        # piece to the person (as in a room with no testimony): one or the other is shown.
        Binding("p", "object", "Object", id="object"),
        Binding("p", "present", "Present", id="present"),
        Binding("d", "doubt", "Doubt", show=False, id="doubt"),
        Binding("t", "focus_testimony", "Testimony", show=False, id="testimony"),
        Binding("escape", "leave", "Leave", id="leave"),
        # While a scene an answer brought is held (see the app's `held`): enter reads on to
        # the end of the answer, then opens it. Priority: the lists bind enter themselves.
        Binding("enter", "read_on", "What happens", priority=True, id="read_on"),
    ) + [
        # ...and so does any other key that would act, rather than act over it.
        Binding("space,x,p,d,escape,1,2,3,4,5,6,7,8,9", "read_on", show=False, priority=True),
        # The conversation scrolls whatever has the focus (the lists bind the keys too).
        Binding("pageup", "scroll_log(-1)", "Scroll", show=False, priority=True),
        Binding("pagedown", "scroll_log(1)", show=False, priority=True),
    ]

    def __init__(self, character_id: str) -> None:
        super().__init__()
        # Topics keep their place and number, visit after visit while a version holds
        # (build.TopicOrder, as in the line mode); the highlight stays on its topic when the
        # list changes.
        self._order = build.TopicOrder()
        self.seat(character_id)

    def seat(self, character_id: str) -> None:
        """Someone sits down in this room: a conversation begins, drawn anew when it shows."""
        self.character_id = character_id
        if self._ready:  # the room was in use: nothing of the last conversation stays
            self.query_one("#conversation", RichLog).clear()
            for choices in self.query(ChoiceList):
                choices.clear_options()
            self.set_focus(None)  # the home focus is given again as the room shows
        self._drawn = 0  # transcript entries already looked at
        self._last_node: tuple[int, str] | None = None  # the exchange last headed (turn, node)
        self._last_version: str | None = None  # the version last heard, or marked new
        self._marked: str | None = None  # a version marked new as it came, not heard yet
        self._styles = LogStyles({})
        self._topics_turn = -1  # the turn the topics were last drawn at
        # What the person in the chair testifies now, by statement id (the ids of its choices).
        self._testimony: dict[str, StatementView] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="chair", classes="topbar")
        with Vertical(id="testimony-panel"):
            yield Static(id="testimony-heading", classes="heading")
            yield ChoiceList(id="testimony")
        with Horizontal(id="room"):
            with Vertical(id="talk"):
                # Scrolled by hand: to the start of the latest exchange (_scroll_to_exchange).
                yield ReflowLog(id="conversation", wrap=True, markup=False, auto_scroll=False,
                                min_width=20)
                # What is below the view, and the scene held (one line, only when there is).
                yield Static(id="below")
            with Vertical(id="side"):
                yield Static("Ask about", id="topics-heading", classes="heading")
                yield ChoiceList(id="topics")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.watch(self.query_one("#conversation", ReflowLog), "scroll_y", self._show_below,
                   init=False)

    def _theme_changed(self) -> None:
        self._drawn = 0
        self.redraw()

    def show_state(self) -> None:
        session = self.session
        reseated = session.state.interlocutor not in (None, self.character_id)
        if reseated:
            # Someone else was seated (from the command palette): this room follows, and a
            # conversation begins as when the room is entered.
            self.seat(session.state.interlocutor)
        self._show_testimony()
        self._show_conversation()
        self._show_chair()  # after the conversation: it may have marked a new version
        self._show_topics()
        self.refresh_bindings()  # the testimony keys come and go with the testimony
        if reseated:
            self._focus_home()

    def on_resize(self) -> None:
        if self._ready and self in self.app.screen_stack:
            self._show_chair()  # what the bar holds depends on its width

    def _show_chair(self) -> None:
        # The label and mood of their story only once the player has heard it told, and never
        # how many versions there are (build.room). The credibility meter only where the person
        # testifies: that is where objections are made.
        room = build.room(self.session, build.TopicOrder())
        name = self.session.story.name_of(self.character_id)
        chair = self.query_one("#chair", Static)
        width = self.app.size.width - chair.styles.gutter.width
        if room is None:
            show(chair, chair_bar(name, width=width))
            return
        meter = room.credibility if room.testimony else None
        version = room.version
        if not version and self._new_version():
            version = "a new version"  # its label and mood once it is told
        show(chair, chair_bar(name, version, room.mood, meter, width=width))

    def _new_version(self) -> bool:
        """The person's story has changed since the player last heard them (not yet told)."""
        current = self.session.state.states.get(self.character_id)
        return self._marked is not None and self._marked == current

    def _show_testimony(self) -> None:
        session = self.session
        here = session.state.interlocutor == self.character_id
        views = build.testimony(session) if here else ()
        self._testimony = {view.press.target: view for view in views}
        # Come in to a testimony, the statements have the focus; else the topics.
        self.HOME_FOCUS = "#testimony" if views else "#topics"
        panel = self.query_one("#testimony-panel")
        if not views and panel.display and self.query_one("#testimony").has_focus:
            self.query_one("#topics").focus()  # the testimony is over: the topics are left
        panel.display = bool(views)
        # With a testimony, the room's own keys are said in the headings: the footer has room
        # for the testimony's first.
        show(self.query_one("#topics-heading", Static),
            styled("Ask about  ", ("(a)", "dim")) if views else styled("Ask about"))
        if not views:
            return
        name = session.story.name_of(self.character_id)
        show(self.query_one("#testimony-heading", Static), styled(
            f"{name}'s testimony  ", ("(t)", "dim"), "   ",
            ("x: press \u00b7 p: object \u00b7 d: doubt", "dim")))
        self.query_one("#testimony", ChoiceList).set_choices(
            [Option(statement_prompt(view), id=statement_id)
             for statement_id, view in self._testimony.items()])

    def _belongs_here(self, statement: Spoken) -> bool:
        story, who = self.session.story, self.character_id
        node = statement.node
        if node.startswith(f"{who}:default_reaction:"):
            return True
        said_of = story.statements.get(node.partition(":")[0])
        if said_of is not None:  # a statement of a testimony, or what was said about one
            return said_of.character == who
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
        top: int | None = None  # the line the latest step's first exchange begins at
        top_turn = -1
        # While a scene is held, what was said after it waits until it has been shown.
        cut = self.game.held_from
        end = len(transcript) if cut is None else min(cut, len(transcript))
        for statement in transcript[self._drawn:end]:
            if not self._belongs_here(statement):
                continue
            if (statement.turn, statement.node) != self._last_node:
                # (Before the log knows its size its lines are not made yet: no place known.)
                at = len(log.lines) if log._size_known else None
                self._open_exchange(log, statement)
                if statement.turn != top_turn:
                    top, top_turn = at, statement.turn
            name = story.name_of(statement.speaker) if statement.speaker else ""
            log.write(styles.speech(name, statement.text, statement.speaker == player))
        current = state.states.get(self.character_id)
        if self._last_version is not None and current not in (None, self._last_version) \
                and cut is None:
            # Their story changed just now (an objection broke it, or time moved it on): it
            # is marked here, where it happened, not at their next answer. Its label comes
            # with it, in the bar, once they tell it.
            log.write(styles.rule("A new version"))
            self._last_version = self._marked = current
        if end > self._drawn:
            # Lines written before the log knew its size land later: scroll once they have.
            self.call_after_refresh(self._scroll_to_exchange, top)
        self._drawn = max(self._drawn, end)
        if self._last_node is None:
            log.write(styles.speech("", "Pick a topic on the right, or press p to show "
                                 "a piece of evidence."))
            self._last_node = (-1, "")
        self._show_below()

    def on_reflow_log_view_changed(self, event: ReflowLog.ViewChanged) -> None:
        event.stop()
        self._show_below()

    def _scroll_to_exchange(self, top: int | None) -> None:
        """The latest exchange from its heading, when it is taller than the view (the reader
        starts at its beginning, and pages down); else the end of the conversation."""
        log = self.query_one("#conversation", ReflowLog)
        if top is not None:
            while top < len(log.lines) - 1 and not log.lines[top].text.strip():
                top += 1  # the blank line before a heading
        view = log.scrollable_content_region.height
        if top is None or not log._size_known or len(log.lines) - top <= view:
            log.scroll_end(animate=False, immediate=True, x_axis=False)
        else:
            log.scroll_to(y=top, animate=False, immediate=True)
        self._show_below()

    def _show_below(self, *_: object) -> None:
        """One line under the conversation: that there is more below, and the scene an
        answer brought, held until the player has read it (enter opens it)."""
        if not self._ready or self.game.session is None:
            return
        below = self.query_one("#below", Static)
        log = self.query_one("#conversation", ReflowLog)
        more = round(log.scroll_y) < log.max_scroll_y
        held = self.game.held if self.character_id == self.session.state.interlocutor else ""
        parts: list[Content | str | tuple[str, str]] = []
        if more:
            parts.append(("more \u2193  PgDn", "b $accent"))
        if held:
            if more:
                parts.append(("  \u00b7  then: ", "dim"))
            parts += [(f"Something happens: {held}", "b $warning"), ("  \u00b7  enter", "dim")]
        below.display = bool(parts)
        show(below, styled(*parts))

    def _open_exchange(self, log: RichLog, statement: Spoken) -> None:
        """A heading for each question or piece of evidence, and for each new version."""
        story, state, styles = self.session.story, self.session.state, self._styles
        if statement.speaker == self.character_id and statement.speaker_state \
                and statement.speaker_state != self._last_version:
            if self._last_version is not None:
                label = story.characters[self.character_id].states[statement.speaker_state].label
                log.write(styles.rule(f"A new version: {label}"))
            self._last_version = statement.speaker_state
            self._marked = None
        elif statement.speaker == self.character_id and statement.speaker_state == self._marked:
            self._marked = None  # told at last: the bar says its label
        node = statement.node
        statement_id, _, part = node.partition(":")
        if statement_id in story.statements:
            self._open_statement_exchange(log, statement, statement_id, part)
            return
        log.write("")
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

    def _open_statement_exchange(self, log: RichLog, statement: Spoken, statement_id: str,
                                 part: str) -> None:
        """A heading for a testimony told (once for its statements said together), and for
        each press or objection, with what came of an objection."""
        story, state, styles = self.session.story, self.session.state, self._styles
        last = self._last_node
        self._last_node = (statement.turn, statement.node)
        if not part:  # a statement of the testimony, said as the player heard it
            if last is not None and last[0] == statement.turn and last[1] in story.statements:
                return  # the testimony goes on: one heading for all it says at once
            log.write("")
            log.write(styles.rule(f"{story.name_of(self.character_id)} testifies"))
            return
        text = story.statements[statement_id].text
        log.write("")
        if part == "press":
            log.write(styles.rule(f"You press: \u201c{text}\u201d"))
        elif part == "contradiction":
            log.write(styles.rule(f"Objection! \u201c{text}\u201d"))
            used = state.objected_with.get(statement_id)
            if used in story.evidence:
                log.write(styles.note(f"Proved false with: {story.evidence[used].title}"))
        elif part == "support":
            log.write(styles.rule(f"Objection: \u201c{text}\u201d"))
            log.write(styles.note("It backs what was said: it costs you nothing."))
        else:  # wrong
            log.write(styles.rule(f"Objection: \u201c{text}\u201d"))
            meter = self.session.story.case.words.credibility
            log.write(styles.warning(f"It proves nothing against it: {meter} lost."))
        said = story.statements[statement_id]
        effects = {"press": said.press, "contradiction": said.contradiction,
                   "support": said.support}.get(part)
        for evidence_id in effects.gives if effects is not None else ():
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
                else:  # asked, and open still: marked as every asked topic is
                    prompt = styled((choice.label, "dim"), " ", ("(asked)", "dim i"))
                options.append(Option(prompt, id=topic_id))
        if not options:
            empty = "Nothing more to ask now." if self._testimony \
                else "Nothing more to ask now.\nPress p to show evidence."
            options.append(Option(styled((empty, "dim")), disabled=True))
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
        if event.option_list.id == "testimony":
            self.action_press()  # enter (or its digit) on a statement presses them on it
            return
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

    def action_focus_topics(self, quietly: bool = False) -> None:
        self.query_one("#topics", OptionList).focus()

    # ---- the testimony ----------------------------------------------------------------------

    def _objecting(self) -> bool:
        """p objects to a statement (rather than shows a piece to the person): the testimony
        is the list in use, the one of the two that had the focus last."""
        if not self._testimony:
            return False
        testimony = self.query_one("#testimony", ChoiceList)
        return testimony.focused_at >= self.query_one("#topics", ChoiceList).focused_at

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("press", "doubt", "focus_testimony"):
            return bool(self._testimony)
        if action == "focus_topics":  # shown in the footer only in a room with no testimony
            return bool(parameters) == bool(self._testimony)
        if action == "object":
            return self._ready and self._objecting()
        if action == "present":
            return not (self._ready and self._objecting())
        if action == "read_on":
            return self._ready and bool(self.game.held)
        return super().check_action(action, parameters)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # p says Object or Present, after the list in use

    def _highlighted_statement(self) -> StatementView | None:
        """The statement highlighted (the testimony takes the focus: the keys act on it)."""
        testimony = self.query_one("#testimony", ChoiceList)
        if not self._testimony:
            return None
        testimony.focus()
        option = testimony.highlighted_option
        return self._testimony.get(option.id or "") if option is not None else None

    def action_focus_testimony(self) -> None:
        if self._testimony:
            self.query_one("#testimony", ChoiceList).focus()

    def action_press(self) -> None:
        statement = self._highlighted_statement()
        if statement is not None:
            self.act(statement.press)

    def action_object(self) -> None:
        statement = self._highlighted_statement()
        if statement is None:
            return
        if not statement.objections:
            self.notify("You hold no evidence yet.", severity="warning")
            return
        if statement.proved_false_with:
            self.notify("You have already proved that false.", severity="warning")
            return
        meter = build.credibility(self.session)
        if meter is not None and meter.left <= 0:
            self.notify(f"Nobody will hear another objection from you: your {meter.name} is "
                        "spent.", severity="warning")
            return
        story = self.session.story
        items, objections = [], {}
        for choice in statement.objections:
            assert choice.action is not None
            evidence_id = choice.action.using
            objections[evidence_id] = choice.action
            item = story.evidence[evidence_id]
            items.append(PickerItem(evidence_id, choice.label, item.source, item.document,
                                    False))

        def chosen(evidence_id: str | None) -> None:
            if evidence_id is not None:
                self.act(objections[evidence_id])

        self.app.push_screen(EvidencePickerScreen(
            story.name_of(self.character_id), items,
            against=statement.text), chosen)

    def action_doubt(self) -> None:
        statement = self._highlighted_statement()
        if statement is None:
            return

        def chosen(answer: Doubted | None) -> None:
            if answer is None:
                return
            verb, note = answer
            if verb == "trust":
                self.act(statement.trust)
            else:
                self.act(replace(statement.doubt, using=note))

        self.app.push_screen(DoubtScreen(statement.text, statement.doubted, statement.note),
                             chosen)

    def action_leave(self) -> None:
        self.act(Action("leave"))

    def action_scroll_log(self, direction: int) -> None:
        log = self.query_one("#conversation", RichLog)
        if direction < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)

    def action_read_on(self) -> None:
        """A scene is held: page through the rest of the answer first, then open it."""
        log = self.query_one("#conversation", RichLog)
        if round(log.scroll_y) < log.max_scroll_y:
            log.scroll_page_down(animate=False)
            return
        self.game.want(Want.HELD_SCENE)


def credibility_meter(meter: Credibility, short: bool = False) -> Content:
    """"Credibility ●●○ 2/3" ("●●○ 2/3" when short): what objections that prove nothing can
    still cost."""
    style = "b $error" if meter.left <= 0 else "b $warning" if meter.left == 1 else "b"
    dots = "\u25cf" * max(0, meter.left) + "\u25cb" * max(0, meter.most - meter.left)
    return styled("" if short else f"{meter.name.capitalize()} ", (dots, style), " ",
                  (f"{meter.left}/{meter.most}", style))


def chair_bar(name: str, version: str = "", mood: str = "", meter: Credibility | None = None,
              *, width: int) -> Content:
    """"Anya in the chair  ·  The dealer  ·  frightened  ·  Credibility ●●●●○ 4/5", on one line
    of `width` cells: when it is too narrow, the mood goes first, then "in the chair", then the
    label of their story (the meter matters more), and last the word "Credibility"."""
    separator = Content("  \u00b7  ")
    line = separator
    # Each step leaves out one more part, till the bar fits (the last one is cut if need be).
    for step in range(5):
        parts = [styled((name, "b"), " in the chair" if step < 2 else "")]
        if version and step < 3:
            parts.append(styled((version, "b $accent")))
        # A mood that only repeats the label ("Hostile · hostile") is said once.
        if mood and step < 1 and mood.casefold() != version.casefold():
            parts.append(styled(mood))
        if meter is not None:
            parts.append(credibility_meter(meter, short=step >= 4))
        line = separator.join(parts)
        if line.cell_length <= width:
            break
    return line


def statement_prompt(view: StatementView) -> Content:
    """A statement as it is listed, with the marks the player has earned on it (pressed,
    doubted and the note, proved false with what), and none they have not."""
    marks: list[Content] = []
    if view.proved_false_with:
        # The title within a sentence: "proved false with the DNA report".
        with_what = in_sentence(view.proved_false_with)
        marks.append(styled((f"\u2717 proved false with {with_what}",
                             "b $error")))
    if view.doubted:
        marks.append(styled(("? doubted", "b $warning"),
                            (f": {view.note}", "$warning") if view.note else ""))
    if view.pressed:
        marks.append(styled(("pressed", "dim i")))
    quoted = "\u201c" + view.text + "\u201d"
    text = styled((quoted, "dim")) if view.proved_false_with else styled(quoted)
    if not marks:
        return text
    return styled(text, "\n  ", Content("  \u00b7  ").join(marks))
