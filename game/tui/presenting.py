"""Plan the screens for the moments of one action (see game.presentation.moments).

Lines said in the room are not shown from here: the room draws its conversation from the
session's transcript. This plans the rest: where the player is taken, the scenes of searches
and events, the banner when a story breaks, and short notices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.screen import Screen

from game.engine import events as ev
from game.engine.session import Session
from game.presentation import moments as m
from game.tui.screens.scene import SceneLine, SceneScreen


@dataclass
class _Scene:
    title: str
    kind: str = "scene"
    subtitle: str = ""
    lines: list[SceneLine] = field(default_factory=list)
    found: list[str] = field(default_factory=list)


@dataclass
class Presentation:
    destination: str = ""  # room, board, hearing, ending, or "" to stay
    room: str | None = None
    toasts: list[tuple[str, str]] = field(default_factory=list)  # (text, severity)
    moments: list[Screen] = field(default_factory=list)
    # The scenes follow lines said in the room: the player reads those first (the room holds
    # the scenes until they ask for them), as the line mode prints them.
    after_talk: bool = False
    # How many of the action's lines (as the transcript has them) come before its first scene:
    # the room draws no further until the scene has been shown.
    lines_before: int = 0
    lines: list[str] = field(default_factory=list)  # the action's lines, in order


def plan_presentation(session: Session, events: list[ev.GameEvent],
                      prologue: str = "") -> Presentation:
    plan = Presentation()
    scenes: list[_Scene] = []
    current: _Scene | None = _Scene(prologue) if prologue else None
    if current:
        scenes.append(current)
    in_conversation = False  # the last lines were said in the room, and drawn there
    talked = False  # lines were said in the room before any scene began
    for moment in m.moments(session, events):
        match moment:
            case m.Line(speaker=name, text=text, by_player=by_player, where=where):
                plan.lines.append(text)
                if not scenes:
                    plan.lines_before += 1
                in_conversation = where == "room"
                talked = talked or (in_conversation and not scenes)
                if where == "scene" and current is not None:
                    current.lines.append(SceneLine(name, text, by_player))
            case m.SceneStarts(title=title, kind=kind):
                in_conversation = False
                current = _Scene(title, kind)
                scenes.append(current)
            case m.Found(title=title):
                if current is not None:
                    current.found.append(title)
                elif not in_conversation:  # the room's log says it there, in its place
                    plan.toasts.append((f"Evidence added: {title}.  (e: the locker)",
                                        "information"))
            case m.StoryChanged(name=name, broken_by=broken, by_evidence=True):
                banner = _Scene(f"{name}'s story changes", "break")
                banner.lines.append(SceneLine("", "What they told you no longer holds. Ask "
                                              "them again: they have another story now.", False))
                if broken:
                    banner.lines.append(SceneLine("", "Broken by: " + "; ".join(broken), False))
                scenes.append(banner)
                current = None
            case m.StoryChanged(name=name):
                plan.toasts.append((f"{name}'s story has changed.", "information"))
            case m.Seated(character=who):
                plan.destination, plan.room = "room", who
            case m.Left(name=name, forced=forced):
                plan.destination = "board"
                if forced:
                    plan.toasts.append((f"{name} cannot be questioned any more: "
                                        "what was said is in your notebook (n).", "warning"))
            case m.Notice(text=text, warning=warning, suggestions=suggestions):
                if suggestions:
                    text += f" Did you mean: {', '.join(suggestions)}?"
                plan.toasts.append((text, "warning" if warning else "information"))
            case m.HearingOpens():
                plan.destination = "hearing"
            case m.EndingReached() | m.LastChoice() | m.GameOver():
                plan.destination = "ending"
    plan.after_talk = talked
    for scene in scenes:
        if scene.lines or scene.found:
            plan.moments.append(SceneScreen(scene.title, scene.lines, scene.found,
                                            kind=scene.kind, subtitle=scene.subtitle))
    return plan
