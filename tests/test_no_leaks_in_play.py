"""Played for real, no action shows a term the player has not learned by the end of it.

An end-to-end check of what `detective check` proves (C012), by other means: the game's own
session plays each walkthrough and the shortest way to each ending, and every line and every
piece of evidence it shows is read against the terms known after that action.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from game.analysis.explore import explore
from game.analysis.facts import Projector, holds, slots
from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.terms import known_tree, named_in
from game.storyfiles.loader import load_story
from game.storyfiles.walkthroughs import walkthrough_files
from tests.conftest import BUNDLED

pytestmark = pytest.mark.timeout(120)


def _known(story: Story, session: Session) -> set[str]:
    known = set()
    for term_id, term in story.terms.items():
        tree = known_tree(story, term)
        if holds(tree, Projector(slots(tree)).facts(session.state)):
            known.add(term_id)
    return known


def shown_untaught(story: Story, actions: list[Action]) -> list[tuple[int, str, str]]:
    """(step, term, text) for each text an action shows while its term is still untaught."""
    session = Session(story)
    found = []
    for step, action in enumerate([None, *actions]):
        events = session.begin() if action is None else session.perform(action)
        assert not any(isinstance(e, ev.Refused) for e in events), (step, action)
        known = _known(story, session)
        texts = [e.text for e in events if isinstance(e, ev.LineSpoken)]
        texts += [story.evidence[e.evidence].document for e in events
                  if isinstance(e, ev.EvidenceFound)]
        for term_id, term in story.terms.items():
            if term_id not in known:
                found += [(step, term_id, text) for text in texts if named_in(term, text)]
    return found


def walkthrough_actions(story: Story, path: Path) -> list[Action]:
    session = Session(story)
    session.begin()
    actions = []
    for raw in tomllib.loads(path.read_text("utf-8"))["steps"]:
        step = {"do": raw} if isinstance(raw, str) else raw
        if step.get("refused"):
            continue
        word, _, rest = step["do"].partition(" ")
        action = resolve(session, word, rest).action
        assert action is not None, step["do"]
        session.perform(action)
        actions.append(action)
    return actions


def shortest_actions(story: Story) -> dict[str, list[Action]]:
    """Check's shortest way to each ending, as the game's actions."""
    found = explore(story)
    ways = {}
    for ending, path in found.reached_endings.items():
        actions: list[Action] = []
        current = None
        for step in path:
            if step.character is not None and step.character != current:
                actions.append(Action("talk", step.character))
                current = step.character
            elif step.character is None and step.verb in ("search", "hearing"):
                current = None
            actions.extend(_as_actions(story, step))
        ways[ending] = actions
    return ways


def _as_actions(story: Story, step) -> list[Action]:
    if step.verb == "confirm":
        return [Action("fill", f"{step.target}.{blank_id}", blank.answer)
                for blank_id, blank in story.board[step.target].blanks.items()]
    if step.verb == "object":
        return [Action("object", step.target, step.using)]
    return [Action(step.verb, step.target)]


@pytest.mark.parametrize("case", [BUNDLED], ids=lambda p: p.name)
def test_no_walkthrough_and_no_shortest_way_shows_an_untaught_term(case: Path) -> None:
    story = load_story(case)
    plays = {f"walkthrough {p.stem}": walkthrough_actions(story, p)
             for p in walkthrough_files(case)}
    plays |= {f"shortest way to {e}": a for e, a in shortest_actions(story).items()}
    assert plays
    for name, actions in plays.items():
        assert shown_untaught(story, actions) == [], name


def test_a_leak_on_the_way_is_seen_in_play_and_by_check(tmp_path: Path) -> None:
    # The pillow is named by the first search of the mini case, and taught only by Tom.
    from tests.engine.test_check_verdicts import mini_with, report_of

    case = mini_with(tmp_path, extra='\n[term.pillow]\nwords = ["pillow"]\n'
                                     'taught_by = ["tom_afternoon"]\n')
    story = load_story(case)
    seen = shown_untaught(story, shortest_actions(story)["unsolved"])
    # The search's line, and the crumbs it gives, "on a pillow": both seen at step 1.
    assert seen == [(1, "pillow", "Under the pillow, crumbs."),
                    (1, "pillow", "Chocolate crumbs on a pillow.")]
    leaks = [line for line in report_of(case)[1] if " C012 " in line]
    assert any(" C012 search `bedroom_pillow` names `pillow`" in line for line in leaks)
    assert any(" C012 the document of evidence `crumbs` names `pillow`" in line
               for line in leaks)
