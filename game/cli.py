"""The `detective` command: play a case, or check one. Textual is imported only to open the TUI."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from game.engine.text import one_line
from game.storyfiles.bundled import bundled_case_dir
from game.storyfiles.diagnostics import StoryError

SAVES_HELP = ("the folder for saves (default: $DETECTIVE_SAVES, else saves/ in a checkout, else "
              "the user's data folder)")


class _Version(argparse.Action):
    """--version: the installed version, from the package's metadata (the source's own when run
    from a checkout that was never installed). Looked up only when asked: start-up stays fast."""

    def __init__(self, option_strings: list[str], dest: str, **_: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("detective")
        except PackageNotFoundError:
            from game import __version__ as number
        print(f"{parser.prog} {number}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detective",
                                     description="A detective game for the terminal.")
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command")
    play = commands.add_parser("play", help="play a case (the bundled one by default)")
    play.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    play.add_argument("--plain", action="store_true",
                      help="the line mode: one command per line, for screen readers and scripts "
                           "(chosen by itself when input or output is not a terminal)")
    play.add_argument("--saves", type=Path, default=None, help=SAVES_HELP)
    play.add_argument("--load", metavar="SLOT", default=None, help="start from a saved game")
    play.add_argument("--watch", action="store_true",
                      help="read the case again whenever one of its files changes, and go on "
                           "with the game in it")
    play.add_argument("--from", dest="from_walk", metavar="WALKTHROUGH[:STEP]", default=None,
                      help="start where a walkthrough of the case leads (after STEP of its "
                           "steps; all of them by default): `solved`, `solved:4` or a path")
    serve = commands.add_parser("serve", help="serve the interface to a browser, on this machine "
                                "(the `serve` extra: pip install 'detective[serve]')")
    serve.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="the port (default 8000)")
    serve.add_argument("--saves", type=Path, default=None, help=SAVES_HELP)
    saves = commands.add_parser("saves", help="list the saved games")
    saves.add_argument("--saves", type=Path, default=None, help=SAVES_HELP)
    check = commands.add_parser("check", help="validate a case and explore every state it reaches")
    check.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    check.add_argument("--max-states", type=_at_least_one, default=500_000,
                       help="stop exploring after this many states (default 500000)")
    stats = commands.add_parser(
        "stats", help="words by character and version, nodes by kind, reading time to each ending")
    stats.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    check.add_argument("--coverage", action="store_true",
                       help="also list what no walkthrough reaches, with a percentage")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="text for an author (default); json: one object a problem a line; "
                            "github: GitHub Actions annotations")
    graph = commands.add_parser(
        "graph", help="draw a case's structure (versions, evidence, events, the hearing) as "
                      "Mermaid or Graphviz DOT")
    graph.add_argument("case_dir", nargs="?", type=Path, default=None, help="a case folder")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid",
                       help="mermaid (default; GitHub shows it) or dot (`| dot -Tsvg > case.svg`)")
    graph.add_argument("--character", metavar="ID", default=None,
                       help="only this character's cluster and what connects to it")
    graph.add_argument("--only", choices=("versions",), default=None,
                       help="versions: only the characters' versions and what breaks each")
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of case files, for editors (Taplo, VS Code)")
    schema.add_argument("--walkthrough", action="store_true",
                        help="the schema of a walkthrough file instead")
    schema.add_argument("--reference", action="store_true",
                        help="the reference of every table and key, in Markdown, instead")
    schema.add_argument("--out", metavar="DIR", type=Path, default=None,
                        help="write both schemas into DIR (case.schema.json and "
                             "walkthrough.schema.json) instead of printing one")
    new = commands.add_parser(
        "new", help="start a case that passes check, or add a table to one, ready to edit")
    new.add_argument("kind", choices=("case", "character", "evidence", "topic", "place"),
                     help="a whole case, or what to add to one")
    new.add_argument("target", help="for a case, its folder; else the new id")
    new.add_argument("--case", metavar="DIR", type=Path, default=None,
                     help="the case to add to (default: the current folder, when the case's "
                          "files are in it)")
    new.add_argument("--name", help="the name or title the player sees (default: from the id)")
    new.add_argument("--character", help="for a topic: who is asked")
    new.add_argument("--id", dest="case_id", help="for a case: its id (default: from the folder)")
    new.add_argument("--title", help="for a case: its title")
    commands.add_parser("lsp", help="a language server for case folders, for editors (on stdio)")
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

        return check_case(args.case_dir or bundled_case_dir(), sys.stdout, args.max_states,
                          output=args.format, with_coverage=args.coverage)
    if args.command == "graph":
        from game.analysis.graph_command import graph_case

        return graph_case(args.case_dir or bundled_case_dir(), sys.stdout, sys.stderr,
                          args.format, args.character, args.only)
    if args.command == "lsp":
        from game.lsp.server import run_language_server

        return run_language_server()
    if args.command == "saves":
        return _list_saves(args.saves)
    if args.command == "serve":
        from game.persistence.saves_location import default_saves_dir
        from game.tui.serve import serve

        return serve(args.case_dir or bundled_case_dir(), args.host, args.port,
                     default_saves_dir(args.saves))
    if args.command == "stats":
        return _stats(args.case_dir or bundled_case_dir())
    if args.command == "new":
        return _new(args)
    if args.command == "schema":
        return _schema(args.walkthrough, args.reference, args.out)
    case_dir = getattr(args, "case_dir", None) or bundled_case_dir()
    saves_dir, load_slot = getattr(args, "saves", None), getattr(args, "load", None)
    from_walk = getattr(args, "from_walk", None)
    # The line mode when asked, or when there is no terminal to draw on; but never when a
    # driver of Textual's own carries the interface over pipes (textual-serve sets it).
    plain = getattr(args, "plain", False) or (
        not os.environ.get("TEXTUAL_DRIVER")
        and not (sys.stdin.isatty() and sys.stdout.isatty()))
    if load_slot is not None and from_walk is not None:
        print("detective play: --load and --from each choose where to start: give one",
              file=sys.stderr)
        return 2
    story = start = None
    if from_walk is not None or plain:
        story = _playable(case_dir)
        if story is None:
            return 1
    if from_walk is not None:
        start = _starting_point(story, case_dir, from_walk)
        if start is None:
            return 1
    from game.persistence.saves_location import default_saves_dir

    saves_dir = default_saves_dir(saves_dir)
    if not plain:
        from game.tui.app import run_app

        return run_app(case_dir, saves_dir=saves_dir, load_slot=load_slot, story=story,
                       start=start, watch=getattr(args, "watch", False))
    watch = case_dir if getattr(args, "watch", False) else None
    return _play_plain(story, saves_dir, load_slot, start, watch)


def _playable(case_dir: Path):
    """The story, or None once its problems are on stderr."""
    from game.storyfiles.loader import load_story

    try:
        return load_story(case_dir)
    except StoryError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        count = sum(1 for d in error.diagnostics if not d.is_warning)
        print(f"The case in {case_dir} cannot be played: {count} problem(s).", file=sys.stderr)
        return None


def _starting_point(story, case_dir: Path, named: str):
    """Where `--from` starts, or None once the reason it cannot is on stderr."""
    from game.persistence.playthrough import StartingPoint
    from game.storyfiles.walkthroughs import WalkError, find_walkthrough, reach

    try:
        path, steps = find_walkthrough(case_dir, named)
        state = reach(story, path, steps)
    except WalkError as error:
        print(f"detective play --from: {one_line(str(error), 2000)}", file=sys.stderr)
        return None
    after = f"after step {steps}" if steps is not None else "at its end"
    return StartingPoint(state, f"the walkthrough {path.name}, {after}")


def _stats(case_dir: Path) -> int:
    from game.analysis.stats import case_stats, render_stats
    from game.storyfiles.loader import load_story

    if not case_dir.is_dir():
        print(f"detective stats: {case_dir} is not a folder", file=sys.stderr)
        return 2
    try:
        story = load_story(case_dir)
    except StoryError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"The case in {case_dir} does not load: run `detective check`.", file=sys.stderr)
        return 1
    sys.stdout.write(render_stats(case_stats(story), story))
    return 0


def _at_least_one(text: str) -> int:
    number = _whole_number(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a number of states: give 1 or more")
    return number


def _port(text: str) -> int:
    number = _whole_number(text)
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError(f"{text} is not a port: give 1 to 65535")
    return number


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _new(args: argparse.Namespace) -> int:
    from game.storyfiles.scaffold import ScaffoldError, add, new_case

    try:
        if args.kind == "case":
            folder = Path(args.target)
            written = new_case(folder, args.case_id, args.title)
            print(f"A new case in {folder}: {len(written)} files. Try it:")
            print(f"  detective check {folder}")
            print(f"  detective play {folder}")
            return 0
        added = add(args.case or Path("."), args.kind, args.target, args.name, args.character,
                    named=args.case is not None)
    except ScaffoldError as error:
        print(f"detective new: {one_line(str(error), 2000)}", file=sys.stderr)
        return 1
    print(f"{added.path}:{added.line}: added {', '.join(added.tables)}")
    if added.note:
        print(f"Next: {added.note}.")
    return 0


def _schema(walkthrough: bool, reference: bool, out: Path | None) -> int:
    from game.storyfiles.schema import (
        CASE_SCHEMA_FILE,
        WALKTHROUGH_SCHEMA_FILE,
        as_text,
        case_schema,
        walkthrough_schema,
    )

    if reference:
        from game.storyfiles.reference import reference as key_reference

        sys.stdout.write(key_reference())
        return 0
    if out is None:
        sys.stdout.write(as_text(walkthrough_schema() if walkthrough else case_schema()))
        return 0
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in ((CASE_SCHEMA_FILE, case_schema()),
                             (WALKTHROUGH_SCHEMA_FILE, walkthrough_schema())):
            (out / name).write_text(as_text(schema), encoding="utf-8")
            print(f"wrote {out / name}")
    except OSError as error:
        print(f"detective schema: cannot write into {out}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    return 0


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
    from game.persistence.slots import case_title, case_titles

    slots = folder.slots()
    if not slots:
        print(f"No saves in {folder.path}.")
    titles = case_titles()
    for info in slots:
        # The case: its title when the game knows it, else its id.
        case = one_line(case_title(info.case, titles)) if info.case else "unknown case"
        if info.problem:
            print(f"{info.name}\t{case}\tcannot be loaded: {one_line(info.problem, 400)}")
        else:
            print(f"{info.name}\t{case}\t{one_line(info.saved_at)}\t"
                  f"{int(info.play_seconds // 60)} min\t{one_line(info.label)}")
    return 0


def _play_plain(story, saves_dir: Path, load_slot: str | None, start,
                watch: Path | None) -> int:
    from game.plain import run_plain

    try:
        return run_plain(story, folder=_open_folder(saves_dir), load_slot=load_slot, start=start,
                         watch=watch)
    except KeyboardInterrupt:
        print()
        return 0
