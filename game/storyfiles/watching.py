"""Noticing that a case's files changed, for `detective play --watch`.

The line mode looks before each command it reads (`FileStamps`): a stat of each story file, so
an edit saved before a command is seen by that command, with no thread and no timing. The
interface has no commands to wait for: it is told by a watcher thread (watchfiles, the operating
system's file events) as soon as a file is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from game.storyfiles.loader import WALKTHROUGH_DIR, story_files


class FileStamps:
    """The story files of a case, with their size and time of change, as last looked at."""

    def __init__(self, case_dir: Path) -> None:
        self.case_dir = case_dir
        self._last = self._stamps()

    def _stamps(self) -> tuple[tuple[str, int, int], ...]:
        stamps = []
        for path in story_files(self.case_dir):
            try:
                status = path.stat()
            except OSError:
                continue  # gone between the listing and the look: the loader will say
            stamps.append((str(path), status.st_mtime_ns, status.st_size))
        return tuple(stamps)

    def changed(self) -> bool:
        """Whether a story file was added, removed or written since the last look."""
        now = self._stamps()
        if now == self._last:
            return False
        self._last = now
        return True


def is_story_file(case_dir: Path, path: str) -> bool:
    """A file whose change changes the case: a .toml, not hidden, not a walkthrough."""
    try:
        parts = Path(path).relative_to(case_dir).parts
    except ValueError:
        return False
    return (bool(parts) and parts[-1].endswith(".toml") and WALKTHROUGH_DIR not in parts[:-1]
            and not any(part.startswith(".") for part in parts))


def watch_case(case_dir: Path, on_change: Callable[[], None], stop: threading.Event) -> None:
    """Call `on_change` after each burst of changes to the case's story files, until `stop` is
    set. Blocking: run it in a thread of its own."""
    import watchfiles

    folder = case_dir.resolve()
    for _ in watchfiles.watch(folder, stop_event=stop, debounce=300, raise_interrupt=False,
                              watch_filter=lambda _, path: is_story_file(folder, path)):
        on_change()
