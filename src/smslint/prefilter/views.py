"""What the prefilter reads of a document: its texts and the clause and sentence around an index.

A protocol rather than the engine's ``Document``: the prefilter sits below the engine, and a
narrow reading surface keeps it from growing into one more place that knows everything.
"""

from __future__ import annotations

from typing import Protocol

from smslint.text.normalize import Normalized


class Views(Protocol):
    text: str
    kind: str | None  # the notice kind, which may fill a frame's slot by itself

    @property
    def norm(self) -> Normalized: ...

    @property
    def compact(self) -> Normalized: ...

    @property
    def compact_text(self) -> str: ...

    def clause(self, index: int, compact: bool = False) -> tuple[int, int]: ...

    def sentence(self, index: int, compact: bool = False) -> tuple[int, int]: ...
