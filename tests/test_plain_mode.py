"""The plain line mode, driven as a player's script would drive it: a subprocess on pipes."""

import subprocess
import sys
import tempfile

from tests.conftest import MINI, mini_with_content_note


def play(commands: str | bytes, case=MINI, saves=None, *extra: str) -> subprocess.CompletedProcess:
    """Run the line mode; its autosaves go to `saves` (a fresh folder if not given)."""
    data = commands.encode() if isinstance(commands, str) else commands
    with tempfile.TemporaryDirectory(prefix="detective-saves-") as fresh:
        return subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--saves",
                               str(saves or fresh), *extra, str(case)],
                              input=data, capture_output=True, timeout=60)


def test_a_whole_case_by_names_and_numbers():
    result = play("search bedroom\ntalk Tom\nask the afternoon\npresent Crumbs\nask 1\n"
                  "hearing\nyes\nchoose accuse\nchoose 1\nyes\n")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "Tom: Asleep. All afternoon." in out
    assert "*** Tom's story changes ***\nBroken by: Crumbs" in out
    assert "Honest" not in out.split("*** Tom's story changes ***")[1].split("(New to ask")[0]
    # A new version of Tom's story starts the list again, in the story's order.
    assert "(New to ask: 1. The cake)" in out
    assert "=== Ending: Solved ===" in out
    assert "Evidence found: 1 of 3" in out
    assert result.stderr == b""


def test_typos_get_suggestions():
    out = play("seach bedroom\ntalk tomm\ntalk tom\nask teh afternon\n").stdout.decode()
    assert "Unknown command 'seach'. Type 'help' for the list. Did you mean: search?" in out
    assert "No 'tomm' to talk to now. Did you mean: Tom?" in out
    assert "No 'teh afternon' to ask now. Did you mean: The afternoon?" in out


def test_refusals_explain_themselves():
    out = play("ask anything\ntalk ann\nhearing\ntalk tom\npresent plate\n").stdout.decode()
    assert "You are not questioning anyone: talk to someone first." in out
    assert "Ann cannot be questioned yet." in out
    assert "The hearing is not set yet" in out
    assert "You do not hold any evidence called 'plate'." in out


def test_hostile_input_never_raises_and_end_of_input_exits_zero():
    hostile = b"\n".join([
        b"", b"   ", b"\x00\x01\x02\x1b[31m", b"x" * 100_000, b"talk " + b"y" * 100_000,
        "ask \u202e\u0000ünïcödé".encode(), b"present", b"choose", b"read", b"notebook nobody",
        b"\xff\xfe invalid utf-8", b"search ../../etc/passwd", b"talk (", b"ask 999999999999",
    ])
    result = play(hostile)
    assert result.returncode == 0
    assert b"Traceback" not in result.stdout + result.stderr
    assert result.stderr == b""
    # every line got an answer: the 100,000-character ones are refused with their length
    assert result.stdout.count(b"That line is 100,000 characters long; a command has at most "
                               b"2,000. Nothing was done.") == 1
    assert b"That line is 100,005 characters long" in result.stdout


def test_no_colour_codes_when_output_is_not_a_terminal():
    result = play("talk tom\nask 1\n")
    assert b"\x1b[" not in result.stdout


def test_quit_exits_zero():
    result = play("quit\nstatus\n")
    assert result.returncode == 0
    assert "You are between visits" not in result.stdout.decode()


def test_broken_story_is_refused_with_diagnostics_not_a_traceback(tmp_path):
    (tmp_path / "case.toml").write_text("[case\n", encoding="utf-8")
    result = play("status\n", case=tmp_path)
    assert result.returncode == 1
    assert b"E001" in result.stderr and b"Traceback" not in result.stderr


def test_a_testimony_is_pressed_objected_to_and_the_board_filled():
    from tests.conftest import ROOT

    case = ROOT / "tests" / "fixtures" / "deduction_case"
    result = play("search hall\ntalk max\npress 1\nobject 1 with glue\nobject garden with photo\n"
                  "object 9 with glue\nleave\nfill who with ada\nfill when with ten past three\n"
                  "fill who with max\n", case)
    out = result.stdout.decode()
    assert result.returncode == 0 and result.stderr == b""
    assert "[Evidence found: A tube of glue. Type 'read 1' to read it.]" in out
    assert "[Evidence found: A photo of the hall. Type 'read 2' to read it.]" in out
    # He tells his testimony as he sits down: the mood of the story he tells comes with it.
    assert "You sit down across from Max. (calm)" in out
    assert "Max: Ask anyone. I was pruning the roses." in out
    assert "That proves nothing against it. Credibility: 2 left.\nMax: Glue? Everyone has glue." \
        in out
    assert "Objection! Proved false by a photo of the hall." in out
    assert "No statement '9' now." in out
    assert "Something in that group is not right. 0 of 1 group confirmed." in out
    assert "Confirmed: What happened. 1 of 1 group confirmed." in out


def test_on_a_narrow_terminal_the_help_keeps_its_lines(mini_story):
    """Wrapping is line by line: the help's table is not run together into one paragraph."""
    import io

    from game.plain import PlainGame, help_text

    out = io.StringIO()
    PlainGame(mini_story, out, width=60).handle("help")
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert "  status              where you are and how the case stands" in lines
    assert "  testimony           what the person in the chair is" in lines
    assert "    telling you, statement by statement," in lines
    assert len(lines) > len(help_text(mini_story).splitlines())


def test_the_content_note_comes_before_a_new_game_with_the_choice_to_go_back(tmp_path):
    import io

    from game.plain import PlainGame
    from game.storyfiles.loader import load_story

    case = mini_with_content_note(tmp_path / "case")
    # A script cannot answer: the note is shown, and the game begins.
    out = play("status\n", case).stdout.decode()
    assert out.startswith("Content note: It tells of a stolen cake.\n\nThe Missing Cake")
    # A player at a terminal answers; anything but yes or no (Enter alone too) asks again, no
    # goes back, and so does the end of input.
    story = load_story(case)
    for answers, asked, begun in (("maybe\nno\n", 2, False), ("yes\nquit\n", 1, True),
                                  ("\n\nyes\nquit\n", 3, True), ("\n", 2, False)):
        shown = io.StringIO()
        assert PlainGame(story, shown).run(io.StringIO(answers), prompt=True) == 0
        said = shown.getvalue()
        assert said.count("Go on? (yes/no)") == asked
        assert ("Someone ate the cake." in said) is begun
        assert ("You leave the case closed." in said) is not begun
    # Continuing a saved game does not show it again.
    saves = tmp_path / "saves"
    play("search bedroom\nsave one\n", case, saves)
    out = play("status\n", case, saves, "--load", "one").stdout.decode()
    assert "Content note" not in out
