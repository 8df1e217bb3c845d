"""The lenient index of a case: where each id is defined and used, read from each file's TOML."""

from pathlib import Path

import pytest

from game.lsp.case_index import CaseIndex, Target, index_file
from game.lsp.completion import candidates
from game.lsp.condition_words import Expected
from game.lsp.typing_slot import Slot
from tests.conftest import BUNDLED

WALK = '''title = "t"
ending = "solved"
final_choice = "bake"
steps = [
  "talk max",
  { do = "object max_garden with photo", expect = "contradicted max_garden" },
  "fill what_happened.when with ten_past_three",
  "choose tell",
]
'''
STORY = '''[character.max]
name = "Max"
initial = "denies"
states = { denies = { label = "Nowhere near it" }, admits = { label = "It was me" } }
transitions = [{ from = "denies", to = "admits", when = "contradicted max_garden" }]

[statement.max_garden]
character = "max"
version = "denies"
text = "I was in the garden all afternoon."
[statement.max_garden.press]
sets = ["roses"]

[term.max]
words = ["Max"]
taught_by = ["photo", "max_garden.press"]
when = "flag roses"
'''


def spots_of(index: CaseIndex, target: Target, text: str) -> list[str]:
    """The text at each use of `target`."""
    lines = text.split("\n")
    return [lines[s.line][s.start:s.end] for s in index.uses_of([target])]


def test_ids_are_found_in_inline_tables_and_conditions_and_walkthroughs():
    index = CaseIndex()
    story = index_file(Path("case.toml"), STORY)
    walk = index_file(Path("walkthroughs/solved.toml"), WALK, walkthrough=True)
    index.files = {story.path: story, walk.path: walk}
    [admits] = index.defined(Target("state", "admits", "max"))
    assert (admits.spot.line, admits.spot.start, admits.details) == (
        3, STORY.split("\n")[3].index("admits"), (("label", "It was me"),))
    garden = Target("node", "max_garden")
    assert len(index.uses_of([garden])) == 4  # a transition, a walkthrough's command and expect
    assert spots_of(index, Target("state", "denies", "max"), STORY) == ["denies"] * 3
    assert index.ids("flag").keys() == {"roses"}
    assert spots_of(index, Target("flag", "roses"), STORY) == ["roses"]  # the term's `when`
    assert spots_of(index, Target("part", "press", "max_garden"), STORY) == ["press"]
    walk_uses = {t for use in walk.uses for t in use.targets}
    assert walk_uses >= {Target("ending", "solved"), Target("choice", "bake"),
                         Target("character", "max"), Target("evidence", "photo"),
                         Target("group", "what_happened"),
                         Target("blank", "when", "what_happened"),
                         Target("answer", "ten_past_three"), Target("option", "tell")}


def test_an_entry_of_taught_by_names_what_is_defined():
    index = CaseIndex()
    story = index_file(Path("case.toml"), STORY)
    index.files = {story.path: story}
    line = STORY.split("\n").index('taught_by = ["photo", "max_garden.press"]')
    [photo] = [use for use in story.uses if use.spot.line == line and use.spot.start == 14]
    assert index.resolve(photo) == [Target("node", "photo"), Target("evidence", "photo"),
                                    Target("group", "photo")]  # nothing defines it: all
    evidence = index_file(Path("evidence.toml"), '[evidence.photo]\ntitle = "A photo"\n')
    index.files[evidence.path] = evidence
    assert index.resolve(photo) == [Target("evidence", "photo")]
    assert index.at(story.path, line, 16) == [Target("evidence", "photo")]


def test_a_file_that_does_not_parse_has_no_index():
    assert index_file(Path("x.toml"), "[character.max\nname = ") is None
    assert index_file(Path("x.toml"), "a = " + "[" * 40 + "]" * 40) is None  # too deep


@pytest.fixture(scope="module")
def bundled_index() -> CaseIndex:
    index = CaseIndex()
    for path in sorted(BUNDLED.rglob("*.toml")):
        made = index_file(path, path.read_text("utf-8"), "walkthroughs" in path.parts)
        assert made is not None, path
        index.files[path] = made
    return index


def test_completion_offers_only_the_ids_of_the_tables_a_word_takes(bundled_index):
    def offered(kind: str, tables: tuple[str, ...] = (), owner: str = "") -> set[str]:
        return set(candidates(bundled_index, Slot(Expected(kind, tables, owner), 0, True)))

    events = offered("node", ("event",))
    statements = offered("node", ("statement",))
    assert "dna_results" in events and "anya_v1_washroom" in statements
    assert not events & statements
    assert offered("state", owner="anya") == {"v1_dealer", "v2_assault", "v3_kamal", "v4_truth"}
    taught = offered("taught")
    assert {"dna_report", "anya_names_kamal", "julie_kamal.contradiction"} <= taught
    assert "anya_v1_washroom" not in taught  # a statement teaches by its press or its proof


def test_every_use_in_the_bundled_case_names_something_defined(bundled_index):
    defined = {d.target for d in bundled_index.definitions()}
    undefined = [use.targets for file in bundled_index.files.values() for use in file.uses
                 if not set(bundled_index.resolve(use, defined)) & defined]
    assert undefined == []  # the case loads, so a use that names nothing is misread


def test_values_of_the_wrong_type_are_passed_over():
    weird = '''case = 3
[character.max]
states = 3
transitions = [1, "a", { from = 2 }]
wrong_objection_with = { glue = "not a list", 3 = [] }
initial = ["x"]
[topic.t]
lines = [1, { text = 2 }, { when = 3 }, "max: Hi."]
gives = "photo"
sets = [1]
when = 5
[hearing]
options = [1]
[ending.e]
choices = { c = 3 }
'''
    made = index_file(Path("odd.toml"), weird)
    assert {d.target for d in made.definitions} == {Target("character", "max"),
                                                    Target("node", "t"), Target("ending", "e"),
                                                    Target("choice", "c")}
    assert {t for use in made.uses for t in use.targets} == {  # ids read where they stand
        Target("character", "max"), Target("evidence", "photo"), Target("evidence", "glue"),
        Target("state", "x", "max")}


def test_a_file_cut_anywhere_is_indexed_or_passed_over():
    lines = (BUNDLED / "characters" / "anya_testimony.toml").read_text("utf-8").split("\n")
    whole = mid_line = 0
    for count in range(1, len(lines), len(lines) // 12):
        whole += index_file(Path("cut.toml"), "\n".join(lines[:count])) is not None
        cut = "\n".join(lines[:count]) + "\n" + lines[count][:len(lines[count]) // 2]
        mid_line += index_file(Path("cut.toml"), cut) is not None
    assert whole >= 6 and mid_line < whole  # the last version that parsed stands in


def test_hover_tells_each_kind_by_the_fields_an_author_knows_it_by():
    from game.lsp.navigation import hover_text

    deduction = Path(__file__).resolve().parents[1] / "fixtures" / "deduction_case" / "case.toml"
    index = CaseIndex()
    index.files[deduction] = index_file(deduction, deduction.read_text("utf-8"))
    assert hover_text(index, [Target("group", "what_happened")]) == (
        "board group what_happened\ntitle: What happened")
    assert hover_text(index, [Target("answer", "ten_past_three")]) == (
        "answer ten_past_three\ntext: At ten past three\nkind: time")
    assert hover_text(index, [Target("node", "max_garden")]) == (
        "statement max_garden\ntext: I was in the garden all afternoon.\ncharacter: max\n"
        "version: denies")
    assert hover_text(index, [Target("flag", "roses")]) == "flag roses: set in 1 place(s)"
    assert hover_text(index, [Target("evidence", "ghost")]) == (
        "evidence ghost: not defined in this case")
    index.files[deduction] = index_file(deduction, '[evidence.x]\ntitle = "\\u001b[2J"\n'
                                        'document = "d"\n')
    assert hover_text(index, [Target("evidence", "x")]) == "evidence x\ntitle: \u241b[2J"
