"""Benchmark figures, one JSON line each: {"name", "value", "unit", "goal"} (and "note").

    python tests/benchmarks/run.py [--quick]
    python tests/benchmarks/run.py --scale   # only how `detective check` scales (up to ~25 min)

A script, not a test: goals are measured here, never by timed tests.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from game.analysis.check import check_case  # noqa: E402
from game.analysis.explore import explore  # noqa: E402
from game.engine.conditions import parse_condition  # noqa: E402
from game.engine.session import Session  # noqa: E402
from game.storyfiles.loader import load_story, story_files  # noqa: E402
from game.storyfiles.reading import (  # noqa: E402
    SECONDS_PER_ACTION,
    WORDS_PER_MINUTE,
    reading_of,
)
from tests.benchmarks.save_figures import save_ratios, undo_history_mb  # noqa: E402
from tests.benchmarks.scale import (  # noqa: E402
    ABSOLUTE_GOALS,
    MAX_STATES,
    MEMORY_LIMIT_BYTES,
    RATIO_GOALS,
    TIME_LIMIT_S,
    scale_rows,
)
from tests.benchmarks.synthetic import write_synthetic_case  # noqa: E402
from tests.benchmarks.ui_figures import keypress_figures, startup_medians_ms  # noqa: E402

BUNDLED = ROOT / "story" / "perfect_mother"


def emit(name: str, value: float, unit: str, goal: str | None, note: str | None = None) -> None:
    figure = {"name": name, "value": round(value, 4), "unit": unit, "goal": goal}
    if note:
        figure["note"] = note
    print(json.dumps(figure), flush=True)


def best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def load_ratio(case_dir: Path, repeats: int) -> float:
    files = story_files(case_dir)

    def raw_parse() -> None:
        for path in files:
            tomllib.loads(path.read_bytes().decode("utf-8-sig"))

    def cold_load() -> None:
        parse_condition.cache_clear()  # each load starts cold, as a new process does
        load_story(case_dir)

    return best_of(repeats, cold_load) / best_of(repeats, raw_parse)


def step_median_ms(case_dir: Path, steps: int) -> float:
    story = load_story(case_dir)
    session = Session(story, record=True)
    session.begin()
    rng = random.Random(3)
    timings = []
    for _ in range(steps):
        actions = session.possible_actions()  # choosing is the player's time, not the engine's
        if not actions:
            break
        action = rng.choice(actions)
        start = time.perf_counter()
        session.perform(action)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def scale_figures(time_limit: float) -> None:
    """`detective check` on grown cases, each in a fresh capped process, against the bundled one.

    A row that did not finish still gives its seconds and peak memory (up to where it stopped)
    and the note says why; its states figure is then absent, not a guess.
    """
    cap = f"{MEMORY_LIMIT_BYTES / 1024**3:.0f} GB"
    total = time.perf_counter()
    base = None
    for row in scale_rows(time_limit, MEMORY_LIMIT_BYTES, MAX_STATES,
                          progress=lambda name: print(f"# checking {name}", file=sys.stderr,
                                                      flush=True)):
        base = base or row
        note = ("finished" if row.finished else f"did not finish ({row.why})") + \
            f"; exit {row.exit_status}; last line: {row.last_line[:160]}"
        stem = f"check_{row.name}"
        seconds_goal, mb_goal = ABSOLUTE_GOALS.get(row.name, (None, None))
        emit(f"{stem}_seconds", row.seconds, "s",
             f"< {seconds_goal:.0f}" if seconds_goal else ("< 1.0" if row is base else None),
             note=note)
        emit(f"{stem}_peak_mb", row.peak_mb, "MB", f"< {mb_goal:.0f}" if mb_goal else None,
             note=f"the child's own ru_maxrss; RLIMIT_AS {cap}")
        if row.states is not None:
            emit(f"{stem}_states", row.states, "states", None,
                 note=None if row.finished else "where it stopped")
        emit(f"{stem}_finished", float(row.finished), "bool", None,
             note=None if row.finished else f"did not finish ({row.why})")
        if row is not base:
            time_goal, memory_goal = RATIO_GOALS.get(row.name, (None, None))
            emit(f"{stem}_ratio", row.seconds / base.seconds, "x",
                 f"< {time_goal:.0f}" if time_goal else None,
                 note="seconds / check_scale_bundled (a lower bound when it did not finish)")
            emit(f"{stem}_memory_ratio", row.peak_mb / base.peak_mb, "x",
                 f"< {memory_goal:.0f}" if memory_goal else None,
                 note="peak MB / check_scale_bundled (a lower bound when it did not finish)")
    emit("check_scale_run_seconds", time.perf_counter() - total, "s", None,
         note=f"every row, one after another, each capped at {time_limit:.0f} s and {cap}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats, under 40 s")
    parser.add_argument("--scale", action="store_true",
                        help="only how `detective check` scales as a case grows (slow)")
    parser.add_argument("--scale-time-limit", type=float, default=TIME_LIMIT_S,
                        help=f"wall seconds per --scale row (default {TIME_LIMIT_S:.0f})")
    args = parser.parse_args()
    if args.scale:
        scale_figures(args.scale_time_limit)
        return 0
    repeats = 2 if args.quick else 5

    # Issue 13's bar: a first playthrough of 30 to 60 minutes for a person.
    reading = reading_of(load_story(BUNDLED), BUNDLED / "walkthroughs" / "justice.toml")
    emit("reading_minutes_justice", reading.minutes, "min", "30-60",
         note=f"the justice walkthrough: {reading.words} words at {WORDS_PER_MINUTE} a minute, "
              f"{reading.actions} actions at {SECONDS_PER_ACTION} s each")

    with tempfile.TemporaryDirectory() as tmp:
        synthetic = write_synthetic_case(Path(tmp) / "synthetic")
        emit("load_vs_tomllib_ratio", load_ratio(synthetic, repeats), "x", "<= 2.0")

        emit("check_bundled_seconds",
             best_of(repeats, lambda: check_case(BUNDLED, io.StringIO())), "s", "< 1.0")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "game", "check", str(BUNDLED)],
                       capture_output=True, check=True)
        emit("check_bundled_cli_seconds", time.perf_counter() - start, "s", None)

        bundled = load_story(BUNDLED)
        start = time.perf_counter()
        found = explore(bundled)
        emit("check_states_per_second", found.states / (time.perf_counter() - start),
             "states/s", None)

        emit("step_median_ms", step_median_ms(synthetic, 300 if args.quick else 1000), "ms",
             "< 1.0")
    bundled = load_story(BUNDLED)
    save_ratio, load_save_ratio = save_ratios(bundled, 5 if args.quick else 15)
    emit("save_vs_tomli_w_ratio", save_ratio, "x", "<= 2.0",
         note="one save with a 1,000-line transcript, to a slot without fsync / tomli_w.dumps")
    emit("load_save_vs_tomllib_ratio", load_save_ratio, "x", "<= 2.0",
         note="read, check, migrate and reconcile that save / tomllib.loads of its text")
    emit("undo_history_mb", undo_history_mb(bundled), "MB", None,
         note="a game and its undo history after 1,000 actions, transcript excluded")

    # Before the UI figures: the key presses below bring Textual into this process.
    emit("peak_rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "MB", None)

    # Launch to first interactive frame, each app in a fresh process, ours against bare Textual.
    ours_ms, bare_ms = startup_medians_ms(3 if args.quick else 7)
    emit("startup_vs_bare_textual_ratio", ours_ms / bare_ms, "x", "<= 1.3")
    emit("startup_median_ms", ours_ms, "ms", None)
    emit("startup_bare_textual_median_ms", bare_ms, "ms", None)

    # Key presses of a real playthrough. CPU time, not wall time: Pilot's press() always sleeps
    # at least 2 x 20 ms in textual._wait.wait_for_idle, a 40 ms floor that is not the app's work.
    keys = keypress_figures()
    emit("keypress_median_ms", keys["keypress_median_ms"], "ms", "< 30",
         note="CPU time from press to redrawn and idle; Pilot wall time has a 40 ms sleep floor")
    emit("keypress_p90_ms", keys["keypress_p90_ms"], "ms", None)
    emit("keypress_max_ms", keys["keypress_max_ms"], "ms", None)
    emit("keypress_count", keys["keypress_count"], "keys", None)
    emit("keypress_wall_median_ms", keys["keypress_wall_median_ms"], "ms", None,
         note="Pilot round trip, includes its 2 x 20 ms idle waits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
