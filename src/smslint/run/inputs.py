"""A run's inputs: templates of the files, folders, stdin and ``--text`` given, in order; with
``bulk``, JSONL logs come as raw chunks of lines instead (``run.chunks``), for the run driver
to parse where it lints them. Listing and reading errors are kept, not raised: a plain run
reports them and goes on with the other files."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from smslint.core.errors import SmslintError
from smslint.core.model import Template
from smslint.run.chunks import Chunk, chunkable, chunks

if TYPE_CHECKING:
    from smslint.run.gate import Gate
    from smslint.run.progress import Progress


@dataclass(frozen=True)
class Sources:
    """What to read, as the options say."""

    paths: tuple[str, ...]
    text: str | None = None  # --text
    encoding: str = "utf-8"
    only: set[Path] | None = None  # --changed-since: only these files (resolved)
    follow_links: bool = False
    bulk: bool = False  # JSONL logs as chunks


@dataclass
class Inputs:
    """The run's inputs, read once by iterating, and what reading them found: the errors, the
    files read, and the bytes of the JSONL logs that go as chunks (known once the first input
    is given)."""

    sources: Sources
    gate: Gate
    progress: Progress | None = None  # its total is set to ``bulk_bytes``
    errors: list[SmslintError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    bulk_bytes: int = 0

    def __iter__(self) -> Iterator[Template | Chunk]:
        from smslint import sources

        given = self.sources
        if given.text is not None:
            self.files.append("-")
            yield sources.template_from_text(given.text)
        if "-" in given.paths:
            yield from self._stdin()
        # a missing path is reported; the others are still read
        paths = [p for p in given.paths if p != "-"]
        found = self.gate.files(paths, self.errors, follow_links=given.follow_links)
        if given.only is not None:
            found = [path for path in found if path.resolve() in given.only]
        chunked = {p for p in found if given.bulk and chunkable(p, given.encoding)}
        self.bulk_bytes = sum(path.stat().st_size for path in chunked)
        if self.progress is not None:
            self.progress.total = self.bulk_bytes
        for path in found:
            self.files.append(str(path))
            try:
                if path in chunked:
                    yield from chunks(path, given.encoding)
                else:
                    yield from sources.read_path(path, encoding=given.encoding)
            except SmslintError as exc:
                self.errors.append(exc)

    def _stdin(self) -> Iterator[Template]:
        from smslint import sources

        encoding, name = self.sources.encoding, self.gate.stdin_filename
        self.files.append(name or "-")
        # sys.stdin is None when the shell closed it (<&-): AttributeError
        closed = SmslintError("standard input is closed or unreadable", "-")
        if name:
            try:
                yield from self.gate.stdin(sys.stdin.buffer.read(), encoding)
            except SmslintError as exc:
                self.errors.append(exc)
            except (AttributeError, OSError, ValueError):
                self.errors.append(closed)
            return
        try:
            raw = sys.stdin.buffer.read()
            yield sources.read_stdin_text(raw.decode(encoding).removeprefix("\ufeff"))
        except UnicodeDecodeError:
            self.errors.append(SmslintError(f"standard input is not valid {encoding}", "-"))
        except (AttributeError, OSError, ValueError):
            self.errors.append(closed)
