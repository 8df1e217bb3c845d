"""`detective stats`: words by character and version, nodes by kind, and reading time."""

from __future__ import annotations

import io
import shutil

import pytest

from game.analysis.check import check_case
from game.analysis.stats import WORDS_A_MINUTE, case_stats, count_words, render_stats
from game.cli import main
from game.storyfiles.loader import load_story
from tests.conftest import BUNDLED, DEDUCTION

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def story():
    return load_story(DEDUCTION)


def test_words_go_to_who_says_them_in_the_version_they_say_them(story):
    stats = case_stats(story)
    max_words = stats.spoken["max"]
    # Both statements and what Max says when pressed and proved wrong are in "denies".
    denies = sum(count_words(text) for text in (
        "I was in the garden all afternoon.", "Nobody has tried to mend anything.",
        "Ask anyone. I was pruning the roses.", "...All right. I was there.",
        "So someone bought glue. It wasn't to hide anything."))
    assert max_words["denies"] == denies
    # What Ada says in Max's version is hers, in no version of his.
    assert "denies" not in stats.spoken.get("ada", {})
    assert stats.documents == sum(count_words(e.document) for e in story.evidence.values())
    spoken = sum(sum(versions.values()) for versions in stats.spoken.values())
    assert stats.words == stats.narration + stats.documents + spoken
    assert stats.nodes["statements"] == len(story.statements) == 3
    assert stats.nodes["searches"] == 1 and stats.nodes["endings"] == 2


def test_the_shortest_way_to_each_ending_is_played_and_read(story):
    stats = case_stats(story)
    out = io.StringIO()
    check_case(DEDUCTION, out)
    shortest = {line.split("`")[1]: int(line.split("(")[1].split()[0])
                for line in out.getvalue().splitlines() if line.startswith("shortest way")}
    ways = {way.ending: way for way in stats.ways}
    assert set(ways) == set(story.endings) == set(shortest)
    for ending, way in ways.items():
        assert way.actions == shortest[ending]
        # At the least the intro, the search's line and both documents (the photo is held).
        least = (count_words(story.case.intro[0].text)
                 + count_words(story.searches["hall_stairs"]
                               .lines[0].text)
                 + sum(count_words(e.document) for e in story.evidence.values()))
        assert way.words is not None and way.words > least
        assert way.minutes == pytest.approx(way.words / WORDS_A_MINUTE)
    report = render_stats(stats, story)
    assert "The shortest way to each ending" in report and "`solved`" in report


def test_the_command_on_the_bundled_case_and_on_bad_folders(tmp_path, capsys):
    assert main(["stats", str(BUNDLED)]) == 0
    said = capsys.readouterr().out
    story = load_story(BUNDLED)
    for ending in story.endings.values():
        assert f"{ending.title} (`" in said
    assert f"{len(story.topics)} topics" in said
    assert main(["stats", str(tmp_path / "nowhere")]) == 2
    broken = tmp_path / "broken"
    shutil.copytree(DEDUCTION, broken)
    (broken / "case.toml").write_text("[case\n")
    assert main(["stats", str(broken)]) == 1
    assert "E001" in capsys.readouterr().err


def test_an_ending_never_reached_is_said_so(tmp_path, capsys):
    case = tmp_path / "case"
    shutil.copytree(DEDUCTION, case)
    path = case / "case.toml"
    text = path.read_text(encoding="utf-8")
    option = '[hearing.options.shrug]\ntext = "Say it must have been the cat."'
    assert option in text
    path.write_text(text.replace(option, option + '\nwhen = "false"'), encoding="utf-8")
    assert main(["stats", str(case)]) == 0
    said = capsys.readouterr().out
    assert "The cat did it (`shrug`): never reached (`detective check` says why)" in said
    assert "Solved (`solved`): 7 actions" in said
