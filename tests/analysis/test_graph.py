"""`detective graph`: the picture of a case, as Mermaid and as Graphviz DOT.

The Mermaid text is read back by a small parser of the subset the renderer writes (every line
known, every subgraph closed, every edge's ends declared, ids valid, labels quoted and free of
what would end them or be read as markup), and each label is decoded back to the story's text.
The DOT is given to Graphviz itself where it is installed (`.ci/run` installs it).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import tomli_w

from game.analysis.check import check_case
from game.analysis.graph import Cluster, Edge, Graph, Node
from game.analysis.graph_build import case_graph
from game.analysis.graph_render import render
from game.analysis.graph_words import MOST_LINES, Wording
from game.cli import main
from game.engine.conditions import parse_condition
from game.storyfiles.loader import load_story
from tests.conftest import BUNDLED, MINI, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
CASES = [BUNDLED, MINI, FIXTURES / "deduction_case", FIXTURES / "before_testimony"]

# --- reading Mermaid back ------------------------------------------------------------------------

ID = r"[A-Za-z][A-Za-z0-9_]*"
KEYWORDS = {"end", "subgraph", "graph", "flowchart", "style", "classdef", "class", "click",
            "linkstyle", "default", "direction"}
SHAPES = [("((", "))"), ("(", ")"), ("[/", "/]"), ("[/", "\\]"), (">", "]"), ("{{", "}}"),
          ("[[", "]]"), ("([", "])"), ("[", "]")]
NODE = re.compile(rf"\s*({ID})(?P<shape>{'|'.join(re.escape(o) for o, _ in SHAPES)})"
                  r'"(?P<label>[^"\n]*)"(?P<close>[\])}/\\]+):::(?P<kind>\w+)')
EDGE = re.compile(rf'\s*({ID}) (==>|-->|-\.->|-\.-)(?:\|"(?P<label>[^"\n]*)"\|)? ({ID})')
SUBGRAPH = re.compile(rf'\s*subgraph ({ID})\["(?P<label>[^"\n]*)"\]')
CLASSDEF = re.compile(r"\s*classDef (\w+) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}")
TAGS = ("<br/>", "<small>", "</small>")


def decoded(label: str) -> str:
    """A Mermaid label as the reader sees it: entities decoded, a line break for <br/>."""
    text = label.replace("<br/>", "\n").replace("<small>", "").replace("</small>", "")
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def check_label(label: str) -> None:
    bare = label
    for tag in TAGS:
        bare = bare.replace(tag, "")
    bare = re.sub(r"#\d+;", "", bare)
    unsafe = set(bare) & set('"<>#;|`\n\r')
    assert not unsafe, f"{sorted(unsafe)} left raw in the label {label!r}"


def parse_mermaid(text: str) -> dict:
    """The subgraphs, nodes (id -> decoded label) and edges of the Mermaid the renderer writes;
    fails on anything else."""
    lines = text.split("\n")
    assert lines[0] == "flowchart TB" and lines[-1] == ""
    subgraphs: dict[str, str] = {}
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    classes: set[str] = set()
    used: set[str] = set()
    depth = 0
    for line in lines[1:-1]:
        if line.strip() == "end":
            depth -= 1
            assert depth >= 0, "`end` without a subgraph"
        elif match := SUBGRAPH.fullmatch(line):
            assert depth == 0, "subgraphs are not nested"
            depth += 1
            subgraphs[match.group(1)] = match.group("label")
        elif match := NODE.fullmatch(line):
            opening = match.group("shape")
            assert (opening, match.group("close")) in SHAPES, line
            assert match.group(1) not in nodes, f"{match.group(1)} declared twice"
            nodes[match.group(1)] = match.group("label")
            used.add(match.group("kind"))
        elif match := EDGE.fullmatch(line):
            edges.append((match.group(1), match.group(2), match.group("label") or "",
                          match.group(4)))
        elif match := CLASSDEF.fullmatch(line):
            classes.add(match.group(1))
        else:
            raise AssertionError(f"a line Mermaid may misread: {line!r}")
    assert depth == 0, "a subgraph is never closed with `end`"
    assert used <= classes
    declared = nodes.keys() | subgraphs.keys()
    for name in declared:
        assert name.lower() not in KEYWORDS, name
    for source, _, _label, target in edges:
        assert source in declared and target in declared, (source, target)
    for label in [*subgraphs.values(), *nodes.values(), *(e[2] for e in edges)]:
        check_label(label)
    return {"subgraphs": subgraphs, "nodes": nodes, "edges": edges}


def assert_mermaid_tells(graph: Graph) -> dict:
    """The Mermaid of `graph` parses, and says every node and edge of it, word for word."""
    parsed = parse_mermaid(render(graph, "mermaid"))
    for node in graph.nodes:
        expected = " " if node.kind == "start" else "\n".join(filter(None, (node.label,
                                                                            node.detail)))
        assert decoded(parsed["nodes"][node.id]) == expected
    told = {(s, t): decoded(label) for s, _, label, t in parsed["edges"]}
    for edge in graph.edges:
        assert told[(edge.source, edge.target)] == edge.label
    return parsed


# --- Graphviz ------------------------------------------------------------------------------------

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` not installed")


def svg_of(dot_text: str) -> str:
    done = subprocess.run(["dot", "-Tsvg"], input=dot_text, capture_output=True, text=True,
                          timeout=50, check=False)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "syntax" not in done.stderr, done.stderr
    return done.stdout


def svg_texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [element.text or "" for element in root.iter("{http://www.w3.org/2000/svg}text")]


# --- a case whose text and ids are made to break both formats --------------------------------

HOSTILE = '"q" end --> [b] <i>#&amp;;|`\\N é«»\n2'
FOLDED = " ".join(HOSTILE.split())  # a label is one line of the text, its spaces folded


def write_hostile_case(folder: Path) -> Path:
    """A whole small case whose ids are the formats' keywords and whose every title, label and
    text is HOSTILE."""
    text = HOSTILE
    case = {
        "case": {"id": "end", "title": text, "player": "subgraph"},
        "character": {
            "subgraph": {"name": text},
            "end": {"name": text, "questioned": True, "initial": "graph",
                    "states": {"graph": {"label": text}, "style": {"label": text}},
                    "transitions": [{"from": "graph", "to": "style",
                                     "when": "contradicted direction or presented node to end"}]},
            "o": {"name": text, "questioned": True, "available": "flag x"},
        },
        "evidence": {**{name: {"title": text, "document": text}
                        for name in ("node", "edge", "digraph")},
                     "nothing": {"title": "", "document": ""}},  # a label with only its id
        "topic": {
            "default": {"character": "end", "title": text, "when": "end is graph",
                        "sets": ["x"]},
            "click": {"character": "o", "title": text, "gives": ["edge"]},
        },
        "place": {"class": {"name": text}},
        "search": {"strict": {"place": "class", "gives": ["node"]}},
        "statement": {"direction": {"character": "end", "version": "graph", "text": text,
                                    "contradiction": {"evidence": ["edge"]}}},
        "event": {"flowchart": {"title": text, "when": "has node", "gives": ["digraph"]}},
        "board": {"linkstyle": {"title": text, "when": "has edge",
                                "blanks": {"a": {"question": text, "answer": "x"}}}},
        "answer": {"x": {"text": text, "when": "has digraph"}},
        "hearing": {"title": text, "available": "fired flowchart",
                    "options": {"end": {"text": text, "when": "confirmed linkstyle",
                                        "ending": "end"},
                                "o": {"text": text, "ending": "o"}}},
        "ending": {"end": {"title": text, "choices": {"end": {"text": text}}},
                   "o": {"title": text}},
    }
    folder.mkdir()
    (folder / "case.toml").write_text(tomli_w.dumps(case), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory) -> Graph:
    return case_graph(load_story(write_hostile_case(tmp_path_factory.mktemp("h") / "case")))


@pytest.fixture(scope="module")
def bundled_graph(bundled_story) -> Graph:
    return case_graph(bundled_story)


def _node(graph: Graph, node_id: str):
    return next(n for n in graph.nodes if n.id == node_id)


def _edges_into(graph: Graph, node_id: str) -> dict[str, str]:
    return {e.source: e.label for e in graph.edges if e.target == node_id}


# --- Mermaid -------------------------------------------------------------------------------------

@pytest.mark.parametrize("case_dir", CASES, ids=lambda p: p.name)
def test_the_mermaid_of_every_case_is_well_formed_and_says_it_all(case_dir):
    graph = case_graph(load_story(case_dir))
    parsed = assert_mermaid_tells(graph)
    assert len(parsed["subgraphs"]) == len(graph.clusters)


def test_hostile_text_and_keyword_ids_cannot_break_the_mermaid(hostile_graph):
    parsed = assert_mermaid_tells(hostile_graph)
    text = render(hostile_graph, "mermaid")
    assert "é«»" in text  # letters beyond ASCII are written as they are
    labels = [*parsed["nodes"].values(), *parsed["subgraphs"].values()]
    assert FOLDED in [decoded(label).split("\n")[0] for label in labels]
    assert {"end", "o", "subgraph"} & set(parsed["nodes"]) == set()


# --- what is drawn -------------------------------------------------------------------------------

def test_small_talk_is_left_out_and_counted(mini_story):
    graph = case_graph(mini_story)
    ids = {n.id for n in graph.nodes}
    # gives evidence; sets a flag Ann's availability reads; is `visited` by a hearing option
    assert {"topic__ann_saw", "topic__tom_afternoon", "topic__tom_confess"} <= ids
    assert "reaction__tom_crumbs" not in ids  # gives and sets nothing
    assert graph.characters()["tom"].detail == "not drawn: 1 reaction"


def test_evidence_is_drawn_with_where_it_comes_from_and_what_it_opens(mini_story):
    graph = case_graph(mini_story)
    search = _node(graph, "search__bedroom_pillow")
    assert next(c for c in graph.clusters if c.id == search.cluster).label == "Tom's bedroom"
    assert ("search__bedroom_pillow", "evidence__crumbs", "gives") in {
        (e.source, e.target, e.kind) for e in graph.edges}
    opened = {e.target: e.label for e in graph.edges if e.source == "evidence__crumbs"}
    assert opened == {"state__tom__honest": "shown", "hearing": ""}
    assert _edges_into(graph, "topic__ann_saw") == {"flag__met_tom": ""}  # Ann's availability


def test_a_version_is_labelled_with_what_breaks_it(bundled_graph):
    breaks = {(e.source, e.target): e.label for e in bundled_graph.edges
              if e.kind == "transition"}
    first = breaks[("state__anya__v1_dealer", "state__anya__v2_assault")]
    assert first == "contradicted anya_v1_washroom (The DNA report)"
    assert breaks[("state__julie__covering", "state__julie__talking")] == (
        "shown Report: the Pont de la Tournelle")
    assert breaks[("state__vincent__old_flame", "state__vincent__counsel")] == (
        "flag vincent_hired")
    # The statement that breaks it, with what proves it false, and the version it is said in.
    assert _edges_into(bundled_graph, "said__anya_v1_washroom__contradiction") == {
        "evidence__dna_report": "disproves", "state__anya__v1_dealer": ""}


def test_the_board_and_the_hearing_say_what_opens_them(bundled_graph):
    into_death = _edges_into(bundled_graph, "group__the_death")
    assert into_death["evidence__dna_report"].startswith("on the board\nanswer “")
    police = _edges_into(bundled_graph, "option__police")
    assert {"evidence__julie_statement", "group__the_death", "group__man_in_cap"} <= police.keys()
    assert ("option__defend", "ending__perfect_mother") in {
        (e.source, e.target) for e in bundled_graph.edges}
    assert _node(bundled_graph, "ending__perfect_mother").detail == (
        "perfect_mother · then paris / berlin / alone")
    assert _node(bundled_graph, "hearing").detail == (
        "open when\nhas The DNA report or credibility = 0")


def test_the_bundled_case_stays_readable(bundled_graph):
    kinds = [n.kind for n in bundled_graph.nodes]
    assert len(kinds) < 120, "one node per scene would be ~200"
    assert kinds.count("topic") + kinds.count("reaction") < 20


def test_a_long_condition_is_summed_up():
    story = load_story(MINI)
    condition = parse_condition(" and ".join(f"flag f{n}" for n in range(12)))
    lines = Wording(story).lines(condition)
    assert len(lines) == MOST_LINES
    assert lines[-1] == f"and {12 - MOST_LINES + 1} more"
    long_last = parse_condition("flag a and flag b and (" + " or ".join(
        f"flag long_flag_name_{n}" for n in range(40)) + ")")
    lines = Wording(story).lines(long_last)
    assert lines[:2] == ("flag a", "flag b") and len(lines) == MOST_LINES
    assert lines[-1].endswith("…") and lines[2].startswith("flag long_flag_name_0 or")


# --- selections ----------------------------------------------------------------------------------

def test_only_versions_keeps_the_machines_and_their_breaks(bundled_graph):
    versions = bundled_graph.versions_only()
    assert {n.kind for n in versions.nodes} == {"start", "state"}
    assert {e.kind for e in versions.edges} == {"transition", "leads"}
    assert set(versions.characters()) == {"anya", "vincent", "julie", "bash"}
    assert sum(e.kind == "transition" for e in versions.edges) == 7


def test_one_character_and_what_connects_to_it(bundled_graph):
    julie = bundled_graph.around("julie")
    assert set(julie.characters()) <= {"julie", "anya", "vincent", "bash"}
    ids = {n.id for n in julie.nodes}
    assert {"state__julie__covering", "evidence__friends_photo",  # what lets her be questioned
            "search__grandmother_anyas_room",  # where that comes from
            "evidence__julie_statement", "evidence__kamal_death"} <= ids
    assert "state__bash__hostile" not in ids
    assert_mermaid_tells(julie)


# --- the command ---------------------------------------------------------------------------------

def test_the_command_prints_mermaid_by_default(capsys):
    assert main(["graph", str(MINI)]) == 0
    assert capsys.readouterr().out == render(case_graph(load_story(MINI)), "mermaid")


def test_the_command_with_a_character_and_only_versions(capsys):
    assert main(["graph", str(BUNDLED), "--only", "versions", "--character", "bash"]) == 0
    parsed = parse_mermaid(capsys.readouterr().out)
    assert set(parsed["subgraphs"]) == {"who__bash"}
    assert [e[2] for e in parsed["edges"] if e[1] == "==>"] == [
        "shown CCTV: the front entrance or flag<br/>  bash_backed"]


def test_an_unknown_character_is_named_with_the_known_ones(capsys):
    assert main(["graph", str(BUNDLED), "--character", "anay"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no character `anay` in this case; did you mean `anya`?" in captured.err
    assert "anya, vincent, julie, bash" in captured.err


def test_a_character_with_nothing_drawn_is_told(capsys):
    assert main(["graph", str(BUNDLED), "--character", "helene"]) == 2
    assert "`helene` has nothing drawn" in capsys.readouterr().err


def test_a_missing_folder(capsys, tmp_path):
    assert main(["graph", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_a_case_that_does_not_load_is_told_as_check_tells_it(capsys, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    text = (MINI / "case.toml").read_text(encoding="utf-8")
    (broken / "case.toml").write_text(text.replace('when = "tom is lying"',
                                                   'when = "tom is lyin"', 1), encoding="utf-8")
    assert main(["graph", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    checked = io.StringIO()
    assert check_case(broken, checked) == 1
    assert captured.err == checked.getvalue()
    assert re.search(r"case\.toml:\d+:\d+: E008 unknown state `lyin`", captured.err)


# --- Graphviz ------------------------------------------------------------------------------------

@needs_dot
@pytest.mark.timeout(60)
def test_graphviz_draws_the_bundled_case(bundled_graph):
    texts = svg_texts(svg_of(render(bundled_graph, "dot")))
    assert "The dealer" in texts and "CCTV: the front entrance" in texts


@needs_dot
@pytest.mark.timeout(60)
def test_graphviz_draws_hostile_text_as_written(hostile_graph):
    texts = svg_texts(svg_of(render(hostile_graph, "dot")))
    # Every label, the graph's and the clusters' too, is drawn as written: the backslash of
    # `\N` is not read as "the node's name here".
    labelled = [hostile_graph.title, *(c.label for c in hostile_graph.clusters),
                *(n.label for n in hostile_graph.nodes)]
    assert texts.count(FOLDED) == labelled.count(FOLDED) > 10
    assert not [t for t in texts if "__" in t]  # no id put in for an escape


EMPTY = Graph("", (Cluster("place__c", "place", ""),),
              (Node("search__s", "search", "", "", "place__c"),
               Node("evidence__e", "evidence", "")),
              (Edge("search__s", "evidence__e", "gives"),))


def test_empty_titles_are_drawn_as_nothing_in_mermaid():
    assert_mermaid_tells(EMPTY)


@needs_dot
def test_empty_titles_are_drawn_as_nothing_by_graphviz():
    svg_of(render(EMPTY, "dot"))  # an empty HTML label, <>, is a syntax error to Graphviz


# --- the README ----------------------------------------------------------------------------------

def test_the_readme_shows_the_bundled_versions_as_the_command_draws_them_now(bundled_graph):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```mermaid\n(.*?)```", readme, re.DOTALL)
    assert block is not None, "README.md has no ```mermaid block"
    assert block.group(1) == render(bundled_graph.versions_only(), "mermaid"), (
        "README.md is stale: paste `detective graph --only versions story/perfect_mother`")
