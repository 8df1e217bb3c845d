"""`detective play` in a real pseudo-terminal: SIGTERM and SIGHUP leave the terminal as it was
found and exit 128 + the signal, and a hostile case's escapes never reach the terminal."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT
from tests.ptys import DEADLINE, Terminal
from tests.ui.test_hostile_tui import hostile_case

pytestmark = [pytest.mark.timeout(60),
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")]

# The OSC that sets the window title, its BEL, the screen clear, a C1 CSI (in UTF-8). The text
# after the ESC is still shown, after ESC's visible stand-in: "␛]0;pwned".
PAYLOADS = [b"\x1b]0;pwned", b"\x07", b"\x1b[2J", b"\xc2\x9b"]


def game_terminal(case: Path, saves: Path, python: list[str] | None = None) -> Terminal:
    """The game, played in a pseudo-terminal of 80x24."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("TEXTUAL", None)
    return Terminal([sys.executable, *(python or ["-m", "game"]), "play", str(case), "--saves",
                     str(saves)], env, ROOT)


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def start(case: Path = MINI, python: list[str] | None = None) -> Terminal:
        opened.append(game_terminal(case, tmp_path / "saves", python))
        return opened[-1]

    yield start
    for each in opened:
        each.close()


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_restores_the_terminal_and_exits_with_its_status(terminal, signum, status):
    game = terminal()
    game.wait_for(b"New game")
    assert not game.cooked()  # the game has the terminal raw
    game.process.send_signal(signum)
    assert game.exit_status() == status
    assert game.cooked()
    assert b"Traceback" not in game.output
    # The driver's own shutdown ran: the alternate screen left, the cursor shown again.
    assert game.output.rfind(b"\x1b[?1049l") > game.output.rfind(b"\x1b[?1049h")
    assert game.output.rfind(b"\x1b[?25h") > game.output.rfind(b"\x1b[?25l")


def test_a_signal_in_the_middle_of_a_game_keeps_its_autosave(terminal, tmp_path):
    game = terminal()
    game.wait_for(b"The Missing Cake")  # the case is open: the saves folder too
    game.press(b"\r", b"Someone ate the cake")
    game.press(b"\r", b"bedroom")  # the board, the people's list in focus
    game.press(b"1", b"Ask about")  # Tom's room: an action, autosaved
    game.process.send_signal(signal.SIGTERM)
    assert game.exit_status() == 143
    assert game.cooked()
    assert (tmp_path / "saves" / "autosave.mini.toml").is_file()


# `detective`, with every exception that reaches the top of a thread or of the program written to
# a file: once the terminal is gone, a traceback written to it could not be read.
LOGGED = """
import sys, threading, traceback
LOG = sys.argv.pop(1)
def log(kind, error):
    with open(LOG, "a") as out:
        out.write(kind + "".join(traceback.format_exception(error)))
threading.excepthook = lambda args: log("in a thread: ", args.exc_value)
sys.excepthook = lambda kind, error, tb: log("uncaught: ", error)
from game.cli import main
sys.exit(main())
"""


def test_a_hangup_after_the_terminal_is_gone_still_exits_cleanly(terminal, tmp_path):
    log = tmp_path / "exceptions.log"
    game = terminal(python=["-c", LOGGED, str(log)])
    game.wait_for(b"New game")
    # The terminal closes: from now on every write to it fails (EIO), then the hangup comes.
    os.close(game.master)
    game.master = os.open(os.devnull, os.O_RDONLY)  # nothing more to read
    game.process.send_signal(signal.SIGHUP)
    assert game.process.wait(timeout=DEADLINE) == 129
    assert not log.exists(), log.read_text("utf-8")


def test_a_hostile_case_sends_no_escape_to_the_terminal(terminal, tmp_path):
    game = terminal(hostile_case(tmp_path))
    game.wait_for(b"The Missing Cake")
    game.press(b"\r", b"Someone ate the cake")  # the prologue
    game.press(b"\r", b"bedroom")  # the board: people, places, labels
    game.press(b"1", b"Ask about")  # Tom's room: his state, the topics
    game.press(b"1", b"Asleep")  # a question and its lines
    os.write(game.master, b"\x11")  # ctrl+q
    assert game.exit_status() == 0
    assert b"[b]MARK[/b]" in game.output and "\u241b]0;pwned".encode() in game.output
    # Textual's own OSC 22 (the mouse pointer's shape) ends with a BEL: all the BELs there are.
    written = re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", game.output)
    for payload in PAYLOADS:
        assert payload not in written, payload
