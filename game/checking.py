"""`detective check`: load a case, explore all its states, run its walkthroughs, report."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from game.engine.explore import explore, render_path
from game.engine.model import Story
from game.storyfiles.diagnostics import Diagnostic, StoryError
from game.storyfiles.loader import load_case
from game.storyfiles.walkthroughs import run_walkthrough, walkthrough_files


def check_case(case_dir: Path, out: TextIO, max_states: int = 500_000) -> int:
    if not case_dir.is_dir():
        out.write(f"detective check: {case_dir} is not a folder\n")
        return 2
    try:
        story, warnings = load_case(case_dir)
    except StoryError as error:
        for diagnostic in error.diagnostics:
            out.write(f"{diagnostic}\n")
        count = sum(1 for d in error.diagnostics if not d.is_warning)
        out.write(f"error: {count} problem(s) in {case_dir}\n")
        return 1
    for warning in warnings:
        out.write(f"{warning}\n")
    problems, paths, states = explore_problems(story, max_states)
    walks = [run_walkthrough(story, path) for path in walkthrough_files(case_dir)]
    for walk in walks:
        problems.extend(walk.problems)
    for problem in problems:
        out.write(f"{problem}\n")
    for ending_id, commands in paths.items():
        out.write(f"shortest way to `{ending_id}` ({len(commands)} actions): "
                  f"{'; '.join(commands)}\n")
    for walk in walks:
        verdict = "passed" if walk.passed else "FAILED"
        out.write(f"walkthrough {walk.path.name}: {verdict} ({walk.steps} steps)\n")
    counts = (f"{story.node_count()} nodes, {len(story.evidence)} evidence, "
              f"{len(story.endings)} endings, {states} states")
    if problems:
        out.write(f"error: {len(problems)} problem(s); {counts}\n")
        return 1
    noted = f"; {len(warnings)} warning(s)" if warnings else ""
    out.write(f"ok: {counts}; all reachable{noted}\n")
    return 0


def explore_problems(story: Story, max_states: int) -> tuple[list[Diagnostic], dict, int]:
    """Explore the story and turn what it could not reach into diagnostics."""
    found = explore(story, limit=max_states)
    problems: list[Diagnostic] = []

    def at(kind: str, object_id: str, code: str, message: str) -> None:
        problems.append(Diagnostic(*story.origin(kind, object_id), code, message))

    for kind, group in (("topic", story.topics), ("reaction", story.reactions),
                        ("search", story.searches), ("event", story.events)):
        for node_id in group:
            if node_id not in found.reachable_nodes:
                at(kind, node_id, "C001", f"{kind} `{node_id}` can never be played")
    for evidence_id in story.evidence:
        if evidence_id not in found.obtained_evidence:
            at("evidence", evidence_id, "C002", f"evidence `{evidence_id}` can never be found")
    for character_id, character in story.characters.items():
        for state_id in character.states:
            if (character_id, state_id) not in found.entered_states:
                at("character", character_id, "C003",
                   f"state `{state_id}` of `{character_id}` is never entered")
    for ending_id in story.endings:
        if ending_id not in found.reached_endings:
            at("ending", ending_id, "C004", f"ending `{ending_id}` can never be reached")
    if found.softlock_count:
        example = "; ".join(render_path(found.softlocks[0])) or "(the start)"
        problems.append(Diagnostic(str(story.case.id), None, None, "C005",
                                   f"{found.softlock_count} state(s) from which no ending can be "
                                   f"reached; the first after: {example}"))
    if found.unsettled is not None:
        problems.append(Diagnostic(str(story.case.id), None, None, "C007",
                                   "transitions go round in a circle after: "
                                   + "; ".join(render_path(found.unsettled))))
    if found.limit_hit:
        problems.append(Diagnostic(str(story.case.id), None, None, "C008",
                                   f"stopped after {max_states} states; raise --max-states"))
    paths = {e: render_path(steps) for e, steps in sorted(found.reached_endings.items())}
    return problems, paths, found.states
