"""Build each view from a session. The only place that turns game facts into what is shown."""

from __future__ import annotations

import re
from dataclasses import replace

from game.engine.model import Story
from game.engine.session import INTRO, Action, Session, blank_key, shown_by_default
from game.engine.terms import unknown_named
from game.persistence.playthrough import COUNTED, COUNTED_BEFORE, MADE_AGAIN, Moved
from game.presentation.casebook import case_report, proved_by, told_versions, versions_of
from game.presentation.views import (
    BlankView,
    BoardView,
    Choice,
    Confirmation,
    Credibility,
    DeductionView,
    DocumentView,
    EndingView,
    GroupView,
    HearingView,
    LockerView,
    NotebookPage,
    NoteLine,
    NoteSection,
    PastScene,
    Person,
    ReportView,
    RoomView,
    Said,
    StatementView,
    VersionsView,
    VersionView,
)

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class TopicOrder:
    """Topics keep their place while the person tells one version of their story, visit after
    visit: new ones are added at the end, and one that can no longer be asked keeps its
    number, marked. A new version starts its list again in the story's order, so a story that
    changes does not leave its new topics below a column of closed ones."""

    def __init__(self) -> None:
        self.told: tuple[str, str | None] | None = None  # (character, version) shown last
        self.order: list[str] = []  # its topics, in their places
        self._kept: dict[tuple[str, str | None], list[str]] = {}

    def arrange(self, character: str, version: str | None, available: list[str]) -> list[str]:
        self.told = (character, version)
        self.order = self._kept.setdefault(self.told, [])
        self.order += [t for t in available if t not in self.order]
        return list(self.order)


class ArrivalOrder:
    """Things listed in the order they first came, so that a number stays with its thing when
    a new one comes (a place written early in the case but opened late goes last, not in
    front of the others)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def arrange(self, available: list[str]) -> list[str]:
        self.seen += [item for item in available if item not in self.seen]
        now = set(available)
        return [item for item in self.seen if item in now]


def board(session: Session, place_order: ArrivalOrder | None = None) -> BoardView:
    story, state = session.story, session.state
    people = tuple(
        Choice(n, story.characters[c].name, Action("talk", c),
               new=not any(s.speaker == c for s in state.transcript))
        for n, c in enumerate(session.available_characters(), 1))
    # At the hearing and after, nobody can be questioned any more, whatever `available` says.
    over = state.at_hearing or state.ending is not None
    open_now = set() if over else set(session.available_characters())
    heard = told_versions(story, state)  # once per draw: it reads the whole transcript
    # Who cannot be questioned yet is listed by name only once the name is known (a term).
    everyone = tuple(person(session, c, c in open_now, heard) for c in story.index.questioned
                     if c in open_now or not unknown_named(story, story.characters[c].name,
                                                           state))
    places = []
    open_places = session.available_places()
    if place_order is not None:
        open_places = place_order.arrange(open_places)
    for number, place_id in enumerate(open_places, 1):
        searches = story.index.searches_by_place.get(place_id, ())
        fresh = any(s not in state.visited and story.searches[s].when(state) for s in searches)
        searched = not fresh and any(s in state.visited for s in searches)
        places.append(Choice(number, story.places[place_id].name, Action("search", place_id),
                             new=fresh, note="searched" if searched else ""))
    happened = sorted(state.fired, key=state.fired.__getitem__, reverse=True)
    found = sorted(state.held, key=state.held.__getitem__, reverse=True)
    return BoardView(story.case.title, people, everyone, tuple(places), len(state.held),
                     len(story.evidence), session.hearing_available(),
                     tuple(story.events[e].title for e in happened),
                     tuple(story.evidence[e].title for e in found))


def past_scenes(session: Session) -> tuple[PastScene, ...]:
    """Every scene played so far, in the order played, as the transcript keeps them. Lines
    said in a row in one turn are one scene when they are of one event, or of searches of one
    place (a search goes on in the next one written for the place, as it did when played)."""
    story, state = session.story, session.state
    player = story.case.player
    scenes: list[PastScene] = []
    current: tuple[int, str, str] | None = None
    for spoken in state.transcript:
        node = spoken.node
        if node == INTRO:
            title, kind, gives = "Prologue", "prologue", ()
        elif node in story.events:
            title, kind, gives = story.events[node].title, "event", story.events[node].gives
        elif node in story.searches:
            search = story.searches[node]
            title, kind, gives = story.places[search.place].name, "search", search.gives
        else:
            current = None  # a line said in the room, at the hearing: the next scene is new
            continue
        said = Said(story.name_of(spoken.speaker), spoken.text, spoken.speaker == player)
        found = tuple(story.evidence[e].title for e in gives if e in state.held)
        if (spoken.turn, kind, title) == current:
            last = scenes[-1]
            scenes[-1] = replace(last, said=(*last.said, said),
                                 found=(*last.found, *(f for f in found if f not in last.found)))
            continue
        current = (spoken.turn, kind, title)
        scenes.append(PastScene(title, kind, (said,), found))
    return tuple(scenes)


def person(session: Session, character_id: str, can_talk: bool,
           heard: set[tuple[str, str]]) -> Person:
    story, state = session.story, session.state
    character = story.characters[character_id]
    current = state.states.get(character_id)
    told = character.states[current] if current and (character_id, current) in heard else None
    # Who someone is can be news ("picked up after the chase"): told once they can be
    # questioned, or have been.
    said = len(session.lines_by(character_id))
    return Person(character.name, character.role if can_talk or said else "",
                  told.label if told else "", told.mood if told else "",
                  Action("talk", character_id) if can_talk else None, said)


def room(session: Session, order: TopicOrder) -> RoomView | None:
    story, state = session.story, session.state
    who = state.interlocutor
    if who is None:
        return None
    character = story.characters[who]
    current = state.states.get(who)
    heard = current is not None and (who, current) in told_versions(story, state)
    told = character.states.get(current) if heard and current else None
    available = session.available_topics(who)
    topics = []
    for number, topic_id in enumerate(order.arrange(who, current, available), 1):
        title = story.topics[topic_id].title
        if topic_id in available:
            topics.append(Choice(number, title, Action("ask", topic_id),
                                 new=topic_id not in state.visited))
        else:
            asked = topic_id in state.visited
            topics.append(Choice(number, title, None, note="asked" if asked else "closed"))
    evidence = tuple(Choice(n, story.evidence[e].title, Action("present", e))
                     for n, e in enumerate(state.held, 1))
    return RoomView(character.name, character.role, told.mood if told else "",
                    told.label if told and len(character.states) > 1 else "",
                    conversation(session, who), tuple(topics), evidence,
                    testimony(session), credibility(session))


def credibility(session: Session) -> Credibility | None:
    story = session.story
    if not story.statements:
        return None
    return Credibility(session.state.credibility, story.case.credibility,
                       story.case.words.credibility)


def testimony(session: Session) -> tuple[StatementView, ...]:
    """What the person in the chair tells now, statement by statement, with what the player
    has done to each (pressed, flagged, proved false)."""
    story, state = session.story, session.state
    views = []
    for number, statement_id in enumerate(session.testimony(), 1):
        objections = tuple(Choice(n, story.evidence[e].title,
                                  Action("object", statement_id, e))
                           for n, e in enumerate(state.held, 1))
        used = state.objected_with.get(statement_id) if statement_id in state.contradicted \
            else None
        views.append(StatementView(
            number, story.statements[statement_id].text, Action("press", statement_id),
            objections, Action("doubt", statement_id), Action("trust", statement_id),
            pressed=statement_id in state.pressed, doubted=statement_id in state.doubts,
            note=state.doubts.get(statement_id, ""),
            proved_false_with=story.evidence[used].title if used in story.evidence else ""))
    return tuple(views)


def deduction(session: Session) -> DeductionView:
    """The deduction board as it stands: each group, its blanks, what is written in them and
    what could be; blanks are numbered over the whole board."""
    story, state = session.story, session.state
    groups, number = [], 0
    for group_id in session.board_groups():
        group = story.board[group_id]
        confirmed = group_id in state.confirmed
        blanks = []
        for blank_id, blank in group.blanks.items():
            number += 1
            key = blank_key(group_id, blank_id)
            written = state.filled.get(key)
            answers = () if confirmed else tuple(
                Choice(n, story.answers[a].text, Action("fill", key, a))
                for n, a in enumerate(session.available_answers(blank.kind), 1))
            blanks.append(BlankView(number, blank.question,
                                    story.answers[written].text if written in story.answers
                                    else "", answers))
        groups.append(GroupView(group.title, confirmed, tuple(blanks),
                                tuple(line.text for line in group.lines if line.said(state))
                                if confirmed else (),
                                state.board_tries.get(group_id, 0)))
    return DeductionView(tuple(groups))


def conversation(session: Session, character_id: str) -> tuple[Said, ...]:
    """Every line of the questions and reactions played with this person, in order, the first
    line of each exchange saying what the player asked or showed."""
    story = session.story
    player = story.case.player
    said: list[Said] = []
    last = None
    for statement in session.state.transcript:
        node_id = statement.node
        topic = story.topics.get(node_id)
        reaction = story.reactions.get(node_id)
        default = shown_by_default(node_id)
        if topic is not None and topic.character == character_id:
            opens = f"You ask: {topic.title}"
        elif reaction is not None and reaction.character == character_id:
            opens = f"You show: {story.evidence[reaction.evidence].title}"
        elif default is not None and default[0] == character_id:
            shown = default[1]
            opens = f"You show: {story.evidence[shown].title}" if shown in story.evidence else ""
        else:
            last = None
            continue
        key = (statement.turn, node_id)
        said.append(Said(story.name_of(statement.speaker), statement.text,
                         statement.speaker == player, opens if key != last else ""))
        last = key
    return tuple(said)


def document(story: Story, evidence_id: str) -> DocumentView:
    item = story.evidence[evidence_id]
    paragraphs = tuple("\n".join(line.strip() for line in p.strip().splitlines())
                       for p in _PARAGRAPH_BREAK.split(item.document.strip()) if p.strip())
    return DocumentView(item.title, item.summary, item.source, paragraphs)


def held_document(session: Session, evidence_id: str) -> DocumentView:
    """A document the player holds, as the locker shows it: with whom it has been shown to."""
    story, state = session.story, session.state
    return replace(document(story, evidence_id),
                   shown_to=tuple(sorted(story.name_of(who) for shown, who in state.presented
                                         if shown == evidence_id)))


def locker(session: Session) -> LockerView:
    held = sorted(session.state.held, key=session.state.held.__getitem__)
    return LockerView(tuple(held_document(session, e) for e in held))


def notebook(session: Session, character_id: str) -> NotebookPage:
    story, state = session.story, session.state
    character = story.characters[character_id]
    sections: list[NoteSection] = []
    lines: list[NoteLine] = []
    version: object = object()
    heard = told_versions(story, state)
    for statement in session.lines_by(character_id):
        # A section is named by its version only once the player has heard that version told.
        said_in = statement.speaker_state if (character_id, statement.speaker_state) in heard \
            else None
        if said_in != version:
            if lines:
                sections.append(NoteSection(_label(story, character_id, version), tuple(lines)))
            version, lines = said_in, []
        against = tuple(story.evidence[e].title
                        for e in proved_by(story, state, statement))
        lines.append(NoteLine(statement.text, against, statement.node in state.doubts,
                              state.doubts.get(statement.node, "")))
    if lines:
        sections.append(NoteSection(_label(story, character_id, version), tuple(lines)))
    return NotebookPage(character.name, tuple(sections))


def _label(story: Story, character_id: str, version: object) -> str:
    states = story.characters[character_id].states
    return states[version].label if isinstance(version, str) and version in states else ""


def storytellers(session: Session) -> list[str]:
    """Questioned characters with a story the player has heard: how many versions each has is
    not for the player to know before they are told."""
    heard = {character for character, _ in told_versions(session.story, session.state)}
    return [c for c in session.story.index.questioned if c in heard]


def versions(session: Session, character_id: str) -> VersionsView:
    story, state = session.story, session.state
    current = state.states.get(character_id)
    heard = [v for v in versions_of(story, state, character_id) if v.reached]
    shown = tuple(VersionView(number, version.label, version.account, True,
                              version.state_id == current,
                              tuple(story.evidence[e].title for e in version.broken_by))
                  for number, version in enumerate(heard, 1))
    return VersionsView(story.characters[character_id].name, shown)


def hearing(session: Session) -> HearingView:
    story = session.story
    options = tuple(Choice(n, story.hearing.options[o].text, Action("choose", o))
                    for n, o in enumerate(session.hearing_options(), 1))
    return HearingView(story.stage_title, options)


def ending(session: Session) -> EndingView | None:
    story, state = session.story, session.state
    if state.ending is None:
        return None
    chosen = story.endings[state.ending]
    choices: tuple[Choice, ...] = ()
    if not session.over:
        choices = tuple(Choice(n, choice.text, Action("choose", c))
                        for n, (c, choice) in enumerate(chosen.choices.items(), 1))
    return EndingView(chosen.title, chosen.prompt, choices, session.over)


def report(session: Session, record: dict[str, int] | None = None) -> ReportView:
    """The case report; `record` is what the playthrough counted (Playthrough.record)."""
    found = case_report(session.story, session.state)
    record = record or {}
    grade, lost = graded(session, record) if session.over else ("", ())
    return ReportView(found.evidence_found, found.evidence_total, found.missed_evidence,
                      found.versions, found.topics_heard, found.topics_total,
                      found.missed_people, conduct(session, record), grade, lost)


def graded(session: Session, record: dict[str, int]) -> tuple[str, tuple[str, ...]]:
    """The grade of a finished game, and a line for each thing that cost points (the case's
    `[case.grading]` says how many)."""
    story, state = session.story, session.state
    rules = story.case.grading
    counted = [
        (len(story.evidence) - len(state.held), rules.missed_evidence, "evidence missed",
         "pieces of evidence missed"),
        (record.get("hints_1", 0) + record.get("hints_2", 0), rules.hint, "hint", "hints"),
        (record.get("hints_3", 0), rules.exact_hint, "exact step from a hint",
         "exact steps from hints"),
        (state.wrong_objections, rules.wrong_objection, "wrong objection", "wrong objections"),
        (record.get("undone_objections", 0), rules.undone_objection, "objection taken back",
         "objections taken back"),
        (sum(state.board_tries.values()), rules.wrong_try, "wrong try on the board",
         "wrong tries on the board"),
    ]
    lines, total = [], 0
    for count, points, one, many in counted:
        if count and points:
            total += count * points
            lines.append(f"{count} {one if count == 1 else many}: -{count * points}")
    grades = list(rules.grades.items())
    grade = next((name for name, bound in grades if total <= bound), grades[-1][0])
    return grade, tuple(lines)


def _times(count: int, what: str, many: str = "") -> str:
    return f"{count} {what if count == 1 else many or what + 's'}"


def conduct(session: Session, record: dict[str, int]) -> tuple[str, ...]:
    story, state = session.story, session.state
    hints = [record.get(f"hints_{tier}", 0) for tier in (1, 2, 3)]
    lines = ["Hints taken: " + (", ".join(
        _times(n, what) for n, what in zip(hints, ("pointer", "clue", "exact step"), strict=True)
        if n) or "none")]
    if story.statements:
        lines.append(f"Objections: {len(state.contradicted)} proved, "
                     f"{state.wrong_objections} wrong, "
                     f"{record.get('undone_objections', 0)} taken back")
    if story.board:
        tries = sum(state.board_tries.values())
        lines.append(f"Deductions: {len(state.confirmed)} of {len(story.board)} confirmed, "
                     f"{_times(tries, 'wrong try', 'wrong tries')}")
    return tuple(lines)


def confirm_hearing(session: Session) -> Confirmation:
    stage = session.story.stage
    return Confirmation(f"Go to the {stage}? Once there, you cannot question anyone or search "
                        "anywhere again.", f"Go to the {stage}", Action("hearing"))


def confirm_choice(session: Session, choice_id: str) -> Confirmation | None:
    """A question before a choice that ends the game, or None when the choice needs none (a
    hearing option leads to an ending that still offers a last choice, or it is not a choice
    now, which the engine refuses with its reason)."""
    story, state = session.story, session.state
    if state.ending is not None:
        choice = story.endings[state.ending].choices.get(choice_id)
        if choice is None or state.final_choice is not None:
            return None
        return Confirmation(f"Your last choice: \u201c{choice.text}\u201d This ends the game. "
                            "Sure?", "Choose it", Action("choose", choice_id))
    option = story.hearing.options.get(choice_id)
    if option is None or not state.at_hearing or story.endings[option.ending].choices:
        return None
    return Confirmation(f"\u201c{option.text}\u201d This ends the case. Sure?", "Choose it",
                        Action("choose", choice_id))


def restart_question(has_saves: bool, save_key: str = "") -> str:
    """What both faces ask before starting the case again. The autosave stays this game's
    until the new game's first action (nothing is lost by only looking)."""
    if not has_saves:
        return "Start the case again from the beginning? This game will be lost."
    how = f" ({save_key})" if save_key else ""
    return ("Start the case again from the beginning? The new game's first action replaces the "
            f"autosave: to keep this game, save it first{how}.")


def nothing_to_undo(loaded_from: str) -> str:
    """What an undo says when there is nothing before: the start, or the save it came from."""
    if loaded_from:
        return (f"Nothing to undo: this game was loaded from “{loaded_from}”, and its "
                "history starts there.")
    return "Nothing to undo: this is the start of the game."


# What an undo or a redo did to the record, said after what it did: undo is free but for a
# wrong objection, whose cost an undo must not dodge unseen.
OBJECTION_NOTICES = {
    COUNTED: "Taken back. The case report will count this objection as taken back.",
    COUNTED_BEFORE: "The case report counts this objection as taken back already, once.",
    MADE_AGAIN: "The objection stands again: the case report counts it as wrong, no longer as "
                "taken back.",
}


def moved_said(moved: Moved) -> str:
    """What an undo or a redo says it did (Playthrough.moved): "Undone: talk to Vincent.",
    "Undone: loading “pre_hearing”: back to the game you were playing.", and for a
    wrong objection, what the case report counts."""
    said = "Undone" if moved.back else "Redone"
    said = f"{said}: {moved.what}" if moved.what else said
    if moved.was_load and moved.back:
        said += ": back to the game you were playing"
    notice = OBJECTION_NOTICES.get(moved.objection, "")
    # A description that ends on a quoted sentence ("choose “Bake another.”") has its stop.
    stop = "" if said.rstrip("\u201d'\"").endswith((".", "?", "!")) else "."
    return f"{said}{stop} {notice}".rstrip()


def possible_actions(session: Session) -> tuple[Choice, ...]:
    """Every move the player can make now, each said in full (the TUI's command palette): the
    label names who and what, the note says what it does."""
    story = session.story
    chair = story.name_of(session.state.interlocutor)
    offers: list[Choice] = []
    for action in session.possible_actions():
        match action.verb:
            case "talk":
                label = f"Talk to {story.name_of(action.target)}"
                note = "Sit down with them in the interrogation room"
            case "ask":
                label = f"Ask {chair} about: {story.topics[action.target].title}"
                note = "A question for the person in the chair"
            case "present":
                label = f"Present to {chair}: {story.evidence[action.target].title}"
                note = "Show this piece of evidence"
            case "search":
                label = f"Search {story.places[action.target].name}"
                note = "Look for evidence there"
            case "leave":
                label, note = f"Leave {chair}", "Back to the case board"
            case "hearing":
                label, note = f"Go to the {story.stage}", "There is no coming back from it"
            case _:
                continue
        offers.append(Choice(len(offers) + 1, label, action, note=note))
    return tuple(offers)
