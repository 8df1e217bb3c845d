"""Walkthroughs: TOML files of typed commands and what must hold after them.

    title = "The truth, and a lawyer who knows it"
    ending = "perfect_mother"          # the ending the walk must reach (optional)
    final_choice = "berlin"            # and the last choice made (optional)
    steps = [
      "talk vincent",
      { do = "ask vincent_take_case", expect = "flag vincent_hired" },
      { do = "present dna_report", refused = true },
    ]
`expect` is a condition in the story's own language, checked right after the step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli
from pydantic import Field, ValidationError

from game.engine import events as ev
from game.engine.commands import ENGINE_VERBS, LINE_MODE_WORDS, resolve
from game.engine.model import Cond, Model, Story
from game.engine.safe_read import UnsafeFile, read_bounded, size_words
from game.engine.session import Session
from game.engine.state import GameState
from game.storyfiles.diagnostics import Diagnostic, closest, mention
from game.storyfiles.limits import MAX_FILE_BYTES, line_and_column, structure_problem
from game.storyfiles.loader import (
    WALKTHROUGH_DIR,
    SourceFile,
    syntax_problem,
    unknown_names,
    validation_problems,
)


class WalkStep(Model):
    """A step with what must follow it."""

    do: str = Field(description="The command, as a player types it.")
    expect: Cond | None = Field(None, description="A condition that must hold right after it.")
    refused: bool = Field(False, description="Whether the game must refuse it.")


class Walkthrough(Model):
    """The commands a player would type, and what must hold after them: `detective check` and
    the tests play it."""

    title: str = Field(description="What the walk shows.")
    ending: str | None = Field(None, description="The ending the walk must reach.")
    final_choice: str | None = Field(None, description="And the last choice it must make.")
    steps: tuple[str | WalkStep, ...] = Field(
        description="The commands in order: a command, or a table with `do` and what follows.")


@dataclass
class Reached:
    """What a walkthrough's play reached, up to its end or the step that failed: what
    `detective check --coverage` counts."""

    nodes: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    states: set[tuple[str, str]] = field(default_factory=set)
    statements: set[str] = field(default_factory=set)  # said to the player
    answers: set[str] = field(default_factory=set)  # written in a blank of the board
    endings: set[str] = field(default_factory=set)


@dataclass
class WalkResult:
    path: Path
    title: str
    steps: int
    problems: list[Diagnostic]
    reached: Reached = field(default_factory=Reached)
    state: GameState | None = None  # where its play ended (None: it could not be played)
    failed_at: int | None = None  # the step that failed, counted from 1

    @property
    def passed(self) -> bool:
        return not self.problems


def walkthrough_files(case_dir: Path) -> list[Path]:
    return sorted((case_dir / WALKTHROUGH_DIR).glob("*.toml"))


class WalkError(Exception):
    """A walkthrough that cannot take the game where it was asked to, in the author's words."""


def find_walkthrough(case_dir: Path, named: str) -> tuple[Path, int | None]:
    """`solved`, `solved.toml`, `solved:4` or a path (`walks/x.toml:4`): the walkthrough file, and
    after how many of its steps to stop (None: all of them)."""
    name, colon, count = named.rpartition(":")
    steps = None
    if colon and count.isdigit():
        steps = int(count)
    else:
        name = named
    for candidate in (Path(name), case_dir / WALKTHROUGH_DIR / name,
                      case_dir / WALKTHROUGH_DIR / f"{name}.toml"):
        if candidate.is_file():
            return candidate, steps
    known = [path.stem for path in walkthrough_files(case_dir)]
    raise WalkError(f"no walkthrough `{name}` in {case_dir / WALKTHROUGH_DIR}"
                    + mention(closest(Path(name).stem, known))
                    + (f" (there are: {', '.join(known)})" if known else " (it has none)"))


def reach(story: Story, path: Path, steps: int | None = None) -> GameState:
    """The state the walkthrough at `path` reaches after `steps` of its steps (all: None),
    played by the game; raise WalkError if it cannot be played that far."""
    result = run_walkthrough(story, path, stop_after=steps)
    if result.problems:
        raise WalkError("; ".join(str(d) for d in result.problems))
    if steps is not None and steps > result.steps:
        raise WalkError(f"{path.name} has {result.steps} steps, not {steps}")
    assert result.state is not None
    return result.state


def run_walkthrough(story: Story, path: Path, text: str | None = None,
                    stop_after: int | None = None) -> WalkResult:
    """Play the walkthrough at `path` (or `text`, its editor's unsaved text) on `story`; with
    `stop_after`, only so many of its steps, and what it expects of its end is not judged."""
    source = SourceFile(path, str(path), "")
    try:
        if text is not None and len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
            raise UnsafeFile(f"it is larger than {size_words(MAX_FILE_BYTES)}")
        source.text = text.removeprefix("\ufeff") if text is not None else (
            read_bounded(path, MAX_FILE_BYTES, path.parent).decode("utf-8-sig"))
        too_deep = structure_problem(source.text)
        if too_deep is not None:
            where = line_and_column(source.text, too_deep[0])
            return WalkResult(path, "", 0, [Diagnostic(str(path), *where, "E014", too_deep[1])])
        data = tomli.loads(source.text)
        walk = Walkthrough.model_validate(data)
    except UnsafeFile as error:
        return WalkResult(path, "", 0, [Diagnostic(str(path), None, None, "E012",
                                                   f"the file is not read: {error}")])
    except OSError as error:
        return WalkResult(path, "", 0, [Diagnostic(str(path), None, None, "E012",
                                                   error.strerror or str(error))])
    except UnicodeDecodeError:
        return WalkResult(path, "", 0, [Diagnostic(str(path), 1, 1, "E012", "not UTF-8 text")])
    except tomli.TOMLDecodeError as error:
        return WalkResult(path, "", 0, [syntax_problem(source, str(error))])
    except ValidationError as error:
        return WalkResult(path, "", 0, list(walk_problems(source, data, error)))

    problems: list[Diagnostic] = []
    if walk.ending is not None and walk.ending not in story.endings:
        guess = closest(walk.ending, story.endings)
        problems.append(source.at(("ending",), "E005", f"unknown ending `{walk.ending}`"
                                  + mention(guess), suggestion=guess, value=True))
    elif walk.final_choice is not None and walk.ending is not None \
            and walk.final_choice not in story.endings[walk.ending].choices:
        choices = story.endings[walk.ending].choices
        guess = closest(walk.final_choice, choices)
        problems.append(source.at(("final_choice",), "E005",
                                  f"ending `{walk.ending}` has no choice `{walk.final_choice}`"
                                  + mention(guess), suggestion=guess, value=True))
    for index, raw in enumerate(walk.steps):
        if isinstance(raw, WalkStep) and raw.expect is not None:
            for ref, message, guess in unknown_names(story, raw.expect):
                problems.append(source.at(("steps", index, "expect"), "E008",
                                          f"{_step_name(index, raw.do)}, `expect`: {message}",
                                          offset=ref.offset, suggestion=guess))
    if problems:
        return WalkResult(path, walk.title, len(walk.steps), problems)
    session = Session(story)
    session.begin()

    failed: list[int] = []

    def fail(index: int | None, message: str, key: str = "title") -> None:
        if index is None:  # about the whole walk: at the key it failed
            problems.append(source.at((key,), "C006", message))
        else:  # counted from 1, as the author counts the steps of the file
            failed.append(index + 1)
            problems.append(source.at(("steps", index), "C006", f"step {index + 1}: {message}"))

    reached = Reached()
    for index, raw in enumerate(walk.steps):
        _note_reached(reached, session.state)
        if stop_after is not None and index >= stop_after:
            break
        step = WalkStep(do=raw) if isinstance(raw, str) else raw
        word, _, rest = step.do.strip().partition(" ")
        resolved = resolve(session, word, rest)
        if resolved.action is None:
            if not step.refused:
                said = _why_not_a_step(word, resolved.error)
                if resolved.suggestions and said == resolved.error:
                    said += f" Did you mean: {', '.join(resolved.suggestions)}?"
                fail(index, f"`{step.do}`: {said}")
                break
            continue
        events = session.perform(resolved.action)
        refused = next((e for e in events if isinstance(e, ev.Refused)), None)
        if refused is not None and not step.refused:
            fail(index, f"`{step.do}` was refused: {refused.reason}")
            break
        if refused is None and step.refused:
            fail(index, f"`{step.do}` should have been refused, and was not")
            break
        if step.expect is not None and not step.expect(session.state):
            fail(index, f"after `{step.do}`, expected `{step.expect.source}`")
            break
    else:
        state = session.state
        if stop_after is not None:
            pass  # a walk stopped on the way is not judged by its end
        elif walk.ending is not None and state.ending != walk.ending:
            reached_end = (f"ends at `{state.ending}`" if state.ending is not None else
                           f"reaches no ending in its {len(walk.steps)} "
                           f"step{'s' if len(walk.steps) != 1 else ''}")
            fail(None, f"{reached_end}, expected ending `{walk.ending}`", "ending")
        if walk.final_choice is not None and state.final_choice != walk.final_choice:
            made = (f"last choice `{state.final_choice}`" if state.final_choice is not None
                    else "no last choice is made")
            fail(None, f"{made}, expected `{walk.final_choice}`", "final_choice")
    _note_reached(reached, session.state)
    return WalkResult(path, walk.title, len(walk.steps), problems, reached, session.state,
                      failed[0] if failed else None)


def _why_not_a_step(word: str, error: str) -> str:
    """A line-mode command only shows something (the testimony, a document, the board) or acts
    on saves and history: a walkthrough is made of what changes the game, so say that."""
    if word.lower() not in LINE_MODE_WORDS:
        return error
    return (f"`{word}` shows something or works on saves and history; a walkthrough step is "
            f"one of the actions that play the case: {', '.join(ENGINE_VERBS)}")


def _note_reached(reached: Reached, state: GameState) -> None:
    """Add what `state` has reached. Facts only grow, but a blank's answer may be replaced: it
    is noted at every step."""
    reached.nodes.update(state.visited)
    reached.evidence.update(state.held)
    reached.states.update(state.reached)
    reached.statements.update(state.told)
    reached.answers.update(state.filled.values())
    if state.ending is not None:
        reached.endings.add(state.ending)


_STEP_KEYS = ("do", "expect", "refused")


def _step_name(index: int, command: Any = None) -> str:
    """A step as an author counts it, from 1, with the command the player types."""
    return f"step {index + 1}" + (f" (`{command}`)" if isinstance(command, str) else "")


def walk_problems(source: SourceFile, data: dict[str, Any],
                  error: ValidationError) -> Iterator[Diagnostic]:
    """The walkthrough's problems in an author's words: each step by its number and command,
    never by the names of the models that read it."""
    steps = data.get("steps")
    bad_steps: set[int] = set()
    others = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if loc[:1] == ("steps",) and len(loc) > 1 and isinstance(loc[1], int):
            bad_steps.add(loc[1])
        else:
            others.append(item)
    for item in others:
        loc, kind = item["loc"], item["type"]
        if kind == "missing":
            yield source.at(loc, "E003", f"the walkthrough needs the key `{loc[-1]}`")
        elif kind == "extra_forbidden":
            guess = closest(str(loc[-1]), Walkthrough.model_fields)
            yield source.at(loc, "E002", f"unknown key `{loc[-1]}` in the walkthrough"
                            + mention(guess), suggestion=guess)
        elif loc == ("steps",):
            yield source.at(loc, "E004", "`steps` should be a list of the commands a player "
                            "types: steps = [\"talk tom\", ...]")
        else:
            yield from validation_problems(source, _one_error(item))
    for index in sorted(bad_steps):
        yield from _step_problems(source, index, steps[index] if isinstance(steps, list) else None)


def _step_problems(source: SourceFile, index: int, raw: Any) -> Iterator[Diagnostic]:
    where: tuple[str | int, ...] = ("steps", index)
    if not isinstance(raw, dict):
        yield source.at(where, "E004", f"{_step_name(index)} should be a command in quotes, or "
                        "a table such as { do = \"talk tom\", expect = \"flag met_tom\" }")
        return
    name = _step_name(index, raw.get("do"))
    try:
        WalkStep.model_validate(raw)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            key = str(item["loc"][0]) if item["loc"] else ""
            at = (*where, key) if key else where
            kind = item["type"]
            if kind == "extra_forbidden":
                guess = closest(key, _STEP_KEYS)
                yield source.at(at, "E002", f"{name}: unknown key `{key}`" + mention(guess)
                                + " (a step has `do`, `expect` and `refused`)", suggestion=guess)
            elif kind == "missing":
                yield source.at(at, "E003", f"{name} needs `do`, the command the player types")
            elif kind == "condition":
                ctx = item.get("ctx", {})
                yield source.at(at, "E007", f"{name}: bad condition in `expect`: "
                                f"{ctx.get('message')}", offset=int(ctx.get("offset", 1)) - 1)
            else:
                wanted = {"do": "the command in quotes", "expect": "a condition in quotes",
                          "refused": "true or false"}.get(key, "something else")
                yield source.at(at, "E004", f"{name}: `{key}` should be {wanted}")


def _one_error(item: Any) -> ValidationError:
    """One pydantic error item, as an error that validation_problems can word."""
    return ValidationError.from_exception_data("Walkthrough", [
        {"type": item["type"], "loc": item["loc"], "input": item.get("input"),
         **({"ctx": item["ctx"]} if "ctx" in item else {})}])
