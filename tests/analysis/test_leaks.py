"""Terms: `detective check` finds every text the player can see before its term is taught."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.analysis.explore import explore, render_path
from game.engine.commands import resolve
from game.engine.session import Session
from tests.analysis.test_oracle_agrees import _tiny_story
from tests.engine.test_check_verdicts import line_of, mini_with, report_of

pytestmark = pytest.mark.timeout(120)

# In the mini case, Ann can be questioned once Tom has been asked about his afternoon
# (`flag met_tom`), and she gives her note. Here her name is taught only by her note.
ANN = """
[term.ann]
words = ["Ann"]
taught_by = ["note"]
"""


def leaks_of(lines: list[str]) -> list[str]:
    return [line for line in lines if " C012 " in line]


def test_a_name_used_before_it_is_taught_is_reported_at_its_line(tmp_path: Path) -> None:
    case = mini_with(tmp_path, extra=ANN + """
[topic.tom_sister]
character = "tom"
title = "Ask about Ann"
lines = ["tom: My sister saw nothing."]
""")
    status, lines = report_of(case)
    assert status == 1
    title = line_of(case, 'title = "Ask about Ann"')
    assert (f"{case / 'case.toml'}:{title}:1: C012 the title of topic `tom_sister` names `Ann` "
            "(term `ann`) before the player can know it, from the start") in lines
    # Her name in the chair, once she can be questioned, and her own lines, spoken as "Ann:".
    name = line_of(case, 'name = "Ann"')
    assert any(line.startswith(f"{case / 'case.toml'}:{name}:1: C012 the name of character "
                               "`ann`") and line.endswith("after: talk tom; ask tom_afternoon")
               for line in lines), lines


def test_a_term_taught_in_time_everywhere_is_no_leak(tmp_path: Path) -> None:
    # Taught by the topic that makes Ann available: nothing names her before.
    case = mini_with(tmp_path, extra=ANN.replace('["note"]', '["tom_afternoon"]'))
    status, lines = report_of(case)
    assert leaks_of(lines) == [] and status == 0, lines


def test_a_node_may_name_what_its_own_play_teaches(tmp_path: Path) -> None:
    # ann_saw gives the note, which teaches her name: its lines may say it, its title not.
    case = mini_with(tmp_path, ('lines = ["ann: Here, I wrote it down."]',
                                'lines = ["Ann hands you a folded note."]'),
                     extra=ANN.replace('words = ["Ann"]', 'words = ["Ann", "folded note"]'))
    leaks = leaks_of(report_of(case)[1])
    assert not any("topic `ann_saw`" in line for line in leaks), leaks


def test_a_leak_on_one_order_of_play_only_is_found_with_that_order() -> None:
    story = _tiny_story(
        topics={"teach": {"character": "c0", "title": "Introductions"},
                "s": {"character": "c0", "title": "Small talk", "sets": ["a"]},
                "use": {"character": "c0", "title": "About Zed", "when": "flag a"}},
        terms={"zed": {"words": ["Zed"], "taught_by": ["teach"]}})
    found = explore(story)
    assert [(use.owner, render_path(path)) for use, path in found.leaks] == [
        ("use", ["talk c0", "ask s"])]


def test_a_reaction_that_plays_only_once_the_term_is_known_is_no_leak() -> None:
    # The later reaction names Zed, but the first one plays whenever Zed is not yet known.
    story = _tiny_story(
        topics={"teach": {"character": "c0", "title": "Introductions"},
                "e": {"character": "c0", "title": "A gift", "gives": ["e0"]}},
        reactions={"plain": {"character": "c0", "evidence": "e0", "when": "not visited teach",
                             "lines": ["c0: Nice."]},
                   "named": {"character": "c0", "evidence": "e0", "lines": ["c0: Zed's!"]}},
        terms={"zed": {"words": ["Zed"], "taught_by": ["teach"]}})
    assert explore(story).leaks == []
    # Without the first reaction's guard, the second can play before: a leak.
    story = _tiny_story(
        topics={"teach": {"character": "c0", "title": "Introductions"},
                "e": {"character": "c0", "title": "A gift", "gives": ["e0"]}},
        reactions={"named": {"character": "c0", "evidence": "e0", "lines": ["c0: Zed's!"]}},
        terms={"zed": {"words": ["Zed"], "taught_by": ["teach"]}})
    assert [use.owner for use, _ in explore(story).leaks] == ["named"]


def test_an_ending_names_only_what_its_way_there_teaches() -> None:
    story = _tiny_story(
        topics={"teach": {"character": "c0", "title": "Introductions"}},
        hearing={"options": {"knew": {"text": "o", "ending": "end0", "when": "visited teach"},
                             "guess": {"text": "p", "ending": "end1"}}},
        endings={"end0": {"title": "Zed did it"}, "end1": {"title": "Zed, perhaps"}},
        terms={"zed": {"words": ["zed"], "taught_by": ["teach"]}})  # any case
    assert [(use.owner, use.what, use.word) for use, _ in explore(story).leaks] == [
        ("end1", "the title of ending `end1`", "Zed")]


def test_a_term_used_in_small_talk_is_still_decided_exactly() -> None:
    # A side flag opens the topic that names the term: check follows it as it follows progress.
    story = _tiny_story(
        topics={"teach": {"character": "c0", "title": "Introductions", "sets": ["t"]},
                "s1": {"character": "c0", "title": "Weather", "sets": ["chat"]},
                "s2": {"character": "c0", "title": "Gossip", "when": "flag chat and flag t",
                       "lines": ["c0: Zed again."]},
                "s3": {"character": "c0", "title": "More gossip", "when": "flag chat",
                       "lines": ["c0: Zed, always Zed."]}},
        terms={"zed": {"words": ["Zed"], "taught_by": ["teach"]}})
    found = explore(story)
    assert [(use.owner, render_path(path)) for use, path in found.leaks] == [
        ("s3", ["talk c0", "ask s1"])]


def test_what_teaches_a_term_must_exist_and_stay_taught(tmp_path: Path) -> None:
    case = mini_with(tmp_path, extra="""
[term.ann]
words = ["Ann"]
taught_by = ["ann_sawn", "tom_afternoon.press"]

[term.tom]
words = ["Tom"]
when = "not flag met_tom"

[term.cake]
words = ["cake"]
""")
    status, lines = report_of(case)
    assert status == 1
    text = "\n".join(lines)
    assert "E005 `ann_sawn` teaches nothing" in text and "did you mean `ann_saw`?" in text
    assert "E005 `tom_afternoon.press` teaches nothing" in text
    assert "E016 a term once taught stays taught" in text
    assert "E003 a term needs `taught_by` or `when`" in text


def test_a_line_with_a_when_is_said_and_checked_only_where_it_holds() -> None:
    ending = {"title": "The end", "lines": [
        "It is over.", {"when": "visited teach", "text": "Zed is taken away."},
        {"when": "not visited teach", "text": "Zed walks free."}]}
    story = _tiny_story(topics={"teach": {"character": "c0", "title": "Introductions"}},
                        endings={"end0": ending},
                        terms={"zed": {"words": ["Zed"], "taught_by": ["teach"]}})
    # The first variant is said only once Zed is known; the second only while he is not.
    assert [(use.owner, use.key) for use, _ in explore(story).leaks] == [
        ("end0", ("lines", 2))]
    for first, said in (([], "Zed walks free."), (["ask teach"], "Zed is taken away.")):
        game = Session(story)
        game.begin()
        for command in ["talk c0", *first, "leave", "hearing", "choose o0"]:
            word, _, rest = command.partition(" ")
            game.perform(resolve(game, word, rest).action)
        lines = [line.text for line in game.state.transcript if line.node == "end0"]
        assert lines == ["It is over.", said]


def test_the_case_report_never_names_a_missed_piece_by_an_untaught_term() -> None:
    from game.presentation.casebook import case_report

    story = _tiny_story(evidence={"e0": {"title": "Zed's card", "document": "d"}},
                        topics={"teach": {"character": "c0", "title": "Introductions"}},
                        terms={"zed": {"words": ["Zed"], "taught_by": ["teach"]}})
    game = Session(story)
    game.begin()
    assert case_report(story, game.state).missed_evidence == (
        "something whose name you never learned",)
    for command in ("talk c0", "ask teach"):
        word, _, rest = command.partition(" ")
        game.perform(resolve(game, word, rest).action)
    assert case_report(story, game.state).missed_evidence == ("Zed's card",)


def test_the_name_above_a_line_outside_the_room_is_still_checked() -> None:
    # Zed can be questioned once his name is taught, but he speaks in an event at the start.
    story = _tiny_story(
        characters={"me": {"name": "Me"}, "c0": {"name": "Zed", "questioned": True,
                                                 "available": "visited x0"}},
        searches={"x0": {"place": "p0"}},
        events={"call": {"title": "A call", "lines": ["c0: It's me."]}},
        terms={"zed": {"words": ["Zed"], "taught_by": ["x0"]}})
    assert [(use.owner, use.kind) for use, _ in explore(story).leaks] == [("call", "event")]


SECRET_SPEAKER = Path(__file__).resolve().parents[1] / "fixtures" / "secret_speaker"


def test_a_secret_speakers_small_talk_does_not_multiply_the_states() -> None:
    """A case an author wrote from the docs (a fête and a poisoning): Gerald's name is a term,
    and he has eleven pairs of small talk (a topic sets a flag, a `once` topic reads it). The
    name above each of his lines was judged for each topic, which made every flag his topics
    read a fact of the search: 36,872 states and 17 s. It is judged once, at the character."""
    from game.storyfiles.loader import load_story
    found = explore(load_story(SECRET_SPEAKER))
    assert found.states < 500, found.states
    assert found.leaks == [] and not found.limit_hit


def test_a_first_version_is_not_seen_before_anyone_can_sit_down_with_its_teller() -> None:
    # Zed's first version is his from the start, but its account is shown only once heard,
    # and he can be questioned only once his name is taught.
    story = _tiny_story(
        characters={"me": {"name": "Me"},
                    "c0": {"name": "Zed", "questioned": True, "available": "visited x0",
                           "initial": "calm",
                           "states": {"calm": {"label": "Calm", "account": "Zed says so."}}}},
        searches={"x0": {"place": "p0"}},
        terms={"zed": {"words": ["Zed"], "taught_by": ["x0"]}})
    assert explore(story).leaks == []


def test_an_answer_is_seen_only_once_a_group_that_takes_it_is_on_the_board() -> None:
    # The answer names Zed and has no `when` of its own, but its only group shows up once
    # Zed's name is taught: no leak.
    story = _tiny_story(
        searches={"x0": {"place": "p0", "gives": ["e0"]}},
        board={"g": {"title": "G", "when": "has e0",
                     "blanks": {"who": {"question": "Who?", "answer": "zed"}}}},
        answers={"zed": {"text": "Zed"}, "nobody": {"text": "Nobody"}},
        terms={"zed": {"words": ["Zed"], "taught_by": ["e0"]}})
    assert explore(story).leaks == []
