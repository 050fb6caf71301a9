"""JSONL logs cut into chunks of whole lines, read as bytes where the run starts and decoded
and parsed where they are linted: with ``--jobs N`` the main process only reads bytes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smslint.core.errors import SmslintError
from smslint.core.model import Template
from smslint.core.tuning import CHUNK_BYTES
from smslint.sources.files import decode
from smslint.sources.jsonl_source import records


@dataclass
class Chunk:
    """Whole lines of a JSONL file, as bytes, with where they start in the file."""

    file: str
    encoding: str
    first_line: int
    offset: int  # code-point offset of the first line in the decoded file
    data: bytes

    def lines(self) -> Iterator[tuple[int, int, str]]:
        """(line number, offset, line) as ``files.iter_lines`` gives them for the same lines."""
        try:
            text = decode(self.data, self.file, self.encoding, first_line=self.first_line)
        except SmslintError:  # line by line, so that the error names its line
            yield from self._decoded_lines()
            return
        offset = self.offset
        pieces = text.split("\n")
        last = len(pieces) - 1
        number = self.first_line
        for i, line in enumerate(pieces):
            if i == last:
                if not line:
                    return
            else:
                line += "\n"
            yield number, offset, line
            number += 1
            offset += len(line)

    def _decoded_lines(self) -> Iterator[tuple[int, int, str]]:
        offset = self.offset
        pieces = self.data.split(b"\n")
        last = len(pieces) - 1
        for i, raw in enumerate(pieces):
            if i == last:
                if not raw:
                    return
            else:
                raw += b"\n"
            number = self.first_line + i
            line = decode(raw, self.file, self.encoding, first_line=number)
            yield number, offset, line
            offset += len(line)

    def templates(self) -> Iterator[Template]:
        return records(self.file, self.lines())


def chunkable(path: Path, encoding: str) -> bool:
    """Whether ``path`` is a JSONL log whose lines can be cut apart as bytes."""
    if path.suffix.lower() != ".jsonl":
        return False
    try:
        return "a\n".encode(encoding) == b"a\n"
    except LookupError:  # the file's reader reports the unknown encoding
        return False


def chunks(path: Path, encoding: str, size: int = CHUNK_BYTES) -> Iterator[Chunk]:
    """The file as chunks of about ``size`` bytes, each ending at a line end."""
    file = str(path)
    line, offset, rest = 1, 0, b""
    try:
        with open(path, "rb") as stream:
            while True:
                block = stream.read(size)
                data = rest + block
                if not block:
                    if data:
                        yield Chunk(file, encoding, line, offset, data)
                    return
                cut = data.rfind(b"\n") + 1
                if cut == 0:  # one line longer than a block: read on
                    rest = data
                    continue
                data, rest = data[:cut], data[cut:]
                yield Chunk(file, encoding, line, offset, data)
                text = data.decode(encoding, errors="replace")
                offset += len(text) - (line == 1 and text.startswith("\ufeff"))
                line += data.count(b"\n")
    except OSError as err:
        raise SmslintError(f"cannot read: {err.strerror}", file=file) from None
