"""UI figures for run.py: start-up against a bare Textual app, and the cost of a key press.

Functions only; run.py emits what they return.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "story" / "perfect_mother"
WALKTHROUGH = BUNDLED / "walkthroughs" / "perfect_mother.toml"

# Both drivers are timed the same way, from just before the parent launches the process to the
# first frame the app paints: App._display is called with each compositor update (in headless
# mode too, where only the terminal write is skipped). The child prints the time and leaves at
# once, so interpreter shutdown is not counted. Ours counts only a frame of the title screen,
# the first screen a player can act on; the bare app's first frame is its one Static.
_FIRST_FRAME = """
import os, sys, time
launched = float(sys.argv[1])
from textual.app import App
_display = App._display
def display(self, screen, renderable):
    if renderable is not None and type(screen).__name__ in WANTED:
        sys.stdout.write(f"{time.time() - launched}\\n")
        sys.stdout.flush()
        os._exit(0)
    return _display(self, screen, renderable)
App._display = display
"""

OURS = "WANTED = ('TitleScreen',)" + _FIRST_FRAME + """
from game.tui.app import make_app
make_app().run(headless=True)
"""

BARE = "WANTED = ('Screen',)" + _FIRST_FRAME + """
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("x")

Bare().run(headless=True)
"""


def _first_frame_seconds(code: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code, repr(time.time())], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True, timeout=60)
    return float(result.stdout.strip())


def startup_medians_ms(rounds: int) -> tuple[float, float]:
    """Median launch-to-first-frame time of (our app, a bare Textual app), in ms, each in a
    fresh process, taken in turn so that both see the same machine."""
    ours, bare = [], []
    for _ in range(rounds):
        ours.append(_first_frame_seconds(OURS))
        bare.append(_first_frame_seconds(BARE))
    return statistics.median(ours) * 1000, statistics.median(bare) * 1000


def keypress_figures() -> dict[str, float]:
    """Per key press of a real playthrough (arrows only): CPU time of the process from the
    press until the screen is redrawn and the app idle, and the Pilot round-trip wall time.

    CPU time, not wall time, is the figure: Pilot's press() always sleeps at least 2 x 20 ms in
    textual._wait.wait_for_idle, so its wall time has a 40 ms floor that is not the app's work.
    """
    return asyncio.run(_play())


async def _play() -> dict[str, float]:
    from game.storyfiles.loader import load_story
    from game.tui.app import make_app
    from tests.ui.keyboard import KeyboardPlayer

    cpu: list[float] = []
    wall: list[float] = []

    class TimedPlayer(KeyboardPlayer):
        async def press(self, *keys: str) -> None:
            for key in keys:
                start_cpu, start_wall = time.process_time(), time.perf_counter()
                await self.pilot.press(key)
                await self.pilot.pause()
                cpu.append(time.process_time() - start_cpu)
                wall.append(time.perf_counter() - start_wall)
                self.keys += 1

    app = make_app(BUNDLED, load_story(BUNDLED))
    async with app.run_test(size=(80, 24)) as pilot:
        player = TimedPlayer(app, pilot, arrows_only=True)
        await player.start()
        await player.play_walkthrough(WALKTHROUGH)

    cpu_ms = [t * 1000 for t in cpu]
    return {
        "keypress_median_ms": statistics.median(cpu_ms),
        "keypress_p90_ms": statistics.quantiles(cpu_ms, n=10, method="inclusive")[-1],
        "keypress_max_ms": max(cpu_ms),
        "keypress_count": len(cpu_ms),
        "keypress_wall_median_ms": statistics.median(wall) * 1000,
    }
