"""load_case reads an editor's unsaved text in place of the file on disk, under the same rules."""

import shutil

import pytest

from game.storyfiles.diagnostics import StoryError
from game.storyfiles.limits import MAX_FILE_BYTES
from game.storyfiles.loader import load_case
from tests.conftest import MINI


@pytest.fixture
def case_dir(tmp_path):
    shutil.copytree(MINI, tmp_path / "case")
    return tmp_path / "case"


def test_the_unsaved_text_is_read_instead_of_the_file(case_dir):
    story_file = case_dir / "case.toml"
    text = story_file.read_text("utf-8")
    on_disk, _ = load_case(case_dir)
    same, _ = load_case(case_dir, {story_file: text})
    assert same.fingerprint == on_disk.fingerprint  # the same text reads the same
    with pytest.raises(StoryError) as caught:
        load_case(case_dir, {story_file: text.replace('gives = ["crumbs"]', 'gives = ["crumb"]')})
    [problem] = caught.value.diagnostics
    assert (problem.code, problem.suggestion) == ("E005", "crumbs")
    load_case(case_dir)  # the file on disk is untouched


def test_a_new_file_not_yet_saved_is_read_and_a_walkthrough_or_hidden_one_is_not(case_dir):
    extra = '[evidence.spoon]\ntitle = "A spoon"\ndocument = "Sticky."\n'
    story, _ = load_case(case_dir, {case_dir / "characters" / "new.toml": extra})
    assert "spoon" in story.evidence
    for elsewhere in ("walkthroughs/new.toml", ".taplo.toml", ".hidden/new.toml"):
        story, _ = load_case(case_dir, {case_dir / elsewhere: extra})
        assert "spoon" not in story.evidence, elsewhere


def test_the_limits_hold_for_unsaved_text(case_dir):
    story_file = case_dir / "case.toml"
    huge = story_file.read_text("utf-8") + "#" * MAX_FILE_BYTES
    with pytest.raises(StoryError) as caught:
        load_case(case_dir, {story_file: huge})
    assert [d.code for d in caught.value.diagnostics][0] == "E014"
    with pytest.raises(StoryError) as caught:  # a lone surrogate, as JSON may carry one
        load_case(case_dir, {story_file: 'x = "\ud800"'})
    assert caught.value.diagnostics[0].code == "E012"
