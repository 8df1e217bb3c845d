"""A command run in a pseudo-terminal, as a player's terminal runs it: what it draws is read
from the master side, keys are written to it, and every wait is bounded."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

DEADLINE = 30  # seconds for the game to draw what is waited for, or to leave


class Terminal:
    def __init__(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(command, stdin=self.slave, stdout=self.slave,
                                        stderr=self.slave, env=env, cwd=cwd,
                                        start_new_session=True)
        self.output = b""

    def read(self, timeout: float) -> None:
        """Read what is there, waiting up to `timeout` for something."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO: nothing holds the slave side open
                self.output += os.read(self.master, 65536)

    def wait_for(self, *texts: bytes, since: int = 0) -> None:
        """Read until every one of `texts` has been written after offset `since`."""
        deadline = time.monotonic() + DEADLINE
        while not all(text in self.output[since:] for text in texts):
            assert self.process.poll() is None, f"the game left: {self.output[-2000:]!r}"
            assert time.monotonic() < deadline, f"{texts!r} never drawn: {self.output[-2000:]!r}"
            self.read(0.1)

    def press(self, key: bytes, then: bytes) -> None:
        """Type `key`, then read until `then` is drawn."""
        since = len(self.output)
        os.write(self.master, key)
        self.wait_for(then, since=since)

    def exit_status(self) -> int:
        """Read (the game blocks on a full pty otherwise) until it has left."""
        deadline = time.monotonic() + DEADLINE
        while self.process.poll() is None:
            assert time.monotonic() < deadline, f"still running: {self.output[-2000:]!r}"
            self.read(0.05)
        self.read(0)
        return self.process.returncode

    def cooked(self) -> bool:
        """Line editing and echo are back, as the pty was before the game."""
        lflag = termios.tcgetattr(self.slave)[3]
        return bool(lflag & termios.ICANON) and bool(lflag & termios.ECHO)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)
