"""`detective graph`: the picture of a case's structure, as Mermaid or Graphviz DOT on stdout.

Problems go to stderr, so what stdout carries is always a picture (or nothing): a case that does
not load is told as `detective check` tells it (exit 1), a folder that is not there or a
character that is not drawn as a usage error (exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from game.analysis.graph import Graph
from game.analysis.graph_build import case_graph
from game.analysis.graph_render import render
from game.engine.text import one_line
from game.storyfiles.diagnostics import StoryError, did_you_mean
from game.storyfiles.loader import load_case


def graph_case(case_dir: Path, out: TextIO, err: TextIO, format: str = "mermaid",
               character: str | None = None, only: str | None = None) -> int:
    if not case_dir.is_dir():
        err.write(f"detective graph: {case_dir} is not a folder\n")
        return 2
    try:
        story, _warnings = load_case(case_dir)  # warnings are check's to tell
    except StoryError as error:
        for diagnostic in error.diagnostics:
            err.write(f"{diagnostic}\n")
        count = sum(1 for d in error.diagnostics if not d.is_warning)
        err.write(f"error: {count} problem(s) in {case_dir}\n")
        return 1
    graph = case_graph(story)
    if only == "versions":
        graph = graph.versions_only()
    if character is not None:
        problem = _unknown_character(graph, character, story.characters)
        if problem:
            err.write(f"detective graph: {problem}\n")
            return 2
        graph = graph.around(character)
    out.write(render(graph, format))
    return 0


def _unknown_character(graph: Graph, character: str, in_case: dict) -> str:
    """Why `--character` names nothing drawn (an empty string when it does)."""
    drawn = graph.characters()
    if character in drawn:
        return ""
    known = ", ".join(drawn) or "none"
    shown = one_line(character, 60)
    if character in in_case:
        return (f"`{shown}` has nothing drawn (no versions, no scene that moves the case on); "
                f"the characters drawn: {known}")
    return (f"no character `{shown}` in this case{did_you_mean(character, drawn)}; "
            f"the characters drawn: {known}")
