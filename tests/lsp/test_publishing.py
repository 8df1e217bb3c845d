"""What the server publishes after reading a case (the work its thread does, run here in
process): each problem in its file, at its range in the editor's units."""

import shutil
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from game.lsp.case_index import index_file
from game.lsp.readings import lint
from tests.conftest import MINI

UTF16 = PositionCodec(types.PositionEncodingKind.Utf16)
UTF32 = PositionCodec(types.PositionEncodingKind.Utf32)


def copy(tmp_path: Path) -> tuple[Path, Path]:
    case_dir = tmp_path / "case"
    shutil.copytree(MINI, case_dir)
    return case_dir, case_dir / "case.toml"


def test_a_range_is_counted_in_the_editors_units(tmp_path):
    case_dir, story = copy(tmp_path)
    text = story.read_text("utf-8").replace(
        'lines = ["ann: Here, I wrote it down."]',
        'lines = [{ text = "ann: \U0001F4DD", when = "has notte" }]')
    line = text.split("\n").index('lines = [{ text = "ann: \U0001F4DD", when = "has notte" }]')
    start = len('lines = [{ text = "ann: \U0001F4DD", when = "has ')
    for codec, shift in ((UTF32, 0), (UTF16, 1)):  # the emoji is two UTF-16 units
        found = lint(case_dir, {story: text}, {}, codec, story)
        [problem] = found.diagnostics[story]
        assert problem.code == "E008"
        assert problem.range == types.Range(
            start=types.Position(line=line, character=start + shift),
            end=types.Position(line=line, character=start + shift + len("notte")))


def test_a_problem_of_the_whole_case_is_shown_at_its_case_table(tmp_path):
    case_dir, story = copy(tmp_path)
    text = story.read_text("utf-8")
    cut = text[:text.index("[hearing]")]  # no hearing, no endings
    extra = case_dir / "more.toml"
    found = lint(case_dir, {story: cut, extra: "# nothing yet\n"},
                 {story: index_file(story, text)}, UTF16, extra)
    whole_case = [d for d in found.diagnostics[story] if d.code == "E011"]
    assert whole_case and all(d.range.start.line == 1 for d in whole_case)  # [case] is line 2
    assert extra not in found.diagnostics  # nothing of its own; the editor is told so anyway
    walkthrough = case_dir / "walkthroughs" / "solved.toml"
    assert set(found.indexed) == {story, extra, walkthrough}  # each text not the one indexed
