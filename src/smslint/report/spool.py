"""Report text that can be written only once the run is over, held in bounded memory.

The HTML report opens with the run's summary, known only at the end, and then shows every
template: on a log of millions of messages that is gigabytes of markup. A :class:`TextSpool`
keeps what it is given in memory up to a limit and moves it to an anonymous temporary file
beyond it, as the JSON report's spools do (``jsondoc.Spool``), so memory stays flat. A
:class:`LineSpool` does the same for a list of lines a report writes at the end (the GitHub
report's groups), and gives them back exactly as they were appended.
"""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Iterator
from typing import IO, TextIO

from smslint.report import jsondoc
from smslint.report.jsondoc import _copy_utf8


class TextSpool:
    """Text appended piece by piece, written out whole by :meth:`write_to`."""

    def __init__(self, limit: int | None = None) -> None:
        self._limit = jsondoc.SPOOL_CHARS if limit is None else limit
        self._parts: list[str] = []
        self._size = 0
        self._file: IO[bytes] | None = None

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size > self._limit:
            self._spill()

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        # as the CLI's output streams encode: a lone surrogate becomes a visible escape; piece
        # by piece, as joining them first would hold the spool twice more, encoded and not
        self._file.writelines(part.encode("utf-8", "backslashreplace") for part in self._parts)
        self._parts = []
        self._size = 0

    def write_to(self, stream: TextIO) -> None:
        """Write everything to ``stream`` and release the temporary file."""
        if self._file is not None:
            self._file.seek(0)
            _copy_utf8(self._file, stream)
            self._file.close()
            self._file = None
        stream.write("".join(self._parts))
        self._parts = []
        self._size = 0


class LineSpool:
    """Lines appended one by one and read back in order, each exactly as it was given (any
    character, a newline or a lone surrogate too): a list that keeps its start on disk."""

    _LENGTH = struct.Struct("<I")

    def __init__(self, limit: int | None = None) -> None:
        self._limit = jsondoc.SPOOL_CHARS if limit is None else limit
        self._parts: list[str] = []
        self._size = 0
        self._count = 0
        self._file: IO[bytes] | None = None

    def append(self, line: str) -> None:
        self._parts.append(line)
        self._count += 1
        self._size += len(line)
        if self._size > self._limit:
            if self._file is None:
                self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115
            self._file.seek(0, 2)  # after the last record, wherever a reading stopped
            for part in self._parts:
                data = part.encode("utf-8", "surrogatepass")
                self._file.write(self._LENGTH.pack(len(data)) + data)
            self._parts = []
            self._size = 0

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[str]:
        if self._file is not None:
            self._file.seek(0)
            size = self._LENGTH.size
            while header := self._file.read(size):
                (length,) = self._LENGTH.unpack(header)
                yield self._file.read(length).decode("utf-8", "surrogatepass")
        yield from self._parts
