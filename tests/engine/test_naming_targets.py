"""How a typed name picks one target: a blank by its own id even when its group's id begins the
same way, and a name that fits several targets is answered with those targets, not with
"no such thing"."""

from __future__ import annotations

from game.engine.commands import match_target, matches, not_one

BLANKS = [("who_took_it.who", "Who took the violin?"),
          ("who_took_it.where", "Where is it now?")]
TOPICS = [("mara_night", "The night of the theft"), ("mara_nightclub", "The nightclub"),
          ("mara_violin", "Her violin")]


def test_a_blank_is_named_by_its_own_id_whatever_its_group_is_called():
    assert match_target("who", BLANKS) == "who_took_it.who"
    assert match_target("where", BLANKS) == "who_took_it.where"
    assert match_target("who_took_it.where", BLANKS) == "who_took_it.where"
    assert match_target("2", BLANKS) == "who_took_it.where"


def test_a_blank_id_shared_by_two_groups_is_not_guessed():
    blanks = [("theft.who", "Who took it?"), ("return.who", "Who brought it back?")]
    assert match_target("who", blanks) is None
    assert matches("who", blanks) == ["theft.who", "return.who"]
    assert not_one("who", blanks, "none") == \
        "'who' fits more than one: 'Who took it?', 'Who brought it back?'. Say which."


def test_an_exact_name_wins_over_a_longer_one_that_contains_it():
    assert match_target("the night of the theft", TOPICS) == "mara_night"
    assert match_target("nightclub", TOPICS) == "mara_nightclub"


def test_a_part_that_fits_several_names_them_and_one_that_fits_none_says_so():
    assert match_target("night", TOPICS) is None
    assert not_one("night", TOPICS, "No 'night' to ask now.") == \
        "'night' fits more than one: 'The night of the theft', 'The nightclub'. Say which."
    assert not_one("cello", TOPICS, "No 'cello' to ask now.") == "No 'cello' to ask now."
    assert match_target("violin", TOPICS) == "mara_violin"


def test_a_name_that_fits_several_suggests_nothing_more_and_one_that_fits_none_suggests():
    from game.engine.commands import unmatched
    several = unmatched("night", TOPICS, "none")
    assert several.action is None and several.suggestions == ()
    assert several.error.startswith("'night' fits more than one")
    typo = unmatched("violn", TOPICS, "No 'violn' to ask now.")
    assert (typo.error, typo.suggestions) == ("No 'violn' to ask now.", ("Her violin",))


def test_a_mistyped_word_of_a_condition_is_named_with_the_word_meant():
    import pytest

    from game.engine.conditions import ConditionError, parse_condition
    cases = {"visted guard_rounds": ("`visted` is not a word of conditions; did you mean "
                                     "`visited`?", 0),
             "tom reachd honest": ("expected `is` or `reached` after `tom`; did you mean "
                                   "`reached`?", 4),
             "has a && has b": ("unexpected `&&`; did you mean `and`?", 6),
             "has a || flag b": ("unexpected `||`; did you mean `or`?", 6),
             "tom x": ("expected `is` or `reached` after `tom` (or did you mean `flag tom`?)",
                       4)}
    for text, (message, offset) in cases.items():
        with pytest.raises(ConditionError) as caught:
            parse_condition(text)
        assert (str(caught.value), caught.value.offset) == (message, offset), text
