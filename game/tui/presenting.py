"""Turn the engine's events from one action into what the player sees, in order.

Lines from questions and reactions are not shown from here: the room draws its conversation from
the session's transcript. This plans the rest: where the player is taken, the scenes of searches
and events, the banner when a story breaks, and short toasts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.screen import Screen

from game.engine import events as ev
from game.engine.casebook import breaking_evidence, is_break
from game.engine.session import Session
from game.tui.screens.scene import SceneLine, SceneScreen


@dataclass
class _Scene:
    title: str
    lines: list[SceneLine] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    kind: str = "scene"
    subtitle: str = ""


@dataclass
class Presentation:
    destination: str = ""  # room, board, hearing, ending, or "" to stay
    room: str | None = None
    toasts: list[tuple[str, str]] = field(default_factory=list)  # (text, severity)
    moments: list[Screen] = field(default_factory=list)


def plan_presentation(session: Session, events: list[ev.GameEvent],
                      prologue: str = "") -> Presentation:
    story = session.story
    plan = Presentation()
    scenes: list[_Scene] = []
    current: _Scene | None = _Scene(prologue) if prologue else None
    if current:
        scenes.append(current)
    in_conversation = False  # the last lines were a question or a reaction, drawn in the room
    for event in events:
        if isinstance(event, ev.LineSpoken):
            in_conversation = event.node in story.topics or event.node in story.reactions
        match event:
            case ev.Refused(reason=reason):
                plan.toasts.append((reason, "warning"))
            case ev.ConversationStarted(character=who):
                plan.destination, plan.room = "room", who
            case ev.ConversationEnded(character=who, forced=forced):
                plan.destination = "board"
                if forced:
                    plan.toasts.append((f"{story.name_of(who)} cannot be questioned any more: "
                                        "what was said is in your notebook (n).", "warning"))
            case ev.LineSpoken(speaker=speaker, speaker_name=name, text=text, node=node):
                if node in story.searches:
                    if current is None or current.kind != "search":
                        place = story.places[story.searches[node].place]
                        current = _Scene(place.name, kind="search")
                        scenes.append(current)
                    current.lines.append(SceneLine(name, text, speaker == story.case.player))
                elif current is not None and (node in story.events or node == "intro"):
                    current.lines.append(SceneLine(name, text, speaker == story.case.player))
            case ev.EventFired(title=title):
                in_conversation = False
                current = _Scene(title, kind="event")
                scenes.append(current)
            case ev.EvidenceFound(title=title):
                if current is not None:
                    current.found.append(title)
                elif not in_conversation:  # the room's log says it there, in its place
                    plan.toasts.append((f"Evidence added: {title}.  (e: the locker)",
                                        "information"))
            case ev.NothingFound(text=text):
                plan.toasts.append((text, "information"))
            case ev.StoryChanged(character=who, from_state=before, to_state=after, label=label):
                name = story.name_of(who)
                if is_break(story, who, before):
                    assert before is not None
                    account = story.characters[who].states[after].account
                    broken_by = [story.evidence[e].title
                                 for e in breaking_evidence(story, who, before)
                                 if e in session.state.held]
                    banner = _Scene(f"{name}'s story has changed", kind="break",
                                    subtitle=label)
                    banner.lines.append(SceneLine("", account, False))
                    if broken_by:
                        banner.lines.append(SceneLine("", "Broken by: " + "; ".join(broken_by),
                                                      False))
                    scenes.append(banner)
                    current = None
                else:
                    plan.toasts.append((f"{name} is now: {label}", "information"))
            case ev.HearingOpened():
                plan.destination = "hearing"
            case ev.EndingReached() | ev.FinalChoiceOffered() | ev.GameOver():
                plan.destination = "ending"
    for scene in scenes:
        if scene.lines or scene.found:
            plan.moments.append(SceneScreen(scene.title, scene.lines, scene.found,
                                            kind=scene.kind, subtitle=scene.subtitle))
    return plan
