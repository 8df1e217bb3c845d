"""What an author is told about a mistake: one problem for one mistake, placed where it is and
said in the author's words (never a consequence reported as a second mistake, never a
validator's wording)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.storyfiles.diagnostics import StoryError
from game.storyfiles.loader import load_case
from tests.conftest import MINI

pytestmark = pytest.mark.timeout(60)


def mini_case(tmp_path: Path, edits: tuple[tuple[str, str], ...] = (),
              **files: str) -> Path:
    """The mini case with each (old, new) of `edits` made in its case.toml, and `files`
    (by name, without .toml) added."""
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    story = case / "case.toml"
    text = story.read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    story.write_text(text, "utf-8")
    for name, content in files.items():
        (case / f"{name}.toml").write_text(content, "utf-8")
    return case


def problems(case: Path) -> list[str]:
    """Every diagnostic of the case that fails to load, its folder left out."""
    with pytest.raises(StoryError) as caught:
        load_case(case)
    return [str(d).replace(f"{case}/", "") for d in caught.value.diagnostics]


# 2. What a broken object defines is still known elsewhere.

def test_a_node_with_a_wrong_type_does_not_make_its_flags_unknown(tmp_path):
    case = mini_case(tmp_path, (('sets = ["met_tom"]', 'sets = ["met_tom"]\nonce = "yes"'),))
    assert problems(case) == ["case.toml:55:8: E004 `topic.tom_afternoon.once` should be true "
                              "or false"]


def test_a_node_with_a_bad_condition_does_not_make_its_flags_unknown(tmp_path):
    case = mini_case(tmp_path, (('when = "tom is lying"\nlines = ["me: Where',
                                 'when = "tom is"\nlines = ["me: Where'),))
    [problem] = problems(case)
    assert " E007 " in problem and "met_tom" not in problem


def test_a_misspelled_part_of_a_statement_does_not_make_its_flags_unknown(tmp_path):
    case = mini_case(tmp_path, statement='''[statement.tom_nap]
character = "tom"
text = "I napped."

[statement.tom_nap.pres]
lines = ["tom: All afternoon."]
sets = ["heard_nap"]

[topic.tom_nap_again]
character = "tom"
title = "The nap"
when = "flag heard_nap and pressed tom_nap"
''')
    assert problems(case) == ["statement.toml:5:1: E002 unknown key `pres` in "
                              "[statement.tom_nap]; did you mean `press`?"]


def test_a_broken_answer_keeps_its_kind_known(tmp_path):
    case = mini_case(tmp_path, board='''[answer.tom_did]
text = "Tom"
kind = "person"
colour = "red"

[board.who]
title = "Who"
blanks = { who = { question = "Who?", answer = "tom_did", kind = "person" } }
''')
    assert problems(case) == ["board.toml:4:1: E002 unknown key `colour` in [answer.tom_did]"]


def test_a_term_taught_by_broken_evidence_is_not_told_it_teaches_nothing(tmp_path):
    case = mini_case(tmp_path, (('document = "Licked clean."', 'document = 3'),),
                     terms='[term.plate]\nwords = ["plate"]\ntaught_by = ["plate"]\n')
    assert problems(case) == ["case.toml:43:12: E004 `evidence.plate.document` should be text "
                              "in quotes"]


def test_broken_endings_are_not_told_as_no_ending(tmp_path):
    case = mini_case(tmp_path, (('title = "Solved"', 'title = 1'),
                                ('title = "Unsolved"', 'title = 2')))
    assert [p.split(" E")[1][:3] for p in problems(case)] == ["004", "004"]



# 3. A table is defined in one file: a sub-table written in another is one E006.

@pytest.mark.parametrize(("extra", "header", "table", "line"), [
    ('[case.words]\nhearing = "trial"\n', "case.words", "case", 2),
    ('[ending.solved.choices.run]\ntext = "Run."\n', "ending.solved.choices.run",
     "ending.solved", 102),
    ('\n[character.tom.states.sulking]\nlabel = "Sulking"\n', "character.tom.states.sulking",
     "character.tom", 12),
    ('[[character.tom.transitions]]\nfrom = "honest"\nto = "lying"\n',
     "character.tom.transitions", "character.tom", 12),
])
def test_a_sub_table_written_in_another_file_is_one_problem(tmp_path, extra, header, table,
                                                            line):
    case = mini_case(tmp_path, zz=extra)
    first_line = 2 if extra.startswith("\n") else 1
    assert problems(case) == [
        f"zz.toml:{first_line}:1: E006 [{header}] adds to [{table}], which is defined in "
        f"case.toml:{line}: a table is defined in one file, its sub-tables with it"]


def test_a_sub_table_written_before_its_table_is_reported_where_it_is(tmp_path):
    case = mini_case(tmp_path, aa='[hearing.options.wait]\ntext = "Wait."\nending = "solved"\n')
    assert problems(case) == [
        "aa.toml:1:1: E006 [hearing.options.wait] adds to [hearing], which is defined in "
        "case.toml:89: a table is defined in one file, its sub-tables with it"]


def test_a_table_of_sub_tables_only_is_a_table_when_no_other_file_defines_it(tmp_path):
    case = mini_case(tmp_path, (('[hearing]\navailable = "has crumbs"\nlines = ["The family '
                                 'gathers."]\n', ''),))
    _, warnings = load_case(case)  # [hearing.options.*] alone define the hearing
    assert warnings == []


def test_a_table_written_again_in_another_file_is_not_validated_again(tmp_path):
    case = mini_case(tmp_path, more='[ending.unsolved]\nprompt = "Well?"\n')
    assert problems(case) == ["more.toml:1:1: E006 ending `unsolved` is defined twice (first "
                              "in case.toml:111)"]
