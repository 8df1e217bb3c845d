"""The case board, the hub: who can be questioned, where to search, what has happened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.session import Action
from game.tui.screens.base import GameScreen, game_bindings
from game.tui.styled import styled
from game.tui.widgets.options import ChoiceList


class BoardScreen(GameScreen, inherit_bindings=False):
    CSS_PATH = "board.tcss"
    HOME_FOCUS = "#people"
    BINDINGS = game_bindings(
        Binding("t", "focus_list('people')", "Talk", id="talk"),
        Binding("s", "focus_list('places')", "Search", id="search"),
        Binding("g", "hearing", "Hearing", id="hearing"),
    )
    # Below 80 columns the three panels share the width more tightly (board.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]

    def compose(self) -> ComposeResult:
        yield Static(id="board-bar", classes="topbar")
        with Horizontal(id="board-columns"):
            with Vertical(id="people-column"):
                yield Static(styled("People  ", ("(t)", "dim")), classes="heading")
                yield ChoiceList(id="people")
            with Vertical(id="places-column"):
                yield Static(styled("Places  ", ("(s)", "dim")), classes="heading")
                yield ChoiceList(id="places")
            # The news can outgrow its panel: it scrolls (tab reaches it, or the mouse).
            with VerticalScroll(id="news-column"):
                yield Static("The case so far", classes="heading")
                yield Static(id="news")
        yield Static(id="hearing-status")
        yield Footer(compact=True)

    def show_state(self) -> None:
        session, story, state = self.session, self.session.story, self.session.state
        held = len(state.held)
        self.query_one("#board-bar", Static).update(styled(
            (story.case.title, "b"), "  \u00b7  the case board  \u00b7  ",
            f"evidence {held} of {len(story.evidence)}"))
        people = []
        open_now = set(session.available_characters())
        for character_id in story.index.questioned:
            character = story.characters[character_id]
            current = state.states.get(character_id)
            told = character.states[current] if current else None
            detail = " \u00b7 ".join(x for x in (told.label if told else character.role,
                                                 told.mood if told else "") if x)
            if character_id in open_now:
                prompt = styled((character.name, "b"), "\n  ", (detail, "dim"))
                people.append(Option(prompt, id=character_id))
            else:
                prompt = styled(character.name, "\n  ", ("not reachable yet", "dim"))
                people.append(Option(prompt, id=character_id, disabled=True))
        self.query_one("#people", ChoiceList).set_choices(people)
        places = []
        for place_id in session.available_places():
            place = story.places[place_id]
            searches = story.index.searches_by_place.get(place_id, ())
            fresh = any(s not in state.visited and story.searches[s].when(state)
                        for s in searches)
            # One word, as in the room: a narrow column never wraps it in two.
            mark = ("(new)", "b $success") if fresh else (
                ("(searched)", "dim") if any(s in state.visited for s in searches) else "")
            places.append(Option(styled(place.name, " " if mark else "", mark), id=place_id))
        if not places:
            places.append(Option(styled(("Nowhere to search yet", "dim")), disabled=True))
        self.query_one("#places", ChoiceList).set_choices(places)
        self.query_one("#news", Static).update(self._news())
        status = self.query_one("#hearing-status", Static)
        if session.hearing_available():
            status.update(styled(("The hearing is set.", "b $warning"), " Press ", ("g", "b"),
                                 " when you are ready: there is no coming back from it."))
        else:
            status.update(styled(("The hearing is not set yet. There is more to learn first.",
                                  "dim")))

    def _news(self) -> Content:
        story, state = self.session.story, self.session.state
        lines = []
        happened = sorted(state.fired.items(), key=lambda item: -item[1])
        for event_id, _ in happened[:6]:
            lines.append(styled(f"\u25b8 {story.events[event_id].title}"))
        found = sorted(state.held.items(), key=lambda item: -item[1])
        if found:
            lines.append(styled(""))
            lines.append(styled(("Evidence", "b"),
                                f" {len(state.held)} of {len(story.evidence)}; latest:"))
            for evidence_id, _ in found[:3]:
                lines.append(styled(f"  {story.evidence[evidence_id].title}"))
        return Content("\n").join(lines) if lines else styled(("Nothing has happened yet.",
                                                                "dim"))

    def action_focus_list(self, which: str) -> None:
        self.query_one(f"#{which}", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = event.option.id
        if target is None:
            return
        verb = "talk" if event.option_list.id == "people" else "search"
        self.game.act(Action(verb, target))

    def action_hearing(self) -> None:
        self.game.confirm_hearing()
