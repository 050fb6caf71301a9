"""JSON Lines: one finding a line, written as it is found, for logs too big for one report.

Each line is the finding's entry of the JSON report (same keys, fingerprint included), on one
line, so a consumer can stream, split or ``grep`` the output and parse each line on its own.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import Writer
from .json import finding_dicts

if TYPE_CHECKING:
    from ..linter import Result


def prepare(result: Result) -> str:
    """The result's lines, made where it is linted (in the workers of a ``--jobs`` run)."""
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in finding_dicts(result))


class JsonlWriter(Writer):
    prepare = staticmethod(prepare)

    def add(self, result: Result) -> None:
        self.stream.write(prepare(result) if result.prepared is None else result.prepared)
