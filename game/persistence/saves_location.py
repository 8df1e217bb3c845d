"""Where saves go. Its own module, free of pydantic, so the interface can start fast."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DETECTIVE_SAVES"


def default_saves_dir(explicit: Path | None = None) -> Path:
    """--saves, else $DETECTIVE_SAVES, else saves/ beside the game."""
    if explicit is not None:
        return explicit
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return Path(__file__).resolve().parents[2] / "saves"
