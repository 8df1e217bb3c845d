"""Play the game through the UI with the keyboard only, as a player would.

Each walkthrough step is turned into an engine Action only to know what the player means; what
happens is done by key presses on the screens, and then checked against the session.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from game.engine.commands import resolve
from game.engine.session import Action
from game.presentation import build
from game.tui.app import DetectiveApp
from game.tui.screens.board import BoardScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.deduction import DeductionScreen
from game.tui.screens.doubt import DoubtScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.hearing import HearingScreen
from game.tui.screens.interrogation import InterrogationScreen
from game.tui.screens.picker import EvidencePickerScreen
from game.tui.screens.scene import SceneScreen
from game.tui.screens.title import TitleScreen
from tests.ui.waiting import press


class KeyboardPlayer:
    def __init__(self, app: DetectiveApp, pilot: Pilot, arrows_only: bool = False) -> None:
        self.app = app
        self.pilot = pilot
        self.arrows_only = arrows_only  # move with the arrows even where a digit would do
        self.keys = 0

    async def press(self, *keys: str) -> None:
        """Each key, as the terminal sends it, and then wait until the app has done with it."""
        for key in keys:
            await press(self.pilot, key)
            self.keys += 1

    @property
    def session(self):
        assert self.app.session is not None
        return self.app.session

    async def start(self) -> None:
        assert isinstance(self.app.screen, TitleScreen)
        await self.press("enter")  # "New game" has the focus
        await self.past_the_note()
        await self.skip_scenes()
        assert isinstance(self.app.screen, BoardScreen)

    async def past_the_note(self) -> None:
        """Go on past the case's content note, if it has one, as a new game begins."""
        if isinstance(self.app.screen, ConfirmScreen):
            await self.press("enter")  # "Go on" has the focus

    async def skip_scenes(self) -> None:
        # A scene an answer in the room brought is held there until enter (read on, then
        # open it): enter until it shows, then through it.
        for _ in range(40):
            if not isinstance(self.app.screen, SceneScreen) and not self.app.held:
                return
            await self.press("enter")
        raise AssertionError("scenes never end")

    async def choose(self, list_id: str, target: str) -> None:
        """Pick `target` in a list: by its digit when it is among the first nine, else by
        moving the highlight with the arrow keys; then check it was the one chosen."""
        options = self.app.screen.query_one(f"#{list_id}", OptionList)
        assert options.has_focus, f"#{list_id} should have the focus"
        enabled = [options.get_option_at_index(i).id for i in range(options.option_count)
                   if not options.get_option_at_index(i).disabled]
        assert target in enabled, f"{target} is not offered in #{list_id}: {enabled}"
        position = enabled.index(target)
        if position < 9 and not self.arrows_only:
            await self.press(str(position + 1))
            return
        await self.press("home")
        for _ in range(options.option_count):
            highlighted = options.highlighted_option
            if highlighted is not None and highlighted.id == target:
                await self.press("enter")
                return
            await self.press("down")
        raise AssertionError(f"the arrows never reached {target} in #{list_id}")

    async def highlight(self, list_id: str, target: str) -> None:
        """Move the highlight of a list onto `target` with the arrow keys, picking nothing."""
        options = self.app.screen.query_one(f"#{list_id}", OptionList)
        assert options.has_focus, f"#{list_id} should have the focus"
        await self.press("home")
        for _ in range(options.option_count):
            highlighted = options.highlighted_option
            if highlighted is not None and highlighted.id == target:
                return
            await self.press("down")
        raise AssertionError(f"the arrows never reached {target} in #{list_id}")

    async def to_statement(self, statement: str) -> None:
        """In the room, the testimony in use and `statement` highlighted."""
        assert isinstance(self.app.screen, InterrogationScreen), type(self.app.screen).__name__
        await self.press("t")
        await self.highlight("testimony", statement)

    def blank_option(self, key: str) -> str:
        """The id of a blank's choice on the deduction board: blanks are numbered over the
        whole board, in the story's order."""
        story = self.session.story
        keys = [f"{g}.{b}" for g, group in story.board.items() for b in group.blanks]
        return f"blank-{keys.index(key) + 1}"

    async def to_board(self) -> None:
        if isinstance(self.app.screen, InterrogationScreen):
            await self.press("escape")
        assert isinstance(self.app.screen, BoardScreen), type(self.app.screen).__name__

    async def do(self, action: Action, character: str | None = None) -> None:
        screen = self.app.screen
        match action.verb:
            case "talk":
                if isinstance(screen, InterrogationScreen) and \
                        self.session.state.interlocutor == action.target:
                    return
                await self.to_board()
                await self.press("t")
                await self.choose("people", action.target)
                assert isinstance(self.app.screen, InterrogationScreen)
            case "ask":
                assert isinstance(screen, InterrogationScreen)
                await self.press("a")
                await self.choose("topics", action.target)
            case "present":
                assert isinstance(screen, InterrogationScreen)
                if screen.query_one("#testimony-panel").display:
                    await self.press("a")  # p shows the piece once the topics are in use
                await self.press("p")
                assert isinstance(self.app.screen, EvidencePickerScreen)
                await self.choose("items", action.target)
            case "press":
                await self.press("t")
                testimony = self.app.screen.query_one("#testimony", OptionList)
                ids = [testimony.get_option_at_index(i).id
                       for i in range(testimony.option_count)]
                if self.arrows_only or ids.index(action.target) >= 9:
                    await self.to_statement(action.target)
                    await self.press("x")
                else:  # its digit picks it, and picking a statement presses them on it
                    await self.choose("testimony", action.target)
            case "object":
                await self.to_statement(action.target)
                await self.press("p")
                assert isinstance(self.app.screen, EvidencePickerScreen)
                await self.choose("items", action.using)
            case "doubt" | "trust":
                await self.to_statement(action.target)
                await self.press("d")
                assert isinstance(self.app.screen, DoubtScreen)
                if action.verb == "trust":
                    await self.press("ctrl+t")
                else:
                    await self.press("ctrl+u", *action.using, "enter")  # a note there: gone
                assert not isinstance(self.app.screen, DoubtScreen)
            case "fill":
                if not isinstance(screen, DeductionScreen):
                    await self.press("b")
                assert isinstance(self.app.screen, DeductionScreen)
                blank = self.blank_option(action.target)
                number = int(blank.rpartition("-")[2])
                if self.arrows_only or number > 9:
                    await self.highlight("blanks", blank)  # then enter writes in it
                    await self.press("enter")
                else:  # its number over the whole board, as the line mode numbers it
                    await self.press(str(number))
                await self.choose("answers", action.using)
                if self.app.screen.query_one("#answers").has_focus:
                    await self.press("escape")  # the next blank's answers: back to the blanks
                await self.press("escape")
                assert not isinstance(self.app.screen, DeductionScreen)
            case "leave":
                await self.press("escape")
            case "search":
                await self.to_board()
                await self.press("s")
                await self.choose("places", action.target)
            case "hearing":
                await self.to_board()
                await self.press("g")
                assert isinstance(self.app.screen, ConfirmScreen)
                await self.press("y")
                assert isinstance(self.app.screen, HearingScreen)
            case "choose":
                # Asked first when, and only when, the choice ends the game.
                ends = build.confirm_choice(self.session, action.target) is not None
                if isinstance(screen, HearingScreen):
                    await self.choose("options", action.target)
                else:
                    assert isinstance(screen, EndingScreen)
                    # The outcome is read to its end (enter pages it) before the choice shows.
                    choices = screen.query_one("#final-choices")
                    for _ in range(40):
                        if choices.display:
                            break
                        await self.press("enter")
                    await self.choose("final-choices", action.target)
                assert isinstance(self.app.screen, ConfirmScreen) is ends
                if ends:
                    await self.press("y")
        await self.skip_scenes()

    async def play_walkthrough(self, path: Path, first: int = 0) -> dict:
        """Play the steps of a walkthrough file from step `first` (counted from 0; the steps
        before it must have been played already); returns the file's data."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for raw in data["steps"][first:]:
            step = {"do": raw} if isinstance(raw, str) else raw
            if step.get("refused"):
                continue  # the UI offers no way to do what the engine would refuse
            word, _, rest = step["do"].partition(" ")
            resolved = resolve(self.session, word, rest)
            assert resolved.action is not None, f"{step['do']}: {resolved.error}"
            action = resolved.action
            chair = self.session.state.interlocutor
            turn = self.session.state.turn
            await self.do(action)
            # Leaving the room first (to talk to someone else, or to search) is a turn of its own.
            left_first = chair is not None and action.verb in ("talk", "search", "hearing")
            state = self.session.state
            if action.verb == "fill":  # a turn only when it confirms a group
                group = action.target.partition(".")[0]
                assert state.filled.get(action.target) == action.using or \
                    group in state.confirmed, step["do"]
            elif action.verb == "doubt":  # the player's own notes take no turn
                assert action.target in state.doubts, step["do"]
            elif action.verb == "trust":
                assert action.target not in state.doubts, step["do"]
            elif not (action.verb == "talk" and chair == action.target):
                taken = self.session.state.turn - turn
                assert taken == 1 + left_first, f"{step['do']}: {taken} turns"
            if action.verb == "talk":
                assert self.session.state.interlocutor == action.target
            expect = step.get("expect")
            if expect:
                from game.engine.conditions import parse_condition

                assert parse_condition(expect)(self.session.state), f"after {step['do']}: {expect}"
        return data
