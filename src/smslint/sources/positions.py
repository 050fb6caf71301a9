"""Build TextMaps while decoding, so every character keeps the file position it came from.

Readers append decoded text piece by piece: ``copy`` for characters that appear verbatim in
the file, ``emit`` for characters an escape or a line fold produced. The builder starts a new
run whenever the file position stops advancing one-for-one or a line ends, which is exactly
the invariant TextMap relies on.
"""

from __future__ import annotations

from bisect import bisect_right

from smslint.core.model import TextMap


class LineIndex:
    """Turns code-point offsets into 1-based (line, column); only ``\\n`` ends a line.

    ``starts`` holds the offsets where lines begin, beginning with line ``first_line``; streaming
    readers pass just the lines of one record so memory stays flat on huge files.
    """

    __slots__ = ("first_line", "starts")

    def __init__(self, starts: list[int], first_line: int = 1):
        self.starts = starts
        self.first_line = first_line

    @classmethod
    def of(cls, content: str) -> LineIndex:
        starts = [0]
        nl = content.find("\n")
        while nl >= 0:
            starts.append(nl + 1)
            nl = content.find("\n", nl + 1)
        return cls(starts)

    def position(self, offset: int) -> tuple[int, int]:
        k = max(0, bisect_right(self.starts, offset) - 1)
        return self.first_line + k, offset - self.starts[k] + 1


class MapBuilder:
    """Accumulates decoded text and the runs that map it back to the file."""

    __slots__ = ("_length", "_lines", "_next", "_parts", "_runs", "_start")

    def __init__(self, lines: LineIndex, start: int):
        # start: where an empty text is located, so findings about a missing element have a place
        self._lines = lines
        self._start = start
        self._parts: list[str] = []
        self._runs: list[tuple[int, int, int, int]] = []
        self._length = 0
        self._next = -1  # file offset that would continue the current run, -1 when none can

    def _run(self, index: int, offset: int) -> None:
        self._runs.append((index, *self._lines.position(offset), offset))

    def copy(self, text: str, offset: int) -> None:
        """Append ``text``, found verbatim in the file at ``offset`` (it may span lines)."""
        i = 0
        while i < len(text):
            nl = text.find("\n", i)
            end = len(text) if nl < 0 else nl + 1
            if offset + i != self._next:
                self._run(self._length + i, offset + i)
            self._next = offset + end if nl < 0 else -1
            i = end
        self._parts.append(text)
        self._length += len(text)

    def copy_lines(self, text: str, offset: int) -> None:
        """Like ``copy`` but each CRLF becomes LF, mapped to the file's LF."""
        i = 0
        crlf = text.find("\r\n")
        while crlf >= 0:
            self.copy(text[i:crlf], offset + i)
            i = crlf + 1
            crlf = text.find("\r\n", i)
        self.copy(text[i:], offset + i)

    def emit(self, text: str, offset: int) -> None:
        """Append characters produced by an escape or fold; each maps to ``offset``."""
        for k in range(len(text)):
            self._run(self._length + k, offset)
        self._parts.append(text)
        self._length += len(text)
        self._next = -1

    def build(self, exact: bool = True) -> tuple[str, TextMap]:
        runs = self._runs or [(0, *self._lines.position(self._start), self._start)]
        return "".join(self._parts), TextMap(runs, self._length, exact)
