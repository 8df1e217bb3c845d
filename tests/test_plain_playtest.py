"""What a play-tester of the line mode ran into: an option of the hearing named before it, and
names that fit several things."""

from __future__ import annotations

import pytest

from game.presentation import build
from game.storyfiles.loader import load_story
from tests.conftest import MINI
from tests.test_plain_testimony import Player


@pytest.fixture(scope="module")
def mini():
    return load_story(MINI)


@pytest.mark.parametrize("typed", ["choose 1", "choose accuse", "choose"])
def test_before_the_hearing_choose_names_no_option_of_it(mini, typed):
    player = Player(mini)
    said = player.type(typed)
    assert said == "There is nothing to choose until the hearing.\n"
    assert player.type("yes").startswith("Unknown command")  # nothing was waiting for a yes


def test_a_typo_is_matched_against_the_commands_help_lists(mini):
    player = Player(mini)
    assert player.type("answrs") == "Unknown command 'answrs'. Type 'help' for the list.\n"
    assert player.type("by") == "Unknown command 'by'. Type 'help' for the list.\n"
    said = player.type("serch")
    assert said.startswith("Unknown command 'serch'.") and "search" in said
    assert "Did you mean: hearing" in player.type("hearng")
    help_text = player.type("help")
    for word in player.game.command_words():
        assert word in help_text, word


def test_talking_to_nobody_by_that_name_and_reading_what_is_not_held(mini):
    player = Player(mini)
    assert player.type("talk zed") == "No 'zed' to talk to now.\n"
    assert player.type("read 99") == "You hold no '99': type 'evidence' for what you hold.\n"
    assert player.type("read") == "Read what? Type 'evidence' for what you hold.\n"


def test_a_board_with_nothing_on_it_yet_says_so_and_counts_no_groups(bundled_story):
    player = Player(bundled_story)
    assert not player.game.session.board_groups()  # the case puts its questions up later
    assert player.type("board") == ("Nothing is on the deduction board yet: what you learn "
                                    "will put questions on it.\n")
    assert "Deduction board: nothing on it yet.\n" in player.type("status")


@pytest.mark.parametrize(("title", "inside"), [
    ("The journalist's photos", "the journalist's photos"), ("A tube of glue", "a tube of glue"),
    ("CCTV: the front entrance", "CCTV: the front entrance"), ("Anya's phone", "Anya's phone"),
    ("Theatre tickets", "Theatre tickets")])
def test_an_objection_names_the_evidence_in_the_sentence_without_a_verb_to_agree(title, inside):
    from game.engine.text import in_sentence
    assert in_sentence(title) == inside


def test_a_topic_keeps_its_number_from_visit_to_visit_while_the_version_holds():
    from game.presentation.build import TopicOrder
    order = TopicOrder()
    assert order.arrange("tom", "lying", ["cake", "night", "mercier"]) == \
        ["cake", "night", "mercier"]
    assert order.arrange("ann", None, ["garden"]) == ["garden"]
    # Back with Tom, the one-time topics asked: Mercier is still 3, a new topic comes after.
    assert order.arrange("tom", "lying", ["mercier", "ledger"]) == \
        ["cake", "night", "mercier", "ledger"]
    # A new version starts again, in the story's order.
    assert order.arrange("tom", "honest", ["ledger", "mercier"]) == ["ledger", "mercier"]


def test_after_the_ending_the_report_matches_the_interface_and_the_game_goes_on(mini):
    player = Player(mini, "search bedroom", "talk Tom", "ask the afternoon", "present Crumbs",
                    "ask 1", "hearing", "yes", "choose accuse", "choose 1")
    said = player.type("yes")
    assert "  Tom: 2 of 2 versions heard\n" in said
    assert said.endswith(f"This case has {len(mini.endings)} endings. Type 'restart' to play it "
                         "again, 'undo' to take back your last choice, or 'quit'.\n")
    assert player.game.session.over
    assert player.type("status").startswith("The case is over:")
    assert player.type("undo").startswith("Undone: choose \u201cBake another.\u201d Ended:")
    assert not player.game.session.over


def test_past_scenes_are_listed_newest_first_and_read_again(mini):
    player = Player(mini, "search bedroom")
    listed = player.type("scenes")
    assert listed.startswith("The case so far (newest first):\n  1. ")
    assert listed.endswith("  2. Prologue\nType 'scenes <number>' to read one again.\n")
    again = player.type("scenes 2")
    assert again.startswith("-- Prologue (read again) --\nSomeone ate the cake.\n")
    assert player.type("scenes 3") == "No scene '3': they are numbered 1 to 2.\n"
    assert player.type("scenes x") == "No scene 'x': they are numbered 1 to 2.\n"


def test_topics_keep_their_numbers_when_the_player_leaves_and_comes_back(bundled_story):
    player = Player(bundled_story, "talk vincent", "ask 1")
    before = player.type("topics")
    player.type("leave")
    player.type("talk vincent")
    assert player.type("topics") == before
    assert "  1. Vincent, after twenty-five years  (asked)\n" in before


def test_a_place_keeps_its_number_when_one_written_before_it_opens():
    from game.presentation.build import ArrivalOrder
    order = ArrivalOrder()
    assert order.arrange(["flat", "office"]) == ["flat", "office"]
    # The shelter is written first in the case, but opens last: it goes at the end.
    assert order.arrange(["shelter", "flat", "office"]) == ["flat", "office", "shelter"]
    assert order.arrange(["shelter", "office"]) == ["office", "shelter"]


def test_search_by_number_follows_the_places_as_listed(bundled_story):
    player = Player(bundled_story)
    game = player.game
    listed = player.type("places")
    shown = build.board(game.session, game.place_order).places
    assert listed.splitlines()[1] == f"  1. {shown[0].label}  (new)"  # not searched yet
    assert game.numbered("search", "1") == shown[0].action.target


def test_reading_a_document_gives_what_the_locker_gives(mini):
    player = Player(mini, "search bedroom", "talk tom", "present crumbs", "leave")
    said = player.type("read crumbs")
    summary = mini.evidence["crumbs"].summary
    assert said.startswith("Crumbs\nShown to: Tom\n" + (f"{summary}\n" if summary else ""))


SECRET_SPEAKER = MINI.parent / "secret_speaker"  # Gerald's name is a term, taught later


def test_someone_whose_name_is_not_learned_yet_is_not_listed_by_it():
    player = Player(load_story(SECRET_SPEAKER))
    status = player.type("status")
    assert "Edith Pryce" in status and "Gerald" not in status


def test_the_case_report_counts_versions_heard_and_names_no_one_unlearned():
    from game.presentation.casebook import case_report
    story = load_story(SECRET_SPEAKER)
    player = Player(story)
    report = case_report(story, player.game.session.state)
    # Nobody has been questioned: no version counted, though each is in a first state.
    assert ("Edith Pryce", 0, 3) in report.versions
    assert not any("Gerald" in name for name, _, _ in report.versions)
    assert "someone whose name you never learned" in report.missed_people
    assert not any("Gerald" in name for name in report.missed_people)


def test_a_number_past_the_list_names_no_topic_and_one_asked_says_so(bundled_story):
    player = Player(bundled_story, "talk vincent", "ask 1")
    said = player.type("ask 9")
    assert said == "No '9' to ask now.\n"
    assert player.type("ask 1") == ("You have asked about \u201cVincent, after twenty-five "
                                    "years\u201d already: there is nothing more to it now.\n")


def test_places_are_marked_and_a_new_one_is_announced(mini):
    player = Player(mini)
    assert player.type("places") == "Places you can search:\n  1. Tom's bedroom  (new)\n"
    player.type("search bedroom")
    assert player.type("places") == "Places you can search:\n  1. Tom's bedroom  (searched)\n"


def test_at_the_hearing_nobody_is_said_to_be_questionable(mini):
    player = Player(mini, "search bedroom", "talk Tom", "ask the afternoon", "present Crumbs",
                    "ask 1", "hearing", "yes")
    status = player.type("status")
    assert status.startswith("You are at the hearing.")
    assert "can be questioned" not in status and "not reachable" not in status


def test_a_mistyped_save_name_gets_a_suggestion(mini, tmp_path):
    import io

    from game.persistence.slots import SaveFolder
    from game.plain import PlainGame
    out = io.StringIO()
    game = PlainGame(mini, out, folder=SaveFolder.open(tmp_path))
    game.begin()
    game.handle("save before_truth")
    start = len(out.getvalue())
    game.handle("load befor_truth")
    said = out.getvalue()[start:]
    assert said.startswith("Cannot load 'befor_truth':") and "Did you mean: before_truth" in said


def test_a_restart_shows_the_content_note_as_each_new_game_does(tmp_path):
    from tests.conftest import mini_with_content_note
    player = Player(load_story(mini_with_content_note(tmp_path / "case")), "search bedroom")
    player.type("restart")
    assert player.type("yes").startswith("\nContent note: It tells of a stolen cake.\n\n")


def test_the_three_hints_of_a_question_each_say_more(bundled_story):
    player = Player(bundled_story, "talk vincent")
    said = [player.type("hint").split("  (")[0] for _ in range(3)]
    assert len(set(said)) == 3, said
    assert said[1] == "Vincent has something new to tell you: a topic marked new."
    assert said[2].startswith("Ask Vincent about \u201c")


def test_a_restart_asks_first_and_says_when_the_autosave_changes(mini, tmp_path):
    import io

    from game.persistence.slots import SaveFolder
    from game.plain import PlainGame
    out = io.StringIO()
    game = PlainGame(mini, out, folder=SaveFolder.open(tmp_path))
    game.begin()
    game.handle("search bedroom")
    game.handle("restart")
    assert out.getvalue().endswith(
        "Start the case again from the beginning? The new game's first action replaces the "
        "autosave: to keep this game, save it first. (yes/no)\n")
    autosaved = {info.slot: info.label for info in SaveFolder.open(tmp_path).slots()}
    game.handle("yes")
    # Only looking at the new game loses nothing: the autosave is still the old game's.
    assert {info.slot: info.label for info in SaveFolder.open(tmp_path).slots()} == autosaved
