import shutil

import pytest
from pydantic import ValidationError

from game.storyfiles.diagnostics import StoryError
from game.storyfiles.loader import load_story
from tests.conftest import MINI


def test_mini_case_loads_into_an_immutable_model(mini_story):
    assert mini_story.case.title == "The Missing Cake"
    assert set(mini_story.topics) == {"tom_afternoon", "tom_confess", "ann_saw"}
    with pytest.raises(ValidationError):
        mini_story.case.title = "Changed"  # frozen


def test_byte_order_mark_is_accepted(tmp_path):
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    path = case_dir / "case.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_story(case_dir).case.id == "mini"


def test_empty_folder_is_an_author_error(tmp_path):
    with pytest.raises(StoryError) as caught:
        load_story(tmp_path)
    assert caught.value.diagnostics[0].code == "E011"


def test_walkthrough_files_are_not_read_as_story(tmp_path):
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    (case_dir / "walkthroughs" / "broken.toml").write_text("not = [toml", encoding="utf-8")
    assert load_story(case_dir).case.id == "mini"


def test_syntax_error_and_unknown_key_reported_together_with_lines(tmp_path):
    """The issue's acceptance case: two files broken in two ways, both named at their lines."""
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    case_file = case_dir / "case.toml"
    lines_before = case_file.read_text(encoding="utf-8").count("\n")
    with case_file.open("a", encoding="utf-8") as out:
        out.write('\n[evidence.knife]\ntitle = "Knife"\ndocument = "x"\nsharpness = 3\n')
    walk = case_dir / "more.toml"
    walk.write_text('[place.yard]\nname = "Yard"\nnothing = "x" oops\n', encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(case_dir)
    shown = [str(d) for d in caught.value.diagnostics]
    assert shown == [  # the file that could not be read comes first
        f"{walk}:3:15: E001 Expected newline or end of document after a statement",
        f"{case_file}:{lines_before + 5}:1: E002 unknown key `sharpness` in [evidence.knife]",
    ]
