"""JSON Lines: one finding a line, written as it is found, for logs too big for one report.

Each line is the finding's entry of the JSON report (same keys, fingerprint included), on one
line, so a consumer can stream, split or ``grep`` the output and parse each line on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smslint.report import Writer
from smslint.report.json import ONE_LINE, Entries, chunk_facts
from smslint.report.jsondoc import Stashed, write_utf8

if TYPE_CHECKING:
    from smslint.engine.linter import Result


_ENTRIES = Entries(ONE_LINE)
_ENCODED = Entries(ONE_LINE, binary=True)


def prepare(result: Result) -> str:
    """The result's lines."""
    return "".join(entry + "\n" for entry in _ENTRIES.findings(result, *chunk_facts([result])))


def render(results: list[Result]) -> bytes:
    """Many results' lines, encoded (see ``json.render``)."""
    lines = []
    for result, chunk in zip(results, chunk_facts(results), strict=True):
        if result.findings:
            lines += _ENCODED.findings(result, chunk)
    return b"".join(line + b"\n" for line in lines)


class JsonlEncoder:
    """JSON Lines' :class:`~smslint.report.Encoder`: the lines, made where results are linted."""

    def encode(self, results: list[Result]) -> bytes:
        return render(results)


class JsonlWriter(Writer):
    encoder = JsonlEncoder()

    def add(self, result: Result) -> None:
        self.stream.write(prepare(result))

    def add_encoded(self, encoded: bytes | Stashed) -> None:
        write_utf8(encoded, self.stream)
