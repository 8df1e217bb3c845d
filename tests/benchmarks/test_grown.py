"""The cases the scale benchmark grows load cleanly; a small one is explored in full."""

import io

import pytest

from game.analysis.check import check_case
from game.storyfiles.loader import load_case
from tests.benchmarks.grown import write_grown_case, write_subplots_case


@pytest.mark.timeout(60)
def test_grown_case_k1_loads_with_no_problems(tmp_path, bundled_story):
    story, warnings = load_case(write_grown_case(tmp_path / "grown", pairs=1, chains=1, clues=1))
    assert warnings == []
    questioned = [c for c in story.characters.values() if c.questioned]
    # Per questioned character: a pair (2) and a chain (3); then one clue topic and one search,
    # added to the bundled case as it is (its own count, never a number written here).
    assert len(questioned) == len(bundled_story.index.questioned)
    assert story.node_count() == bundled_story.node_count() + 5 * len(questioned) + 2


@pytest.mark.timeout(60)
def test_subplots_case_loads_with_no_problems(tmp_path):
    story, warnings = load_case(write_subplots_case(tmp_path / "subplots"))
    assert warnings == []
    assert 2000 <= story.node_count() <= 2400  # about ten times the bundled case


@pytest.mark.timeout(60)
def test_small_subplots_case_passes_check(tmp_path):
    out = io.StringIO()
    assert check_case(write_subplots_case(tmp_path / "subplots", subplots=3), out) == 0, \
        out.getvalue()


@pytest.mark.timeout(120)
def test_every_grown_case_of_the_scale_benchmark_checks_clean(tmp_path):
    """Grown by 10 of everything, and the 20-subplot case: exit 0, everything reachable."""
    for name, case_dir in [
        ("all_10", write_grown_case(tmp_path / "all", pairs=10, chains=10, clues=10)),
        ("subplots_20", write_subplots_case(tmp_path / "subplots", subplots=20)),
    ]:
        out = io.StringIO()
        assert check_case(case_dir, out) == 0, (name, out.getvalue())
        assert "; all reachable" in out.getvalue().splitlines()[-1], name
