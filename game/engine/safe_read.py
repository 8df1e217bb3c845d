"""Read a file that someone else may have made: a regular file, inside its folder, of bounded size.

`stat()` reads 0 for devices and pipes and a plain `read()` has no bound, so a slot or a story file
that is a link to /dev/zero would fill memory and a FIFO would hang. Here the path is resolved and
refused when it leads out of its folder, opened without blocking and without following a last
link, checked with `fstat` on the open file (so it is the file that is read), and read with a hard
byte limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeFile(Exception):
    """A file that is not read; the message says why, in words for the player or the author."""


def size_words(limit: int) -> str:
    """A byte count as an author reads it: 2 MB, 64 KB, 1000 bytes."""
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit // 1024} KB" if limit % 1024 == 0 else f"{limit} bytes"


def read_bounded(path: Path, limit: int, inside: Path) -> bytes:
    """The bytes of `path`, which must resolve to a regular file under `inside`, of at most
    `limit` bytes. Raises UnsafeFile with the reason, or OSError when the system refuses."""
    try:
        real = path.resolve(strict=True)
        folder = inside.resolve(strict=True)
    except RuntimeError:  # a loop of links
        raise UnsafeFile("it is a loop of links") from None
    if not real.is_relative_to(folder):
        raise UnsafeFile(f"it is a link to a file outside {inside}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(real, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("it is not a regular file")
        if info.st_size > limit:
            raise UnsafeFile(f"it is larger than {size_words(limit)}")
        chunks, total = [], 0
        while chunk := os.read(descriptor, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise UnsafeFile(f"it is larger than {size_words(limit)}")
        return b"".join(chunks)
    finally:
        os.close(descriptor)
