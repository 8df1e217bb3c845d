"""Reading a case for the editor, in a worker thread: the problems the loader finds as the
author types (`lint`), or everything `detective check` finds after a save (`full_check`), as the
editor's diagnostics per file, with the files indexed anew on the way. Nothing here touches the
server's state: the server applies what comes back, unless the case changed meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from game.lsp.case_index import FileIndex, index_file
from game.lsp.cases import case_files, is_walkthrough, read_text
from game.lsp.publishing import by_file
from game.storyfiles.diagnostics import Diagnostic, StoryError
from game.storyfiles.loader import load_case
from game.storyfiles.walkthroughs import run_walkthrough


@dataclass
class Findings:
    """What a lint or a check found: the editor's diagnostics per file, and the files indexed
    anew on the way."""

    diagnostics: dict[Path, list[types.Diagnostic]]
    indexed: dict[Path, FileIndex]
    gone: list[Path]  # files no longer there
    summary: str = ""


def _texts(root: Path, open_texts: dict[Path, str]) -> Callable[[Path], str | None]:
    cache: dict[Path, str | None] = {}

    def text_of(path: Path) -> str | None:
        if path not in cache:
            cache[path] = open_texts.get(path)
            if cache[path] is None:
                cache[path] = read_text(path, root)
        return cache[path]

    return text_of


def _reindexed(root: Path, open_texts: dict[Path, str], known: dict[Path, FileIndex],
               text_of: Callable[[Path], str | None],
               ) -> tuple[dict[Path, FileIndex], list[Path]]:
    """The files of the case whose text is not the one indexed, indexed anew (those that
    parse), and the files indexed that are there no more."""
    fresh = {}
    files = case_files(root, list(open_texts))
    for path in files:
        text = text_of(path)
        old = known.get(path)
        if text is None or (old is not None and old.text == text):
            continue
        made = index_file(path, text, is_walkthrough(root, path))
        if made is not None:
            fresh[path] = made
    return fresh, sorted(set(known) - set(files))


def _case_file(known: dict[Path, FileIndex], fallback: Path) -> tuple[Path, int]:
    """Where problems of the whole case are shown: at the [case] table, else where the author
    is."""
    for file in known.values():
        for definition in file.definitions:
            if definition.target.kind == "case":
                return file.path, definition.spot.line
    return fallback, 0


def _findings(root: Path, diagnostics: list[Diagnostic], open_texts: dict[Path, str],
              known: dict[Path, FileIndex], codec: PositionCodec, fallback: Path,
              summary: str = "") -> Findings:
    text_of = _texts(root, open_texts)
    indexed, gone = _reindexed(root, open_texts, known, text_of)
    where = _case_file({**known, **indexed}, fallback)
    return Findings(by_file(diagnostics, text_of, codec, where), indexed, gone, summary)


def lint(root: Path, open_texts: dict[Path, str], known: dict[Path, FileIndex],
         codec: PositionCodec, fallback: Path) -> Findings:
    """The loader's problems, as the author types (in a worker thread); and, once the case
    loads, the problems of each walkthrough open in the editor, played as check plays it."""
    try:
        story, diagnostics = load_case(root, open_texts)
    except StoryError as error:
        diagnostics = error.diagnostics
    else:
        for path, text in open_texts.items():
            if is_walkthrough(root, path):
                diagnostics = [*diagnostics, *run_walkthrough(story, path, text).problems]
    return _findings(root, diagnostics, open_texts, known, codec, fallback)


def full_check(root: Path, open_texts: dict[Path, str], known: dict[Path, FileIndex],
               codec: PositionCodec, fallback: Path) -> Findings:
    """Everything `detective check` finds (in a worker thread)."""
    from game.analysis.check import run_check  # the explorer is loaded at the first save

    result = run_check(root, overrides=open_texts)
    problems = len(result.problems)
    warnings = len(result.diagnostics) - problems
    summary = (f"{problems} problem(s), {warnings} warning(s)" if result.diagnostics
               else f"ok, {result.states} states")
    return _findings(root, result.diagnostics, open_texts, known, codec, fallback, summary)
