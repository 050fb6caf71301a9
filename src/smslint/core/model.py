"""The data that flows through smslint: templates in, findings out.

Every stage (sources → normalise → tokenise → checks → report) speaks in these
types, so a stage can be replaced without touching the others.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
CATEGORIES = ("coercion", "personal-data", "required-element", "length", "format", "timing")
KINDS = ("reminder", "overdue", "mediation", "negotiation", "notification", "marketing")


class TextMap:
    """Maps each character of a template's text back to the original file.

    Stored as runs, not one entry per character: a run starts at text index
    ``i`` and continues with consecutive file characters on one line, so a
    3 MB message on one line costs one run. ``exact`` is False when a reader
    could only approximate positions (e.g. a YAML escape it could not align);
    fixers refuse to edit through an inexact map.
    """

    __slots__ = ("_starts", "exact", "length", "runs")

    def __init__(self, runs: list[tuple[int, int, int, int]], length: int, exact: bool = True):
        # each run: (text_index, line, column, file_offset); line/column 1-based,
        # file_offset a code-point index into the decoded file content.
        self.runs = runs or [(0, 1, 1, 0)]
        self._starts = [r[0] for r in self.runs]
        self.length = length
        self.exact = exact

    @classmethod
    def one_run(cls, line: int, column: int, offset: int, length: int) -> TextMap:
        """Map for a text copied verbatim from one place in a line (a log line's message)."""
        tmap = cls.__new__(cls)
        tmap.runs = [(0, line, column, offset)]
        tmap._starts = [0]
        tmap.length = length
        tmap.exact = True
        return tmap

    @classmethod
    def single_line(cls, text: str, line: int = 1, column: int = 1, offset: int = 0) -> TextMap:
        """Map for text copied verbatim from the file, possibly spanning lines."""
        runs = []
        i = 0
        ln, col, off = line, column, offset
        while True:
            runs.append((i, ln, col, off))
            nl = text.find("\n", i)
            if nl < 0:
                break
            off += nl + 1 - i
            i = nl + 1
            ln += 1
            col = 1
        return cls(runs, len(text))

    def _run(self, i: int) -> tuple[int, int, int, int]:
        return self.runs[max(0, bisect_right(self._starts, i) - 1)]

    def locate(self, i: int) -> tuple[int, int]:
        """(line, column) of text index ``i`` in the file."""
        start, line, col, _ = self._run(i)
        return line, col + (i - start)

    def offset(self, i: int) -> int:
        """Code-point offset of text index ``i`` in the file content."""
        start, _, _, off = self._run(i)
        return off + (i - start)

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) for text[start:end], end exclusive."""
        line, col = self.locate(start)
        if end <= start + 1:  # one character, or none (a missing element): one lookup
            return line, col, line, col + (1 if end > start else 0)
        end_line, end_col = self.locate(end - 1)
        return line, col, end_line, end_col + 1


@dataclass(slots=True)
class Template:
    """One message template (or one rendered message) as read from a source."""

    file: str  # display path, "-" for stdin and --text
    id: str
    text: str
    map: TextMap
    kind: str | None = None
    pack: str | None = None
    vars: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignore: list[dict[str, Any]] = field(default_factory=list)
    schedule: dict[str, Any] | None = None
    line: int = 1  # line where the template entry starts, for findings about the entry itself
    pack_line: int | None = None  # line of the `pack:` it names, when not ``line``


@dataclass(slots=True)
class Fix:
    """A replacement for text[start:end] of a template, applied by --fix."""

    start: int
    end: int
    replacement: str


@dataclass(slots=True)  # a bulk run makes millions: slots make them quicker to build
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    start: int  # span in the template's original text, end exclusive
    end: int
    basis: str | None = None
    suggestion: str | None = None
    fix: Fix | None = None
    # an identifier's masked form: reports print this instead of the raw span
    masked: str | None = None
