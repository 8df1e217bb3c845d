"""The bundled case meets the design: the whole cast, twelve evidence items, Anya's four
versions, three endings, enough dialogue, all of it reachable, and every line our own."""

import io
import subprocess
import sys

import pytest

from game.analysis.check import check_case
from tests.conftest import BUNDLED, ROOT

PROSE_TOOL = ROOT.parent / "shared" / "tools" / "original_prose.py"


def test_check_passes_and_reports_real_counts(bundled_story):
    out = io.StringIO()
    assert check_case(BUNDLED, out) == 0
    last = out.getvalue().splitlines()[-1]
    assert last.startswith(f"ok: {bundled_story.node_count()} nodes, 12 evidence, 3 endings, ")
    assert last.endswith("states; all reachable")


def test_the_case_has_what_the_design_asks_for(bundled_story):
    story = bundled_story
    assert story.node_count() >= 120
    assert set(story.index.questioned) == {"anya", "vincent", "julie", "bash"}
    assert list(story.characters["anya"].states) == [
        "v1_dealer", "v2_assault", "v3_kamal", "v4_truth"]
    assert set(story.characters["julie"].states) == {"covering", "talking"}
    assert set(story.endings) == {"perfect_mother", "justice", "blind_faith"}
    assert story.endings["perfect_mother"].choices
    assert {"cctv_front", "cctv_rear", "dna_report", "rape_kit", "friends_photo",
            "shelter_visit", "bash_alibi", "missing_valuables", "journalist_photos",
            "kamal_family", "kamal_death", "julie_statement"} == set(story.evidence)


@pytest.mark.skipif(not PROSE_TOOL.exists(), reason="shared/ is not beside this checkout")
def test_no_sentence_is_copied_from_the_source_article():
    result = subprocess.run([sys.executable, str(PROSE_TOOL), str(ROOT / "story")],
                            capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "shared runs: 0"
