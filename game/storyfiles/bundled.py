"""Where the bundled case lives."""

from __future__ import annotations

from pathlib import Path

BUNDLED_CASE = Path(__file__).resolve().parents[2] / "story" / "perfect_mother"
