from types import SimpleNamespace

import pytest

from game.engine.conditions import ConditionError, parse_condition


def facts(**overrides):
    base = dict(held={}, presented=set(), states={}, reached=set(), flags=set(), visited={},
                fired={})
    base.update(overrides)
    return SimpleNamespace(**base)


@pytest.mark.parametrize(("text", "expected"), [
    ("true", True),
    ("false", False),
    ("has knife", True),
    ("has rope", False),
    ("presented knife to anya", True),
    ("presented knife to tom", False),
    ("anya is v2", True),
    ("anya is v1", False),
    ("anya reached v1", True),
    ("flag hired", True),
    ("visited intro_talk", True),
    ("fired dna", False),
    ("not fired dna", True),
    ("has rope or has knife", True),
    ("has rope and has knife", False),
    ("not (has rope or flag nope) and anya is v2", True),
    ("has rope or has knife and flag nope", False),  # `and` binds tighter than `or`
    ("(has rope or has knife) and flag hired", True),
])
def test_evaluates(text, expected):
    state = facts(held={"knife": 1}, presented={("knife", "anya")}, states={"anya": "v2"},
                  reached={("anya", "v1"), ("anya", "v2")}, flags={"hired"},
                  visited={"intro_talk": 1})
    assert parse_condition(text)(state) is expected


def test_refs_name_every_id_with_its_kind():
    condition = parse_condition("presented dna to anya and anya is v1 or fired ev")
    kinds = [(r.kind, r.name) for r in condition.refs]
    assert kinds == [("evidence-presented", "dna"), ("character-presented", "anya"),
                     ("character", "anya"), ("state", "v1"), ("event", "ev")]
    assert list(condition.presented_pairs()) == [("dna", "anya")]


@pytest.mark.parametrize(("text", "offset", "fragment"), [
    ("", 0, "empty"),
    ("has", 3, "evidence id"),
    ("has (x)", 4, "evidence id"),
    ("has x and", 9, "ends too soon"),
    ("(has x", 6, "missing `)`"),
    ("has x)", 5, "unexpected `)`"),
    ("anya v1", 5, "expected `is` or `reached`"),
    ("presented x anya", 12, "expected `to`"),
    ("has x == 1", 6, "unexpected `==`"),
    ("__import__('os')", 0, "unexpected"),
    ("has X", 4, "unexpected `X`"),
])
def test_rejects_with_offset(text, offset, fragment):
    with pytest.raises(ConditionError) as caught:
        parse_condition(text)
    assert caught.value.offset == offset
    assert fragment in str(caught.value)
