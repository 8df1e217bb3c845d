"""The line mode's testimony and deduction board, played on the deduction fixture: Max says he
was in the garden (the photo proves it false) and that nobody tried to mend anything (the glue
proves it false); the board asks who broke the vase, and when."""

from __future__ import annotations

import io

import pytest

from game.engine.commands import resolve
from game.engine.session import Action, Session
from game.plain import PlainGame, completions
from game.storyfiles.loader import load_story
from tests.conftest import ROOT
from tests.test_plain_mode import play

CASE = ROOT / "tests" / "fixtures" / "deduction_case"
TAUGHT = ("(Max's testimony has 2 statements: 'testimony' lists them; 'press <number>', "
          "'object <number> with <evidence>'.)")


@pytest.fixture(scope="module")
def story():
    return load_story(CASE)


class Player:
    """A line-mode game in this process: `type` a line, get back what it said."""

    def __init__(self, story, *lines: str) -> None:
        self.out = io.StringIO()
        self.game = PlainGame(story, self.out)
        self.game.begin()
        for line in lines:
            self.type(line)

    def type(self, line: str) -> str:
        start = len(self.out.getvalue())
        self.game.handle(line)
        return self.out.getvalue()[start:]


def test_sitting_down_tells_the_testimony_then_says_once_how_to_use_it(story):
    player = Player(story, "search hall")
    said = player.type("talk max")
    assert said == ("You sit down across from Max. (calm)\n"
                    "Max: I was in the garden all afternoon.\n"
                    "Max: Nobody has tried to mend anything.\n" + TAUGHT + "\n")
    player.type("leave")
    again = player.type("talk max")
    assert again.endswith("(Max's testimony has 2 statements: 'testimony' lists them.)\n")
    assert "press <number>" not in again
    # A witness with nothing to ask is not introduced with "nothing more to ask".
    assert "nothing more to ask" not in said + again


def test_the_testimony_lists_each_statement_with_its_marks_and_the_credibility(story):
    player = Player(story, "search hall", "talk max")
    assert player.type("testimony") == (
        "Max's testimony (Nowhere near it):\n"
        "  1. I was in the garden all afternoon.\n"
        "  2. Nobody has tried to mend anything.\n"
        "Credibility: 3 of 3.\n")
    assert player.type("press 1") == "Max: Ask anyone. I was pruning the roses.\n"
    wrong = player.type("object 1 with glue")
    assert wrong == ("That proves nothing against it. Credibility: 2 left.\n"
                     "Max: Glue? Everyone has glue.\n")
    right = player.type("object mend with the glue")
    assert right.startswith("Objection! Proved false by a tube of glue.\n")
    assert player.type("statements") == (
        "Max's testimony (Nowhere near it):\n"
        "  1. I was in the garden all afternoon.  (pressed)\n"
        "  2. Nobody has tried to mend anything.  (proved false with A tube of glue)\n"
        "Credibility: 2 of 3.\n")
    status = player.type("status")
    assert "Credibility: 2 of 3.\nDeduction board: 0 of 1 confirmed (type 'board').\n" in status


def test_a_new_version_says_its_testimony_has_changed_and_numbers_start_again(story):
    player = Player(story, "search hall", "talk max")
    said = player.type("object garden with 2")
    # An objection that breaks the story is a break: said, with what broke it, never what
    # the new story is before he tells it.
    assert said.endswith("*** Max's story changes ***\nBroken by: A photo of the hall\n"
                         "Max: I knocked it with my elbow. I'm sorry.\n"
                         "(Max's testimony now has 1 statement: 'testimony' lists them.)\n")
    assert player.type("testimony") == ("Max's testimony (It was me):\n"
                                        "  1. I knocked it with my elbow. I'm sorry.\n"
                                        "Credibility: 3 of 3.\n")
    assert player.type("press 2") == "No '2' to press now.\n"
    assert player.type("doubt 2 no") == "No statement 2 in the testimony: it has 1.\n"


def test_out_of_credibility_the_meter_says_so_and_objections_are_refused(story):
    player = Player(story, "search hall", "talk max", "object 1 with glue", "object 2 with photo")
    assert "Credibility: 0 left." in player.type("object 1 with glue")
    assert player.type("testimony").endswith(
        "Credibility: 0 of 3: no one will hear another objection from you.\n")
    assert "Nobody will hear another objection from you" in player.type("object 1 with photo")


def test_doubts_and_notes_show_in_the_testimony_and_the_notebook(story):
    player = Player(story, "search hall", "talk max")
    assert player.type("doubt 2 the glue was bought this morning") == (
        "Marked doubtful: Nobody has tried to mend anything. Your note: the glue was bought "
        "this morning\n")
    # By its words, the note after a colon; or after the first words that name it.
    assert player.type("doubt the garden: he has mud on his boots").startswith(
        "Marked doubtful: I was in the garden all afternoon. Your note: he has mud on his boots")
    listed = player.type("testimony")
    assert "  1. I was in the garden all afternoon.  (doubted: he has mud on his boots)\n" in listed
    assert "  2. Nobody has tried to mend anything.  (doubted: the glue was bought this " \
        "morning)\n" in listed
    # Marked again without a note: the note stays.
    player.type("doubt 2")
    assert "(doubted: the glue was bought this morning)" in player.type("testimony")
    notebook = player.type("notebook max")
    assert ("  Nobody has tried to mend anything.\n"
            "    ? doubted: the glue was bought this morning\n") in notebook
    assert player.type("trust garden") == ("No longer marked doubtful: I was in the garden all "
                                           "afternoon.\n")
    assert "mud on his boots" not in player.type("notebook")
    assert player.type("trust garden") == "That statement is not flagged as doubtful.\n"
    # From outside the room, a statement heard is named by its words; a number means nothing.
    player.type("leave")
    assert player.type("doubt mend an odd thing to say") == (
        "Marked doubtful: Nobody has tried to mend anything. Your note: an odd thing to say\n")
    assert "name the statement by its words" in player.type("doubt 1")
    # What has not been heard is neither doubted nor given away in a suggestion.
    refused = player.type("doubt knocked it with my elbow")
    assert refused.startswith("No statement 'knocked it with my elbow' you have heard.")
    assert "sorry" not in refused.lower()
    assert player.type("doubt").startswith("Doubt what? Type 'doubt <statement> <note>'")


def test_doubts_are_saved_and_loaded_with_the_game(tmp_path):
    first = play("search hall\ntalk max\ndoubt 2 the glue is new\nsave doubts\n", CASE, tmp_path)
    assert "Saved as 'doubts'" in first.stdout.decode()
    second = play("testimony\nnotebook\nundo\n", CASE, tmp_path, "--load", "doubts")
    out = second.stdout.decode()
    assert second.returncode == 0 and second.stderr == b""
    assert "  2. Nobody has tried to mend anything.  (doubted: the glue is new)" in out
    assert "    ? doubted: the glue is new" in out


def test_undo_takes_a_doubt_back(story):
    player = Player(story, "search hall", "talk max", "doubt 1 no roses in March")
    assert player.type("undo").startswith(
        "Undone: mark \u201cI was in the garden all afternoon.\u201d doubtful. Questioning Max")
    assert "doubted" not in player.type("testimony")


def test_the_board_lists_groups_blanks_answers_and_a_confirmed_group(story):
    player = Player(story)
    assert player.type("board") == (
        "Deduction board: 0 of 1 group confirmed.\n"
        "What happened (not confirmed yet):\n"
        "  1. Who broke the vase? (empty)\n"
        "  2. When did it break? (empty)\n"
        "'board <number>' lists the answers for a blank; 'fill <number> with <answer>' writes "
        "one.\n")
    # An answer not yet known is not offered: the time comes with the photo.
    assert player.type("answers 2") == ("Blank 2, in What happened: When did it break? Empty.\n"
                                        "You can write:\n  1. At noon\n"
                                        "Type 'fill 2 with <answer>' (its words or its number).\n")
    player.type("search hall")
    assert "You can write:\n  1. At ten past three\n  2. At noon\n" in player.type("board when")
    assert player.type("fill 2 with 1") == ("You write \u201cAt ten past three\u201d in blank 2 "
                                            "(When did it break?). What happened: 1 blank still "
                                            "empty.\n")
    assert player.type("fill 1 with 2") == ("You write \u201cAda\u201d in blank 1 (Who broke the "
                                            "vase?).\nSomething in that group is not right. 0 "
                                            "of 1 group confirmed.\n")
    assert "What happened (not confirmed yet; 1 wrong try):\n  1. Who broke the vase? Ada\n" \
        in player.type("b")
    confirmed = player.type("fill who with max")
    assert "Confirmed: What happened. 1 of 1 group confirmed.\nAda: Max, at ten past three, by " \
        "the stairs.\n" in confirmed
    assert player.type("deduction") == ("Deduction board: 1 of 1 group confirmed.\n"
                                        "What happened (confirmed):\n"
                                        "  1. Who broke the vase? Max\n"
                                        "  2. When did it break? At ten past three\n"
                                        "  Max, at ten past three, by the stairs.\n")
    assert player.type("board 1") == ("Blank 1, in What happened: Who broke the vase? Written: "
                                      "Max.\nWhat happened is confirmed.\n")
    assert player.type("fill 1 with ada") == "'What happened' is confirmed already.\n"
    assert player.type("board 7").startswith("No blank '7' on the board: they are numbered 1 to 2")


def test_a_case_without_testimony_or_board_says_so(mini_story):
    player = Player(mini_story, "talk tom")
    assert player.type("board") == "This case has no deduction board.\n"
    assert player.type("testimony").startswith("This case has no testimony")
    assert "Credibility" not in player.type("status")


def test_tab_completes_the_new_commands_and_their_names(story):
    player = Player(story, "search hall", "talk max", "doubt 2")
    game = player.game
    assert completions(game, "tes") == ["testimony "]
    assert "board " in completions(game, "bo")
    assert completions(game, "doubt I") == ["doubt I was in the garden all afternoon."]
    assert completions(game, "trust ") == ["trust Nobody has tried to mend anything."]
    assert completions(game, "object 2 with ") == ["object 2 with A tube of glue",
                                                   "object 2 with A photo of the hall"]
    assert completions(game, "object 2 with a p") == ["object 2 with A photo of the hall"]
    assert completions(game, "fill 2 with ") == ["fill 2 with At ten past three",
                                                 "fill 2 with At noon"]
    assert completions(game, "board W") == ["board Who broke the vase?",
                                            "board When did it break?"]


def test_typos_of_the_new_commands_get_suggestions(story):
    player = Player(story)
    assert "Did you mean: testimony" in player.type("testimny")
    assert "Did you mean: board" in player.type("bord")
    assert "Did you mean: doubt" in player.type("dobut 1")


def test_walkthroughs_can_doubt_and_trust(story):
    session = Session(story)
    session.begin()
    for step in ("search hall", "talk max"):
        word, _, rest = step.partition(" ")
        session.perform(resolve(session, word, rest).action)
    assert resolve(session, "doubt", "2 the glue").action == Action("doubt", "max_mended",
                                                                    "the glue")
    assert resolve(session, "doubt", "garden: roses").action == Action("doubt", "max_garden",
                                                                       "roses")
    session.perform(Action("doubt", "max_mended", "the glue"))
    assert resolve(session, "trust", "mend").action == Action("trust", "max_mended")
    assert resolve(session, "doubt", "nothing like it").action is None
