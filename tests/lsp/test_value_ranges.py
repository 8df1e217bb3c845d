"""A problem about a value is placed on the value: an editor underlines the quoted string, and
the quick fix of a "did you mean" writes the id there, never over the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec

from game.lsp.publishing import by_file
from game.lsp.quick_fixes import quick_fixes
from game.storyfiles.diagnostics import StoryError
from game.storyfiles.loader import load_case
from tests.conftest import MINI

pytestmark = pytest.mark.timeout(60)


def fixed(tmp_path: Path, old: str, new: str) -> tuple[str, list[types.Diagnostic]]:
    """The mini case's text with `old` written as `new`, after its quick fixes are applied; and
    the editor's diagnostics before."""
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    story = case / "case.toml"
    text = story.read_text("utf-8")
    assert text.count(old) == 1
    text = text.replace(old, new)
    story.write_text(text, "utf-8")
    with pytest.raises(StoryError) as caught:
        load_case(case)
    codec = PositionCodec(types.PositionEncodingKind.Utf16)
    published = by_file(caught.value.diagnostics, lambda p: p.read_text("utf-8"), codec,
                        (story, 0))[story]
    uri = story.as_uri()
    document = TextDocument(uri, text)
    fixes = quick_fixes(uri, text, document.offset_at_position, published)
    for fix in fixes:
        document.apply_change(types.TextDocumentContentChangePartial(
            range=fix.edit.changes[uri][0].range, text=fix.edit.changes[uri][0].new_text))
    return document.source, published


@pytest.mark.parametrize(("old", "typo"), [
    ('to = "honest"', 'to = "honets"'),
    ('from = "lying"', 'from = "lyign"'),
    ('initial = "lying"', 'initial = "lyng"'),
    ('player = "me"', 'player = "mee"'),
    ('place = "bedroom"', 'place = "bedrom"'),
    ('evidence = "crumbs"\nwhen = "tom', 'evidence = "crums"\nwhen = "tom'),
    ('ending = "solved"', 'ending = "solvd"'),
    ('character = "tom"\ntitle = "The cake"', "character =  'tomm'\ntitle = \"The cake\""),
])
def test_the_quick_fix_of_a_single_value_replaces_the_value(tmp_path, old, typo):
    text, published = fixed(tmp_path, old, typo)
    [problem] = published
    key, written = typo.split("\n")[0].split("=")
    value_at = len(key) + 1 + len(written) - len(written.lstrip())
    assert (problem.range.start.character, problem.range.end.character) == (
        value_at, len(key) + 1 + len(written))
    quote = written.strip()[0]
    suggestion = problem.data["suggestion"]
    assert f"{key}={written[:value_at - len(key) - 1]}{quote}{suggestion}{quote}\n" in text


def test_a_blank_answer_in_an_inline_table_is_placed_on_its_value(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(MINI, case)
    (case / "board.toml").write_text(
        '[answer.tom_did]\ntext = "Tom"\n\n[board.who]\ntitle = "Who"\n'
        'blanks = { who = { question = "Who?", answer = "tom_dd" } }\n', "utf-8")
    with pytest.raises(StoryError) as caught:
        load_case(case)
    [problem] = caught.value.diagnostics
    assert (problem.line, problem.column, problem.code) == (6, 48, "E005")
    assert problem.suggestion == "tom_did"
