"""What the events of one action mean to the player, in order, as plain data.

Both faces take these: the plain mode prints each in turn; the TUI draws lines said in the room
from the transcript and turns the rest into scenes, banners and notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import events as ev
from game.engine.session import INTRO, Action, Session
from game.engine.text import in_sentence
from game.presentation.casebook import (
    broken_with,
    is_break,
    said_face_to_face,
    told_versions,
)
from game.presentation.views import Choice


@dataclass(frozen=True, slots=True)
class Line:
    speaker: str  # a name, or "" for narration
    text: str
    by_player: bool
    # "room": said in a conversation (a question, a reaction); "scene": told in a search, an
    # event or the prologue; "aside": anything else (the hearing, an ending), which the face
    # shows on the screen it belongs to.
    where: str


@dataclass(frozen=True, slots=True)
class SceneStarts:
    title: str
    kind: str  # search, event


@dataclass(frozen=True, slots=True)
class Found:
    title: str  # a piece of evidence, now in the locker
    number: int  # its place in the locker (the order found)


@dataclass(frozen=True, slots=True)
class StoryChanged:
    name: str
    broken_by: tuple[str, ...]  # titles of what the player showed them that broke the old one
    by_evidence: bool  # evidence forced it (a break), as against time or a flag


@dataclass(frozen=True, slots=True)
class Seated:
    character: str  # the id, for the face to open the room; never shown
    name: str
    mood: str


@dataclass(frozen=True, slots=True)
class Left:
    character: str
    name: str
    forced: bool  # they can no longer be questioned; the player did not leave


@dataclass(frozen=True, slots=True)
class Notice:
    text: str
    warning: bool = False  # a refusal or a problem, as against news
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HearingOpens:
    options: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class EndingReached:
    title: str


@dataclass(frozen=True, slots=True)
class LastChoice:
    prompt: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class GameOver:
    pass


Moment = (Line | SceneStarts | Found | StoryChanged | Seated | Left | Notice | HearingOpens
          | EndingReached | LastChoice | GameOver)


def on_the_board(session: Session) -> str:
    """How many of the groups on the board now are confirmed: the board's own count, which
    leaves out groups not on it yet."""
    shown = session.board_groups()
    done = sum(group in session.state.confirmed for group in shown)
    return f"{done} of {len(shown)} group{'s' if len(shown) != 1 else ''} confirmed."


def moments(session: Session, events: list[ev.GameEvent]) -> list[Moment]:
    """The events of an action, as the player should take them in. `session` is after it."""
    story, state = session.story, session.state
    player = story.case.player
    out: list[Moment] = []
    scene = ""  # the place whose search is being told, so a place is announced once
    for event in events:
        match event:
            case ev.LineSpoken(speaker=speaker, speaker_name=name, text=text, node=node):
                where = ("room" if said_face_to_face(story, node)
                         else "scene" if node in story.searches or node in story.events
                         or node == INTRO else "aside")
                if node in story.searches:
                    place = story.places[story.searches[node].place].name
                    if scene != place:
                        out.append(SceneStarts(place, "search"))
                        scene = place
                out.append(Line(name, text, speaker == player, where))
            case ev.EventFired(title=title):
                out.append(SceneStarts(title, "event"))
                scene = ""
            case ev.EvidenceFound(evidence=evidence_id, title=title):
                found_order = sorted(state.held, key=state.held.__getitem__)
                out.append(Found(title, found_order.index(evidence_id) + 1))
            case ev.StoryChanged(character=who, from_state=before):
                # Says that the story changes, never what it changes to: the new story is
                # then told by the character. What broke it is what the player showed them.
                broken = broken_with(story, state, who, before) if before else ()
                out.append(StoryChanged(story.name_of(who),
                                        tuple(story.evidence[e].title for e in broken),
                                        is_break(story, who, before)))
            case ev.ConversationStarted(character=who, name=name):
                current = state.states.get(who)
                told = current is not None and (who, current) in told_versions(story, state)
                mood = story.characters[who].states[current].mood if told and current else ""
                out.append(Seated(who, name, mood))
            case ev.ConversationEnded(character=who, forced=forced):
                out.append(Left(who, story.name_of(who), forced))
            case ev.NothingFound(text=text):
                out.append(Notice(text))
            case ev.HearingOpened(options=options):
                out.append(HearingOpens(tuple(
                    Choice(n, text, Action("choose", o)) for n, (o, text) in
                    enumerate(options, 1))))
            case ev.EndingReached(title=title):
                out.append(EndingReached(title))
            case ev.FinalChoiceOffered(prompt=prompt, choices=choices):
                out.append(LastChoice(prompt, tuple(
                    Choice(n, text, Action("choose", c)) for n, (c, text) in
                    enumerate(choices, 1))))
            case ev.GameOver():
                out.append(GameOver())
            case ev.Refused(reason=reason, suggestions=suggestions):
                out.append(Notice(reason, warning=True, suggestions=suggestions))
            case ev.Contradicted(evidence=evidence_id):
                # No verb to agree with the title: "the photos" and "the report" alike.
                out.append(Notice(f"Objection! Proved false by "
                                  f"{in_sentence(story.evidence[evidence_id].title)}."))
            case ev.Supported():
                out.append(Notice("That backs what was said: it costs you nothing."))
            case ev.ObjectionFailed(credibility=left):
                meter = story.case.words.credibility.capitalize()
                out.append(Notice(f"That proves nothing against it. {meter}: {left} left.",
                                  warning=True))
            case ev.BoardChecked(group=group_id, confirmed=True):
                out.append(Notice(f"Confirmed: {story.board[group_id].title}. "
                                  f"{on_the_board(session)}"))
            case ev.BoardChecked():
                out.append(Notice("Something in that group is not right. "
                                  f"{on_the_board(session)}", warning=True))
            case ev.FlagSet() | ev.Pressed():
                pass
    return out
