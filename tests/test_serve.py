"""`detective serve`: the interface served to a browser on this machine; and a driver that runs
the interface over pipes gets the interface, not the line mode."""

from __future__ import annotations

import asyncio
import os
import select
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import BUNDLED, ROOT

pytestmark = pytest.mark.timeout(60)
DEADLINE = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_gives_a_browser_the_page_of_the_app(tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "game", "serve", "--port", str(port),
                               "--saves", str(tmp_path), str(BUNDLED)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + DEADLINE
        while True:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.1)  # a server starting: no state of its own to wait on
        assert "<div>The Perfect Mother</div>" in page  # the case's title names the page
        assert f"ws://127.0.0.1:{port}/ws" in page  # where the page reaches the game
        # And the game plays there: what a browser's terminal gets draws the title screen.
        assert b"The Perfect Mother" in asyncio.run(_first_frames(port, b"The Perfect Mother"))
    finally:
        server.terminate()
        server.wait(timeout=10)


async def _first_frames(port: int, until: bytes) -> bytes:
    """What the game sends a browser's terminal, until `until` is in it (bounded)."""
    import aiohttp

    drawn = b""
    async with aiohttp.ClientSession() as client, client.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=100&height=30") as socket_to_game:
        deadline = time.monotonic() + DEADLINE
        while until not in drawn:
            left = deadline - time.monotonic()
            assert left > 0, drawn[-500:]
            message = await socket_to_game.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                drawn += message.data.encode()
            else:
                raise AssertionError(f"the socket closed: {message!r}")
    return drawn


def test_a_driver_over_pipes_gets_the_interface_not_the_line_mode(tmp_path):
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
           "COLUMNS": "80", "ROWS": "24"}
    game = subprocess.Popen([sys.executable, "-m", "game", "play", "--saves", str(tmp_path),
                             str(BUNDLED)], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    drawn = b""
    try:
        deadline = time.monotonic() + DEADLINE
        while b"\x1b[" not in drawn:  # the interface draws with escape sequences
            assert time.monotonic() < deadline, drawn[-500:]
            assert game.poll() is None, game.stderr.read().decode()[-2000:]
            ready, _, _ = select.select([game.stdout], [], [], 0.5)
            if ready:
                drawn += os.read(game.stdout.fileno(), 65536)
    finally:
        game.kill()
        game.wait(timeout=10)
    assert b"Type 'help'" not in drawn and b"You can question" not in drawn
