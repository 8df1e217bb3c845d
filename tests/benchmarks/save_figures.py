"""Save figures for run.py: writing and reading a save against the bare TOML libraries, and the
memory an undo history holds after 1,000 actions."""

from __future__ import annotations

import random
import tempfile
import time
import tomllib
import tracemalloc
from pathlib import Path

import tomli_w

from game.engine.model import Story
from game.persistence.playthrough import Playthrough
from game.persistence.savefile import describe_position, read_save, save_document
from game.persistence.slots import SaveFolder


def _best(repeats: int, work) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _long_game(story: Story, actions: int, seed: int = 7) -> Playthrough:
    """A game of `actions` actions that never goes to the hearing, so it can go on."""
    chooser = random.Random(seed)
    game = Playthrough(story)
    game.begin()
    for _ in range(actions):
        possible = [a for a in game.session.possible_actions() if a.verb != "hearing"]
        game.perform(chooser.choice(possible))
    return game


def _with_transcript(story: Story, lines: int) -> Playthrough:
    game = _long_game(story, 60)
    transcript = game.session.state.transcript
    while len(transcript) < lines:
        transcript.extend(transcript[: lines - len(transcript)])
    return game


def save_ratios(story: Story, repeats: int) -> tuple[float, float]:
    """(one save with a 1,000-line transcript, written to a slot without fsync / tomli_w.dumps
    of the same data; reading and checking that save / tomllib.loads of its text)."""
    game = _with_transcript(story, 1000)
    state = game.session.state
    document = save_document(story, state, saved_at="2026-01-01T00:00:00+00:00",
                             play_seconds=1.0, label=describe_position(story, state))
    with tempfile.TemporaryDirectory() as folder_path:
        folder = SaveFolder.open(Path(folder_path))
        save = _best(repeats, lambda: folder.write("bench", game.save_text(), durable=False))
        dump = _best(repeats, lambda: tomli_w.dumps(document))
        text = folder.read("bench")
    load = _best(repeats, lambda: read_save(text, story))
    parse = _best(repeats, lambda: tomllib.loads(text))
    return save / dump, load / parse


def undo_history_mb(story: Story, actions: int = 1000) -> float:
    tracemalloc.start()
    game = _long_game(story, actions)
    game.session.state.transcript.clear()  # the game's own transcript is not the history's
    history_bytes = tracemalloc.get_traced_memory()[0]
    del game
    tracemalloc.stop()
    return history_bytes / (1024 * 1024)
