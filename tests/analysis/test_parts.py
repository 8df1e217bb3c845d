"""The explorer cuts a case into parts; on cases made of parts, it must agree with the
full-state explorer (tests/analysis/full_state.py), and its states must add up, not multiply."""

from __future__ import annotations

import pytest

from game.analysis.explore import explore
from game.storyfiles.loader import load_story
from tests.analysis.full_state import explore as full_state_explore
from tests.benchmarks.grown import write_grown_case, write_subplots_case
from tests.conftest import ROOT

BEFORE = ROOT / "tests" / "fixtures" / "before_testimony"


def _assert_same_verdicts(case_dir) -> tuple[int, int]:
    story = load_story(case_dir)
    found, before = explore(story), full_state_explore(story)
    assert not found.limit_hit and not before.limit_hit
    for what in ("reachable_nodes", "obtained_evidence", "entered_states",
                 "available_characters", "available_places", "offered_options"):
        assert getattr(found, what) == getattr(before, what), what
    assert ({e: len(p) for e, p in found.reached_endings.items()}
            == {e: len(p) for e, p in before.reached_endings.items()})
    assert (found.softlock_count > 0) == (before.softlock_count > 0)
    return found.states, before.states


@pytest.mark.timeout(120)
def test_independent_subplots_agree_and_add_up(tmp_path):
    """Three witnesses whose machines never read each other, and a hearing that reads them all:
    the full-state explorer multiplies their states, the explorer adds them."""
    small = _assert_same_verdicts(write_subplots_case(tmp_path / "s3", subplots=3,
                                                      topics_per_state=2))
    larger = explore(load_story(write_subplots_case(tmp_path / "s6", subplots=6,
                                                    topics_per_state=2))).states
    assert small[0] < small[1]
    assert larger <= 2 * small[0] + 2  # six subplots cost twice three, not three cubed


@pytest.mark.timeout(120)
def test_a_grown_character_agrees_and_adds_up(tmp_path):
    """Small talk and a clue added for one character: same verdicts, a few states more. On the
    bundled case as it was before testimony: the full-state reference cannot finish the case
    with it (tests/analysis/test_oracle_agrees.py)."""
    states, _ = _assert_same_verdicts(write_grown_case(tmp_path / "g", pairs=1, clues=1,
                                                       only=["julie"], source=BEFORE))
    bundled = explore(load_story(write_grown_case(tmp_path / "b", source=BEFORE))).states
    more = explore(load_story(write_grown_case(tmp_path / "g10", pairs=10, clues=10,
                                               only=["julie"], source=BEFORE))).states
    assert states > bundled
    assert more - bundled <= 10 * (states - bundled) + 10  # each pair and clue adds, not doubles


@pytest.mark.timeout(60)
def test_a_node_that_reads_every_subplot_is_judged_without_listing_combinations(tmp_path):
    """Topics whose condition reads all twenty witnesses: one can be played (every witness
    broken), one never (witness01 broken and still calm); 2**20 combinations are never listed."""
    case = write_subplots_case(tmp_path / "s20", subplots=20, topics_per_state=1)
    finals = [f"witness{i:02d} reached {'candid' if i % 2 == 0 else 'rattled'}"
              for i in range(20)]
    every = " and ".join(finals)
    (case / "late.toml").write_text(
        '[topic.late_all]\ncharacter = "witness00"\ntitle = "All of them"\n'
        f'when = "{every}"\n\n'
        '[topic.late_never]\ncharacter = "witness00"\ntitle = "Never"\n'
        f'when = "{every} and witness01 is calm"\n', encoding="utf-8")
    found = explore(load_story(case))
    assert not found.limit_hit
    assert "late_all" in found.reachable_nodes
    assert "late_never" not in found.reachable_nodes
