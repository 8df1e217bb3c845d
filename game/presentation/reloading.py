"""`detective play --watch`: the case read again while the game goes on, in both faces alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.engine.model import Story
from game.persistence.playthrough import Playthrough
from game.persistence.savefile import SaveError
from game.storyfiles.diagnostics import Diagnostic, StoryError
from game.storyfiles.loader import load_story

MAX_PROBLEMS_SHOWN = 10


@dataclass(frozen=True)
class Reloaded:
    """What a reload did: the new story (None: the game goes on in the case as it was), what to
    tell the player, and the case's problems if it no longer loads."""

    story: Story | None
    lines: tuple[str, ...]
    problems: tuple[Diagnostic, ...] = ()


def reload_case(play: Playthrough, case_dir: Path) -> Reloaded:
    """Read the case again and go on with the game in it; never end the game."""
    return go_on_in(play, read_case(case_dir))


def read_case(case_dir: Path) -> Story | StoryError:
    """The case as its files now are, or why it does not load (slow: a face may do this off its
    own thread, then `go_on_in` on it)."""
    try:
        return load_story(case_dir)
    except StoryError as error:
        return error


def go_on_in(play: Playthrough, read: Story | StoryError) -> Reloaded:
    """Go on with the game in the case as it was read again, or say why it goes on as it was."""
    if isinstance(read, StoryError):
        problems = tuple(d for d in read.diagnostics if not d.is_warning)
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = (f" (the first {len(shown)} below; `detective check` lists them all)"
                if len(problems) > len(shown) else ":")
        return Reloaded(None, (f"The case files changed, and the case has {len(problems)} "
                               f"problem(s) now; the game goes on in the case as it was{more}",),
                        shown)
    try:
        dropped = play.reload(read)
    except SaveError as error:
        return Reloaded(None, (f"The case files changed, but this game cannot go on in them "
                               f"({error}); it goes on in the case as it was.",))
    return Reloaded(read, ("The case was read again; undo starts from here.", *dropped))
