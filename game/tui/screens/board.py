"""The case board, the hub: who can be questioned, where to search, what has happened."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.session import Action
from game.presentation import build
from game.presentation.views import BoardView, PastScene
from game.tui.requests import Want
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.screens.scene import SceneLine, SceneScreen
from game.tui.styled import styled
from game.tui.widgets.footer import Footer
from game.tui.widgets.options import ChoiceList, Hanging, hanging
from game.tui.widgets.static import show


class BoardScreen(GameScreen, inherit_bindings=False):
    HOME_FOCUS = "#people"
    BINDINGS = game_bindings(
        Binding("t", "focus_list('people')", "Talk", id="talk"),
        Binding("s", "focus_list('places')", "Search", id="search"),
        Binding("g", "hearing", "Hearing", id="hearing"),
        # Out of the footer, which must fit 80 columns: the heading of the list says it.
        Binding("r", "focus_list('scenes')", "Read a past scene again", show=False,
                id="reread"),
    )
    # Below 80 columns the three panels share the width more tightly (board.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        self._actions: dict[str, Action] = {}  # option id -> what picking it does
        self._scenes: list[PastScene] = []  # the past scenes, as the list shows them
        self._place_order = build.ArrivalOrder()  # a place keeps its number as others open

    def compose(self) -> ComposeResult:
        yield Static(id="board-bar", classes="topbar")
        with Horizontal(id="board-columns"):
            with Vertical(id="people-column"):
                yield Static(styled("People  ", ("(t)", "dim")), classes="heading")
                yield ChoiceList(id="people")
            with Vertical(id="places-column"):
                yield Static(styled("Places  ", ("(s)", "dim")), classes="heading")
                yield ChoiceList(id="places")
            with Vertical(id="news-column"):
                yield Static(styled("The case so far  ", ("(r)", "dim")), classes="heading")
                yield Static(id="deductions")
                # Every scene played, the latest first: enter reads one again.
                yield ChoiceList(id="scenes")
                yield Static(id="news")
        yield Static(id="hint")  # the last hint, to read again
        yield Static(id="hearing-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # The key goes to the case's own final stage, and says so ("Inquest").
        word = self.session.story.stage.capitalize()
        bindings = self._bindings.key_to_bindings
        bindings["g"] = [replace(binding, description=word) if binding.id == "hearing"
                         else binding for binding in bindings["g"]]
        self.refresh_bindings()

    def show_state(self) -> None:
        view = build.board(self.session, self._place_order)
        # One line: below 80 columns the short form (the bar cuts whatever is still too long).
        found = f"{view.evidence_found} of {view.evidence_total}"
        show(self.query_one("#board-bar", Static), styled(
            (view.title, "b"), "  \u00b7  the case board  \u00b7  ", f"evidence {found}")
            if self.app.size.width >= 80 else styled(
            (view.title, "b"), " \u00b7 ", f"evidence {found.replace(' of ', '/')}"))
        self._actions.clear()
        people = []
        for person in view.everyone:
            detail = " \u00b7 ".join(x for x in (person.version or person.role, person.mood) if x)
            if person.talk is not None:
                prompt = styled((person.name, "b"), "\n  ", (detail, "dim"))
                people.append(self._option(prompt, person.talk))
            else:
                prompt = styled(person.name, "\n  ", ("not reachable yet", "dim"))
                people.append(Option(hanging(prompt), disabled=True))
        self.query_one("#people", ChoiceList).set_choices(people)
        places = []
        for place in view.places:
            # One word, as in the room: a narrow column never wraps it in two.
            mark = (("(new)", "b $success") if place.new
                    else ("(searched)", "dim") if place.note else "")
            places.append(self._option(styled(place.label, " " if mark else "", mark),
                                       place.action))
        if not places:
            places.append(Option(styled(("Nowhere to search yet", "dim")), disabled=True))
        self.query_one("#places", ChoiceList).set_choices(places)
        deductions = self.query_one("#deductions", Static)
        deductions.display = bool(self.session.story.board)
        if self.session.story.board:
            # The deduction board's key (out of the footer, which must fit 80 columns) and how
            # it stands, at the head of the news.
            deduced = build.deduction(self.session)
            standing = (f"{deduced.confirmed} of {len(deduced.groups)} confirmed"
                        if deduced.groups else "nothing on it yet")
            show(deductions, Content("\n").join([
                styled(("Deductions", "b"), "  ", ("(b)", "dim")), styled(standing)]))
        self._scenes = list(reversed(build.past_scenes(self.session)))
        # Searches are dim: the events are the news, as the list showed them before.
        self.query_one("#scenes", ChoiceList).set_choices([
            Option(styled((scene.title, "dim") if scene.kind == "search" else scene.title),
                   id=f"scene-{len(self._scenes) - index}")
            for index, scene in enumerate(self._scenes)])
        show(self.query_one("#news", Static), Hanging(self._news(view)))
        hint = self.query_one("#hint", Static)
        hint.display = bool(self.game.last_hint)
        show(hint, styled(("Hint: ", "b $accent"), self.game.last_hint))
        status = self.query_one("#hearing-status", Static)
        stage = self.session.story.stage
        if view.hearing_open:
            show(status, styled((f"The {stage} is set.", "b $warning"), " Press ", ("g", "b"),
                               " when you are ready: there is no coming back from it."))
        else:
            show(status, styled((f"The {stage} is not set yet. There is more to learn first.",
                                "dim")))

    def on_resize(self) -> None:
        self.redraw()  # the bar's long or short form

    def _option(self, prompt: Content, action: Action | None) -> Option:
        """A choice that sends `action` when picked (its id keeps the highlight in place)."""
        if action is None:
            return Option(prompt, disabled=True)
        key = action.target  # unique in its list, which holds one verb
        self._actions[key] = action
        return Option(prompt, id=key)

    @staticmethod
    def _news(view: BoardView) -> Content:
        if not view.latest_evidence:
            return styled(("No evidence yet.", "dim"))
        lines = [styled(("Evidence", "b"),
                        f" {view.evidence_found} of {view.evidence_total}; latest:")]
        lines += [styled(f"  {title}") for title in view.latest_evidence[:3]]
        return Content("\n").join(lines)

    def action_focus_list(self, which: str) -> None:
        self.query_one(f"#{which}", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "scenes":
            self._read_again(event.option_index)
            return
        action = self._actions.get(event.option.id or "")
        if action is not None:
            self.act(action)

    def _read_again(self, index: int) -> None:
        if not 0 <= index < len(self._scenes):
            return
        scene = self._scenes[index]
        lines = [SceneLine(said.speaker, said.text, said.by_player) for said in scene.said]
        self.app.push_screen(SceneScreen(scene.title, lines, list(scene.found),
                                         subtitle="Read again"))

    def action_hearing(self) -> None:
        self.game.want(Want.HEARING)
