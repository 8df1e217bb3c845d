"""Reliability under hostile conditions, as figures that must keep holding.

1. kill -9 in the middle of saving loses or corrupts no slot;
2. a full disk (ENOSPC) refuses the save clearly, keeps the previous one, and play goes on;
3. a read-only saves folder does the same, in the engine and in the line mode;
4. a failure at the rename or at the folder sync leaves a whole save and no temporary file;
5. ten thousand fuzzed lines never crash the line mode nor put control codes on its output.

Failures are injected where a real one cannot be made as root (file permissions do not stop
root); where `mount -t tmpfs` is permitted, a real full and a real read-only folder are used too.
"""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import random
import re
import select
import signal
import stat
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from game.engine.session import Action
from game.persistence.playthrough import Playthrough
from game.persistence.savefile import SaveError, read_save
from game.persistence.slots import SaveFolder
from game.plain import help_text
from tests.conftest import MINI, ROOT

ENOSPC_TEXT = os.strerror(errno.ENOSPC)  # "No space left on device"


def temp_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.glob(".saving-*"))


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def started(story, folder: SaveFolder | None, *actions: Action) -> Playthrough:
    game = Playthrough(story, folder)
    game.begin()
    for action in actions:
        game.perform(action)
    return game


SEARCH = Action("search", "bedroom")
TALK = Action("talk", "tom")
ASK = Action("ask", "tom_afternoon")
PRESENT = Action("present", "crumbs")


def plain(commands: bytes, saves: Path | str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--saves", str(saves),
                           str(MINI)], input=commands, capture_output=True, timeout=timeout,
                          cwd=ROOT)


# ---- real filesystems, where mounting is permitted ------------------------------------------

@contextmanager
def mounted_tmpfs(where: Path, size: str):
    where.mkdir(exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                               str(where)], capture_output=True, text=True, timeout=10)
    except FileNotFoundError:
        pytest.skip("no mount command here")
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True, timeout=10).returncode:
            subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=10)


def fill_up(folder: Path) -> Path:
    """Write a filler file until the filesystem is full, to the last byte."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as out:
        for chunk in (65536, 4096, 1):
            while True:
                try:
                    if out.write(b"\0" * chunk) < chunk:
                        break
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
    return filler


# ---- 1. kill -9 in the middle of a save ------------------------------------------------------

KILLS = 36
# Where a kill may be made to land for certain, besides at random moments.
STOP_POINTS = ("temp file made", "written, not synced", "synced, not renamed",
               "renamed, folder not synced")


def _keep_saving(story, folder_path: str, marker_fd: int, seed: int, stop_at: int,
                 stop_point: str | None) -> None:
    """The child: carry on from the slot, then save and play as fast as it can until killed.

    The game's code is not changed, only watched, in this process: a byte `w` goes down the pipe
    as each write begins (at its temporary file). With a `stop_point`, the `stop_at`-th write
    sends `!` at that point of the write and waits there to be killed."""
    rng = random.Random(seed)
    writes = 0
    real_mkstemp, real_fsync, real_replace = tempfile.mkstemp, os.fsync, os.replace

    def stop_here(point: str) -> None:
        if point == stop_point and writes == stop_at:
            os.write(marker_fd, b"!")
            time.sleep(60)

    def mkstemp(*args, **kwargs):
        nonlocal writes
        writes += 1
        os.write(marker_fd, b"w")
        made = real_mkstemp(*args, **kwargs)
        stop_here("temp file made")
        return made

    def fsync(fd):
        if stat.S_ISREG(os.fstat(fd).st_mode):
            stop_here("written, not synced")
        real_fsync(fd)

    def replace(*args, **kwargs):
        stop_here("synced, not renamed")
        real_replace(*args, **kwargs)
        stop_here("renamed, folder not synced")

    tempfile.mkstemp, os.fsync, os.replace = mkstemp, fsync, replace
    folder = SaveFolder.open(Path(folder_path))
    game = Playthrough(story, folder)
    game.load("slot")  # what the last kill left must be playable
    while True:
        actions = game.session.possible_actions()
        if not actions and not game.history.can_undo:
            game = started(story, folder)
            continue
        game.save("slot")  # durable: real fsyncs
        if actions and (not game.history.can_undo or rng.random() < 0.75):
            game.perform(rng.choice(actions))  # autosaves
        else:
            game.undo()  # autosaves too


def _read_until(read_end: int, child, enough) -> bytes:
    """What the child sends, until `enough(received)`; fails if it stalls or stops."""
    received = b""
    while not enough(received):
        ready, _, _ = select.select([read_end], [], [], 10)
        assert ready, "the saving child made no progress for 10 s"
        chunk = os.read(read_end, 4096)
        if not chunk:
            child.join(5)
            pytest.fail(f"the saving child stopped by itself (exit code {child.exitcode})")
        received += chunk
    return received


@pytest.mark.timeout(40)
def test_kill_9_mid_save_loses_and_corrupts_no_slot(tmp_path, mini_story):
    rng = random.Random(1009)
    fork = multiprocessing.get_context("fork")
    folder = SaveFolder.open(tmp_path)
    first = started(mini_story, folder, SEARCH)
    first.save("slot")
    # A random kill comes within about one write's time after a write begins.
    text, times = first.save_text(), []
    for _ in range(7):
        clock = time.perf_counter()
        folder.write("slot", text)
        times.append(time.perf_counter() - clock)
    write_time = sorted(times)[3]
    landed: dict[str, int] = {}
    for kill in range(KILLS):
        # Every other kill lands at a chosen point of a write; the others at random moments.
        point = STOP_POINTS[(kill // 2) % len(STOP_POINTS)] if kill % 2 else None
        read_end, write_end = os.pipe()
        child = fork.Process(target=_keep_saving, daemon=True,
                             args=(mini_story, str(tmp_path), write_end, kill,
                                   rng.randint(1, 8), point))
        child.start()
        os.close(write_end)
        try:
            if point:
                _read_until(read_end, child, lambda got: b"!" in got)
            else:
                wanted = rng.randint(1, 12)
                _read_until(read_end, child, lambda got, n=wanted: got.count(b"w") >= n)
                until = time.perf_counter() + rng.uniform(0, 1.5 * write_time)
                while time.perf_counter() < until:  # spin: sleep() is too coarse for this
                    pass
            os.kill(child.pid, signal.SIGKILL)
            child.join(10)
        finally:
            if child.is_alive():
                child.kill()
                child.join(5)
            os.close(read_end)
        assert child.exitcode == -signal.SIGKILL, f"kill {kill}: exit code {child.exitcode}"
        left = sorted(tmp_path.glob(".saving-*"))
        where = point or ("random, mid-write" if left else "random, between writes")
        landed[where] = landed.get(where, 0) + 1
        if point == "temp file made":
            assert len(left) == 1 and left[0].stat().st_size == 0
        elif point in ("written, not synced", "synced, not renamed"):
            # The new save was whole in its temporary file, but the slot keeps the previous one.
            assert len(left) == 1
            read_save(left[0].read_text("utf-8"), mini_story)
        elif point == "renamed, folder not synced":
            assert left == []
        folder = SaveFolder.open(tmp_path)
        assert temp_files(tmp_path) == [], f"kill {kill}: SaveFolder.open left temporary files"
        for slot in ("slot", "autosave.mini"):
            try:
                read_save(folder.read(slot), mini_story)
            except SaveError as error:
                pytest.fail(f"kill {kill} ({where}): slot `{slot}` lost or corrupt: {error}")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["autosave.mini.toml", "slot.toml"]
    print(f"kills landed: {landed}")


# ---- 2. a full disk --------------------------------------------------------------------------

def _no_space() -> OSError:
    return OSError(errno.ENOSPC, ENOSPC_TEXT)


class _FullDiskFile(io.FileIO):
    """A file on a disk that fills up after `room` bytes: write(2) then fails with ENOSPC."""

    room = 0
    calls: list[int]

    def write(self, data) -> int:
        self.calls.append(len(data))
        if _FullDiskFile.room <= 0:
            raise _no_space()
        taken = super().write(bytes(data)[:_FullDiskFile.room])
        _FullDiskFile.room -= taken
        return taken


def inject_full_disk(monkeypatch, step: str) -> list:
    """ENOSPC at `step` of a save: the buffered write, the flush, or the file's fsync."""
    calls: list = []
    if step in ("write", "flush"):
        _FullDiskFile.calls = calls
        _FullDiskFile.room = 100  # part of the save goes in before the disk is full
        # A tiny buffer makes write() reach the disk; the default one leaves it to flush().
        buffer = 16 if step == "write" else io.DEFAULT_BUFFER_SIZE

        def fdopen(fd, mode="r", *args, **kwargs):
            assert "b" in mode and "w" in mode
            return io.BufferedWriter(_FullDiskFile(fd, "wb"), buffer_size=buffer)

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        real_fsync = os.fsync

        def fsync(fd):
            calls.append(fd)
            if stat.S_ISREG(os.fstat(fd).st_mode):
                raise _no_space()
            return real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    return calls


@pytest.mark.timeout(10)
@pytest.mark.parametrize("step", ["write", "flush", "fsync"])
def test_a_full_disk_refuses_the_save_and_keeps_the_previous_one(tmp_path, monkeypatch,
                                                                 mini_story, step):
    folder = SaveFolder.open(tmp_path)
    started(mini_story, folder, SEARCH).save("slot")
    before = (tmp_path / "slot.toml").read_bytes()
    newer = started(mini_story, None, SEARCH, TALK, ASK).save_text()
    assert len(newer) > 200  # more than the room left, and than the tiny buffer
    fds = open_fds()
    calls = inject_full_disk(monkeypatch, step)
    with pytest.raises(SaveError) as refused:
        folder.write("slot", newer)
    assert calls, f"the injected {step} failure was never reached"
    message = str(refused.value)
    assert ENOSPC_TEXT in message and "`slot`" in message
    assert "previous save is unchanged" in message
    assert (tmp_path / "slot.toml").read_bytes() == before
    assert temp_files(tmp_path) == []
    assert open_fds() == fds, "a failed save left a file descriptor open"


@pytest.mark.timeout(10)
def test_a_full_disk_during_autosave_is_reported_and_play_goes_on(tmp_path, monkeypatch,
                                                                  mini_story):
    game = started(mini_story, SaveFolder.open(tmp_path), SEARCH)
    autosave = tmp_path / "autosave.mini.toml"
    before = autosave.read_bytes()
    with monkeypatch.context() as patched:
        calls = inject_full_disk(patched, "fsync")
        events = game.perform(TALK)
        assert calls
        assert events and game.session.state.interlocutor == "tom"
        assert ENOSPC_TEXT in game.autosave_problem
        assert autosave.read_bytes() == before and temp_files(tmp_path) == []
        game.perform(ASK)  # the next action still works, and the problem is still told
        assert "met_tom" in game.session.state.flags
        assert ENOSPC_TEXT in game.autosave_problem
        with pytest.raises(SaveError, match=ENOSPC_TEXT):
            game.save("mine")
        assert autosave.read_bytes() == before and temp_files(tmp_path) == []
    game.perform(PRESENT)  # space again: the autosave catches up
    assert game.autosave_problem == ""
    assert read_save(autosave.read_text("utf-8"), mini_story).state == game.session.state


@pytest.mark.timeout(20)
def test_a_really_full_tmpfs_refuses_the_save_and_play_goes_on(tmp_path, mini_story):
    with mounted_tmpfs(tmp_path / "disk", "64k") as disk:
        folder = SaveFolder.open(disk)
        game = started(mini_story, folder, SEARCH)
        game.save("slot")
        before = {p.name: p.read_bytes() for p in disk.glob("*.toml")}
        filler = fill_up(disk)
        with pytest.raises(SaveError, match=ENOSPC_TEXT):
            game.save("slot")
        game.perform(TALK)
        assert ENOSPC_TEXT in game.autosave_problem
        assert game.session.state.interlocutor == "tom"
        assert {p.name: p.read_bytes() for p in disk.glob("*.toml")} == before
        assert temp_files(disk) == []
        filler.unlink()
        game.perform(ASK)
        assert game.autosave_problem == ""
        saved = read_save((disk / "autosave.mini.toml").read_text("utf-8"), mini_story)
        assert saved.state == game.session.state


# ---- 3. a read-only folder -------------------------------------------------------------------

def inject_refusal(monkeypatch, step: str, code: int) -> list:
    """`code` (EROFS or EACCES) from tempfile.mkstemp or from os.replace, as a refusing folder
    would give it."""
    calls: list = []
    module = tempfile if step == "mkstemp" else os

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(module, step, refuse)
    return calls


@pytest.mark.timeout(10)
@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES], ids=["EROFS", "EACCES"])
@pytest.mark.parametrize("step", ["mkstemp", "replace"])
def test_a_read_only_folder_refuses_clearly_and_play_goes_on(tmp_path, monkeypatch, mini_story,
                                                            step, code):
    game = started(mini_story, SaveFolder.open(tmp_path), SEARCH)
    game.save("slot")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with monkeypatch.context() as patched:
        calls = inject_refusal(patched, step, code)
        with pytest.raises(SaveError) as refused:
            game.save("slot")
        assert calls, f"the injected {step} failure was never reached"
        assert os.strerror(code) in str(refused.value)
        assert str(tmp_path) in str(refused.value) or "`slot`" in str(refused.value)
        game.perform(TALK)  # autosave fails, the game does not
        assert game.session.state.interlocutor == "tom"
        assert os.strerror(code) in game.autosave_problem
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temp file
    game.perform(ASK)
    assert game.autosave_problem == ""
    assert read_save((tmp_path / "slot.toml").read_text("utf-8"), mini_story).state.turn < \
        game.session.state.turn


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", ["parent is a file", "folder is a file"])
def test_plain_mode_with_an_unusable_saves_path_tells_the_player_and_plays_on(tmp_path, kind):
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"not a folder")
    saves = blocker / "saves" if kind == "parent is a file" else blocker
    result = plain(b"talk tom\nsave mine\nask 1\nundo\nstatus\n", saves)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0
    assert "Traceback" not in out + err
    assert str(saves) in err and "cannot be used" in err  # told once, at the start
    assert "Not saved:" in out  # and again when a save is asked for
    assert "Tom: Asleep. All afternoon." in out and "You are questioning Tom." in out
    assert blocker.read_bytes() == b"not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


REFUSING_PLAIN = """
import errno, os, sys, tempfile
def refuse(*args, **kwargs):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))
tempfile.mkstemp = refuse
from game.cli import main
sys.argv = ["detective", "play", "--plain", "--saves", sys.argv[1], sys.argv[2]]
sys.exit(main())
"""


def check_refusing_plain_run(result: subprocess.CompletedProcess, reason: str) -> None:
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0
    assert "Traceback" not in out + err and err == ""
    assert "(Autosave failed: could not write to" in out and reason in out
    assert "Not saved: could not write to" in out
    assert "Loaded 'mine'" in out  # the previous save is whole
    assert "Tom: Asleep. All afternoon." in out  # and play went on


@pytest.mark.timeout(30)
def test_plain_mode_in_a_folder_that_refuses_writes_tells_the_player(tmp_path, mini_story):
    started(mini_story, SaveFolder.open(tmp_path), SEARCH).save("mine")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = subprocess.run(
        [sys.executable, "-c", REFUSING_PLAIN, str(tmp_path), str(MINI)],
        input=b"talk tom\nask 1\nsave mine\nload mine\nstatus\n", capture_output=True,
        timeout=30, cwd=ROOT)
    check_refusing_plain_run(result, os.strerror(errno.EROFS))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.timeout(30)
def test_plain_mode_on_a_really_read_only_tmpfs_tells_the_player(tmp_path, mini_story):
    with mounted_tmpfs(tmp_path / "disk", "1m") as disk:
        started(mini_story, SaveFolder.open(disk), SEARCH).save("mine")
        before = {p.name: p.read_bytes() for p in disk.iterdir()}
        remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True,
                                 text=True, timeout=10)
        assert remount.returncode == 0, remount.stderr
        result = plain(b"talk tom\nask 1\nsave mine\nload mine\nstatus\n", disk)
        check_refusing_plain_run(result, os.strerror(errno.EROFS))
        assert {p.name: p.read_bytes() for p in disk.iterdir()} == before


# ---- 4. the rename and the folder sync -------------------------------------------------------

@pytest.mark.timeout(10)
def test_a_failed_rename_leaves_the_previous_save_whole(tmp_path, monkeypatch, mini_story):
    folder = SaveFolder.open(tmp_path)
    started(mini_story, folder, SEARCH).save("slot")
    before = (tmp_path / "slot.toml").read_bytes()
    newer = started(mini_story, None, SEARCH, TALK, ASK)
    calls = []

    def replace(source, target, **kwargs):
        calls.append((Path(source), Path(target), Path(source).read_bytes()))
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(SaveError, match="previous save is unchanged"):
        folder.write("slot", newer.save_text())
    # The rename was reached, with the new save whole in a temporary file beside the slot.
    [(source, target, written)] = calls
    assert source.parent == tmp_path and source.name.startswith(".saving-")
    assert target == tmp_path / "slot.toml"
    assert read_save(written.decode(), mini_story).state == newer.session.state
    assert (tmp_path / "slot.toml").read_bytes() == before
    assert temp_files(tmp_path) == []


@pytest.mark.timeout(10)
@pytest.mark.parametrize("step", ["fsync", "open"])
def test_a_failed_folder_sync_leaves_the_new_save_whole(tmp_path, monkeypatch, mini_story, step):
    folder = SaveFolder.open(tmp_path)
    started(mini_story, folder, SEARCH).save("slot")
    newer = started(mini_story, None, SEARCH, TALK, ASK)
    synced: list[str] = []  # what each fsync was given: a file or a folder
    opened_folder: list[str] = []
    real_fsync, real_open = os.fsync, os.open

    def fsync(fd):
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        synced.append(kind)
        if step == "fsync" and kind == "folder":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_fsync(fd)

    def open_(path, flags, *args, **kwargs):
        if Path(path) == tmp_path:  # the folder, opened to be synced (mkstemp opens a file)
            opened_folder.append(path)
            if step == "open":
                raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "open", open_)
    with pytest.raises(SaveError, match="folder could not be synced"):
        folder.write("slot", newer.save_text())
    assert opened_folder, "the folder was never opened to be synced"
    assert synced == (["file", "folder"] if step == "fsync" else ["file"])
    monkeypatch.undo()
    saved = read_save((tmp_path / "slot.toml").read_text("utf-8"), mini_story)
    assert saved.state == newer.session.state
    assert temp_files(tmp_path) == []


@pytest.mark.timeout(10)
def test_a_failed_folder_sync_during_autosave_is_reported_and_play_goes_on(tmp_path, monkeypatch,
                                                                          mini_story):
    game = started(mini_story, SaveFolder.open(tmp_path), SEARCH)
    real_fsync = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    game.perform(TALK)
    assert len(calls) == 2
    assert "folder could not be synced" in game.autosave_problem
    monkeypatch.undo()
    saved = read_save((tmp_path / "autosave.mini.toml").read_text("utf-8"), mini_story)
    assert saved.state == game.session.state
    game.perform(ASK)
    assert game.autosave_problem == ""
    assert temp_files(tmp_path) == []


# ---- 5. fuzzed input -------------------------------------------------------------------------

VERBS = ["talk", "question", "t", "interrogate", "ask", "a", "present", "show", "p", "search",
         "s", "go", "leave", "bye", "read", "notebook", "versions", "status", "people", "topics",
         "evidence", "inventory", "places", "help", "?", "TALK", "Ask"]
CHOOSE = ["choose", "c", "pick"]
NAMES = ["tom", "Tom", "ann", "ANN", "me", "crumbs", "plate", "note", "the empty plate",
         "bedroom", "tom's bedroom", "the afternoon", "what she saw", "the cake", "cake", "x",
         "tom_afternoon", "ann_saw", "tom_confess", "../../etc/passwd", "(", "*", "'", '"',
         "%s%n", "{0}", "\\", "\u202e", "\ufeff", "Ω", "ünïcödé", "\U0001f382"]
# Digits in every script: isdigit() is true for all of them, int() takes only some.
NUMBERS = ["0", "1", "2", "3", "-1", "007", "99999999999999999999", "1.5", "1e3", "0x10",
           " 2 ", "²", "³", "①", "٣", "३", "３", "𝟙", "⁰", "½", "Ⅻ"]
# At the hearing these must not match an option (the game would end and stop reading).
SAFE_CHOICES = ["", "0", "3", "17", "-1", "99999999999999999999", "nothing", "zzz", "moon",
                "²", "①", "٣", "３", "\x1b[1m"]
SLOTS = ["a", "b", "mine", "autosave", "quicksave", "x" * 64, "x" * 65, "../up", "/tmp/abs",
         "a b", "a.b", "é", "", "..", "con", "NUL", "-", "_"]
ESCAPES = [b"\x1b[31m", b"\x1b[2J", b"\x1b]0;title\x07", b"\x07", b"\x1b", b"\x1bc",
           b"\x9b31m", "\u009b31m".encode(), b"\x1b[?1049h", b"\x00", b"\r", b"\x08\x7f",
           b"\x1bP+q\x1b\\"]
INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80",
                b"\xe2\x82", b"\x80\x80"]
MOVES = [b"search bedroom", b"talk tom", b"ask 1", b"ask the afternoon", b"present crumbs",
         b"ask the cake", b"leave", b"talk ann", b"ask what she saw", b"present plate",
         b"read crumbs", b"notebook tom", b"versions", b"topics", b"evidence", b"status"]
# Lines that would end the game (which stops the reading) are kept out of the random ones.
ENDS_THE_GAME = re.compile(r"(?<![a-z0-9])(c|pick|choose|q|quit|exit)(?![a-z0-9])")


def fuzz_line(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.17:  # random bytes, any of them
        while True:
            line = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60)))
            line = line.replace(b"\n", b" ")
            if not ENDS_THE_GAME.search(line.decode("utf-8", "replace").lower()):
                return line
    if kind < 0.25:  # control characters and escape sequences, around words
        parts = [rng.choice(ESCAPES) for _ in range(rng.randrange(1, 5))]
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(VERBS + NAMES).encode())
        return b"".join(parts)
    if kind < 0.30:  # invalid UTF-8, alone or inside a command
        bad = b"".join(rng.choice(INVALID_UTF8) for _ in range(rng.randrange(1, 4)))
        return rng.choice([bad, rng.choice(VERBS).encode() + b" " + bad, bad + b" tom"])
    if kind < 0.31:  # very long lines
        length = rng.choice([2001, 5000, 65536, 200_000])
        body = rng.choice([b"x", b"talk ", b"9", b"\xff", "é".encode(), b"\x1b[1m"])
        return (rng.choice([b"", b"ask ", b"save ", b"load ", b"read "]) + body * length)[:length]
    if kind < 0.36:  # empty and blank lines
        return rng.choice([b"", b" ", b"\t", b"   \t  ", b"\r"])
    if kind < 0.42:  # numbers alone
        return rng.choice(NUMBERS).encode()
    if kind < 0.56:  # saves, loads, undo, redo
        verb = rng.choice(["save", "load", "load", "undo", "undo", "redo", "redo"] * 3 + ["saves"])
        name = rng.choice(SLOTS) if rng.random() < 0.8 else rng.choice(NAMES + NUMBERS)
        return f"{verb} {name}".encode()
    if kind < 0.58:  # to the hearing, and attempts at choosing that cannot end the game
        if rng.random() < 0.3:
            return rng.choice([b"hearing", b"court", b"hearing now"])
        return f"{rng.choice(CHOOSE)} {rng.choice(SAFE_CHOICES)}".encode()
    if kind < 0.66:  # moves that take the case forward, so that deeper states are fuzzed too
        return rng.choice(MOVES)
    # known verbs with random arguments
    verb = rng.choice(VERBS)
    argument = rng.choice([rng.choice(NAMES), rng.choice(NUMBERS), rng.choice(NAMES).upper(),
                           " ".join(rng.choice(NAMES) for _ in range(rng.randrange(1, 4))),
                           "".join(chr(rng.randrange(32, 0x3000)) for _ in range(8))])
    return f"{verb} {argument}".encode().replace(b"\r", b" ")


@pytest.fixture
def folder_in_memory(tmp_path):
    """A folder on a tmpfs (/dev/shm) where there is one to write in, else `tmp_path`.

    For a test that saves a thousand times and looks at what the game says, not at what is on
    the disk: every save syncs the file and the folder (slots.py), some milliseconds each on a
    real disk and nothing in memory, and nothing else differs (the same calls are made)."""
    memory = Path("/dev/shm")
    if not (memory.is_dir() and os.access(memory, os.W_OK | os.X_OK)):
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(dir=memory, prefix="detective-test-") as folder:
        yield Path(folder)


@pytest.mark.timeout(60)
def test_ten_thousand_fuzzed_lines_never_crash_the_line_mode(folder_in_memory, mini_story):
    rng = random.Random(424242)
    lines = [fuzz_line(rng) for _ in range(10_000)]
    lines[-1] = b"help"  # answered only if every line before it was read and survived
    result = plain(b"\n".join(lines) + b"\n", folder_in_memory / "saves", timeout=50)
    tail = result.stderr.decode("utf-8", "replace")[-3000:]
    assert b"Traceback" not in result.stderr, tail
    assert result.stderr == b"", tail
    assert result.returncode == 0
    assert result.stdout.endswith((help_text(mini_story) + "\n\n").encode()), \
        "the game stopped before the end"
    assert b"\x07" not in result.stdout
    assert b"\x1b" not in result.stdout
    assert "\u009b".encode() not in result.stdout  # nor the one-byte CSI, as UTF-8


@pytest.mark.timeout(30)
def test_numbers_in_any_script_are_taken_or_refused_never_a_crash(tmp_path):
    # str.isdigit() is true for "²", "①" and "𝟙"; int() refuses the first two.
    odd = ["²", "①", "𝟙", "٣", "３"]
    commands = ["search " + odd[0], "talk " + odd[1], "talk tom", *(f"ask {n}" for n in odd),
                *(f"{verb} {odd[0]}" for verb in ("present", "read", "notebook", "versions")),
                "status"]
    result = plain("\n".join(commands).encode() + b"\n", tmp_path / "saves")
    assert b"Traceback" not in result.stderr, result.stderr.decode()[-2000:]
    assert result.returncode == 0 and result.stderr == b""
    assert "You are questioning Tom." in result.stdout.decode()
