"""The one facade the UIs talk to: player actions in, plain event objects out.

No action raises for a player's mistake: it returns `[Refused(...)]` and leaves the state as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.engine import events as ev
from game.engine.model import Effects, Line, Story
from game.engine.state import GameState, Spoken
from game.engine.text import in_sentence, one_line

# A settle loop longer than this means transitions chase each other in a circle.
_MAX_SETTLE_ROUNDS = 1000
INTRO = "intro"  # the node id under which the case's introduction is played


def default_reaction_node(character_id: str, evidence_id: str) -> str:
    """The name a default reaction's lines are recorded under: it says who was shown what."""
    return f"{character_id}:default_reaction:{evidence_id}"


def shown_by_default(node: str) -> tuple[str, str] | None:
    """(character, evidence) when `node` names a default reaction, else None."""
    character_id, marker, evidence_id = node.partition(":default_reaction:")
    return (character_id, evidence_id) if marker and character_id and evidence_id else None


@dataclass(frozen=True, slots=True)
class Action:
    """One thing the player can do: a verb and, for most verbs, a target id."""

    verb: str  # talk, leave, ask, present, search, hearing, choose, press, object, fill,
    # doubt, trust
    target: str = ""
    using: str = ""  # the evidence of an objection, the answer written in a blank, a note

    def __str__(self) -> str:
        return f"{self.verb} {self.target} {self.using}".strip()


def part_node(statement_id: str, part: str) -> str:
    """The name lines said about a statement are recorded under: `press`, `contradiction`,
    `support` or `wrong` (its own line is recorded under the statement's id)."""
    return f"{statement_id}:{part}"


def blank_key(group_id: str, blank_id: str) -> str:
    return f"{group_id}.{blank_id}"


MAX_NOTE = 500  # characters of the player's note on a statement


class Session:
    def __init__(self, story: Story, state: GameState | None = None, record: bool = True) -> None:
        self.story = story
        self.state = state if state is not None else GameState.new(story)
        self.record = record  # lines and transcript (the checker explores without them)
        self.index = story.index  # pydantic private attributes are slow to reach
        self.unsettled = False
        # When settling never ends: the transitions that keep firing, (character, index), in order.
        self.circle: tuple[tuple[str, int], ...] = ()

    # ---- actions ------------------------------------------------------------------------------

    def begin(self) -> list[ev.GameEvent]:
        """Play the introduction and whatever fires at the start. Only once per game."""
        if self.state.started:
            return [ev.Refused("The case has already begun.")]
        self.state.started = True
        out = self._play(INTRO, self.story.case.intro)
        self._settle(out)
        return out

    def talk(self, character_id: str) -> list[ev.GameEvent]:
        if refusal := self._refuse_unless_free():
            return refusal
        character = self.story.characters.get(character_id)
        if character is None or not character.questioned:
            return [ev.Refused(f"There is nobody called '{character_id}' to question.")]
        if not character.available(self.state):
            return [ev.Refused(f"{character.name} cannot be questioned yet.")]
        self._tick()
        self.state.interlocutor = character_id
        out: list[ev.GameEvent] = [ev.ConversationStarted(character_id, character.name)]
        self._tell_testimony(out)
        return out

    def leave(self) -> list[ev.GameEvent]:
        if self.state.interlocutor is None:
            return [ev.Refused("You are not questioning anyone.")]
        self._tick()
        who, self.state.interlocutor = self.state.interlocutor, None
        return [ev.ConversationEnded(who)]

    def ask(self, topic_id: str) -> list[ev.GameEvent]:
        if refusal := self._refuse_unless_questioning():
            return refusal
        topic = self.story.topics.get(topic_id)
        if topic is None or topic.character != self.state.interlocutor:
            name = self.story.name_of(self.state.interlocutor)
            return [ev.Refused(f"You cannot ask {name} about '{topic_id}'.")]
        if not self.can_ask(topic_id):
            if topic_id in self.state.visited:
                return [ev.Refused(f"You have asked about \u201c{topic.title}\u201d already: "
                                   "there is nothing more to it now.")]
            return [ev.Refused(f"'{topic.title}' is not something to ask about now.")]
        self._tick()
        out = self._run_node(topic_id, topic)
        self._settle(out)
        return out

    def present(self, evidence_id: str) -> list[ev.GameEvent]:
        if refusal := self._refuse_unless_questioning():
            return refusal
        if evidence_id not in self.state.held:
            return [ev.Refused(f"You do not hold any evidence called '{evidence_id}'.")]
        who = self.state.interlocutor
        assert who is not None
        self._tick()
        self.state.presented.add((evidence_id, who))
        reaction_id = self.reaction_for(who, evidence_id)
        if reaction_id is None:
            character = self.story.characters[who]
            lines = character.default_reaction or (
                Line(None, f"{character.name} has nothing to say to that."),)
            # The node names the evidence too, so a transcript can say what was shown.
            out = self._play(default_reaction_node(who, evidence_id), lines)
        else:
            out = self._run_node(reaction_id, self.story.reactions[reaction_id])
        self._settle(out)
        return out

    def press(self, statement_id: str) -> list[ev.GameEvent]:
        if refusal := self._refuse_unless_standing(statement_id):
            return refusal
        statement = self.story.statements[statement_id]
        self._tick()
        state = self.state
        state.pressed[statement_id] = state.pressed.get(statement_id, 0) + 1
        out: list[ev.GameEvent] = [ev.Pressed(statement_id)]
        node = part_node(statement_id, "press")
        if statement.press is None:
            name = self.story.name_of(statement.character)
            out += self._play(node, (Line(None, f"{name} has nothing to add to that."),))
        else:
            out += self._apply(node, statement.press)
        self._settle(out)
        return out

    def object(self, statement_id: str, evidence_id: str) -> list[ev.GameEvent]:
        """Object to a statement with a piece of evidence: it proves the statement false, backs
        it, or proves nothing, which costs credibility."""
        if refusal := self._refuse_unless_standing(statement_id):
            return refusal
        state, story = self.state, self.story
        if evidence_id not in state.held:
            return [ev.Refused(f"You do not hold any evidence called '{evidence_id}'.")]
        if statement_id in state.contradicted:
            return [ev.Refused("You have already proved that false.")]
        if state.credibility <= 0:
            return [ev.Refused("Nobody will hear another objection from you: you have made too "
                               "many that proved nothing.")]
        statement = story.statements[statement_id]
        self._tick()
        out: list[ev.GameEvent]
        if statement.contradiction and evidence_id in statement.contradiction.evidence:
            state.contradicted[statement_id] = state.turn
            state.objected_with[statement_id] = evidence_id
            out = [ev.Contradicted(statement_id, evidence_id)]
            out += self._apply(part_node(statement_id, "contradiction"), statement.contradiction)
        elif statement.support and evidence_id in statement.support.evidence:
            out = [ev.Supported(statement_id, evidence_id)]
            out += self._apply(part_node(statement_id, "support"), statement.support)
        else:
            state.credibility -= 1
            state.wrong_objections += 1
            out = [ev.ObjectionFailed(statement_id, evidence_id, state.credibility)]
            character = story.characters[statement.character]
            lines = (statement.wrong_objection
                     or character.wrong_objection_with.get(evidence_id)
                     or character.wrong_objection
                     or (Line(None, f"{character.name} is unmoved: "
                                    f"{story.evidence[evidence_id].title} proves nothing against "
                                    "that."),))
            out += self._play(part_node(statement_id, "wrong"), lines)
        self._settle(out)
        return out

    def fill(self, key: str, answer_id: str) -> list[ev.GameEvent]:
        """Write an answer in a blank of the deduction board (`key`: "group.blank"). When that
        fills its group, the group is confirmed if every blank in it is right."""
        if refusal := self._refuse_unless_free():
            return refusal
        story, state = self.story, self.state
        group_id, _, blank_id = key.partition(".")
        group = story.board.get(group_id)
        if group is None or blank_id not in group.blanks or not group.when(state):
            return [ev.Refused(f"There is no blank '{key}' on the board.")]
        if group_id in state.confirmed:
            return [ev.Refused(f"'{group.title}' is confirmed already.")]
        if answer_id not in self.available_answers(group.blanks[blank_id].kind):
            return [ev.Refused(f"'{answer_id}' is not an answer you can give there.")]
        self._tick()  # a move like any other: the undo history and the turn count it
        state.filled[key] = answer_id
        if any(blank_key(group_id, b) not in state.filled for b in group.blanks):
            return []
        right = all(state.filled[blank_key(group_id, b)] == blank.answer
                    for b, blank in group.blanks.items())
        if right:
            state.confirmed[group_id] = state.turn
        else:
            state.board_tries[group_id] = state.board_tries.get(group_id, 0) + 1
        out: list[ev.GameEvent] = [ev.BoardChecked(group_id, right, len(state.confirmed),
                                                   len(story.board))]
        if right:
            out += self._play(group_id, group.lines)
            self._settle(out)
        return out

    def doubt(self, statement_id: str, note: str = "") -> list[ev.GameEvent]:
        """Flag a statement the player has heard as doubtful, with a short note of their own."""
        if statement_id not in self.state.told:
            return [ev.Refused("You have not heard that statement.")]
        self.state.doubts[statement_id] = " ".join(note.split())[:MAX_NOTE]
        return []

    def trust(self, statement_id: str) -> list[ev.GameEvent]:
        if statement_id not in self.state.doubts:
            return [ev.Refused("That statement is not flagged as doubtful.")]
        del self.state.doubts[statement_id]
        return []

    def search(self, place_id: str) -> list[ev.GameEvent]:
        if refusal := self._refuse_unless_free():
            return refusal
        place = self.story.places.get(place_id)
        if place is None:
            return [ev.Refused(f"There is no place called '{place_id}'.")]
        if not place.available(self.state):
            # Not named: a place not yet open may be one the player has not heard of.
            return [ev.Refused("You cannot search there yet.")]
        self._tick()
        self.state.interlocutor = None
        out: list[ev.GameEvent] = []
        for search_id in self.index.searches_by_place.get(place_id, ()):
            search = self.story.searches[search_id]
            if search_id not in self.state.visited and search.when(self.state):
                out.extend(self._run_node(search_id, search))
        if not out:
            out.append(ev.NothingFound(place_id, place.nothing))
        self._settle(out)
        return out

    def go_to_hearing(self) -> list[ev.GameEvent]:
        if refusal := self._refuse_unless_free():
            return refusal
        if not self.hearing_available():
            return [ev.Refused(f"The {self.story.stage} is not set yet: there is more to learn "
                               "first.")]
        self._tick()
        self.state.interlocutor = None
        self.state.at_hearing = True
        out = self._play("hearing", self.story.hearing.lines)
        options = tuple((o, self.story.hearing.options[o].text) for o in self.hearing_options())
        out.append(ev.HearingOpened(options))
        return out

    def choose(self, choice_id: str) -> list[ev.GameEvent]:
        state = self.state
        if state.ending is not None:
            ending = self.story.endings[state.ending]
            if state.final_choice is not None or not ending.choices:
                return [ev.Refused("The case is closed.")]
            choice = ending.choices.get(choice_id)
            if choice is None:
                return [ev.Refused(f"'{choice_id}' is not one of the choices left to you.")]
            self._tick()
            state.final_choice = choice_id
            out = self._play(f"{state.ending}:{choice_id}", choice.lines)
            out.append(ev.GameOver(state.ending, choice_id))
            return out
        if not state.at_hearing:
            return [ev.Refused(f"There is nothing to choose until the {self.story.stage}.")]
        if choice_id not in self.hearing_options():
            return [ev.Refused(f"'{choice_id}' is not an option at the {self.story.stage}.")]
        self._tick()
        option = self.story.hearing.options[choice_id]
        out = self._play(f"hearing:{choice_id}", option.lines)
        state.ending = option.ending
        ending = self.story.endings[option.ending]
        out.append(ev.EndingReached(option.ending, ending.title))
        out.extend(self._play(option.ending, ending.lines))
        if ending.choices:
            choices = tuple((c, choice.text) for c, choice in ending.choices.items())
            out.append(ev.FinalChoiceOffered(ending.prompt, choices))
        else:
            out.append(ev.GameOver(option.ending, None))
        return out

    def perform(self, action: Action) -> list[ev.GameEvent]:
        """Dispatch an Action (as listed by `possible_actions`)."""
        match action.verb:
            case "talk":
                return self.talk(action.target)
            case "ask":
                return self.ask(action.target)
            case "present":
                return self.present(action.target)
            case "search":
                return self.search(action.target)
            case "choose":
                return self.choose(action.target)
            case "leave":
                return self.leave()
            case "hearing":
                return self.go_to_hearing()
            case "press":
                return self.press(action.target)
            case "object":
                return self.object(action.target, action.using)
            case "fill":
                return self.fill(action.target, action.using)
            case "doubt":
                return self.doubt(action.target, action.using)
            case "trust":
                return self.trust(action.target)
        return [ev.Refused(f"Unknown action '{action.verb}'.")]

    def settle(self) -> list[ev.GameEvent]:
        """Run transitions and events after a change made outside an action (the checker
        lowers the credibility this way, as wrong objections would)."""
        out: list[ev.GameEvent] = []
        self._settle(out)
        return out

    # ---- queries ------------------------------------------------------------------------------

    @property
    def over(self) -> bool:
        state = self.state
        if state.ending is None:
            return False
        return state.final_choice is not None or not self.story.endings[state.ending].choices

    def available_characters(self) -> list[str]:
        return [c for c in self.index.questioned
                if self.story.characters[c].available(self.state)]

    def available_topics(self, character_id: str | None = None) -> list[str]:
        who = character_id or self.state.interlocutor
        if who is None:
            return []
        state = self.state
        return [t for t in self.index.topics_by_character.get(who, ())
                if (topic := self.story.topics[t]).when(state)
                and not (topic.once and t in state.visited)]

    def can_ask(self, topic_id: str) -> bool:
        """`topic_id` is among `available_topics()` (without listing them all)."""
        topic = self.story.topics[topic_id]
        return (topic.character == self.state.interlocutor and topic.when(self.state)
                and not (topic.once and topic_id in self.state.visited))

    def available_places(self) -> list[str]:
        return [p for p, place in self.story.places.items() if place.available(self.state)]

    def hearing_available(self) -> bool:
        return not self.state.at_hearing and self.story.hearing.available(self.state)

    def hearing_options(self) -> list[str]:
        return [o for o, option in self.story.hearing.options.items() if option.when(self.state)]

    def testimony(self, character_id: str | None = None) -> list[str]:
        """The statements of what the character tells now, in the order written."""
        who = character_id or self.state.interlocutor
        if who is None:
            return []
        return [s for s in self.index.statements_by_character.get(who, ()) if self.stands(s)]

    def stands(self, statement_id: str) -> bool:
        """The statement is part of what its character tells now (their version, its `when`)."""
        statement = self.story.statements[statement_id]
        version = statement.version
        return ((version is None or self.state.states.get(statement.character) == version)
                and statement.when(self.state))

    def board_groups(self) -> list[str]:
        """The groups of the deduction board the player can see now, in the order written."""
        return [g for g, group in self.story.board.items() if group.when(self.state)]

    def available_answers(self, kind: str | None = None) -> list[str]:
        """The answers the board offers now (of one kind, or all)."""
        return [a for a, answer in self.story.answers.items()
                if (kind is None or answer.kind == kind) and answer.when(self.state)]

    def reaction_for(self, character_id: str, evidence_id: str) -> str | None:
        """The reaction node that presenting this evidence now would play (None: the default)."""
        for reaction_id in self.index.reactions_by_pair.get((character_id, evidence_id), ()):
            if self.story.reactions[reaction_id].when(self.state):
                return reaction_id
        return None

    def possible_actions(self) -> list[Action]:
        """Everything the player can do now, each an Action that `perform` accepts."""
        state = self.state
        if self.over:
            return []
        if state.ending is not None:
            return [Action("choose", c) for c in self.story.endings[state.ending].choices]
        if state.at_hearing:
            return [Action("choose", o) for o in self.hearing_options()]
        actions = [Action("talk", c) for c in self.available_characters()
                   if c != state.interlocutor]
        if state.interlocutor is not None:
            actions.append(Action("leave"))
            actions.extend(Action("ask", t) for t in self.available_topics())
            actions.extend(Action("present", e) for e in state.held)
            for statement_id in self.testimony():
                actions.append(Action("press", statement_id))
                if statement_id not in state.contradicted and state.credibility > 0:
                    actions.extend(Action("object", statement_id, e) for e in state.held)
        for group_id in self.board_groups():
            group = self.story.board[group_id]
            if group_id not in state.confirmed:
                actions.extend(Action("fill", blank_key(group_id, b), a)
                               for b, blank in group.blanks.items()
                               for a in self.available_answers(blank.kind)
                               if state.filled.get(blank_key(group_id, b)) != a)
        actions.extend(Action("search", p) for p in self.available_places())
        if self.hearing_available():
            actions.append(Action("hearing"))
        return actions

    def describe(self, action: Action) -> str:
        """The action as a player would say it, taken now: "talk to Vincent". What an undo or a
        redo tells it took back or did again. An id the case lacks is said as it is."""
        story, target, using = self.story, action.target, action.using
        chair = story.name_of(self.state.interlocutor) or "nobody"

        def said(text: str | None, fallback: str) -> str:
            return f"\u201c{one_line(text, 60)}\u201d" if text is not None else f"'{fallback}'"

        def title(table: dict, key: str, attribute: str = "title") -> str:
            found = table.get(key)
            return one_line(getattr(found, attribute), 80) if found is not None else key

        statement = story.statements.get(target)
        stated = said(statement.text if statement else None, target)
        match action.verb:
            case "talk":
                return f"talk to {story.name_of(target)}"
            case "leave":
                return f"leave {chair}"
            case "ask":
                return f"ask {chair} about \u201c{title(story.topics, target)}\u201d"
            case "present":
                return f"present {in_sentence(title(story.evidence, target))} to {chair}"
            case "search":
                return f"search {in_sentence(title(story.places, target, 'name'))}"
            case "hearing":
                return f"go to the {story.stage}"
            case "choose":
                ending = story.endings.get(self.state.ending or "")
                chosen = ending.choices.get(target) if ending else story.hearing.options.get(target)
                return f"choose {said(chosen.text if chosen else None, target)}"
            case "press":
                return f"press {stated}"
            case "object":
                return f"object to {stated} with {in_sentence(title(story.evidence, using))}"
            case "fill":
                group_id, _, _ = target.partition(".")
                return (f"write {said(getattr(story.answers.get(using), 'text', None), using)} "
                        f"in \u201c{title(story.board, group_id)}\u201d")
            case "doubt":
                return f"mark {stated} doubtful"
            case "trust":
                return f"unmark {stated}"
        return str(action)

    def lines_by(self, character_id: str) -> list[Spoken]:
        return [s for s in self.state.transcript if s.speaker == character_id]

    # ---- internals ----------------------------------------------------------------------------

    def _refuse_unless_free(self) -> list[ev.GameEvent] | None:
        if self.state.ending is not None:
            return [ev.Refused("The case is closed." if self.over
                               else "Make your last choice first.")]
        if self.state.at_hearing:
            return [ev.Refused(f"You are at the {self.story.stage}: choose what you will do.")]
        return None

    def _refuse_unless_standing(self, statement_id: str) -> list[ev.GameEvent] | None:
        """Refused unless the statement is in the testimony of the person in the chair."""
        if refusal := self._refuse_unless_questioning():
            return refusal
        statement = self.story.statements.get(statement_id)
        if statement is None or statement.character != self.state.interlocutor \
                or not self.stands(statement_id):
            name = self.story.name_of(self.state.interlocutor)
            return [ev.Refused(f"That is not something {name} is saying now.")]
        return None

    def _refuse_unless_questioning(self) -> list[ev.GameEvent] | None:
        if refusal := self._refuse_unless_free():
            return refusal
        if self.state.interlocutor is None:
            return [ev.Refused("You are not questioning anyone: talk to someone first.")]
        return None

    def _tick(self) -> None:
        self.state.turn += 1

    def _play(self, node_id: str, lines: Iterable[Line]) -> list[ev.GameEvent]:
        out: list[ev.GameEvent] = []
        if not self.record:
            return out
        state = self.state
        for line in lines:
            if not line.said(state):
                continue
            out.append(ev.LineSpoken(line.speaker, self.story.name_of(line.speaker), line.text,
                                     node_id))
            state.transcript.append(Spoken(
                state.turn, node_id, line.speaker, line.text,
                state.states.get(line.speaker) if line.speaker else None))
        return out

    def _run_node(self, node_id: str, node: Effects) -> list[ev.GameEvent]:
        state = self.state
        state.visited[node_id] = state.visited.get(node_id, 0) + 1
        return self._apply(node_id, node)

    def _apply(self, node_id: str, node: Effects) -> list[ev.GameEvent]:
        """Play a node's lines and give what it gives, set what it sets."""
        state = self.state
        out = self._play(node_id, node.lines)
        for evidence_id in node.gives:
            if evidence_id not in state.held:
                state.held[evidence_id] = state.turn
                out.append(ev.EvidenceFound(evidence_id, self.story.evidence[evidence_id].title))
        for flag in node.sets:
            if flag not in state.flags:
                state.flags.add(flag)
                out.append(ev.FlagSet(flag))
        return out

    def _settle(self, out: list[ev.GameEvent]) -> None:
        """Run transitions and events until nothing more changes."""
        story, state = self.story, self.state
        for _ in range(_MAX_SETTLE_ROUNDS):
            changed = False
            for character_id, transitions in self.index.transitions_by_character.items():
                current = state.states.get(character_id)
                for transition in transitions:
                    if transition.from_state == current and transition.when(state):
                        state.states[character_id] = transition.to
                        state.reached.add((character_id, transition.to))
                        label = story.characters[character_id].states[transition.to].label
                        out.append(ev.StoryChanged(character_id, current, transition.to, label))
                        changed = True
                        break
            for event_id, event in story.events.items():
                if event_id not in state.fired and event.when(state):
                    state.fired[event_id] = state.turn
                    out.append(ev.EventFired(event_id, event.title))
                    out.extend(self._run_node(event_id, event))
                    changed = True
            if not changed:
                self._end_if_unavailable(out)
                self._tell_testimony(out)
                return
        # Transitions that chase each other in a circle: stop, and let the checker report it.
        self.unsettled = True
        self.circle = self._circle()
        self._end_if_unavailable(out)
        self._tell_testimony(out)

    def _circle(self) -> tuple[tuple[str, int], ...]:
        """The transitions that go round, found by settling a copy on until the characters'
        states come back to states seen before: those fired since then."""
        probe = self.state.copy(with_transcript=False)
        seen: dict[tuple[tuple[str, str], ...], int] = {}
        fired: list[tuple[str, int]] = []
        while (now := tuple(sorted(probe.states.items()))) not in seen:
            seen[now] = len(fired)
            for character_id, transitions in self.index.transitions_by_character.items():
                current = probe.states.get(character_id)
                for index, transition in enumerate(transitions):
                    if transition.from_state == current and transition.when(probe):
                        probe.states[character_id] = transition.to
                        fired.append((character_id, index))
                        break
        return tuple(dict.fromkeys(fired[seen[now]:]))

    def _tell_testimony(self, out: list[ev.GameEvent]) -> None:
        """The person in the chair says each statement of their testimony the player has not
        heard yet (a new version, or a statement whose `when` has come to hold)."""
        who = self.state.interlocutor
        if who is None:
            return
        told = self.state.told
        # `testimony(who)`, without judging again the statements told already (most of them).
        for statement_id in self.index.statements_by_character.get(who, ()):
            if statement_id not in told and self.stands(statement_id):
                told.add(statement_id)
                text = self.story.statements[statement_id].text
                out.extend(self._play(statement_id, (Line(who, text),)))

    def _end_if_unavailable(self, out: list[ev.GameEvent]) -> None:
        """Availability gates the whole conversation, not only its start: a character who can no
        longer be questioned (taken away, gone silent) ends it, so what the game allows is what
        `available` says and what the checker explores."""
        who = self.state.interlocutor
        if who is not None and not self.story.characters[who].available(self.state):
            self.state.interlocutor = None
            out.append(ev.ConversationEnded(who, forced=True))
