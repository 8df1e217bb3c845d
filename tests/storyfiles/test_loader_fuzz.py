"""Whatever an author's editor leaves in a file, loading gives a story or diagnostics, never a
traceback; and every diagnostic says where (a line, or a key path)."""

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.storyfiles.diagnostics import StoryError
from game.storyfiles.keylines import scan_key_lines
from game.storyfiles.loader import load_story
from tests.conftest import MINI

ORIGINAL = (MINI / "case.toml").read_text(encoding="utf-8").splitlines(keepends=True)
SNIPPETS = ['"', "'", "[", "]", "[[", "{", "}", "=", ".", "#", '"""', "\\", "\n", "\x00",
            "\ufeff", "when = ", '"has "', '"tom is "', "character = 1", "[topic.x]", "é"]

edits = st.lists(st.tuples(
    st.sampled_from(["delete", "duplicate", "insert", "cut"]),
    st.integers(min_value=0, max_value=len(ORIGINAL) - 1),
    st.sampled_from(SNIPPETS),
    st.integers(min_value=0, max_value=80),
), min_size=1, max_size=4)


def mutate(plan) -> str:
    lines = list(ORIGINAL)
    for kind, index, snippet, column in plan:
        index %= len(lines) or 1
        if not lines:
            lines = [snippet]
        elif kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "insert":
            line = lines[index]
            lines[index] = line[:column] + snippet + line[column:]
        else:
            lines[index] = lines[index][:column] + "\n"
    return "".join(lines)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=edits)
def test_mutated_story_loads_or_reports_with_a_place(plan, tmp_path_factory):
    case_dir = tmp_path_factory.mktemp("case")
    shutil.copytree(MINI, case_dir, dirs_exist_ok=True)
    text = mutate(plan)
    (case_dir / "case.toml").write_text(text, encoding="utf-8")
    try:
        load_story(case_dir)
    except StoryError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            # E011 (the case is incomplete) and N001 (problems not shown) are about the case.
            assert (diagnostic.line is not None or diagnostic.key
                    or diagnostic.code in ("E011", "N001"))
            assert diagnostic.code[0] in "ECWN" and diagnostic.message


@given(text=st.text(max_size=300))
def test_scanner_never_fails_on_any_text(text):
    for (line, column) in scan_key_lines(text).values():
        assert 1 <= line <= text.count("\n") + 1
        assert column >= 1
