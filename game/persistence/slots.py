"""The saves folder: one `<slot>.toml` per slot, written atomically, read without changing it.

A write goes to a temporary file in the same folder, is flushed and fsynced, replaces the slot
in one step, and the folder is fsynced: a failure at any step leaves the slot's previous save
as it was. Leftover temporary files are removed when the folder is opened.

Slot files are untrusted (players copy saves around): one may be a link to /dev/zero or to a file
outside the folder, a FIFO, a directory or a huge file, so a slot is read with `read_bounded`, and
listed through the same `parse_save` as loading, so a slot listed as loadable does load and no
file, however made, stops the listing of the others.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from game.engine.safe_read import UnsafeFile, read_bounded
from game.engine.text import one_line, visible
from game.persistence.savefile import MAX_SAVE_BYTES, SaveError, parse_save
from game.persistence.saves_location import ENV_VAR, default_saves_dir  # noqa: F401 (re-exported)

SLOT_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")  # 64: MAX_SLOT_NAME
AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
_TEMP_PREFIX = ".saving-"
_TEMP_SUFFIX = ".tmp"


MAX_SLOT_NAME = 64


def check_slot_name(slot: str) -> str:
    """`slot`, or SaveError saying what is wrong with it. A long name is refused, never cut: a
    save made under a shortened name could overwrite another."""
    if len(slot) > MAX_SLOT_NAME:
        raise SaveError(f"a slot name has at most {MAX_SLOT_NAME} characters; this one has "
                        f"{len(slot):,}")
    if not SLOT_NAME.match(slot):
        raise SaveError(f"`{one_line(slot, 40)}` is not a slot name: use letters, digits, - and _ "
                        f"(up to {MAX_SLOT_NAME})")
    return slot


@dataclass(frozen=True, slots=True)
class SlotInfo:
    slot: str
    label: str = ""
    saved_at: str = ""
    play_seconds: float = 0.0
    problem: str = ""  # why it cannot be loaded, when it cannot


class SaveFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, path: Path) -> SaveFolder:
        folder = cls(path)
        folder.path.mkdir(parents=True, exist_ok=True)
        folder.remove_leftovers()
        return folder

    def remove_leftovers(self) -> None:
        for leftover in self.path.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
            leftover.unlink(missing_ok=True)

    def slot_path(self, slot: str) -> Path:
        return self.path / f"{check_slot_name(slot)}.toml"

    def write(self, slot: str, text: str, durable: bool = True) -> Path:
        """Write a slot atomically. `durable=False` skips the fsyncs (benchmarks only)."""
        target = self.slot_path(slot)
        data = text.encode("utf-8")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX,
                                                 dir=self.path)
        except OSError as error:
            raise SaveError(f"could not write to {self.path}: {error.strerror or error}") from None
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                if durable:
                    os.fsync(out.fileno())
            os.replace(temp, target)
        except OSError as error:
            temp.unlink(missing_ok=True)
            raise SaveError(f"could not save `{slot}`: {error.strerror or error}; "
                            "the slot's previous save is unchanged") from None
        if durable:
            try:
                directory = os.open(self.path, os.O_RDONLY)
                try:
                    os.fsync(directory)
                finally:
                    os.close(directory)
            except OSError as error:
                raise SaveError(f"`{slot}` was written but the folder could not be synced "
                                f"({error.strerror or error})") from None
        return target

    def read(self, slot: str) -> str:
        """The text of a slot; never changes the file."""
        path = self.slot_path(slot)
        try:
            raw = read_bounded(path, MAX_SAVE_BYTES, self.path)
        except UnsafeFile as error:
            raise SaveError(visible(str(error))) from None
        except FileNotFoundError:
            raise SaveError("it is a link to nothing" if path.is_symlink()
                            else "there is no such save") from None
        except OSError as error:
            reason = visible(error.strerror or str(error))
            raise SaveError(f"it cannot be read ({reason})") from None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SaveError("it is not UTF-8 text") from None

    def slots(self) -> list[SlotInfo]:
        """Every slot in the folder, newest first, with what its save says (or its problem)."""
        found = []
        for path in self.path.glob("*.toml"):
            slot = path.stem
            if not SLOT_NAME.match(slot):
                continue
            try:
                save = parse_save(self.read(slot))
            except SaveError as error:
                found.append(SlotInfo(slot, problem=str(error)))
            else:
                found.append(SlotInfo(slot, save.label, save.saved_at, save.play_seconds))
        return sorted(found, key=lambda info: (info.saved_at, info.slot), reverse=True)

    def latest(self) -> str | None:
        readable = [info for info in self.slots() if not info.problem]
        return readable[0].slot if readable else None

