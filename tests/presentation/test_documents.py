"""A document is shown as its author wrote it: paragraphs apart, each line on a line of its own
(the CCTV log would read as one run-on paragraph otherwise), in both faces."""

import io

import pytest

from game.engine.commands import resolve
from game.plain import PlainGame
from game.presentation import build

# Vincent brings the front camera's footage as soon as he has taken the case.
TO_THE_FRONT_CAMERA = ["talk vincent", "ask vincent_reunion", "ask vincent_take_case",
                       "ask vincent_cctv_front"]


def test_each_line_of_a_paragraph_stays_a_line(bundled_story):
    shown = build.document(bundled_story, "cctv_front")
    log = next(p for p in shown.paragraphs if "01:07:22" in p)
    lines = log.splitlines()
    assert lines[0].startswith("00:00 - 01:06")
    assert any(line.startswith("01:07:51") for line in lines)
    assert all(line == line.strip() for line in lines)
    assert not any("\n\n" in p for p in shown.paragraphs)


@pytest.mark.timeout(60)
def test_the_line_mode_reads_a_log_line_by_line(bundled_story):
    out = io.StringIO()
    game = PlainGame(bundled_story, out, width=200)
    game.begin()
    for command in TO_THE_FRONT_CAMERA:
        word, _, rest = command.partition(" ")
        action = resolve(game.session, word, rest).action
        assert action is not None, command
        game.play.perform(action)
    assert "cctv_front" in game.session.state.held
    start = len(out.getvalue())
    game.handle("read CCTV: the front entrance")
    read = out.getvalue()[start:].splitlines()
    assert any(line.startswith("01:07:51") for line in read), read[:12]
    assert any(line.startswith("01:36 - 03:09") for line in read)
