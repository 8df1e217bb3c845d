"""A case names its own final stage (`[case.words] hearing = "inquest"`): the line mode, the
saves and check say the case's word, the commands take it, and "hearing" is nowhere."""

from __future__ import annotations

import io
import re
import tomllib

import pytest

from game.analysis.check import check_case
from game.engine.commands import LINE_MODE_WORDS, reserved_words
from game.persistence.slots import SaveFolder
from game.plain import PlainGame
from game.storyfiles.diagnostics import StoryError
from game.storyfiles.loader import load_story
from tests.conftest import MINI, inquest_case

pytestmark = pytest.mark.timeout(60)
HEARING = re.compile("hearing|credibility", re.IGNORECASE)  # another world's words
# Everything a player can ask to see, typed between the steps of the walkthrough.
LOOKS = ["help", "status", "people", "places", "evidence", "testimony", "board", "notebook",
         "versions", "hint", "hint", "hint", "saves", "choose tell", "inqest", "undo", "redo"]


@pytest.fixture
def inquest(tmp_path):
    return inquest_case(tmp_path / "inquest")


def test_the_line_mode_says_and_takes_the_case_s_word_and_never_hearing(inquest, tmp_path):
    story = load_story(inquest)
    out = io.StringIO()
    game = PlainGame(story, out, folder=SaveFolder.open(tmp_path / "saves"))
    walk = tomllib.loads((inquest / "walkthroughs" / "solved.toml").read_text("utf-8"))
    steps = [step if isinstance(step, str) else step["do"] for step in walk["steps"]]
    assert "inquest" in steps
    for command in LOOKS:
        game.handle(command)
    for step in steps:
        if step in ("inquest", "choose tell"):  # once it is set, and once there
            game.handle(f"save before_{step.replace(' ', '_')}")
            for command in LOOKS:
                game.handle(command)
        game.handle(step)
        if step == "inquest":
            game.handle("yes")  # the question before going
    game.handle("yes")  # choosing `tell` ends the case: it asks first
    game.handle("status")
    said = out.getvalue()
    assert game.session.state.ending == "solved", said[-2000:]
    assert "The inquest is set: type 'inquest' when you are ready." in said
    assert "Go to the inquest? Once there" in said
    assert re.search(r"^  inquest +go to the inquest \(asks first", said, re.MULTILINE)
    assert "At the inquest" in said  # the save's label, as `saves` lists it
    assert "Patience: 2 of 3." in said and "That proves nothing against it. Patience: 2 left." \
        in said
    assert HEARING.findall(said) == [], [line for line in said.splitlines()
                                         if HEARING.search(line)]


def test_the_old_word_is_not_a_command_there_and_nothing_suggests_it(inquest):
    game = PlainGame(load_story(inquest), out := io.StringIO())
    game.handle("hearing")
    game.handle("heaing")
    said = out.getvalue()
    assert "Unknown command 'hearing'" in said
    assert "Unknown command 'heaing'" in said
    assert "hearing" not in said.replace("'hearing'", "")


def test_check_gives_the_shortest_ways_in_the_case_s_words(inquest):
    out = io.StringIO()
    assert check_case(inquest, out) == 0
    report = out.getvalue()
    ways = [line for line in report.splitlines() if line.startswith("shortest way")]
    assert ways and all("; inquest; choose " in way for way in ways)
    assert HEARING.findall("\n".join(ways)) == []


def _problems_with_stage(folder, word: str) -> tuple[list, int]:
    """The problems of the mini case with its stage called `word`, and the line of the word."""
    folder.mkdir()
    text = (MINI / "case.toml").read_text(encoding="utf-8")
    (folder / "case.toml").write_text(text.replace(
        'player = "me"', f'player = "me"\nwords = {{ hearing = "{word}" }}', 1), encoding="utf-8")
    with pytest.raises(StoryError) as error:
        load_story(folder)
    return error.value.diagnostics, text[:text.index('player = "me"')].count("\n") + 2


@pytest.mark.parametrize("word", ["talk", "board", "save", "search"])
def test_a_stage_named_after_a_command_is_refused_at_its_line(tmp_path, word):
    problems, line = _problems_with_stage(tmp_path / "case", word)
    [problem] = [d for d in problems if d.code == "E004"]
    assert f"`{word}` is already a command" in problem.message
    assert problem.line == line


@pytest.mark.parametrize("word", ["Inquest", "the trial", "x", "inquest!"])
def test_a_stage_word_must_be_one_lowercase_word(tmp_path, word):
    problems, _ = _problems_with_stage(tmp_path / "case", word)
    messages = [d.message for d in problems]
    assert any("one word of 2 to 30 lowercase letters" in m for m in messages), messages


def test_every_word_the_line_mode_reads_is_reserved(mini_story):
    game = PlainGame(mini_story, io.StringIO())
    assert set(game.commands) <= LINE_MODE_WORDS
    assert {"quit", "exit", "q"} <= reserved_words()
    assert "hearing" not in reserved_words()  # the default word is the stage's own
