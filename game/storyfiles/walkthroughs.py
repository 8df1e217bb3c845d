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

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from game.engine import events as ev
from game.engine.commands import resolve
from game.engine.model import Cond, Model, Story
from game.engine.safe_read import UnsafeFile, read_bounded
from game.engine.session import Session
from game.storyfiles.diagnostics import Diagnostic
from game.storyfiles.limits import MAX_FILE_BYTES, line_and_column, structure_problem
from game.storyfiles.loader import (
    WALKTHROUGH_DIR,
    SourceFile,
    syntax_problem,
    unknown_names,
    validation_problems,
)


class WalkStep(Model):
    do: str
    expect: Cond | None = None
    refused: bool = False


class Walkthrough(Model):
    title: str
    ending: str | None = None
    final_choice: str | None = None
    steps: tuple[str | WalkStep, ...]


@dataclass
class WalkResult:
    path: Path
    title: str
    steps: int
    problems: list[Diagnostic]

    @property
    def passed(self) -> bool:
        return not self.problems


def walkthrough_files(case_dir: Path) -> list[Path]:
    return sorted((case_dir / WALKTHROUGH_DIR).glob("*.toml"))


def run_walkthrough(story: Story, path: Path) -> WalkResult:
    source = SourceFile(path, str(path), "")
    try:
        source.text = read_bounded(path, MAX_FILE_BYTES, path.parent).decode("utf-8-sig")
        too_deep = structure_problem(source.text)
        if too_deep is not None:
            where = line_and_column(source.text, too_deep[0])
            return WalkResult(path, "", 0, [Diagnostic(str(path), *where, "E014", too_deep[1])])
        data = tomllib.loads(source.text)
        walk = Walkthrough.model_validate(data)
    except UnsafeFile as error:
        return WalkResult(path, "", 0, [Diagnostic(str(path), None, None, "E012",
                                                   f"the file is not read: {error}")])
    except OSError as error:
        return WalkResult(path, "", 0, [Diagnostic(str(path), None, None, "E012",
                                                   error.strerror or str(error))])
    except UnicodeDecodeError:
        return WalkResult(path, "", 0, [Diagnostic(str(path), 1, 1, "E012", "not UTF-8 text")])
    except tomllib.TOMLDecodeError as error:
        return WalkResult(path, "", 0, [syntax_problem(source, str(error))])
    except ValidationError as error:
        return WalkResult(path, "", 0, list(validation_problems(source, error)))

    problems: list[Diagnostic] = []
    for index, raw in enumerate(walk.steps):
        if isinstance(raw, WalkStep) and raw.expect is not None:
            for ref, message in unknown_names(story, raw.expect):
                problems.append(source.at(("steps", index, "expect"), "E008", message,
                                          offset=ref.offset))
    if problems:
        return WalkResult(path, walk.title, len(walk.steps), problems)
    session = Session(story)
    session.begin()

    def fail(index: int | None, message: str) -> None:
        where = ("steps", index) if index is not None else ("title",)
        problems.append(source.at(where, "C006", message))

    for index, raw in enumerate(walk.steps):
        step = WalkStep(do=raw) if isinstance(raw, str) else raw
        word, _, rest = step.do.strip().partition(" ")
        resolved = resolve(session, word, rest)
        if resolved.action is None:
            if not step.refused:
                fail(index, f"`{step.do}`: {resolved.error}")
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
        if walk.ending is not None and state.ending != walk.ending:
            fail(None, f"ends at `{state.ending}`, expected ending `{walk.ending}`")
        if walk.final_choice is not None and state.final_choice != walk.final_choice:
            fail(None, f"last choice `{state.final_choice}`, expected `{walk.final_choice}`")
    return WalkResult(path, walk.title, len(walk.steps), problems)
