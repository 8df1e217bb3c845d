"""The `detective` command: play a case, or check one. Textual is imported only to open the TUI."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from game.engine.text import one_line
from game.storyfiles.bundled import BUNDLED_CASE
from game.storyfiles.diagnostics import StoryError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detective",
                                     description="A detective game for the terminal.")
    commands = parser.add_subparsers(dest="command")
    play = commands.add_parser("play", help="play a case (the bundled one by default)")
    play.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    play.add_argument("--plain", action="store_true",
                      help="the line mode: one command per line, for screen readers and scripts "
                           "(chosen by itself when input or output is not a terminal)")
    play.add_argument("--saves", type=Path, default=None,
                      help="the folder for saves (default: $DETECTIVE_SAVES, else saves/)")
    play.add_argument("--load", metavar="SLOT", default=None, help="start from a saved game")
    saves = commands.add_parser("saves", help="list the saved games")
    saves.add_argument("--saves", type=Path, default=None,
                       help="the folder for saves (default: $DETECTIVE_SAVES, else saves/)")
    check = commands.add_parser("check", help="validate a case and explore every state it reaches")
    check.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    check.add_argument("--max-states", type=int, default=500_000,
                       help="stop exploring after this many states (default 500000)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command. A reader that goes away (`| head`) or a ctrl+c ends it quietly, with the
    status a shell expects (128 + the signal), never with a traceback."""
    try:
        return _run(argv)
    except BrokenPipeError:
        _discard_stdout()
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail on the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        from game.analysis.check import check_case

        return check_case(args.case_dir or BUNDLED_CASE, sys.stdout, args.max_states)
    if args.command == "saves":
        return _list_saves(args.saves)
    case_dir = getattr(args, "case_dir", None) or BUNDLED_CASE
    saves_dir, load_slot = getattr(args, "saves", None), getattr(args, "load", None)
    plain = getattr(args, "plain", False) or not (sys.stdin.isatty() and sys.stdout.isatty())
    from game.persistence.saves_location import default_saves_dir

    saves_dir = default_saves_dir(saves_dir)
    if not plain:
        from game.tui.app import run_app

        return run_app(case_dir, saves_dir=saves_dir, load_slot=load_slot)
    return _play_plain(case_dir, saves_dir, load_slot)


def _open_folder(saves_dir: Path):
    from game.persistence.slots import SaveFolder

    try:
        return SaveFolder.open(saves_dir)
    except OSError as error:
        print(f"The saves folder {saves_dir} cannot be used: {error.strerror or error}. "
              "Playing without saves.", file=sys.stderr)
        return None


def _list_saves(saves_dir: Path | None) -> int:
    from game.persistence.saves_location import default_saves_dir

    folder = _open_folder(default_saves_dir(saves_dir))
    if folder is None:
        return 1
    slots = folder.slots()
    if not slots:
        print(f"No saves in {folder.path}.")
    for info in slots:
        if info.problem:
            print(f"{info.slot}\tcannot be loaded: {one_line(info.problem, 400)}")
        else:
            print(f"{info.slot}\t{one_line(info.saved_at)}\t{int(info.play_seconds // 60)} min\t"
                  f"{one_line(info.label)}")
    return 0


def _play_plain(case_dir: Path, saves_dir: Path, load_slot: str | None) -> int:
    from game.plain import run_plain
    from game.storyfiles.loader import load_story

    try:
        story = load_story(case_dir)
    except StoryError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        count = sum(1 for d in error.diagnostics if not d.is_warning)
        print(f"The case in {case_dir} cannot be played: {count} problem(s).", file=sys.stderr)
        return 1
    try:
        return run_plain(story, folder=_open_folder(saves_dir), load_slot=load_slot)
    except KeyboardInterrupt:
        print()
        return 0
