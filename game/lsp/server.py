"""`detective lsp`: the language server, on stdio.

As the author types, the loader's problems for the whole case (unsaved text included), shortly
after the typing stops; after a save, the full check (exploration and walkthroughs, as
`detective check`), in a thread of its own so that the editor's requests are answered while it
runs. Whatever finished after the case changed again is dropped. Completion, hover, go to
definition, references and the outline come from a lenient index of the case's ids.

A request the server cannot answer is logged to the editor (window/logMessage) in one line and
answered with nothing: an author never sees a traceback.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace.position_codec import PositionCodec

from game.lsp.case_index import CaseIndex, FileIndex, Spot, index_file
from game.lsp.cases import case_files, case_root, is_walkthrough, read_text
from game.lsp.completion import completion_items
from game.lsp.navigation import (
    definition_spots,
    document_symbols,
    hover_text,
    reference_spots,
)
from game.lsp.positions import from_client, range_to_client, text_lines, to_client
from game.lsp.quick_fixes import quick_fixes
from game.lsp.readings import Findings, full_check, lint
from game.lsp.typing_slot import slot_at

# Long enough that a word typed at speed is read once, short enough to feel immediate.
DEBOUNCE_SECONDS = 0.15
_NAME = "detective"
T = TypeVar("T")


@dataclass
class Case:
    """One case folder the editor has a file of open, and what the server knows of it."""

    root: Path
    index: CaseIndex = field(default_factory=CaseIndex)
    generation: int = 0  # one more at every edit of one of its files
    checked_generation: int = -1  # the generation whose full check is shown
    published: set[Path] = field(default_factory=set)
    lint: asyncio.Task | None = None
    checking: bool = False
    check_again: bool = False


class CaseServer:
    """The editor's cases and the work on them; the pygls server only routes messages here."""

    def __init__(self, server: LanguageServer) -> None:
        self.server = server
        self.cases: dict[Path, Case] = {}
        self.roots: dict[Path, Path | None] = {}  # file -> its case folder, if any

    # ---- documents and cases ---------------------------------------------------------------

    @property
    def codec(self) -> PositionCodec:
        return self.server.workspace.position_codec

    def open_texts(self) -> dict[Path, str]:
        texts = {}
        for uri, document in list(self.server.workspace.text_documents.items()):
            path = to_fs_path(uri)
            if path is not None:
                texts[Path(path)] = document.source
        return texts

    def case_of(self, uri: str) -> tuple[Case, Path] | None:
        """The case of the file at `uri` (None for a document that is not a file), its index
        built from what is on disk and open the first time."""
        fs_path = to_fs_path(uri)
        if fs_path is None or not fs_path.endswith(".toml"):
            return None
        path = Path(fs_path)
        if path not in self.roots:
            self.roots[path] = case_root(path, self.open_texts())
            if self.roots[path] is None:
                self.log(f"{path} is in no case: no folder above it has a [case] table")
        root = self.roots[path]
        if root is None:
            return None
        case = self.cases.get(root)
        if case is None:
            case = self.cases[root] = Case(root)
            texts = self.open_texts()
            for file in case_files(root, list(texts)):
                self.index(case, file, texts.get(file))
        return case, path

    def index(self, case: Case, path: Path, text: str | None = None) -> FileIndex | None:
        """The index of one file, made anew when its text changed and it parses."""
        text = text if text is not None else read_text(path, case.root)
        known = case.index.files.get(path)
        if text is None or (known is not None and known.text == text):
            return known
        made = index_file(path, text, is_walkthrough(case.root, path))
        if made is not None:
            case.index.files[path] = made
        return case.index.files.get(path)

    def current(self, uri: str, reindex: bool = True) -> tuple[Case, Path, list[str]] | None:
        """The case of an open document and the lines in the editor, its index brought up to
        them (`reindex`: completion, asked at every space typed, makes do with the index the
        last pause in typing made, rather than read the file again at each)."""
        found = self.case_of(uri)
        if found is None:
            return None
        case, path = found
        text = self.server.workspace.get_text_document(uri).source
        if reindex:
            self.index(case, path, text)
        return case, path, text_lines(text)

    # ---- diagnostics -----------------------------------------------------------------------

    def opened(self, uri: str) -> None:
        """A file was opened: which case it is in is found again (a [case] may have been
        written since), and the case read."""
        fs_path = to_fs_path(uri)
        if fs_path is not None:
            self.roots.pop(Path(fs_path), None)
        self.edited(uri)

    def edited(self, uri: str) -> None:
        """A file was opened, changed or closed: read the case again once typing pauses."""
        found = self.case_of(uri)
        if found is None:
            return
        case, _ = found
        case.generation += 1
        if case.lint is not None:
            case.lint.cancel()
        case.lint = asyncio.ensure_future(self.lint_later(case, case.generation, uri))

    async def lint_later(self, case: Case, generation: int, uri: str) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        fallback = Path(to_fs_path(uri) or case.root)
        work = functools.partial(lint, case.root, self.open_texts(), dict(case.index.files),
                                 self.codec, fallback)
        try:
            findings = await in_thread(work)
            if case.generation != generation:
                return  # the case changed while it was read: a newer reading is on its way
            self.update_index(case, findings)
            if case.checked_generation != generation:  # else the full check says more
                self.publish(case, findings.diagnostics)
        except Exception as error:  # a bug: said in one line, never shown as a traceback
            self.log(f"reading {case.root} failed: {type(error).__name__}: {error}",
                     types.MessageType.Error)

    async def check(self, uri: str) -> None:
        """The full check after a save; one at a time per case, the last save's winning."""
        try:
            await self._check(uri)
        except Exception as error:  # a bug: said in one line, never shown as a traceback
            self.log(f"checking failed: {type(error).__name__}: {error}",
                     types.MessageType.Error)

    async def _check(self, uri: str) -> None:
        found = self.case_of(uri)
        if found is None:
            return
        case, path = found
        if case.checking:
            case.check_again = True
            return
        case.checking = True
        try:
            while True:
                case.check_again = False
                generation = case.generation
                work = functools.partial(full_check, case.root, self.open_texts(),
                                         dict(case.index.files), self.codec, path)
                self.log(f"checking {case.root}")
                started = time.monotonic()
                findings = await in_thread(work)
                if case.check_again:
                    continue  # saved again meanwhile: check what was saved last
                if case.generation != generation:
                    self.log(f"check of {case.root} dropped: the case changed while it ran")
                    return
                self.update_index(case, findings)
                case.checked_generation = generation
                self.publish(case, findings.diagnostics)
                self.log(f"checked {case.root}: {findings.summary} "
                         f"({time.monotonic() - started:.1f} s)")
                return
        finally:
            case.checking = False

    @staticmethod
    def update_index(case: Case, findings: Findings) -> None:
        case.index.files.update(findings.indexed)
        for path in findings.gone:
            case.index.files.pop(path, None)

    def publish(self, case: Case, diagnostics: dict[Path, list[types.Diagnostic]]) -> None:
        """Each file's diagnostics; a file that had some and has none now is cleared, and an
        open file of the case hears that it has none."""
        open_here = {path for path in self.open_texts() if self.roots.get(path) == case.root}
        for path in sorted(case.published | open_here | set(diagnostics)):
            self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=from_fs_path(str(path)) or str(path), diagnostics=diagnostics.get(path, [])))
        case.published = set(diagnostics)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.server.window_log_message(types.LogMessageParams(type=kind,
                                                              message=f"{_NAME}: {message}"))

    # ---- requests --------------------------------------------------------------------------

    def completion(self, params: types.CompletionParams) -> types.CompletionList | None:
        found = self.current(params.text_document.uri, reindex=False)
        if found is None:
            return None
        case, _, lines = found
        line, column = from_client(self.codec, lines, params.position)
        slot = slot_at(lines, line, column)
        if slot is None:
            return None
        where = range_to_client(self.codec, lines, line, slot.start, line, column)
        return types.CompletionList(is_incomplete=False,
                                    items=completion_items(case.index, slot, where))

    def targets_at(self, uri: str, position: types.Position):
        found = self.current(uri)
        if found is None:
            return None, []
        case, path, lines = found
        line, column = from_client(self.codec, lines, position)
        return case, case.index.at(path, line, column)

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        case, targets = self.targets_at(params.text_document.uri, params.position)
        text = hover_text(case.index, targets) if targets else None
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.PlainText,
                                                        value=text))

    def definition(self, params: types.DefinitionParams) -> list[types.Location] | None:
        case, targets = self.targets_at(params.text_document.uri, params.position)
        if not targets:
            return None
        return self.locations(case, definition_spots(case.index, targets)) or None

    def references(self, params: types.ReferenceParams) -> list[types.Location] | None:
        case, targets = self.targets_at(params.text_document.uri, params.position)
        if not targets:
            return None
        spots = reference_spots(case.index, targets, params.context.include_declaration)
        return self.locations(case, spots)

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """"Did you mean `x`?" as a fix the editor offers on the spot."""
        document = self.server.workspace.get_text_document(params.text_document.uri)
        return quick_fixes(params.text_document.uri, document.source,
                           document.offset_at_position, params.context.diagnostics)

    def symbols(self, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
        found = self.current(params.text_document.uri)
        if found is None:
            return None
        case, path, _ = found
        file = case.index.files.get(path)
        if file is None:
            return []
        lines = text_lines(file.text)

        def to_range(line: int, start: int, end_line: int, end: int) -> types.Range:
            return range_to_client(self.codec, lines, line, start, end_line, end)

        return document_symbols(file.symbols, lines, to_range)

    def locations(self, case: Case, spots: list[Spot]) -> list[types.Location]:
        found = []
        lines_of: dict[Path, list[str]] = {}
        for spot in spots:
            if spot.path not in lines_of:
                file = case.index.files.get(spot.path)
                lines_of[spot.path] = text_lines(file.text) if file is not None else []
            lines = lines_of[spot.path]
            found.append(types.Location(
                uri=from_fs_path(str(spot.path)) or str(spot.path),
                range=types.Range(start=to_client(self.codec, lines, spot.line, spot.start),
                                  end=to_client(self.codec, lines, spot.line, spot.end))))
        return found


def in_thread(work: Callable[[], T]) -> asyncio.Future[T]:
    """Run `work` in a thread of its own, a daemon: a check still running when the editor
    quits must not hold the process."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: Any, error: BaseException | None) -> None:
        if future.done():  # cancelled: nobody waits for it any more
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        try:
            result = work()
        except BaseException as error:  # handed to the loop, which says it in one line
            loop.call_soon_threadsafe(settle, None, error)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=run, name=f"{_NAME}-work", daemon=True).start()
    return future


def _guarded(cases: CaseServer, what: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    """`handler`, whose failure is logged in one line and answered with nothing."""

    @functools.wraps(handler)
    def run(params: Any) -> Any:
        try:
            return handler(params)
        except Exception as error:
            cases.log(f"{what} failed: {type(error).__name__}: {error}", types.MessageType.Error)
            return None

    return run


class _Server(LanguageServer):
    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls shows its own errors as a message box; here they are only logged."""
        self.window_log_message(types.LogMessageParams(
            type=types.MessageType.Error, message=f"{_NAME}: {type(error).__name__}: {error}"))


def make_server() -> LanguageServer:
    from game import __version__

    server = _Server(_NAME, __version__,
                     text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
    cases = CaseServer(server)

    def handle(method: str, what: str, handler: Callable[[Any], Any],
               options: Any = None) -> None:
        server.feature(method, options)(_guarded(cases, what, handler))

    def edited(params: Any) -> None:
        cases.edited(params.text_document.uri)

    def saved(params: types.DidSaveTextDocumentParams) -> None:
        asyncio.ensure_future(cases.check(params.text_document.uri))

    handle(types.TEXT_DOCUMENT_DID_OPEN, "opening",
           lambda params: cases.opened(params.text_document.uri))
    handle(types.TEXT_DOCUMENT_DID_CHANGE, "an edit", edited)
    handle(types.TEXT_DOCUMENT_DID_CLOSE, "closing", edited)
    handle(types.TEXT_DOCUMENT_DID_SAVE, "saving", saved, types.SaveOptions(include_text=False))
    handle(types.TEXT_DOCUMENT_COMPLETION, "completion", cases.completion,
           types.CompletionOptions(trigger_characters=['"', " "]))
    handle(types.TEXT_DOCUMENT_HOVER, "hover", cases.hover)
    handle(types.TEXT_DOCUMENT_DEFINITION, "go to definition", cases.definition)
    handle(types.TEXT_DOCUMENT_REFERENCES, "find references", cases.references)
    handle(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, "the outline", cases.symbols)
    handle(types.TEXT_DOCUMENT_CODE_ACTION, "quick fixes", cases.code_actions,
           types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    return server


class _OneLine(logging.Formatter):
    """What pygls and asyncio log goes to stderr, which editors show: a line each, never a
    traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{_NAME}: {record.levelname.lower()}: {record.getMessage()}"


def run_language_server() -> int:
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    make_server().start_io()
    return 0
