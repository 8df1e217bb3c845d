"""Leaving when the system asks: SIGTERM and SIGHUP end the game through the app's own exit.

Killed outright, the process would leave the terminal raw (no echo, no line editing) and skip
the app's shutdown. Instead each signal asks the app to exit, as ctrl+q does: the driver puts the
terminal back, and `detective` ends with the conventional status, 128 + the signal (143, 129).

After a hangup the terminal may be gone, and every write to it fails (EIO). Textual's writer
thread would die of it with a traceback, and the writes queued after it could block the app's
exit. So the driver's output goes to /dev/null from the first failed write on.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from functools import partial
from typing import TextIO

from textual.app import App
from textual.driver import Driver

LEAVING_SIGNALS = () if sys.platform == "win32" else (signal.SIGTERM, signal.SIGHUP)


def leave_on_signals(app: App) -> None:
    """From the app's event loop, before the terminal is made raw (the app's Load event). The
    handlers go with the loop when `App.run` closes it."""
    loop = asyncio.get_running_loop()
    for signum in LEAVING_SIGNALS:
        loop.add_signal_handler(signum, partial(app.exit, return_code=128 + signum))


class _Output:
    """The terminal as the driver writes to it, until a write fails: the terminal has gone, and
    its file descriptor is pointed at /dev/null, so the rest of the shutdown (and Python's last
    flush of stderr) writes nowhere, quietly."""

    def __init__(self, file: TextIO) -> None:
        self._file = file

    def write(self, text: str) -> None:
        try:
            self._file.write(text)
        except OSError:
            self._gone()

    def flush(self) -> None:
        try:
            self._file.flush()
        except OSError:
            self._gone()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return self._file.isatty()

    def _gone(self) -> None:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, self._file.fileno())
        finally:
            os.close(null)


def survives_hangup(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class` writing through `_Output`. Textual's Linux driver keeps the terminal it
    writes to (stderr) in `_file`, and hands it to its writer thread when the app starts."""

    class HangupSafeDriver(driver_class):
        def start_application_mode(self) -> None:
            # Again after a suspend (ctrl+z, then fg): wrapped once is enough.
            if hasattr(self, "_file") and not isinstance(self._file, _Output):
                self._file = _Output(self._file)
            super().start_application_mode()

    return HangupSafeDriver
