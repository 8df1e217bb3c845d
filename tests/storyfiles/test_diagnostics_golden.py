"""Each folder under broken/ is laid over a copy of the mini case; the story must fail to load
with exactly the diagnostics in its expected.txt (paths relative to the case folder)."""

import shutil
from pathlib import Path

import pytest

from game.storyfiles.diagnostics import StoryError
from game.storyfiles.loader import load_story
from tests.conftest import MINI

BROKEN = Path(__file__).resolve().parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def diagnostics_for(case_name: str, tmp_path: Path) -> list[str]:
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    for overlay in (BROKEN / case_name).iterdir():
        if overlay.suffix == ".toml":
            shutil.copy(overlay, case_dir / overlay.name)
    with pytest.raises(StoryError) as caught:
        load_story(case_dir)
    return [str(d).replace(f"{case_dir}/", "").replace(str(case_dir), ".")
            for d in caught.value.diagnostics]


@pytest.mark.parametrize("case_name", CASES)
def test_broken_story_gives_expected_diagnostics(case_name, tmp_path):
    expected_file = BROKEN / case_name / "expected.txt"
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert diagnostics_for(case_name, tmp_path) == expected
