"""A progress line on stderr for long runs: a bar over the bytes of the JSONL logs, templates
linted, and the rate.

Only for a person watching: it is drawn only when stderr is a terminal, never when ``CI`` is
set (CI services give jobs a pseudo-terminal, and a log full of redrawn lines is noise), not
before the run has taken half a second (a hook run finishes before that), at most ten times
a second, and it is erased when the run ends so the report is all that stays on screen.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY = 0.5  # seconds before the first draw
INTERVAL = 0.1  # seconds between draws
WIDTH = 24  # characters of the bar


def wanted(stream: TextIO) -> bool:
    """Whether a progress line may be drawn on ``stream``."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    def __init__(self, total_bytes: int = 0, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = total_bytes  # bytes of the chunked (JSONL) inputs; 0 draws no bar
        self.templates = 0
        self.done = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._shown = False

    def advance(self, templates: int, size: int = 0) -> None:
        self.templates += templates
        self.done += size
        now = time.monotonic()
        if now - self.started >= DELAY and now - self._drawn >= INTERVAL:
            self._drawn = now
            self._draw(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.templates / elapsed
        text = f"{self.templates:,} templates, {rate:,.0f}/s"
        if self.total:
            share = min(1.0, self.done / self.total)
            filled = round(share * WIDTH)
            bar = "█" * filled + "·" * (WIDTH - filled)
            text = f"{bar} {share:4.0%}  {text}"
        return f"smslint: {text}"

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Erase the line, if one was drawn."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
