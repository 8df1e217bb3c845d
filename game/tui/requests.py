"""All a screen knows of the app: the `Playing` interface, and what it can ask for (`Want`).

A screen reads what it shows from the presentation layer, through `session`, and says what the
player wants: `act` with an engine Action (a talk, a question, a choice), or `want` with one of
the things that are not moves in the game (a view, a hint, undo, the saves). The app answers
both. These are calls, not messages posted to the app, on purpose: a message would wait behind
the keys already typed, so a key typed ahead would land on the screen the key before was about
to leave ('n' then 'q' on the title quit instead of starting and staying).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the title screen asks for things before the engine is imported
    from game.engine.session import Action, Session


class Want(StrEnum):
    LOCKER = "locker"
    NOTEBOOK = "notebook"
    VERSIONS = "versions"
    DEDUCTION = "deduction"  # the deduction board (a case with one)
    HINT = "hint"
    UNDO = "undo"
    REDO = "redo"
    QUICK_SAVE = "quick_save"
    QUICK_LOAD = "quick_load"
    SAVE_AS = "save_as"
    LOAD = "load"
    HEARING = "hearing"  # go to the hearing, once the player has said they are sure
    NEW_GAME = "new_game"  # once the player has said they are sure, if a game is under way
    CONTINUE = "continue"
    HELD_SCENE = "held_scene"  # the scene an answer in the room brought (see Playing.held)


VIEWS = (Want.LOCKER, Want.NOTEBOOK, Want.VERSIONS, Want.DEDUCTION)


class Playing(Protocol):
    @property
    def session(self) -> Session | None:
        """The game being played, or None before the first one."""

    @property
    def record(self) -> dict[str, int]:
        """What the case report counts that an undo does not take back (hints taken...)."""

    @property
    def held(self) -> str:
        """The title of the scene an answer in the room brought, held until the player asks
        for it (Want.HELD_SCENE), once the answer is read ("" when none is)."""

    @property
    def held_from(self) -> int | None:
        """While a scene is held: the transcript index of the first line said after it (the
        room draws up to there), or None."""

    @property
    def last_hint(self) -> str:
        """The last hint given in this game, to be read again ("" when none is)."""

    def act(self, action: Action) -> object:
        """Perform `action` and show what it did."""

    def act_when_sure(self, action: Action) -> None:
        """`act`, after asking the player, when the action ends the game (a choice at the
        hearing or at the end, as build.confirm_choice says)."""

    def want(self, want: Want) -> None:
        """Do this for the player."""
