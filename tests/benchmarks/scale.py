"""How `detective check` scales as a case grows: one fresh process per case, one after another.

Each check runs as `python -m game check DIR --max-states N` in its own process, capped at a
wall time (killed when it passes) and at an address space (RLIMIT_AS, set in the child), so a
case whose states explode cannot take the machine down. Measured per row: wall seconds, peak
resident memory (the child's own ru_maxrss, from os.wait4), the state count from check's last
line, the exit status, and whether it finished. A row that did not finish says why.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.grown import BUNDLED, write_grown_case, write_subplots_case  # noqa: E402

TIME_LIMIT_S = 120.0
MEMORY_LIMIT_BYTES = 4 * 1024**3
MAX_STATES = 5_000_000  # far above what fits in the memory cap: time and memory stop a row first
STATES = re.compile(r"(\d+) states")


@dataclass
class Row:
    name: str
    seconds: float
    peak_mb: float
    states: int | None
    exit_status: int | None  # None: killed at the time limit
    finished: bool
    why: str  # "" when finished; otherwise what stopped it
    last_line: str


def _cap_memory(limit: int):
    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return preexec


def run_check(name: str, case_dir: Path, time_limit: float = TIME_LIMIT_S,
              memory_limit: int = MEMORY_LIMIT_BYTES, max_states: int = MAX_STATES) -> Row:
    """Run one `detective check` in a fresh, capped process and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # As an installed program runs, with its compiled modules: a machine that sets
        # PYTHONDONTWRITEBYTECODE would otherwise time the compiling of the game in every row.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        child = subprocess.Popen(
            [sys.executable, "-m", "game", "check", str(case_dir), "--max-states",
             str(max_states)],
            cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            preexec_fn=_cap_memory(memory_limit))
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > time_limit:
                timed_out = True
                os.kill(child.pid, signal.SIGKILL)  # only the child this function started
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    lines = stdout.strip().splitlines()
    last = lines[-1] if lines else ""
    found = STATES.search(last)
    states = int(found.group(1)) if found else None
    exit_status = None if timed_out else child.returncode
    memory_hit = "MemoryError" in stderr or (exit_status is not None and exit_status < 0)
    if memory_hit:  # first: unwinding after a MemoryError can itself outlast the time limit
        why = f"memory limit, {memory_limit / 1024**3:.1f} GB"
        if timed_out:
            why += f"; then killed at the time limit, {time_limit:.0f} s"
    elif timed_out:
        why = f"time limit, {time_limit:.0f} s"
    elif "C008" in stdout:
        why = f"stopped at --max-states {max_states}"
    elif exit_status not in (0, 1) or not last.startswith(("ok:", "error:")):
        why = f"crashed (exit {exit_status}): {stderr.strip().splitlines()[-1:] or ''}"
    else:
        why = ""
    return Row(name, seconds, usage.ru_maxrss / 1024, states, exit_status, not why, why,
               last or (stderr.strip().splitlines() or [""])[-1])


# (name, what to write) for every row; the first is the yardstick.
GROWN_ROWS: list[tuple[str, dict]] = (
    [(f"grown_pairs_{k}", {"pairs": k}) for k in (1, 5, 10)]
    + [(f"grown_chains_{k}", {"chains": k}) for k in (1, 5, 10)]
    + [(f"grown_clues_{k}", {"clues": k}) for k in (1, 5, 10)]
    + [("grown_chains_clues_10", {"chains": 10, "clues": 10}),
       ("grown_all_10", {"pairs": 10, "chains": 10, "clues": 10}),
       ("grown_statements_10", {"statements": 10})]
)
# Issue 10's bar, as ratios to the bundled check in the same run (and plain figures for the
# subplots case): row -> (time ratio, memory ratio), or (seconds, MB) for subplots.
RATIO_GOALS = {"grown_pairs_10": (2.0, 2.0), "grown_chains_clues_10": (3.0, 3.0),
               "grown_statements_10": (2.0, 2.0)}
ABSOLUTE_GOALS = {"subplots_20": (10.0, 500.0)}
SUBPLOTS = 20
BASELINE_REPEATS = 3


def scale_rows(time_limit: float = TIME_LIMIT_S, memory_limit: int = MEMORY_LIMIT_BYTES,
               max_states: int = MAX_STATES, progress=None):
    """Yield a Row per case, the bundled case first, each checked after the one before ends."""
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Path]] = [("scale_bundled", BUNDLED)]
        for name, sizes in GROWN_ROWS:
            cases.append((name, write_grown_case(Path(tmp) / name, **sizes)))
        cases.append((f"subplots_{SUBPLOTS}",
                      write_subplots_case(Path(tmp) / "subplots", subplots=SUBPLOTS)))
        for name, case_dir in cases:
            if progress:
                progress(name)
            # The yardstick is short and noisy on a shared machine: keep its fastest of three.
            repeats = BASELINE_REPEATS if case_dir == BUNDLED else 1
            runs = [run_check(name, case_dir, time_limit, memory_limit, max_states)
                    for _ in range(repeats)]
            yield min(runs, key=lambda row: row.seconds)


def main() -> int:
    base: Row | None = None
    total = time.perf_counter()
    print(f"{'row':<18} {'seconds':>8} {'peak MB':>8} {'states':>9} {'x time':>7} {'x mem':>6}"
          "  result")
    for row in scale_rows():
        base = base or row
        result = "ok" if row.finished else f"did not finish ({row.why})"
        print(f"{row.name:<18} {row.seconds:8.1f} {row.peak_mb:8.0f} {row.states or 0:9d} "
              f"{row.seconds / base.seconds:7.1f} {row.peak_mb / base.peak_mb:6.1f}  {result}",
              flush=True)
    print(f"whole run: {time.perf_counter() - total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
