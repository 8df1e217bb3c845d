"""The saves folder: one `<slot>.toml` per slot, written atomically, read without changing it.

A write goes to a temporary file in the same folder, is flushed and fsynced, replaces the slot
in one step, and the folder is fsynced: a failure at any step leaves the slot's previous save
as it was. Leftover temporary files are removed when the folder is opened.

Slot files are untrusted (players copy saves around): one may be a link to /dev/zero or to a file
outside the folder, a FIFO, a directory or a huge file, so a slot is read with `read_bounded`, and
listed through the same `parse_save` as loading, so a slot listed as loadable does load and no
file, however made, stops the listing of the others.

A slot is named by its file's name without `.toml`: the names players type (`evening`), and the
slots each case keeps to itself (`autosave.perfect_mother`, see saves_location), which a player
sees as `autosave` beside the case's name. A save listed says which case it is of. Before saves
were kept per case, every case wrote `autosave.toml` and `quicksave.toml`: opening the folder
gives each to its case (renamed, never rewritten), and one that cannot be given is listed and
loads as any slot, for the case it is of.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.safe_read import UnsafeFile, read_bounded
from game.engine.text import one_line, visible
from game.persistence.savefile import MAX_SAVE_BYTES, SaveError, parse_save
from game.persistence.saves_location import (  # noqa: F401 (re-exported)
    AUTOSAVE,
    CASE_SLOTS,
    ENV_VAR,
    QUICKSAVE,
    case_slot,
    default_saves_dir,
)
from game.storyfiles.bundled import bundled_cover

if TYPE_CHECKING:
    from game.engine.model import Story

SLOT_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")  # 64: MAX_SLOT_NAME
# A case's own slot: `autosave.<case id>`, the id as savefile's Id (at most 200 characters).
CASE_SLOT = re.compile(rf"({'|'.join(CASE_SLOTS)})\.([a-z][a-z0-9_]{{0,199}})\Z")
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


def shown_name(slot: str) -> str:
    """A slot as the player knows it: `autosave` for a case's own `autosave.perfect_mother`."""
    return slot.partition(".")[0] if CASE_SLOT.match(slot) else slot


def slot_file_name(slot: str) -> str:
    """`slot` if it names a slot file (a player's name, or a case's own slot), else SaveError."""
    return slot if CASE_SLOT.match(slot) else check_slot_name(slot)


def case_titles(story: Story | None = None) -> dict[str, str]:
    """The titles of the cases the game knows, by id: the bundled one, and `story`."""
    cover = bundled_cover()
    titles = {cover.id: cover.title} if cover.id and cover.title else {}
    if story is not None:
        titles[story.case.id] = one_line(story.case.title)
    return titles


def case_title(case_id: str, titles: Mapping[str, str]) -> str:
    """A case as a list shows it: its title when known, else its id."""
    return titles.get(case_id) or case_id


def case_name(case_id: str, titles: Mapping[str, str]) -> str:
    """A case as a sentence names it: “its title” when known, else `its id`."""
    title = titles.get(case_id)
    return f"\u201c{title}\u201d" if title else f"`{case_id}`"


@dataclass(frozen=True, slots=True)
class SlotInfo:
    slot: str  # what loads it: `evening`, `autosave.perfect_mother`
    label: str = ""
    saved_at: str = ""
    play_seconds: float = 0.0
    problem: str = ""  # why it cannot be loaded, when it cannot
    case: str = ""  # the id of the case it is of ("" when that cannot be read)

    @property
    def name(self) -> str:
        """The slot as the player knows it: `autosave` for `autosave.perfect_mother`."""
        return shown_name(self.slot)


class SaveFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, path: Path) -> SaveFolder:
        folder = cls(path)
        folder.path.mkdir(parents=True, exist_ok=True)
        folder.remove_leftovers()
        folder.adopt_old_slots()
        return folder

    def adopt_old_slots(self) -> None:
        """Give an `autosave.toml` or `quicksave.toml` from before saves were kept per case to
        the case it is of (`autosave.<case id>.toml`), unchanged. One that cannot be read, or
        whose case has its own already, stays where it is (listed, and loaded by its name)."""
        for slot in CASE_SLOTS:
            old = self.path / f"{slot}.toml"
            try:
                if not stat.S_ISREG(old.lstat().st_mode):
                    continue
                case = parse_save(self.read(slot)).case
                own = self.slot_path(case_slot(slot, case))
                os.link(old, own)  # never over a file: it fails if the case has its own
                old.unlink()
            except (OSError, SaveError):
                continue

    def remove_leftovers(self) -> None:
        for leftover in self.path.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
            leftover.unlink(missing_ok=True)

    def slot_path(self, slot: str) -> Path:
        return self.path / f"{slot_file_name(slot)}.toml"

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
            try:
                out = os.fdopen(handle, "wb")
            except BaseException:
                os.close(handle)  # fdopen did not take it: close it here, or it stays open
                raise
            with out:
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
            own = CASE_SLOT.match(slot)
            if not own and not SLOT_NAME.match(slot):
                continue
            try:
                save = parse_save(self.read(slot))
            except SaveError as error:
                found.append(SlotInfo(slot, problem=str(error), case=own[2] if own else ""))
            else:
                found.append(SlotInfo(slot, save.label, save.saved_at, save.play_seconds,
                                      case=save.case))
        return sorted(found, key=lambda info: (info.saved_at, info.slot), reverse=True)

    def latest(self, case: str | None = None) -> str | None:
        """The newest slot that loads (of `case`, when given); of two saved in the same second,
        the autosave, where the player left off."""
        readable = [info for info in self.slots()
                    if not info.problem and (case is None or info.case == case)]
        if not readable:
            return None
        return max(readable, key=lambda info: (info.saved_at, info.name == AUTOSAVE)).slot

