"""`detective lsp`, driven as an editor drives it: one server for the module, each test on a case
of its own in tmp_path. Every wait is on what the server says (a diagnostic, a log line), with a
bound; none sleeps."""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.conftest import BUNDLED, MINI, ROOT

# One bound for every test here, so the ordering by bound (tests/conftest.py) keeps them together
# and the module's one server is started once.
pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]
WAIT = 20  # seconds: far above what any wait here takes


class Client(LanguageClient):
    """A test client that can wait until something holds of what the server has said."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.waiting: list[tuple[Callable[[], bool], asyncio.Future]] = []
        # What came from the server, in the order it was sent: "response" for an answer to a
        # request, else the uri of published diagnostics and their codes.
        self.arrivals: list[tuple[str, tuple[str, ...]]] = []

    def said(self) -> None:
        for held, future in list(self.waiting):
            if not future.done() and held():
                future.set_result(None)

    async def until(self, held: Callable[[], bool]) -> None:
        if held():
            return
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((held, future))
        try:
            await asyncio.wait_for(future, WAIT)
        finally:
            self.waiting.remove((held, future))


def make_client() -> Client:
    from pygls.protocol import default_converter

    client = Client(converter_factory=default_converter)
    handle_response = client.protocol._handle_response

    def answered(*args) -> None:
        client.arrivals.append(("response", ()))
        handle_response(*args)

    client.protocol._handle_response = answered
    heard = (types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, types.WINDOW_LOG_MESSAGE)
    register_lsp_features(client, {method: feature for method, feature
                                   in DEFAULT_CLIENT_FEATURES.items() if method not in heard})

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = list(params.diagnostics)
        client.arrivals.append((params.uri, tuple(str(d.code) for d in params.diagnostics)))
        client.said()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(params: types.LogMessageParams) -> None:
        client.log_messages.append(params)
        client.said()

    return client


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(
    server_command=[sys.executable, "-m", "game", "lsp"], client_factory=make_client))
async def client(lsp_client: Client):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim"), root_uri=from_fs_path(str(ROOT))))
    yield
    await lsp_client.shutdown_session()


def two_file_case(folder: Path) -> Path:
    """The mini case with its evidence in a file of its own."""
    shutil.copytree(MINI, folder)
    text = (folder / "case.toml").read_text("utf-8")
    start, end = text.index("[evidence.crumbs]"), text.index("[topic.tom_afternoon]")
    (folder / "evidence.toml").write_text(text[start:end], "utf-8")
    (folder / "case.toml").write_text(text[:start] + text[end:], "utf-8")
    return folder


def uri_of(path: Path) -> str:
    return from_fs_path(str(path))


def position_of(path: Path, needle: str, offset: int = 0) -> types.Position:
    """Where `needle` first appears in the file (plus `offset` characters)."""
    lines = path.read_text("utf-8").split("\n")
    line = next(n for n, text in enumerate(lines) if needle in text)
    return types.Position(line=line, character=lines[line].index(needle) + offset)


def open_file(client: Client, path: Path) -> str:
    uri = uri_of(path)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="toml", version=1, text=path.read_text("utf-8"))))
    return uri


def replace(client: Client, uri: str, start: types.Position, old: str, new: str,
            version: int = 2) -> None:
    """Type `new` over `old`, which is written at `start` on one line."""
    end = types.Position(line=start.line, character=start.character + len(old))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=start, end=end), text=new)]))


def span(line: int, start: int, end: int) -> types.Range:
    return types.Range(start=types.Position(line=line, character=start),
                       end=types.Position(line=line, character=end))


async def test_an_unknown_evidence_typed_is_reported_at_its_range(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    story = case / "case.toml"
    uri = open_file(client, story)
    await client.until(lambda: client.diagnostics.get(uri) == [])  # the case loads
    where = position_of(story, 'when = "tom is lying"', len("when = "))  # the first topic's
    replace(client, uri, where, '"tom is lying"', '"tom is lying and has crumbz"')
    await client.until(lambda: bool(client.diagnostics.get(uri)))
    [problem] = client.diagnostics[uri]
    word = where.character + len('"tom is lying and has ')
    assert problem.range == span(where.line, word, word + len("crumbz"))
    assert problem.code == "E008"
    assert problem.severity == types.DiagnosticSeverity.Error
    assert problem.message == ("unknown evidence `crumbz` in condition; did you mean "
                               "`crumbs`?")
    replace(client, uri, where, '"tom is lying and has crumbz"', '"tom is lying"', version=3)
    await client.until(lambda: client.diagnostics.get(uri) == [])  # and cleared once fixed


async def test_a_did_you_mean_is_a_quick_fix(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    story = case / "case.toml"
    uri = open_file(client, story)
    await client.until(lambda: client.diagnostics.get(uri) == [])
    # A word inside a condition, and an id in quotes: each replaced by what was meant.
    where = position_of(story, 'when = "tom is lying"', len("when = "))
    replace(client, uri, where, '"tom is lying"', '"tom is lying and has crumbz"')
    gives = position_of(story, 'gives = ["crumbs"]', len("gives = ["))
    replace(client, uri, gives, '"crumbs"', '"crumbz"', version=3)
    await client.until(lambda: len(client.diagnostics.get(uri) or []) == 2)
    fixes = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=where, end=where),
        context=types.CodeActionContext(diagnostics=client.diagnostics[uri])))
    edits = sorted((fix.edit.changes[uri][0].range.start.line, fix.edit.changes[uri][0].new_text)
                   for fix in fixes)
    assert edits == sorted([(where.line, "crumbs"), (gives.line, '"crumbs"')])
    assert all(fix.kind == types.CodeActionKind.QuickFix and fix.title == "Change to `crumbs`"
               for fix in fixes)


async def test_a_walkthrough_is_played_as_it_is_typed(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    walk = case / "walkthroughs" / "solved.toml"
    uri = open_file(client, walk)
    await client.until(lambda: client.diagnostics.get(uri) == [])  # it plays through
    where = position_of(walk, '"search bedroom"')
    replace(client, uri, where, '"search bedroom"', '"search attic"')  # not saved
    await client.until(lambda: bool(client.diagnostics.get(uri)))
    [problem] = client.diagnostics[uri]
    assert problem.code == "C006" and problem.range.start.line == where.line
    assert "step 1: `search attic`" in problem.message
    replace(client, uri, where, '"search attic"', '"search bedroom"', version=3)
    await client.until(lambda: client.diagnostics.get(uri) == [])


async def test_completion_after_has_offers_the_evidence_of_every_file(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    story = case / "case.toml"
    uri = open_file(client, story)
    where = position_of(story, 'when = "tom is lying"', len('when = "'))
    replace(client, uri, where, "tom is lying", "has ")
    at = types.Position(line=where.line, character=where.character + len("has "))
    found = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at))
    assert sorted(item.label for item in found.items) == ["crumbs", "note", "plate"]
    crumbs = next(item for item in found.items if item.label == "crumbs")
    assert crumbs.text_edit.range == types.Range(start=at, end=at)
    assert crumbs.text_edit.new_text == "crumbs"
    assert crumbs.detail == "evidence: Crumbs"
    # A state of the character named before `is`, where the file says who that is.
    replace(client, uri, where, "has ", "tom is ly", version=3)
    at = types.Position(line=where.line, character=where.character + len("tom is ly"))
    found = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at))
    assert sorted(item.label for item in found.items) == ["honest", "lying"]
    assert found.items[0].text_edit.range.start.character == at.character - len("ly")


async def test_go_to_definition_jumps_to_the_table_in_another_file(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    story, evidence = case / "case.toml", case / "evidence.toml"
    uri = open_file(client, story)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=position_of(story, 'gives = ["crumbs"]', len('gives = ["cr'))))
    header = position_of(evidence, "crumbs]")
    assert found == [types.Location(uri=uri_of(evidence),
                                    range=span(header.line, header.character,
                                               header.character + len("crumbs")))]


async def test_hover_tells_what_an_id_is(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    story = case / "case.toml"
    uri = open_file(client, story)

    async def hover(needle: str, offset: int) -> str:
        found = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position_of(story, needle, offset)))
        assert found.contents.kind == types.MarkupKind.PlainText
        return found.contents.value

    assert await hover('gives = ["crumbs"]', 10) == "evidence crumbs\ntitle: Crumbs"
    assert await hover('when = "tom is lying"', 16) == (
        "state lying of tom\nlabel: Lying\naccount: He was asleep all afternoon.")
    assert await hover('when = "tom is lying"', 9) == "character tom\nname: Tom\nrole: The brother."
    assert await hover('place = "bedroom"', 10) == "place bedroom\nname: Tom's bedroom"
    assert await hover('ending = "solved"', 11) == "ending solved\ntitle: Solved"
    assert await hover('when = "visited ann_saw"', 17) == (
        "topic ann_saw\ntitle: What she saw\ncharacter: ann")


async def test_references_find_every_use_across_the_case(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    evidence = case / "evidence.toml"
    uri = open_file(client, evidence)
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=position_of(evidence, "[evidence.crumbs]", len("[evidence.cr")),
        context=types.ReferenceContext(include_declaration=True)))
    expected = set()
    for path in (evidence, case / "case.toml", case / "walkthroughs" / "solved.toml"):
        for number, line in enumerate(path.read_text("utf-8").split("\n")):
            if "pillow" in line:
                continue  # prose (a narration, a document): a word, not an id
            for match in re.finditer(r"\bcrumbs\b", line):
                expected.add((uri_of(path), number, match.start(), match.end()))
    assert len(expected) == 9
    assert {(place.uri, place.range.start.line, place.range.start.character,
             place.range.end.character) for place in found} == expected
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=position_of(evidence, "[evidence.crumbs]", len("[evidence.cr")),
        context=types.ReferenceContext(include_declaration=False)))
    assert len(found) == 8


async def test_the_outline_is_kind_then_id_then_inner_tables(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    story = case / "case.toml"
    uri = open_file(client, story)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [s.name for s in symbols] == ["case", "character", "topic", "reaction", "place",
                                         "search", "event", "hearing", "ending"]
    characters, hearing, endings = symbols[1], symbols[7], symbols[8]
    assert [s.name for s in characters.children] == ["me", "tom", "ann"]
    tom = characters.children[1]
    assert [s.name for s in tom.children] == ["lying", "honest"]
    header = position_of(story, "[character.tom]")
    assert tom.selection_range == span(header.line, len("[character."), len("[character.tom"))
    assert tom.range.start.line == header.line
    assert tom.range.end.line == position_of(story, "when = \"presented crumbs to tom\"").line
    assert [s.name for s in hearing.children] == ["accuse", "shrug"]
    assert [[c.name for c in s.children] for s in endings.children] == [["bake"], []]


async def test_a_broken_file_is_reported_and_never_breaks_the_server(client: Client, tmp_path):
    case = two_file_case(tmp_path / "case")
    story = case / "case.toml"
    uri = open_file(client, story)
    where = position_of(story, "[character.tom]")
    replace(client, uri, where, "[character.tom]", '[character.tom\n"\x00 = [[[')
    await client.until(lambda: any(d.code == "E001" for d in client.diagnostics.get(uri, [])))
    for position in (where, types.Position(line=where.line + 1, character=3),
                     types.Position(line=999, character=999)):
        document = types.TextDocumentIdentifier(uri=uri)
        await client.text_document_hover_async(types.HoverParams(text_document=document,
                                                                 position=position))
        await client.text_document_completion_async(types.CompletionParams(
            text_document=document, position=position))
        await client.text_document_definition_async(types.DefinitionParams(
            text_document=document, position=position))
    # The last version that parsed still answers: the evidence file is intact.
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=position_of(story, 'gives = ["crumbs"]', 10)))
    assert found.contents.value.startswith("evidence crumbs")
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]
    assert not client.messages  # nothing popped up in the author's face


def bundled_with_a_dead_topic(folder: Path) -> Path:
    shutil.copytree(BUNDLED, folder)
    bash = folder / "characters" / "bash.toml"
    bash.write_text(bash.read_text("utf-8") + '\n[topic.bash_never]\ncharacter = "bash"\n'
                    'title = "Never"\nwhen = "false"\nlines = ["bash: No."]\n', "utf-8")
    return bash


def saved(client: Client, uri: str) -> None:
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))


async def test_the_full_check_after_a_save_runs_while_requests_are_answered(client: Client,
                                                                             tmp_path):
    bash = bundled_with_a_dead_topic(tmp_path / "case")
    uri = open_file(client, bash)
    await client.until(lambda: client.diagnostics.get(uri) == [])  # it loads: nothing to say
    saved(client, uri)
    client.arrivals.clear()
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=position_of(bash, '[topic.bash_never]', len("[topic.bash_"))))
    assert found.contents.value.startswith("topic bash_never")
    await client.until(lambda: bool(client.diagnostics.get(uri)))
    assert client.arrivals == [("response", ()), (uri, ("C001",))]  # answered while it ran
    [never] = client.diagnostics[uri]
    header = position_of(bash, "[topic.bash_never]")
    assert never.code == "C001"
    assert never.range == span(header.line, 0, len("[topic.bash_never]"))
    checked = f"detective: checked {bash.parent.parent}: 1 problem(s)"  # said after publishing
    await client.until(lambda: any(m.message.startswith(checked) for m in client.log_messages))


async def test_a_check_the_author_typed_over_is_dropped(client: Client, tmp_path):
    bash = bundled_with_a_dead_topic(tmp_path / "case")
    uri = open_file(client, bash)
    await client.until(lambda: client.diagnostics.get(uri) == [])
    saved(client, uri)
    where = position_of(bash, 'title = "Never"', len('title = "'))
    replace(client, uri, where, "Never", "Not ever")
    dropped = f"detective: check of {bash.parent.parent} dropped"
    await client.until(lambda: any(m.message.startswith(dropped) for m in client.log_messages))
    assert client.diagnostics[uri] == []  # the C001 of the text before the edit is not shown


async def test_a_toml_file_in_no_case_is_left_alone(client: Client, tmp_path):
    other = tmp_path / "tool" / "settings.toml"
    other.parent.mkdir()
    other.write_text('[tool]\nname = "x"\nwhen = "has "\n', "utf-8")
    uri = open_file(client, other)
    await client.until(lambda: any("is in no case" in m.message for m in client.log_messages))
    found = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=2, character=len('when = "has '))))
    assert found is None
    assert uri not in client.diagnostics  # the answer came after the opening was handled

