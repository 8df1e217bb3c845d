"""`detective check`: load a case, explore all its states, run its walkthroughs, report.

A verdict is only given where the search proved it: when exploration stops at its limit, nothing
is said about what was not reached (the rest of the space might reach it), only that the proof
is incomplete.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from game.analysis.coverage import coverage
from game.analysis.explore import Exploration, Step, explore, render_path
from game.analysis.leaks import Use
from game.analysis.steps import WASTE
from game.engine.conditions import Condition
from game.engine.model import Story
from game.engine.text import one_line
from game.storyfiles.diagnostics import Diagnostic, StoryError
from game.storyfiles.loader import load_case
from game.storyfiles.spans import diagnostic_end, file_texts
from game.storyfiles.tool_formats import github_command, json_line
from game.storyfiles.walkthroughs import Reached, WalkResult, run_walkthrough, walkthrough_files


@dataclass
class CheckResult:
    """What check found: every diagnostic, warnings first, as they are told; and, when the case
    loaded (`story` is not None), the shortest commands to each ending, the walkthroughs' results
    and the number of states explored."""

    diagnostics: list[Diagnostic]
    story: Story | None = None
    paths: dict[str, list[str]] = field(default_factory=dict)
    walks: list[WalkResult] = field(default_factory=list)
    states: int = 0

    @property
    def problems(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_warning]


def run_check(case_dir: Path, max_states: int = 500_000,
              progress: Callable[[int], None] | None = None,
              overrides: Mapping[Path, str] | None = None) -> CheckResult:
    """Load, explore and run the walkthroughs of the case in `case_dir`; `overrides` gives the
    text of files an editor has not saved (see load_case)."""
    overrides = overrides or {}
    try:
        story, warnings = load_case(case_dir, overrides)
    except StoryError as error:
        return CheckResult(error.diagnostics)
    walks = [run_walkthrough(story, path, overrides.get(path))
             for path in walkthrough_files(case_dir)]
    played = Reached()  # what the walkthroughs really played, up to a step that failed
    for walk in walks:
        for kind in ("nodes", "evidence", "states", "endings"):
            getattr(played, kind).update(getattr(walk.reached, kind))
    found, paths, states = explore_problems(story, max_states, progress, played)
    found, warnings = _hidden_reactions_as_errors(found, warnings)
    for walk in walks:
        found.extend(walk.problems)
    warnings = [*warnings, *(d for d in found if d.is_warning)]
    problems = [d for d in found if not d.is_warning]
    return CheckResult([*warnings, *problems], story, paths, walks, states)


def _hidden_reactions_as_errors(found: list[Diagnostic], warnings: list[Diagnostic]
                                ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """A reaction hidden by a catch-all (W003 while loading) is one the exploration finds never
    played (C001): one problem, an error like any node never played, told with the warning's
    reason, which names the catch-all, instead of both."""
    hidden = {(w.file, w.line): w for w in warnings if w.code == "W003"}
    unplayed = {(d.file, d.line) for d in found if d.code == "C001"} & hidden.keys()
    found = [replace(d, message=hidden[d.file, d.line].message)
             if d.code == "C001" and (d.file, d.line) in unplayed else d for d in found]
    return found, [w for w in warnings if (w.file, w.line) not in unplayed or w.code != "W003"]


def check_case(case_dir: Path, out: TextIO, max_states: int = 500_000,
               err: TextIO | None = None, output: str = "text", with_coverage: bool = False
               ) -> int:
    """Check the case and report to `out`: for an author (`output` "text"), or one line a
    problem and nothing else for a tool ("json", "github"); `with_coverage` adds what no
    walkthrough reaches (notes: they change nothing of the verdict). 0: all good, 1: problems,
    2: no such folder."""
    err = err if err is not None else sys.stderr
    if not case_dir.is_dir():
        (out if output == "text" else err).write(f"detective check: {case_dir} is not a folder\n")
        return 2
    progress = _progress_on(err)
    result = run_check(case_dir, max_states, progress)
    if progress is not None:
        err.write("\r\x1b[K")  # the progress line goes before the report starts
    covered = (coverage(result.story, [walk.reached for walk in result.walks])
               if with_coverage and result.story is not None else None)
    if output != "text":
        notes = list(covered.missed) if covered else []
        _write_for_tools([*result.diagnostics, *notes], case_dir, out, output)
        return 1 if result.problems else 0
    for diagnostic in result.diagnostics:
        out.write(f"{diagnostic}\n")
    story, problems = result.story, result.problems
    if story is None:
        out.write(f"error: {len(problems)} problem(s) in {case_dir}\n")
        return 1
    for ending_id, commands in result.paths.items():
        last = story.endings[ending_id].choices
        then = f"; then a last choice: {', '.join(f'choose {c}' for c in last)}" if last else ""
        out.write(f"shortest way to `{ending_id}` ({len(commands)} actions): "
                  f"{'; '.join(commands)}{then}\n")
    for walk in result.walks:
        if walk.passed:
            verdict = f"passed ({walk.steps} steps)"
        elif walk.failed_at is not None:
            verdict = f"FAILED at step {walk.failed_at} of {walk.steps}"
        else:
            verdict = f"FAILED ({walk.steps} steps)"
        out.write(f"walkthrough {walk.path.name}: {verdict}\n")
    if covered is not None:
        for note in covered.missed:
            out.write(f"{note}\n")
        out.write(covered.summary(len(result.walks)) + "\n")
    counts = (f"{story.node_count()} nodes, {len(story.evidence)} evidence, "
              f"{len(story.endings)} endings, {result.states} states")
    warnings = len(result.diagnostics) - len(problems)
    noted = f"; {warnings} warning(s)" if warnings else ""
    if problems:
        out.write(f"error: {len(problems)} problem(s){noted}; {counts}\n")
        return 1
    out.write(f"ok: {counts}; all reachable{noted}\n")
    return 0


def _write_for_tools(diagnostics: list[Diagnostic], case_dir: Path, out: TextIO,
                     output: str) -> None:
    text_of = file_texts(case_dir)
    for diagnostic in diagnostics:
        end = diagnostic_end(diagnostic, text_of)
        if output == "json":
            out.write(json_line(diagnostic, end) + "\n")
        else:
            is_file = text_of(diagnostic.file) is not None
            out.write(github_command(diagnostic, end, is_file) + "\n")


def _progress_on(err: TextIO) -> Callable[[int], None] | None:
    """States explored and states per second on a terminal's stderr, once a check has taken
    more than a second; None when stderr is not a terminal (a pipe, CI, a test)."""
    if not err.isatty():
        return None
    started = time.monotonic()

    def show(states: int) -> None:
        elapsed = time.monotonic() - started
        if elapsed > 1:
            err.write(f"\rexploring: {states:,} states, {states / elapsed:,.0f} states/s ")
            err.flush()

    return show


def explore_problems(story: Story, max_states: int,
                     progress: Callable[[int], None] | None = None,
                     played: Reached | None = None) -> tuple[list[Diagnostic], dict, int]:
    """Explore the story and turn what it could not reach into diagnostics. What `played`
    holds (the walkthroughs' real play) is never called unreachable: should the search have
    missed it, that is a fault of check, told as such (C008), not a hole in the case."""
    # A problem of the whole case is told at its [case] table.
    case_file, case_line, case_column = story.origin("case", story.case.id)
    found = explore(story, limit=max_states, progress=progress)
    if found.limit_hit:
        # A partial search proves nothing about what it did not reach.
        return [Diagnostic(case_file, case_line, case_column, "C008",
                           f"unproved: exploration stopped at {max_states:,} states before it "
                           "was complete, so nothing is claimed about what can be reached; "
                           "raise --max-states")], {}, found.states
    problems = _unreached(story, found, played or Reached()) + _testimony_unreached(story, found)
    for ending_id in sorted(found.unproved_endings):
        problems.append(Diagnostic(*story.origin("ending", ending_id), "C008",
                                   f"unproved: ending `{ending_id}` was found only on a path "
                                   "that makes objections that prove nothing where check could "
                                   "not make them in play, so it is not claimed reachable; add "
                                   "a walkthrough that reaches it"))
    if found.softlock_count and WASTE in found.softlocks[0]:
        # Reached only by wrong objections check could not make in play: not claimed.
        problems.append(Diagnostic(case_file, case_line, case_column, "C008",
                                   "unproved: states from which no ending can be reached were "
                                   "found only after objections that prove nothing, which check "
                                   "could not make in play; add a walkthrough that runs out of "
                                   "credibility"))
    elif found.softlock_count:
        example = "; ".join(render_path(found.softlocks[0], story)) or "(the start)"
        file, line, column = _where(story, found.softlocks[0])
        if file is None:
            file, line, column = case_file, case_line, case_column
        # With testimony, what is proved: no ending without giving up on purpose, or, when the
        # way there spends the credibility on objections that prove nothing, after them.
        without = ("" if not story.statements else
                   " once objections that prove nothing have spent the credibility"
                   if found.softlock_by_waste else " without objections that prove nothing")
        problems.append(Diagnostic(file, line, column, "C005",
                                   f"{found.softlock_count} state(s) from which no ending can be "
                                   f"reached{without}; the first after: {example}"))
    if found.unsettled is not None:
        problems.append(_circle_problem(story, found))
    for (character_id, state_id), (before, path) in found.skipped.items():
        problems.append(Diagnostic(*story.origin("character", character_id, ("states", state_id)),
                                   "W004",
                                   f"state `{state_id}` of `{character_id}` can be entered "
                                   f"without `{before}` ever being entered, after: "
                                   + ("; ".join(render_path(path, story)) or "(the start)")))
    problems += _leaks(story, found)
    paths = {e: render_path(steps, story) for e, steps in sorted(found.reached_endings.items())}
    return problems, paths, found.states


def _circle_problem(story: Story, found: Exploration) -> Diagnostic:
    """C007 at the first transition that goes round, naming each with its states."""
    after = "; ".join(render_path(found.unsettled or [], story)) or "(the start)"
    if not found.circle:  # not expected: settling ends once no transition fires
        return Diagnostic(str(story.case.id), None, None, "C007",
                          f"transitions go round in a circle after: {after}")
    character_id, index = found.circle[0]
    steps = []
    for who, number in found.circle:
        transition = story.characters[who].transitions[number]
        steps.append(f"`{who}` {transition.from_state} -> {transition.to} "
                     f"(when `{one_line(transition.when.source, 60)}`)")
    return Diagnostic(*story.origin("character", character_id, ("transitions", index)), "C007",
                      f"transitions go round in a circle, never settling: {', then '.join(steps)}"
                      f", and round again; after: {after}")


def _showing(story: Story, use: Use) -> list[Step]:
    """The action that shows a text an action shows (a topic's lines: asking it), to end the
    way to a leak with: the search found the state where it can be taken."""
    if use.key[:1] != ("lines",):
        return []
    if use.kind == "topic":
        return [Step("ask", use.owner, story.topics[use.owner].character)]
    if use.kind == "search":
        return [Step("search", story.searches[use.owner].place)]
    if use.kind == "reaction":
        reaction = story.reactions[use.owner]
        return [Step("present", reaction.evidence, reaction.character)]
    return []


def _leaks(story: Story, found: Exploration) -> list[Diagnostic]:
    """C012: a text that names a term the player cannot know yet, at the text's own line."""
    problems = []
    for use, path in found.leaks:
        steps = "; ".join(render_path([*path, *_showing(story, use)], story))
        when = f"for instance after: {steps}" if steps else "from the start"
        problems.append(Diagnostic(*story.origin(use.kind, use.owner, use.key), "C012",
                                   f"{use.what} names `{use.word}` (term `{use.term}`) before "
                                   f"the player can know it, {when}"))
    for use in found.unproved_leaks:
        problems.append(Diagnostic(*story.origin(use.kind, use.owner, use.key), "C008",
                                   f"unproved: {use.what} names `{use.word}` (term "
                                   f"`{use.term}`) before it is taught only on a path that "
                                   "makes objections that prove nothing where check could not "
                                   "make them in play; gate the text or teach the term sooner"))
    return problems


def _never(condition: Condition) -> str:
    return f"`{one_line(condition.source, 120)}` never holds"


def _unreached(story: Story, found: Exploration, played: Reached) -> list[Diagnostic]:
    """C001-C004 for what no reachable state reaches, each with the condition that never held;
    C008 for what the search missed though a walkthrough played it."""
    problems: list[Diagnostic] = []
    seen_in_play = {"topic": played.nodes, "reaction": played.nodes, "search": played.nodes,
                    "event": played.nodes, "evidence": played.evidence, "ending": played.endings}

    def at(kind: str, object_id: str, code: str, message: str,
           sub: tuple[str | int, ...] = (), was_played: bool | None = None) -> None:
        where = story.origin(kind, object_id, sub) if sub else story.origin(kind, object_id)
        if was_played if was_played is not None else object_id in seen_in_play[kind]:
            subject = message.partition(" can never")[0].partition(" is never")[0]
            message = (f"unproved: check's search found no way to reach {subject}, yet a "
                       "walkthrough reaches it: a fault of check (please report it), so nothing "
                       "is claimed about it")
            code = "C008"
        problems.append(Diagnostic(*where, code, message))

    def questioned(character_id: str) -> str:
        """Why nothing of this character is played, or "" if they can be questioned."""
        if character_id in found.available_characters:
            return ""
        character = story.characters[character_id]
        return f"{character.name} can never be questioned: {_never(character.available)}"

    for topic_id, topic in story.topics.items():
        if topic_id not in found.reachable_nodes:
            why = (questioned(topic.character)
                   or f"its `when` never holds while {story.name_of(topic.character)} can be "
                      f"questioned: {_never(topic.when)}")
            at("topic", topic_id, "C001", f"topic `{topic_id}` can never be played: {why}")
    for reaction_id, reaction in story.reactions.items():
        if reaction_id not in found.reachable_nodes:
            name = story.name_of(reaction.character)
            why = (questioned(reaction.character)
                   or (f"evidence `{reaction.evidence}` is never found"
                       if reaction.evidence not in found.obtained_evidence else "")
                   or f"when `{reaction.evidence}` is shown to {name}, {_never(reaction.when)} "
                      "(or an earlier reaction to it always plays first)")
            at("reaction", reaction_id, "C001",
               f"reaction `{reaction_id}` can never be played: {why}")
    for search_id, search in story.searches.items():
        if search_id not in found.reachable_nodes:
            place = story.places[search.place]
            why = (f"{place.name} can never be searched: {_never(place.available)}"
                   if search.place not in found.available_places
                   else f"its `when` never holds when {place.name} is searched: "
                        f"{_never(search.when)}")
            at("search", search_id, "C001", f"search `{search_id}` can never be played: {why}")
    for event_id, event in story.events.items():
        if event_id not in found.reachable_nodes:
            at("event", event_id, "C001",
               f"event `{event_id}` can never fire: {_never(event.when)}")
    for evidence_id in story.evidence:
        if evidence_id not in found.obtained_evidence:
            at("evidence", evidence_id, "C002", f"evidence `{evidence_id}` can never be found")
    for character_id, character in story.characters.items():
        for state_id in character.states:
            if (character_id, state_id) not in found.entered_states:
                at("character", character_id, "C003",
                   f"state `{state_id}` of `{character_id}` is never entered: "
                   + _why_never_entered(story, found, character_id, state_id),
                   ("states", state_id), (character_id, state_id) in played.states)
    hearing = story.hearing
    for ending_id in story.endings:
        if ending_id in found.reached_endings:
            continue
        leading = [o for o, option in hearing.options.items() if option.ending == ending_id]
        if not found.hearing_opened:
            why = f"the hearing never opens: {_never(hearing.available)}"
        elif not leading:
            why = "no option of the hearing leads to it"
        else:
            why = "no option that leads to it is ever offered at the hearing: " + "; ".join(
                f"`{o}`: {_never(hearing.options[o].when)} while the hearing is open"
                for o in leading)
        at("ending", ending_id, "C004", f"ending `{ending_id}` can never be reached: {why}")
    return problems


def _why_never_entered(story: Story, found: Exploration, character_id: str, state_id: str
                       ) -> str:
    """Each transition into the state, and what stops it: the state it leaves is never entered,
    or its `when` never holds there."""
    leading = [t for t in story.characters[character_id].transitions if t.to == state_id]
    if not leading:
        return "no transition leads to it"
    reasons = []
    for transition in leading:
        if (character_id, transition.from_state) not in found.entered_states:
            reasons.append(f"from `{transition.from_state}`, which is never entered")
        else:
            reasons.append(f"from `{transition.from_state}`, {_never(transition.when)} there")
    return "; ".join(reasons)


def _testimony_unreached(story: Story, found: Exploration) -> list[Diagnostic]:
    """C009-C011: statements never said, contradictions never made, groups never confirmed."""
    problems: list[Diagnostic] = []
    done = found.outcomes
    for statement_id, statement in story.statements.items():
        name = story.name_of(statement.character)
        if ("pressed", statement_id) not in done:
            told = f" in version `{statement.version}`" if statement.version else ""
            problems.append(Diagnostic(*story.origin("statement", statement_id), "C009",
                                       f"statement `{statement_id}` is never said: {name} is "
                                       f"never questioned{told} while its `when` holds"))
            continue
        contradiction = statement.contradiction
        if contradiction is not None and ("contradicted", statement_id) not in done:
            items = ", ".join(f"`{e}`" for e in contradiction.evidence)
            problems.append(Diagnostic(*story.origin("statement", statement_id), "C010",
                                       f"statement `{statement_id}` can never be proved false: "
                                       f"while {name} says it, {items} is never held with "
                                       "credibility left"))
    for group_id, group in story.board.items():
        if ("confirmed", group_id) not in done:
            answers = ", ".join(f"`{b.answer}`" for b in group.blanks.values())
            problems.append(Diagnostic(*story.origin("board", group_id), "C011",
                                       f"board group `{group_id}` can never be confirmed: it "
                                       f"is never on the board with its right answers "
                                       f"({answers}) all offered before the hearing"))
    return problems


def _where(story: Story, path: list[Step]) -> tuple[str | None, int | None, int | None]:
    """The file:line of what the last step of `path` played: where a softlock begins."""
    for step in reversed(path):
        if step.verb == "ask":
            return story.origin("topic", step.target)
        if step.verb == "search":
            return story.origin("place", step.target)
        if step.verb == "present" and step.character is not None:
            return story.origin("character", step.character)
        if step.verb in ("press", "object"):
            return story.origin("statement", step.target)
        if step.verb == "confirm":
            return story.origin("board", step.target)
        if step.verb == "choose" and step.target in story.hearing.options:
            return story.origin("ending", story.hearing.options[step.target].ending)
    return None, None, None
