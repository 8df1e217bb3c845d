"""What an author is told about a mistake: one problem for one mistake, placed where it is and
said in the author's words (never a consequence reported as a second mistake, never a
validator's wording)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.storyfiles.diagnostics import MAX_MESSAGE, MAX_QUOTED, StoryError
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


# 4. A bound the validator checks, in the author's words.

@pytest.mark.parametrize(("written", "told"), [
    ("credibility = 0", "`case.credibility` should be at least 1 (it is 0)"),
    ("credibility = 100", "`case.credibility` should be at most 99 (it is 100)"),
    ("grading = { hint = -1 }", "`case.grading.hint` should be at least 0 (it is -1)"),
    ("grading = { grades = {} }", "`case.grading.grades` needs at least one grade"),
    ('grading = { grades = { "" = 0 } }', "a key of `case.grading.grades` may not be empty"),
    ('grading = { grades = { "' + "A" * 41 + '" = 0 } }',
     f"the key `{'A' * 41}` of `case.grading.grades` should be at most 40 characters long "
     "(it has 41)"),
])
def test_a_bound_of_the_case_is_told_in_plain_words(tmp_path, written, told):
    case = mini_case(tmp_path, (('player = "me"', f'player = "me"\n{written}'),))
    [problem] = problems(case)
    assert problem.split(" E004 ")[1] == told


@pytest.mark.parametrize(("extra", "told"), [
    ('[term.t]\nwords = []\ntaught_by = ["tom_afternoon"]\n',
     ["`term.t.words` needs at least one word"]),
    ('[term.t]\nwords = [""]\ntaught_by = ["tom_afternoon"]\n',
     ["`term.t.words[0]` may not be empty"]),  # and not also "needs at least one word"
    ('[term.t]\nwords = ["' + "w" * 201 + '"]\ntaught_by = ["tom_afternoon"]\n',
     ["`term.t.words[0]` should be at most 200 characters long (it has 201)"]),
    ('[board.b]\ntitle = "B"\nblanks = {}\n', ["`board.b.blanks` needs at least one blank"]),
    ('[statement.s]\ncharacter = "tom"\ntext = "x"\n[statement.s.contradiction]\n'
     'evidence = []\n', ["`statement.s.contradiction.evidence` needs at least one piece of "
                         "evidence"]),
])
def test_a_bound_of_an_object_is_told_in_plain_words(tmp_path, extra, told):
    assert [p.split(" E004 ")[1] for p in problems(mini_case(tmp_path, extra=extra))] == told


# 5. Every table suggests the key an unknown one is a typo of.

@pytest.mark.parametrize(("written", "meant", "table"), [
    ('taglin = "x"', "tagline", "case"), ('playr = "me"', "player", "case"),
    ("credibilty = 3", "credibility", "case"), ("grading = { hnt = 1 }", "hint", "case.grading"),
    ('words = { hering = "trial" }', "hearing", "case.words"),
])
def test_an_unknown_key_of_the_case_is_given_a_did_you_mean(tmp_path, written, meant, table):
    case = mini_case(tmp_path, (('player = "me"', f'player = "me"\n{written}'),))
    [problem] = problems(case)
    assert problem.endswith(f"in [{table}]; did you mean `{meant}`?")


def test_an_unknown_key_of_the_hearing_is_given_a_did_you_mean(tmp_path):
    case = mini_case(tmp_path, (('available = "has crumbs"', 'avalable = "has crumbs"'),))
    assert problems(case) == ["case.toml:90:1: E002 unknown key `avalable` in [hearing]; "
                              "did you mean `available`?"]


# 6. What a message quotes from the case is bounded.

def test_a_huge_unknown_key_is_named_by_its_start(tmp_path):
    case = mini_case(tmp_path, extra=f'[evidence.cup]\ntitle = "Cup"\ndocument = "A cup."\n'
                                     f'{"k" * 1_000_000} = 1\n')
    [problem] = problems(case)
    assert problem == (f"extra.toml:4:1: E002 unknown key `{'k' * (MAX_QUOTED - 1)}\u2026` in "
                       "[evidence.cup]")


def test_a_huge_unknown_table_is_named_by_its_start(tmp_path):
    case = mini_case(tmp_path, extra=f"[{'t' * 100_000}]\nx = 1\n")
    [problem] = problems(case)
    assert problem == f"extra.toml:1:1: E002 unknown table `{'t' * (MAX_QUOTED - 1)}\u2026`"


def test_a_huge_key_holding_backticks_still_gives_a_bounded_message(tmp_path):
    key = "`a` b`" * 50_000
    case = mini_case(tmp_path, extra=f'[evidence.cup]\ntitle = "Cup"\ndocument = "A cup."\n'
                                     f"'{key}' = 1\n")
    [problem] = problems(case)
    assert len(problem) <= len("extra.toml:4:1: E002 ") + MAX_MESSAGE
    assert problem.endswith("\u2026")


# 7. A syntax error says what to do.

@pytest.mark.parametrize(("written", "told"), [
    ("[evidence.raw]\ntitle = 'Raw'\ndocument = '''\npasted \x1b[31mred\n'''\n",
     "raw.toml:4:8: E001 a control character (ESC, U+001B) cannot be written in a TOML file as "
     "it is: remove it, or write it as \\u001b in a string in double quotes"),
    ('[evidence.raw]\ntitle = "Raw\ndocument = "x"\n',
     'raw.toml:2:13: E001 the string is not closed on its line: close it with the quote it opens '
     'with; text over several lines goes between """ and """'),
    ('[evidence.raw]\ntitle = "Raw"\ntitle = "Again"\ndocument = "x"\n',
     "raw.toml:3:16: E001 the key `title` is given a value twice (a key is written once in its "
     "table)"),
    ('[evidence.raw]\ntitle = "Raw"\n[evidence.raw]\ndocument = "x"\n',
     "raw.toml:3:14: E001 the table [evidence.raw] is written twice in this file (write its "
     "keys under one header)"),
    ("[evidence.raw]\ntitle = '''Raw\n",
     "raw.toml:3:1: E001 a string opened with ''' is never closed: the file ends inside it "
     "(close it with ''')"),
])
def test_a_syntax_error_says_what_to_do(tmp_path, written, told):
    assert problems(mini_case(tmp_path, raw=written)) == [told]


# 8. The player is not questioned.

def test_the_player_may_not_be_questioned(tmp_path):
    case = mini_case(tmp_path, (('name = "Me"\nquestioned = false',
                                 'name = "Me"\nquestioned = true'),))
    assert problems(case) == ["case.toml:10:1: E004 `me` is the player (`player` of [case]), who "
                              "cannot be questioned: remove `questioned = true`"]


# 9. Invisible characters that reorder or hide text are warned of, as control characters are.

@pytest.mark.parametrize(("written", "named"), [
    ('"Crumbs \u202eon a pillow"', "RLO (U+202E)"),
    ('"Crumbs \\u2067on a pillow\\u2069"', "RLI (U+2067), PDI (U+2069)"),
    ('"Crumbs\u200b on a pillow"', "ZWSP (U+200B)"),
    ("'''\nCrumbs \ufeffon a pillow'''", "ZWNBSP (U+FEFF)"),
])
def test_an_invisible_character_in_text_is_a_warning(tmp_path, written, named):
    case = mini_case(tmp_path, (('"Chocolate crumbs on a pillow."', written),))
    story, warnings = load_case(case)
    assert "crumbs" in story.evidence  # a warning does not stop loading
    assert [str(w).replace(f"{case}/", "") for w in warnings] == [
        f"case.toml:39:12: W001 invisible character(s) {named} in text; they reorder or hide "
        "the text around them on the player's screen: remove them unless they are meant"]


def test_joiners_that_emoji_and_scripts_need_are_not_warned_of(tmp_path):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    case = mini_case(tmp_path, (('"Chocolate crumbs on a pillow."', f'"{family} mi\u200cxed"'),))
    assert load_case(case)[1] == []


def test_an_invisible_character_quoted_in_a_message_is_written_as_its_code():
    from game.storyfiles.diagnostics import Diagnostic
    problem = Diagnostic("case.toml", 3, 1, "E002", "unknown key `ab\u202ecd` in [case]")
    assert problem.message == "unknown key `ab<U+202E>cd` in [case]"
    assert str(Diagnostic("we\u2067ird.toml", None, None, "E012", "cannot be read")) == \
        "we<U+2067>ird.toml: E012 cannot be read"


@pytest.mark.parametrize(("text", "where"), [
    ('lines = [\n  "a"\n  "b",\n]\n', (2, 6)),
    ('lines = [\n  "a"  # the first, "quoted"\n\n  "b",\n]\n', (2, 6)),
    ('sets = ["a" "b"]\n', (1, 12)),
    ('x = { a = 1 b = 2 }\n', (1, 12)),
    ('x = [1 2]\n', (1, 7)),
])
def test_a_missing_comma_is_told_after_the_item_before_it(text, where):
    import tomli

    from game.storyfiles.toml_errors import missing_comma
    with pytest.raises(tomli.TOMLDecodeError) as caught:
        tomli.loads(text)
    line, column = (int(n) for n in caught.value.args[0].rsplit("line ", 1)[1]
                    .rstrip(")").split(", column "))
    told = missing_comma(text, line, column, "inline table" in caught.value.args[0])
    assert told is not None and told[:2] == where
    assert told[2].startswith("a `,` is missing after this item")


def test_an_unclosed_list_that_is_not_a_missing_comma_is_told_as_it_was():
    from game.storyfiles.toml_errors import missing_comma
    assert missing_comma('x = [\n  "a",\n  = 2\n', 3, 3) is None


@pytest.mark.parametrize(("extra", "where"), [
    # A misspelled table name, and a reference to what it defines.
    ('[evidnce.badge]\ntitle = "A badge"\ndocument = "Blue."\n\n[topic.tom_badge]\n'
     'character = "tom"\ntitle = "The badge"\ngives = ["badge"]\n', "evidnce"),
    # A misspelled header, and a sub-table of it under the right name.
    ('[statment.tom_said]\ncharacter = "tom"\ntext = "I never left."\n\n'
     '[statement.tom_said.press]\nlines = ["tom: Never."]\n', "statment"),
])
def test_a_misspelled_table_name_is_one_problem(tmp_path, extra, where):
    import shutil

    from game.storyfiles.diagnostics import StoryError
    from game.storyfiles.loader import load_story
    from tests.conftest import MINI
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    (case / "extra.toml").write_text(extra, encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(case)
    told = [(d.code, d.message) for d in caught.value.diagnostics]
    assert len(told) == 1 and told[0][0] == "E002" and f"`{where}`" in told[0][1], told


def test_a_character_named_in_a_condition_by_their_shown_name_is_given_their_id(tmp_path):
    import shutil

    from game.storyfiles.diagnostics import StoryError
    from game.storyfiles.loader import load_story
    from tests.conftest import MINI
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    (case / "extra.toml").write_text(
        '[character.insp]\nname = "Inspector Ines Roux"\nquestioned = true\n\n'
        '[topic.tom_ines]\ncharacter = "tom"\ntitle = "Her"\nwhen = "presented crumbs to ines"\n',
        encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(case)
    [problem] = [d for d in caught.value.diagnostics if d.code == "E008"]
    assert problem.message.endswith("; did you mean `insp`?")
    assert problem.suggestion == "insp"
