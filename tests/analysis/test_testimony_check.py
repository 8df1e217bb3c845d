"""`detective check` on testimony, objections, credibility and the board: what it proves, what
it reports (C005, C009-C011), and that presses and credibility do not multiply its states."""

import re
from pathlib import Path

import pytest

from game.analysis.check import explore_problems
from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.session import Session
from game.storyfiles.loader import load_story

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "deduction_case" / "case.toml"
pytestmark = pytest.mark.timeout(60)


def variant(tmp_path: Path, *changes: tuple[str, str], more: str = ""):
    """The testimony fixture with `old` replaced by `new` (each must be there), plus `more`."""
    text = FIXTURE.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    folder = tmp_path / "case"
    folder.mkdir(parents=True)
    (folder / "case.toml").write_text(text + more)
    return load_story(folder)


def checked(story):
    problems, paths, states = explore_problems(story, 100_000)
    return [f"{d.line} {d.code} {d.message}" for d in problems], paths, states


def play_commands(story, commands: list[str]) -> Session:
    session = Session(story)
    session.begin()
    for command in commands:
        verb, _, rest = command.partition(" ")
        resolved = resolve(session, verb, rest)
        assert resolved.action is not None, (command, resolved.error)
        events = session.perform(resolved.action)
        assert not any(isinstance(e, ev.Refused) for e in events), command
    return session


def test_the_fixture_checks_clean_and_each_shortest_way_plays_for_real(tmp_path):
    story = variant(tmp_path)
    problems, paths, _ = checked(story)
    assert problems == []
    assert set(paths) == {"solved", "shrug"}
    for ending, commands in paths.items():
        assert play_commands(story, commands).state.ending == ending


def test_a_way_that_needs_the_credibility_gone_is_played_for_real(tmp_path):
    story = variant(tmp_path, ('ending = "shrug"', 'ending = "shrug"\nwhen = "credibility = 0"'),
                    ('available = "max reached admits or credibility = 0"',
                     'available = "max reached admits and confirmed what_happened or '
                     'credibility = 0"'))
    problems, paths, _ = checked(story)
    assert problems == []
    # Its way makes real objections that prove nothing, after finding something to object
    # with (there is nothing at the start), and it plays.
    assert paths["shrug"][0] == "search hall"
    assert sum(c.startswith("object") for c in paths["shrug"]) == 3
    assert play_commands(story, paths["shrug"]).state.ending == "shrug"
    # The way to the good ending wastes nothing.
    assert "object max_garden with photo" in paths["solved"]
    assert sum(c.startswith("object") for c in paths["solved"]) == 1


def test_a_contradiction_whose_evidence_comes_only_after_its_version_is_reported(tmp_path):
    story = variant(
        tmp_path,
        ('gives = ["glue", "photo"]', 'gives = ["photo"]'),
        more='\n[search.hall_late]\nplace = "hall"\nwhen = "max reached admits"\n'
             'lines = ["The glue, at last."]\ngives = ["glue"]\n')
    problems, _, _ = checked(story)
    assert len(problems) == 1 and " C010 " in problems[0], problems
    line = int(problems[0].split()[0])
    assert FIXTURE.read_text().splitlines()[line - 1] == "[statement.max_mended]"
    assert "`glue` is never held" in problems[0]


def test_a_statement_never_said_is_reported_at_its_table(tmp_path):
    story = variant(tmp_path, more='\n[statement.max_never]\ncharacter = "max"\n'
                                   'version = "denies"\nwhen = "max reached admits"\n'
                                   'text = "Never."\n')
    problems, _, _ = checked(story)
    assert [p.split()[1] for p in problems] == ["C009"], problems
    assert "statement `max_never` is never said" in problems[0]


def test_a_group_whose_right_answer_never_appears_is_reported(tmp_path):
    # Credibility never exceeds 3 in this case: the answer is never offered.
    story = variant(tmp_path, ('when = "has photo"', 'when = "has photo and credibility > 5"'))
    problems, _, _ = checked(story)
    codes = [p.split()[1] for p in problems]
    assert "C011" in codes, problems
    assert "C004" in codes  # and so `solved`, which needs the group, is never reached


def test_running_out_of_credibility_without_a_way_to_an_ending_is_a_softlock(tmp_path):
    story = variant(tmp_path, ('available = "max reached admits or credibility = 0"',
                               'available = "max reached admits"'))
    problems, _, _ = checked(story)
    assert [p.split()[1] for p in problems] == ["C005"], problems
    # Said as it is: the way there spends the credibility on objections that prove nothing.
    assert "no ending can be reached once objections that prove nothing have spent the " \
        "credibility; the first after: " in problems[0]
    # Shown as a player would get there: real wrong objections, after finding evidence.
    path = problems[0].split("the first after: ")[1].split("; ")
    assert path[0] == "search hall" and path.count("talk max") == 1
    assert play_commands(story, path).state.credibility == 0


CLAMS_UP = ('[statement.max_garden]\ncharacter = "max"\nversion = "denies"\n',
            '[statement.max_garden]\ncharacter = "max"\nversion = "denies"\n'
            'when = "credibility >= 2"\n')


def test_a_witness_who_clams_up_at_low_credibility_is_explored_at_each_level(tmp_path):
    # Max stops saying it once credibility is low: the contradiction must be made before, and
    # the family meets once it is low, so the game can still be finished.
    story = variant(tmp_path, CLAMS_UP, ("credibility = 0", "credibility < 2"))
    problems, paths, _ = checked(story)
    assert problems == [], problems
    assert set(paths) == {"solved", "shrug"}


def test_a_game_finished_only_by_wasting_more_credibility_is_a_softlock(tmp_path):
    # At credibility 1 the statement that breaks Max is no longer said and the meeting waits
    # for 0: the player would have to make objections they know are wrong.
    story = variant(tmp_path, CLAMS_UP)
    problems, _, _ = checked(story)
    assert [p.split()[1] for p in problems] == ["C005"], problems
    assert problems[0].endswith("object max_garden with glue; object max_garden with glue")


def test_presses_and_credibility_do_not_multiply_states(tmp_path):
    base = checked(variant(tmp_path / "a"))[2]
    presses = "".join(f'\n[statement.max_extra_{n}]\ncharacter = "max"\nversion = "denies"\n'
                      f'text = "Another thing, number {n}."\n'
                      f'[statement.max_extra_{n}.press]\nlines = ["max: Nothing more."]\n'
                      for n in range(12))
    with_presses = checked(variant(tmp_path / "b", more=presses))
    assert with_presses[0] == []
    assert with_presses[2] == base
    patient = checked(variant(tmp_path / "c", ("credibility = 3", "credibility = 60")))
    assert patient[0] == []
    assert patient[2] == base


def test_an_ending_found_only_by_impossible_waste_is_not_claimed(tmp_path):
    # Nothing can ever be objected to with anything that proves nothing: the only evidence
    # bears on the only statement. `shrug` needs the credibility gone: it is never reached,
    # and check must not print a way to it.
    text = FIXTURE.read_text()
    start = text.index("[statement.max_mended]")
    end = text.index("[board.what_happened]")
    story = variant(tmp_path, (text[start:end], ""),
                    ('gives = ["glue", "photo"]', 'gives = ["photo"]'),
                    ('ending = "shrug"', 'ending = "shrug"\nwhen = "credibility = 0"'),
                    more='\n[statement.max_sorry]\ncharacter = "max"\nversion = "admits"\n'
                         'text = "Sorry."\n[statement.max_sorry.contradiction]\n'
                         'evidence = ["photo"]\n')
    problems, paths, _ = checked(story)
    assert "shrug" not in paths
    assert any(re.search(r"C00[48] .*`shrug`", p) for p in problems), problems
