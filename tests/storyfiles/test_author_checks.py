"""Author mistakes that loaded silently: speakers written like names, catch-all reactions that
hide later ones, a file that cannot be read and what follows from it, walkthrough steps."""

import re
import shutil
from pathlib import Path

import pytest

from game.analysis.check import run_check
from game.storyfiles.diagnostics import CODES, StoryError
from game.storyfiles.loader import load_case, load_story
from game.storyfiles.walkthroughs import run_walkthrough
from tests.conftest import MINI


def case_with(tmp_path: Path, extra: str) -> Path:
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    (case_dir / "extra.toml").write_text(extra, encoding="utf-8")
    return case_dir


def shown(diagnostics, case_dir: Path) -> list[str]:
    return [str(d).replace(f"{case_dir}/", "").replace(str(case_dir), ".") for d in diagnostics]


def test_speaker_written_like_a_name_is_a_warning(tmp_path):
    case_dir = case_with(tmp_path, '''[topic.tom_late]
character = "tom"
title = "Late"
lines = [
  "Tom: I was asleep.",
  "Toms: Really asleep.",
  "Ann Said: nothing.",
  "Note: the clock had stopped.",
  "It was late: nobody came.",
  "tom: Honest.",
]
''')
    story, warnings = load_case(case_dir)
    assert "tom_late" in story.topics  # a warning does not stop loading
    assert shown(warnings, case_dir) == [
        "extra.toml:5:3: W002 `Tom:` is not a character id, so the line is narration; "
        "did you mean `tom`? (a speaker is an id, in lowercase)",
        "extra.toml:6:3: W002 `Toms:` is not a character id, so the line is narration; "
        "did you mean `tom`? (a speaker is an id, in lowercase)",
    ]


def test_speaker_matching_a_display_name_is_a_warning(tmp_path):
    case_dir = case_with(tmp_path, '''[character.insp]
name = "Inspector"

[topic.tom_insp]
character = "tom"
title = "The inspector"
lines = ["Inspector: Sit down."]
''')
    _, warnings = load_case(case_dir)
    assert [(w.code, w.line) for w in warnings] == [("W002", 7)]
    assert "did you mean `insp`?" in warnings[0].message


# A reaction with no `when`, then one for the same character and evidence: never played.
HIDDEN_BY_A_CATCH_ALL = '''[reaction.tom_plate_any]
character = "tom"
evidence = "plate"
lines = ["tom: A plate."]

[reaction.tom_plate_honest]
character = "tom"
evidence = "plate"
when = "tom is honest"
lines = ["tom: Yes, I licked it."]
'''


def test_catch_all_reaction_hides_later_ones(tmp_path):
    case_dir = case_with(tmp_path, HIDDEN_BY_A_CATCH_ALL + '''
[reaction.ann_plate_any]
character = "ann"
evidence = "plate"
when = " true "
lines = ["ann: A plate."]

[reaction.ann_plate_late]
character = "ann"
evidence = "plate"
when = "flag met_tom"
lines = ["ann: Tom's plate."]

# Last, after the specific one in case.toml: a fallback, as it should be.
[reaction.tom_crumbs_any]
character = "tom"
evidence = "crumbs"
lines = ["tom: Crumbs."]
''')
    _, warnings = load_case(case_dir)
    assert shown(warnings, case_dir) == [
        "extra.toml:6:1: W003 reaction `tom_plate_honest` can never be played: reaction "
        "`tom_plate_any` (extra.toml:1) comes first for `tom` and `plate` and has no `when`, so "
        "it always plays instead (put the catch-all last)",
        "extra.toml:18:1: W003 reaction `ann_plate_late` can never be played: reaction "
        "`ann_plate_any` (extra.toml:12) comes first for `ann` and `plate` and has no `when`, so "
        "it always plays instead (put the catch-all last)",
    ]


def test_check_tells_a_hidden_reaction_once_as_an_error_that_names_the_catch_all(tmp_path):
    case_dir = case_with(tmp_path, HIDDEN_BY_A_CATCH_ALL)
    result = run_check(case_dir)
    about = [d for d in result.diagnostics if "tom_plate_honest" in d.message]
    assert shown(about, case_dir) == [
        "extra.toml:6:1: C001 reaction `tom_plate_honest` can never be played: reaction "
        "`tom_plate_any` (extra.toml:1) comes first for `tom` and `plate` and has no `when`, so "
        "it always plays instead (put the catch-all last)"]
    assert about == result.problems  # an error: the case has a node that is never played


def test_unread_file_that_defines_case_and_hearing(tmp_path):
    """Every table is in the file that cannot be read: nothing else is claimed about it."""
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    case_file = case_dir / "case.toml"
    case_file.write_text(case_file.read_text(encoding="utf-8") + "\noops = \n",
                         encoding="utf-8")
    (case_dir / "more.toml").write_text('[topic.tom_more]\ncharacter = "tom"\ntitle = "More"\n'
                                        'gives = ["crumbs"]\n', encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(case_dir)
    lines = shown(caught.value.diagnostics, case_dir)
    assert [line.split(" ")[1] for line in lines] == ["E001", "N001"]
    assert lines[0].startswith("case.toml:")
    assert lines[1] == (".: N001 2 further problem(s) not shown: they may come from the file "
                        "that could not be read")
    assert caught.value.diagnostics[1].is_warning  # a note: not counted as a problem


def test_every_new_code_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text("utf-8")
    for code in CODES:
        assert f"| {code} |" in docs, code
    # and every code the game can give is in CODES: read from the source, not listed by hand
    source = Path(__file__).resolve().parents[2] / "game"
    given = {code for path in source.rglob("*.py")
             for code in re.findall(r'"([ECWN][0-9]{3})"', path.read_text("utf-8"))}
    assert given <= set(CODES), sorted(given - set(CODES))


def walk(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "walk.toml"
    path.write_text(text, encoding="utf-8")
    return [str(p).replace(f"{path}:", "walk.toml:")
            for p in run_walkthrough(load_story(MINI), path).problems]


def test_walkthrough_steps_are_named_by_number_and_command(tmp_path):
    assert walk(tmp_path, '''title = "x"
steps = [
  "talk tom",
  { do = "ask tom_afternoon", expct = "flag met_tom" },
  { expect = "flag met_tom" },
  3,
  { do = "talk ann", expect = "has" },
  { do = 4 },
]
''') == [
        "walk.toml:4:31: E002 step 2 (`ask tom_afternoon`): unknown key `expct`; did you mean "
        "`expect`? (a step has `do`, `expect` and `refused`)",
        "walk.toml:5:3: E003 step 3 needs `do`, the command the player types",
        "walk.toml:6:3: E004 step 4 should be a command in quotes, or a table such as "
        '{ do = "talk tom", expect = "flag met_tom" }',
        "walk.toml:7:35: E007 step 5 (`talk ann`): bad condition in `expect`: expected an "
        "evidence id after `has`",
        "walk.toml:8:5: E004 step 6: `do` should be the command in quotes",
    ]


def test_walkthrough_top_level_and_expect_names_in_plain_words(tmp_path):
    assert walk(tmp_path, 'titel = "x"\nsteps = "talk tom"\n') == [
        "walk.toml:title: E003 the walkthrough needs the key `title`",
        'walk.toml:2:1: E004 `steps` should be a list of the commands a player types: '
        'steps = ["talk tom", ...]',
        "walk.toml:1:1: E002 unknown key `titel` in the walkthrough; did you mean `title`?",
    ]
    assert walk(tmp_path, 'title = "x"\nsteps = ["talk tom", '
                '{ do = "talk tom", expect = "has cake" }]\n') == [
        "walk.toml:2:55: E008 step 2 (`talk tom`), `expect`: unknown evidence `cake` in "
        "condition"]
    for problem in walk(tmp_path, 'title = "x"\nsteps = [{ do = "a", x = 1 }, 2]\n'):
        assert "WalkStep" not in problem and ".str" not in problem
