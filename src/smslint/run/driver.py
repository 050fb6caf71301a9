"""The run driver: a run's inputs cut into items, linted in this process or spread over worker
processes (``run.pool``), and their events turned back into one stream in input order.

A JSONL log comes as chunks of whole lines (``run.chunks``), read as bytes by the main process
and decoded and parsed where they are linted, so with ``--jobs N`` the main process only reads
bytes and writes the report. Other inputs (YAML, CSV, stdin …) are read by the main process and
go as batches of templates. With one job the same items are linted in this process, by the
same code, and the report is the same.

Errors keep the meaning they have in a plain run: a file that cannot be read further stops at
the bad line (what came before it is reported), and a template whose pack fails to load stops
the linting of its file; the rest of the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from smslint.core.errors import SmslintError
from smslint.core.model import Template, TextMap
from smslint.engine.linter import Linters, Result
from smslint.report import Encoder
from smslint.run.chunks import Chunk
from smslint.run.work import Collector, Encoded, LintFailed, Outcome, ReadFailed, items, lint

if TYPE_CHECKING:
    from smslint.run.progress import Progress


def events(
    inputs: Iterable[Template | Chunk],
    linters: Linters,
    errors: list[SmslintError],
    jobs: int | Callable[[], int] = 1,
    progress: Progress | None = None,
    encoder: Encoder | None = None,
) -> Iterator[Result | Encoded]:
    """Results of ``inputs`` in order; errors are appended to ``errors`` as a plain run would.

    With ``encoder`` (a report writer's), consecutive results of a file come as one
    :class:`~smslint.run.work.Encoded`, made where they were linted. ``jobs`` may be a
    function, asked once the inputs have given their first item (and so have been listed).
    """
    work = items(inputs)
    if callable(jobs):
        first = next(work, None)
        jobs = jobs()
        work = chain([] if first is None else [first], work)
    outcomes: Iterator[Outcome]
    if jobs > 1:
        from smslint.run.pool import spread

        outcomes = spread(work, linters, jobs, encoder)
    else:
        outcomes = (lint(item, linters, encoder) for item in work)
    accepted = _Accepted(linters, jobs > 1, errors)
    with Collector() as collector:
        for outcome in outcomes:
            collector.count(outcome.templates)
            yield from accepted.events(outcome)
            if progress is not None:
                progress.advance(outcome.templates, outcome.size)


def results(
    inputs: Iterable[Template | Chunk],
    linters: Linters,
    errors: list[SmslintError],
    jobs: int | Callable[[], int] = 1,
    progress: Progress | None = None,
) -> Iterator[Result]:
    """``events`` without an encoder: every result whole."""
    for event in events(inputs, linters, errors, jobs, progress):
        assert isinstance(event, Result)
        yield event


@dataclass
class _Accepted:
    """The events a plain run would report: none of a file after its error."""

    linters: Linters
    spread: bool  # results come from workers: the main process's linters learn their packs
    errors: list[SmslintError]
    failed: set[str] = field(default_factory=set)  # a template's pack failed: rest skipped
    stopped: set[str] = field(default_factory=set)  # the file could not be read further

    def events(self, outcome: Outcome) -> Iterator[Result | Encoded]:
        for event in outcome.events:
            if isinstance(event, Result):
                if self._open(event.template.file):
                    if self.spread:  # reports list the packs in the order a plain run loads them
                        self.linters.for_template(event.template)
                    yield event
            elif isinstance(event, Encoded):
                if self._open(event.file):
                    for pack in event.packs if self.spread else ():
                        self.linters.for_template(_template_of(event.file, pack))
                    yield event
            elif event.file not in self.stopped and not (
                isinstance(event, LintFailed) and event.file in self.failed
            ):
                (self.stopped if isinstance(event, ReadFailed) else self.failed).add(event.file)
                self.errors.append(event.error)

    def _open(self, file: str) -> bool:
        return file not in self.failed and file not in self.stopped


_NO_TEXT = TextMap([], 0)


def _template_of(file: str, pack: str | None) -> Template:
    """A stand-in template of ``file`` naming ``pack``, for ``Linters.for_template``."""
    return Template(file=file, id="", text="", map=_NO_TEXT, pack=pack)
