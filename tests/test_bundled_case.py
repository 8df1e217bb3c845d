"""The bundled case meets the design: the whole cast, thirteen evidence items, Anya's four
versions told as testimony that the right documents break (CASE.md, Revision 2), the deduction
board's four groups that the hearing reads, three endings, enough dialogue, all of it
reachable, and every line our own."""

import io
import re
import subprocess
import sys

import pytest

from game.analysis.check import check_case
from tests.conftest import BUNDLED, ROOT

PROSE_TOOL = ROOT.parent / "shared" / "tools" / "original_prose.py"

LAST_LINE = re.compile(r"ok: (\d+) nodes, (\d+) evidence, (\d+) endings, (\d+) states; "
                       r"all reachable$")


def test_check_passes_and_reports_real_counts(bundled_story):
    out = io.StringIO()
    assert check_case(BUNDLED, out) == 0
    report = out.getvalue().splitlines()
    match = LAST_LINE.fullmatch(report[-1])
    assert match, report[-1]
    nodes, evidence, endings, states = (int(n) for n in match.groups())
    # What check counts is what the story holds, not a number of its own.
    assert nodes == bundled_story.node_count()
    assert evidence == len(bundled_story.evidence) == 13
    assert endings == len(bundled_story.endings) == 3
    assert states > 0
    # Every walkthrough was played, and passed.
    walked = {line.split()[1] for line in report if line.startswith("walkthrough ")}
    assert walked == {f"{name}.toml:" for name in bundled_story.endings}
    assert all(": passed (" in line for line in report if line.startswith("walkthrough "))


# Which evidence proves which of Anya's statements false, by version (CASE.md, Revision 2):
# (version, gist of the statement) -> the evidence the design names.
ANYA_CONTRADICTIONS = {
    ("v1_dealer", "dealer came up"): {"cctv_front"},
    ("v1_dealer", "washroom"): {"dna_report"},
    ("v2_assault", "heard them shouting"): {"bash_alibi"},
    ("v2_assault", "never seen him"): {"journalist_photos", "friends_photo"},
    ("v3_kamal", "called Kamal"): {"phone_records"},
    ("v3_kamal", "Kamal had it in his hand"): {"dna_report"},
    ("v3_kamal", "getting married"): {"kamal_family"},
}

# The board (CASE.md, Revision 2): group -> its blanks' right answers, as text.
BOARD = {
    "The arrival": {"Anya", "Nobody"},
    "The death": {"The marble ashtray", "Anya", "Between 02:00 and 02:35"},
    "The man in the cap": {"Kamal", "Over the roofs, through the hatch",
                           "At 02:41, when Damien was already dead",
                           "The cash and the gold watch"},
    "Why she was there": {"Anya", "To make him pay for her silence",
                          "To the women of the shelter"},
}


def _atoms(tree: tuple) -> set[tuple]:
    if tree[0] in ("and", "or"):
        return set().union(*(_atoms(part) for part in tree[1]))
    if tree[0] == "not":
        return {("not", *sorted(_atoms(tree[1])))}
    return {tree}


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
            "kamal_family", "kamal_death", "julie_statement",
            "phone_records"} == set(story.evidence)
    # The new document: Anya's phone, with the 02:41 call and nothing before it.
    phone = story.evidence["phone_records"].document
    assert "02:41" in phone and "03:40" in phone
    assert any("phone_records" in node.gives for node in story.topics.values()
               if node.character == "vincent")

    # Anya's versions are testimony: the design's statements, each broken by its documents.
    found = {}
    for (version, gist), evidence in ANYA_CONTRADICTIONS.items():
        said = [s for s in story.statements.values()
                if s.character == "anya" and s.version == version and gist in s.text]
        assert len(said) == 1, (version, gist)
        assert said[0].contradiction is not None, (version, gist)
        assert set(said[0].contradiction.evidence) == evidence, (version, gist)
        found[version, gist] = next(k for k, s in story.statements.items() if s is said[0])
    # Julie covering says she hardly knows Kamal; the photo of the three of them breaks it.
    julie = [s for s in story.statements.values()
             if s.character == "julie" and s.version == "covering" and "surname" in s.text]
    assert len(julie) == 1 and set(julie[0].contradiction.evidence) == {"friends_photo"}
    # Bash tells the truth: nothing proves his statement false.
    assert all(s.contradiction is None for s in story.statements.values()
               if s.character == "bash")
    # Rape kit against "he raped me" supports her; it is never a contradiction.
    raped = [s for s in story.statements.values() if s.character == "anya" and "raped me" in
             s.text and s.version == "v2_assault"]
    assert len(raped) == 1 and raped[0].contradiction is None
    assert raped[0].support is not None and "rape_kit" in raped[0].support.evidence

    # What breaks each version is the contradictions the design says, and nothing less.
    breaks = {(t.from_state, t.to): _atoms(t.when.tree)
              for t in story.characters["anya"].transitions}
    assert ("contradicted", found["v1_dealer", "washroom"]) in breaks["v1_dealer", "v2_assault"]
    assert ("contradicted", found["v1_dealer", "dealer came up"]) not in breaks[
        "v1_dealer", "v2_assault"]
    assert {("contradicted", found["v2_assault", "heard them shouting"]),
            ("contradicted", found["v2_assault", "never seen him"])} <= breaks[
        "v2_assault", "v3_kamal"]
    assert {("contradicted", found["v3_kamal", "called Kamal"]),
            ("contradicted", found["v3_kamal", "Kamal had it in his hand"]),
            ("presented", "julie_statement", "anya")} <= breaks["v3_kamal", "v4_truth"]

    # The board: four groups, each blank's right answer the one the design gives.
    board = {group.title: {story.answers[blank.answer].text for blank in group.blanks.values()}
             for group in story.board.values()}
    assert board == BOARD
    # Every blank's kind matches its answer's, so the right answer is offered for it.
    for group in story.board.values():
        for blank in group.blanks.values():
            assert blank.kind == story.answers[blank.answer].kind
    # Guessing does not pay: every kind of blank has wrong answers offered beside the right.
    for kind in {blank.kind for group in story.board.values() for blank in group.blanks.values()}:
        assert sum(answer.kind == kind for answer in story.answers.values()) >= 3, kind

    # The hearing reads the confirmed groups: the truth to the police needs "The death" and
    # "The man in the cap"; blind faith is going without them.
    by_title = {group.title: group_id for group_id, group in story.board.items()}
    needed = {("confirmed", by_title["The death"]), ("confirmed", by_title["The man in the cap"])}
    options = {option.ending: option for option in story.hearing.options.values()}
    assert set(options) == {"perfect_mother", "justice", "blind_faith"}
    assert needed <= _atoms(options["justice"].when.tree)
    blind = options["blind_faith"].when.tree
    assert blind[0] == "and" and any(part[0] == "not" and needed <= _atoms(part[1])
                                     for part in blind[1])
    assert ("reached", "anya", "v4_truth") in _atoms(options["perfect_mother"].when.tree)


@pytest.mark.skipif(not PROSE_TOOL.exists(), reason="shared/ is not beside this checkout")
def test_no_sentence_is_copied_from_the_source_article():
    result = subprocess.run([sys.executable, str(PROSE_TOOL), str(ROOT / "story")],
                            capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "shared runs: 0"
