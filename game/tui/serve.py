"""`detective serve`: the interface in a browser, served on a local port by textual-serve.

textual-serve runs `detective play` once per browser tab, with its own driver over pipes
(TEXTUAL_DRIVER): the command line then starts the interface, never the line mode. It is an
optional extra (`pip install 'detective[serve]'`): it brings a web server the game does not
otherwise need.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from game.storyfiles.peek import peek_cover
from game.tui.styled import one_line


def serve(case_dir: Path, host: str, port: int, saves_dir: Path) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print("detective serve needs textual-serve: pip install 'detective[serve]'",
              file=sys.stderr)
        return 1
    command = shlex.join([sys.executable, "-m", "game", "play", "--saves", str(saves_dir),
                          str(case_dir)])
    title = one_line(peek_cover(case_dir).title or case_dir.name)
    print(f"Serving {title} at http://{host}:{port} (ctrl+c stops it)", flush=True)
    Server(command, host=host, port=port, title=title).serve()
    return 0
