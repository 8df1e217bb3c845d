"""GameState's fields are declared once; copying, saving, the undo history and the checker's
facts all follow the declaration. These tests iterate the declaration itself: a new field that
one of them forgets fails here, and nothing below names a field by hand."""

from __future__ import annotations

import tomllib
from dataclasses import MISSING
from pathlib import Path

import pytest
import tomli_w

from game.analysis.facts import Projector, slot_of
from game.analysis.hints import next_hint
from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.history import History
from game.engine.model import Story
from game.engine.session import Action, Session
from game.engine.state import GameState, fact_key, fact_parts, parts
from game.persistence.savefile import read_save, save_document
from game.storyfiles.loader import load_story

BUNDLED = Path(__file__).resolve().parents[2] / "story" / "perfect_mother"
DEDUCTION = Path(__file__).resolve().parents[1] / "fixtures" / "deduction_case"
# A game of the testimony case that presses, objects wrongly and rightly, is backed, flags a
# statement and fills the board wrongly then rightly: every field of the player's record.
DEDUCED = [Action("search", "hall"), Action("talk", "max"), Action("press", "max_garden"),
           Action("object", "max_garden", "glue"), Action("object", "max_garden", "photo"),
           Action("object", "max_sorry", "photo"), Action("doubt", "max_sorry", "too neat"),
           Action("leave"), Action("fill", "what_happened.who", "ada"),
           Action("fill", "what_happened.when", "ten_past_three"),
           Action("fill", "what_happened.who", "max")]


def _default(part):
    return part.default_factory() if part.default is MISSING else part.default


def _play_by_hints(session: Session, steps: int) -> None:
    """Follow the hints for `steps` steps, then on until someone is in the chair. A board hint
    has no action: it says the answers, and the group is filled in with them."""
    story = session.story
    for taken in range(steps + 20):
        if taken >= steps and session.state.interlocutor is not None:
            return
        hint = next_hint(session)
        if hint.action is None:
            group = next((g for g in story.board
                          if f"\u201c{story.board[g].title}\u201d" in hint.exact), None)
            if group is None or session.state.at_hearing:
                return
            for blank_id, blank in story.board[group].blanks.items():
                session.perform(Action("fill", f"{group}.{blank_id}", blank.answer))
            assert group in session.state.confirmed, hint.exact
            continue
        if hint.character and session.state.interlocutor != hint.character:
            session.perform(Action("talk", hint.character))
        session.perform(hint.action)


@pytest.fixture(scope="module")
def deduced() -> tuple[Story, GameState]:
    story = load_story(DEDUCTION)
    session = Session(story)
    session.begin()
    for action in DEDUCED:
        assert not any(isinstance(e, ev.Refused) for e in session.perform(action)), action
    return story, session.state


@pytest.fixture(scope="module")
def stories_and_samples(bundled_story, samples, deduced) -> list[tuple[Story, GameState]]:
    return [(bundled_story, state) for state in samples] + [deduced]


@pytest.fixture(scope="module")
def samples(bundled_story) -> list[GameState]:
    """A game in the middle of a conversation, and the bundled walkthrough to its very end
    (its last choice made)."""
    middle = Session(bundled_story)
    middle.begin()
    _play_by_hints(middle, 14)
    assert middle.state.interlocutor is not None and not middle.over
    walk = tomllib.loads((BUNDLED / "walkthroughs" / "perfect_mother.toml").read_text())
    ended = Session(bundled_story)
    ended.begin()
    for step in walk["steps"]:
        command = step if isinstance(step, str) else step["do"]
        verb, _, rest = command.partition(" ")
        resolved = resolve(ended, verb, rest)
        assert resolved.action is not None, command
        ended.perform(resolved.action)
    assert ended.over and ended.state.final_choice is not None
    return [middle.state, ended.state]


def test_every_declared_field_is_exercised_by_the_samples(stories_and_samples):
    for part in parts():
        assert any(getattr(s, part.name) != _default(part) for _, s in stories_and_samples), (
            f"GameState.{part.name} is at its default in every sample: make the samples "
            "reach it, so the tests below cover it")


def test_copy_keeps_every_field_and_shares_no_container(stories_and_samples):
    for _, state in stories_and_samples:
        copied = state.copy()
        for part in parts():
            original = getattr(state, part.name)
            assert getattr(copied, part.name) == original, part.name
            if isinstance(original, (dict, set, list)):
                assert getattr(copied, part.name) is not original, part.name


def test_save_and_load_keep_every_field(stories_and_samples):
    for story, state in stories_and_samples:
        document = save_document(story, state, saved_at="2026-11-29T12:00:00Z",
                                 play_seconds=1.0, label="sample")
        loaded = read_save(tomli_w.dumps(_without_none(document)), story)
        assert loaded.report == []
        for part in parts():
            assert getattr(loaded.state, part.name) == getattr(state, part.name), part.name


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def test_undo_restores_every_field(samples, bundled_story):
    state = samples[0]
    session = Session(bundled_story, state.copy())
    history = History()
    before = session.state.copy()
    history.before_action(session.state)
    session.perform(Action("leave"))
    step = history.undo(session.state)
    assert step is not None
    restored = step.state
    for part in parts():
        assert getattr(restored, part.name) == getattr(before, part.name), part.name


def test_every_fact_field_changes_the_key_and_the_checker_sees_it(samples, deduced):
    for state in (samples[1], deduced[1]):
        everything = Projector(slot_of(f) for f in Projector(_all_slots(state)).facts(state))
        for part in fact_parts():
            value = getattr(state, part.name)
            if not value:
                continue  # this sample has none: the other one does (see the next assert)
            fewer = state.copy()
            container = getattr(fewer, part.name)
            if isinstance(container, int):
                setattr(fewer, part.name, container - 1)
            elif isinstance(container, dict):
                del container[next(iter(container))]
            else:
                container.discard(next(iter(container)))
            assert fact_key(fewer) != fact_key(state), part.name
            assert everything.facts(fewer) != everything.facts(state), part.name
        rebuilt = GameState()
        everything.write(rebuilt, everything.facts(state))
        assert fact_key(rebuilt) == fact_key(state)
    for part in fact_parts():
        assert getattr(samples[1], part.name) or getattr(deduced[1], part.name), part.name


def _all_slots(state: GameState) -> set[tuple]:
    """Every slot the state fills, from the declaration."""
    found: set[tuple] = set()
    for part in fact_parts():
        fact, value = part.metadata["fact"], getattr(state, part.name)
        if isinstance(value, int):
            found.add((fact,))
            continue
        for item in value:
            found.add((fact, *item) if isinstance(item, tuple) else (fact, item))
    return found
