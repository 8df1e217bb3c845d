"""What id is being typed where: read from the line as it is, the file half written."""

import re

import pytest

from game.lsp.condition_words import ATOM_START, Expected, names_in
from game.lsp.typing_slot import slot_at

TEXT = '''[case]
player = "h
intro = ["an

[character.anya]
initial = "v
available = "(flag ki

[[character.anya.transitions]]
from = "v1"
to = "
when = "presented dna to a

[statement.max_garden]
character = "max"
version = "d
[statement.max_garden.contradiction]
evidence = ["photo", "gl
gives = [
  "photo",
  "k
]
sets = ["ro

[reaction.r]
evidence = "dn
when = "anya reached v1 and not fired ev
lines = [
  "anya: No.",
  { when = "contradicted x or pressed ", text = "ma
]

[search.s]
place = "ha
when = "confirmed wh

[hearing.options.tell]
ending = "so

[term.t]
taught_by = ["ph
when = "visited t
# in a comment: when = "has x
note = "has x
lines = ["Narration: with a capital
'''
LINES = TEXT.split("\n")


def slot(line_start: str):
    """The slot at the end of the line that starts so."""
    number = next(n for n, line in enumerate(LINES) if line.startswith(line_start))
    return slot_at(LINES, number, len(LINES[number]))


@pytest.mark.parametrize(("line", "kind", "owner", "tables"), [
    ('player = "h', "character", "", ()),
    ('initial = "v', "state", "anya", ()),
    ('available = "(flag ki', "flag", "", ()),
    ('to = "', "state", "anya", ()),
    ('when = "presented dna to a', "character", "", ()),
    ('version = "d', "state", "max", ()),
    ('evidence = ["photo", "gl', "evidence", "", ()),
    ('  "k', "evidence", "", ()),
    ('sets = ["ro', "flag", "", ()),
    ('evidence = "dn', "evidence", "", ()),
    ('when = "anya reached v1 and not fired ev', "node", "", ("event",)),
    ('place = "ha', "place", "", ()),
    ('when = "confirmed wh', "group", "", ()),
    ('ending = "so', "ending", "", ()),
    ('taught_by = ["ph', "taught", "", ()),
    ('when = "visited t', "node", "", ("topic", "reaction", "search", "event")),
])
def test_the_key_and_the_words_before_say_what_is_typed(line, kind, owner, tables):
    found = slot(line)
    assert found is not None and found.quoted and not found.speaker
    assert found.expected == Expected(kind, tables, owner)
    typed = re.search(r"[a-z0-9_]*\Z", line).group()
    assert found.start == len(line) - len(typed)  # what is typed already is replaced


def test_a_line_of_dialogue_begins_with_a_speaker():
    found = slot('intro = ["an')
    assert found.speaker and found.expected == Expected("character") and found.start == 10
    inline = slot('  { when = "contradicted x or pressed ", text = "ma')
    assert inline.speaker and inline.start == len('  { when = "contradicted x or pressed ", '
                                                  'text = "')
    assert slot('lines = ["Narration: with a capital') is None
    statement = ["[statement.s]", 'text = "i']  # a statement's text is no line of dialogue
    assert slot_at(statement, 1, len(statement[1])) is None
    answers = ["[character.max.wrong_objection_with]", 'glue = ["ma']
    assert slot_at(answers, 1, len(answers[1])).speaker


def test_a_condition_in_a_line_table_and_an_atom_start():
    number = next(n for n, line in enumerate(LINES) if "pressed " in line)
    column = LINES[number].index("pressed ") + len("pressed ")
    assert slot_at(LINES, number, column).expected == Expected("node", ("statement",))
    number = LINES.index('available = "(flag ki')
    assert slot_at(LINES, number, len('available = "(')).expected is ATOM_START


def test_no_id_in_a_comment_in_prose_or_past_the_end():
    assert slot("# in a comment") is None
    assert slot('note = "has x') is None
    assert slot_at(LINES, 999, 0) is None
    unquoted = slot_at(['gives = [dn'], 0, len('gives = [dn'))
    assert not unquoted.quoted and unquoted.start == len("gives = [")


def test_the_names_of_a_condition_whether_or_not_it_parses():
    found = [(offset, name, e.kind, e.owner) for offset, name, e in
             names_in("anya is v1 and (has dna or presented knife to julie) and not flag "
                      "x and vist y")]
    assert found == [(0, "anya", "character", ""), (8, "v1", "state", "anya"),
                     (20, "dna", "evidence", ""), (37, "knife", "evidence", ""),
                     (46, "julie", "character", ""), (66, "x", "flag", "")]


def test_every_place_of_a_case_file_and_of_its_broken_prefixes_is_read_without_error():
    from tests.conftest import MINI

    text = (MINI / "case.toml").read_text("utf-8")
    for cut in (len(text), len(text) // 3, len(text) // 2 + 7):  # files cut mid-typing
        lines = text[:cut].split("\n")
        for number, line in enumerate(lines):
            for column in range(len(line) + 1):
                found = slot_at(lines, number, column)
                assert found is None or 0 <= found.start <= column
