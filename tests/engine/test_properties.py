"""Random play never raises, refusals never change the state, and the state stays valid."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import events as ev
from game.engine.session import Action, Session
from game.storyfiles.loader import every_flag

VERBS = ["talk", "leave", "ask", "present", "search", "hearing", "choose", "dance"]

moves = st.lists(
    st.one_of(
        st.tuples(st.just("valid"), st.integers(min_value=0, max_value=10_000)),
        st.tuples(st.sampled_from(VERBS), st.text(max_size=20)),
    ),
    max_size=120,
)


def assert_valid(story, session):
    state = session.state
    assert set(state.held) <= set(story.evidence)
    for character_id, current in state.states.items():
        assert current in story.characters[character_id].states
        assert (character_id, current) in state.reached
    assert state.flags <= every_flag(story)
    assert all(story.node(node_id) is not None for node_id in state.visited)
    assert set(state.fired) <= set(story.events)
    assert {e for e, _ in state.presented} <= set(state.held)
    if state.interlocutor is not None:
        assert story.characters[state.interlocutor].questioned
    assert state.ending is None or state.ending in story.endings


def play_randomly(story, plan):
    session = Session(story)
    session.begin()
    for kind, value in plan:
        if kind == "valid":
            actions = session.possible_actions()
            if not actions:
                break
            action = actions[value % len(actions)]
        else:
            action = Action(kind, value)
        before = session.state.copy()
        turn = session.state.turn
        result = session.perform(action)
        if any(isinstance(e, ev.Refused) for e in result):
            assert len(result) == 1
            assert session.state == before
        else:
            assert session.state.turn == turn + 1
        assert_valid(story, session)


@pytest.mark.parametrize("story_fixture", ["mini_story", "bundled_story"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(plan=moves)
def test_random_play_keeps_invariants(story_fixture, plan, request):
    play_randomly(request.getfixturevalue(story_fixture), plan)
