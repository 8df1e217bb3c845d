"""Waiting on the app's own state instead of the clock.

Textual's `pilot.press` and `pilot.pause` wait for the process to look idle by sleeping in 20 ms
slices until a slice passes with under 1 ms of CPU (two or three slices a key): a walkthrough of
a few hundred keys spends most of its time asleep. `settle` asks the app instead: every message
queue of every screen on the stack is empty, no resize nor refresh is pending (a pending one is
made at once, as the app's resize timer and the screen's update timer would), no animation is
running or scheduled (with animations off, a running one is ended at once, as the animator's
next frame would end it), and no worker is still to start nor a thread worker still running. `press`
posts keys as the terminal driver does and settles after each; `resize` resizes the terminal as
`pilot.resize_terminal` does, and settles.

Both are bounded (`TIMEOUT`), so a test that waits for something that never comes fails, naming
what the app was still busy with, instead of hanging until pytest-timeout.

A message being handled is seen too, though its queue is empty by then: each message pump is
marked at work from the moment it takes a message until it asks for the next one, which it does
only once the handler, the idle handlers and the callbacks due after it have all returned (see
`_watch_pumps`). Textual's own `pilot._wait_for_screen` asks the same by posting a callback to
every widget of the screen and awaiting them all, twice or more a key: that round of messages was
two thirds of the time of a key that only moves a highlight.

This reads Textual's private state (message queues, the app's pending resize, the screen's
refresh flags, the animator's animations, the pump's `_get_message`), as pinned in pyproject.toml
(textual>=8.2.8,<9): an upgrade that renames any of it fails here with an AttributeError, never
by waiting too little.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
import weakref

from textual import events
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver
from textual.geometry import Size
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.worker import WorkerState

TIMEOUT = 10.0  # seconds for the app to settle after one key

# The pumps that have taken a message and not yet asked for the next (see the module's note).
_working: weakref.WeakSet[MessagePump] = weakref.WeakSet()


def _watch_pumps() -> None:
    """Mark each message pump at work between taking a message and asking for the next.

    A pump's loop asks for a message, handles it (awaiting whatever the handler awaits), runs its
    idle handlers and the callbacks due after it, and only then asks again. The mark is taken off
    as it asks, and put back once it has one (a message combined with the next is taken without
    a pause, so no one sees the mark off in between)."""
    take = MessagePump._get_message
    if getattr(take, "marks_work", False):
        return

    async def taking(pump: MessagePump):
        _working.discard(pump)
        message = await take(pump)
        _working.add(pump)
        return message

    taking.marks_work = True
    MessagePump._get_message = taking


_watch_pumps()


def busy_with(app: App) -> str:
    """What the app still has to do before it is idle, or "" when it has nothing."""
    # A pump closed or cancelled while at work is at work no more, and one of another event
    # loop (an app an earlier test ran) is no part of this app.
    loop = asyncio.get_running_loop()
    for pump in _working:
        task = pump._task
        if not pump._closed and task is not None and not task.done() and task.get_loop() is loop:
            return f"handling a message in {pump!r}"
    for screen in app.screen_stack:
        for node in (app, *screen.walk_children(with_self=True)):
            if not node._message_queue.empty() or node._next_callbacks:
                return f"messages for {node!r}"
    if app._resize_event is not None:
        return "resize"
    screen = app.screen
    if (screen._layout_required or screen._repaint_required or screen._scroll_required
            or screen._recompose_required or screen._dirty_widgets or screen._callbacks):
        return "refresh"
    if app.animator._animations or app.animator._scheduled:
        return "animation"
    for worker in app.workers:
        if worker.state is WorkerState.PENDING or (
                worker._thread_worker and worker.state is WorkerState.RUNNING):
            return f"worker {worker.name}"
    return ""


async def settle(pilot: Pilot, timeout: float = TIMEOUT) -> None:
    """Return once the app has been idle on two checks running, or fail after `timeout`."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:
        await asyncio.sleep(0)
        busy = busy_with(app)
        quiet = 0 if busy else quiet + 1
        if busy == "refresh":
            app.screen._on_timer_update()  # what the screen's update timer would do next
        elif busy == "resize":
            app._check_resize()  # what the app's resize timer (or its next idle) would do
        if busy and time.monotonic() > deadline:
            raise AssertionError(f"the app was still busy after {timeout} s: {busy}")
        if busy.startswith("worker"):
            await asyncio.sleep(0.002)  # a thread is working: give it the processor
        elif busy == "animation":
            if app.animation_level == "none" and app.animator._animations:
                # With animations off (tests/conftest.py), the animator's next frame only sets
                # each animated value to its end: that frame is made at once, as a pending
                # refresh is, instead of sleeping until the animator's timer comes round.
                app.animator()
            else:
                await asyncio.sleep(1 / 60)  # the animator moves on at its own frame rate


async def until(pilot: Pilot, condition, what: str, timeout: float = TIMEOUT) -> None:
    """Settle until `condition()` holds (something a thread or a timer brings), bounded."""
    deadline = time.monotonic() + timeout
    await settle(pilot, timeout)
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        await asyncio.sleep(0.005)
        await settle(pilot, timeout)


def key_event(key: str) -> events.Key:
    """The Key event the terminal driver would send for `key` (as `pilot.press` makes it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def post_key(app: App, key: str) -> None:
    """Send `key` to the app as the terminal driver does, without waiting."""
    event = key_event(key)
    event.set_sender(app)
    app._driver.send_message(event)


async def press(pilot: Pilot, *keys: str, timeout: float = TIMEOUT) -> None:
    """Press each key in turn, letting the app settle after each."""
    for key in keys:
        post_key(pilot.app, key)
        await settle(pilot, timeout)


async def palette_search(pilot: Pilot, text: str, timeout: float = TIMEOUT) -> None:
    """Open the command palette, type `text`, and wait until its search has finished and found
    something (the palette searches in a worker of its own, as the keys come)."""
    from textual.command import CommandList, CommandPalette

    await press(pilot, "ctrl+p", *text, timeout=timeout)
    app = pilot.app

    def found() -> bool:
        palette = app.screen
        assert isinstance(palette, CommandPalette), type(palette).__name__
        searching = any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
                        for worker in app.workers
                        if worker.group == CommandPalette._GATHER_COMMANDS_GROUP)
        return not searching and palette.query_one(CommandList).option_count > 0

    await until(pilot, found, f"the palette to find {text!r}", timeout)


async def play_commands(pilot: Pilot, commands: list[str]) -> None:
    """Start a game once the case is open and play `commands` (as the line mode reads them)
    through the engine's facade, closing every scene; the set-up's notices are cleared."""
    from game.tui.screens.scene import SceneScreen

    app = pilot.app
    await until(pilot, lambda: app.story is not None, "the case opened")
    app.new_game(noted=True)  # set-up: the content note has tests of its own
    await until(pilot, lambda: isinstance(app.screen, SceneScreen), "the prologue")
    await play_on(pilot, commands)


async def play_on(pilot: Pilot, commands: list[str]) -> None:
    """Close the scenes open, then play `commands` (as the line mode reads them) through the
    engine's facade in the game under way, closing every scene each brings; the notices are
    cleared (their toasts would cover the screen)."""
    from game.engine.commands import resolve
    from game.tui.screens.scene import SceneScreen

    app = pilot.app
    for command in [None, *commands]:
        if command is not None:
            word, _, rest = command.partition(" ")
            resolved = resolve(app.session, word, rest)
            assert resolved.action is not None, resolved.error
            app.act(resolved.action)
            await settle(pilot)
        if app.held:  # a scene an answer in the room brought, held there until asked for
            app.show_held()
            await settle(pilot)
        while isinstance(app.screen, SceneScreen):
            await press(pilot, "enter")
    app.clear_notifications()
    await settle(pilot)


async def open_held(pilot: Pilot) -> None:
    """Enter in the room until the scene an answer brought (held there) shows: enter reads
    on to the end of the answer first."""
    app = pilot.app
    for _ in range(40):
        if not app.held:
            return
        await press(pilot, "enter")
    raise AssertionError("the scene held in the room never showed")


async def resize(pilot: Pilot, width: int, height: int, timeout: float = TIMEOUT) -> None:
    """Resize the terminal as `pilot.resize_terminal` does, and settle."""
    size = Size(width, height)
    app = pilot.app
    if isinstance(app._driver, HeadlessDriver):
        app._driver._size = size
    app.post_message(events.Resize(size, size))
    await settle(pilot, timeout)
