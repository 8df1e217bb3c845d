"""The `detective` command: play a case, or check one. Textual is imported only to open the TUI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.storyfiles.diagnostics import StoryError

BUNDLED_CASE = Path(__file__).resolve().parent.parent / "story" / "perfect_mother"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detective",
                                     description="A detective game for the terminal.")
    commands = parser.add_subparsers(dest="command")
    play = commands.add_parser("play", help="play a case (the bundled one by default)")
    play.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    play.add_argument("--plain", action="store_true",
                      help="the line mode: one command per line, for screen readers and scripts "
                           "(chosen by itself when input or output is not a terminal)")
    play.add_argument("--saves", type=Path, default=None, help="the folder for saves")
    check = commands.add_parser("check", help="validate a case and explore every state it reaches")
    check.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    check.add_argument("--max-states", type=int, default=500_000,
                       help="stop exploring after this many states (default 500000)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        from game.checking import check_case

        return check_case(args.case_dir or BUNDLED_CASE, sys.stdout, args.max_states)
    case_dir = getattr(args, "case_dir", None) or BUNDLED_CASE
    plain = getattr(args, "plain", False) or not (sys.stdin.isatty() and sys.stdout.isatty())
    if not plain:
        from game.ui.app import run_app

        return run_app(case_dir)
    return _play_plain(case_dir)


def _play_plain(case_dir: Path) -> int:
    from game.plain import run_plain
    from game.storyfiles.loader import load_story

    try:
        story = load_story(case_dir)
    except StoryError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"The case in {case_dir} cannot be played: {len(error.diagnostics)} problem(s).",
              file=sys.stderr)
        return 1
    try:
        return run_plain(story)
    except KeyboardInterrupt:
        print()
        return 0
