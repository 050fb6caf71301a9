"""A run's work: items (a chunk of a log, a batch of templates), what linting one gives, and
the garbage collector's schedule while it goes on.

Linting an item keeps a plain run's error semantics within it: a file that cannot be read
further stops at the bad line (what came before it is reported), and a template whose pack
fails to load stops the linting of its file. An item's outcome is a list of typed events in
input order, the same whether the item was linted in this process or in a worker.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType

from smslint.core.errors import SmslintError
from smslint.core.model import Template
from smslint.core.tuning import BATCH, COLLECT_EVERY
from smslint.engine.linter import Linters, Result
from smslint.report import Encoder, Summary
from smslint.run.chunks import Chunk

Item = Chunk | list[Template]


@dataclass(slots=True)
class Encoded:
    """Consecutive results of one file, encoded by the report writer's encoder where they were
    linted, with what the run's summary, exit code and pack list need of them. The process
    writing the report then takes a chunk of messages in a few steps rather than a few per
    message, which in a ``--jobs`` run would make it the bottleneck."""

    file: str
    packs: list[str | None]  # the templates' own pack references, first use first
    summary: Summary
    records: object  # what the encoder made; only the writer reads it


@dataclass(slots=True)
class ReadFailed:
    """The file cannot be read past ``error``'s line: the rest of it is not linted."""

    file: str
    error: SmslintError


@dataclass(slots=True)
class LintFailed:
    """A template of the file could not be linted (its pack failed to load): nor can the rest
    of the file."""

    file: str
    error: SmslintError


Event = Result | Encoded | ReadFailed | LintFailed


@dataclass(slots=True)
class Outcome:
    """What linting one item gave: its events in order, how many templates it held and how
    many bytes of input it stood for (chunks only; for the progress bar)."""

    events: list[Event] = field(default_factory=list)
    templates: int = 0
    size: int = 0


def items(inputs: Iterable[Template | Chunk]) -> Iterator[Item]:
    """Chunks as they are; consecutive templates in batches."""
    batch: list[Template] = []
    for entry in inputs:
        if isinstance(entry, Chunk):
            if batch:
                yield batch
                batch = []
            yield entry
        else:
            batch.append(entry)
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def lint(item: Item, linters: Linters, encoder: Encoder | None = None) -> Outcome:
    """Lint one item, with a plain run's error semantics within it (see the module doc); with
    ``encoder``, each run of consecutive results of one file comes as one :class:`Encoded`."""
    out = Outcome(size=len(item.data) if isinstance(item, Chunk) else 0)
    failed: set[str] = set()
    templates = item.templates() if isinstance(item, Chunk) else iter(item)
    batch: list[Template] = []
    while True:
        try:
            template = next(templates, None)
        except SmslintError as exc:  # the chunk's file cannot be read past this line
            _lint_batch(batch, linters, out, failed)
            out.events.append(ReadFailed(exc.file or "", exc))
            break
        if template is None:
            _lint_batch(batch, linters, out, failed)
            break
        out.templates += 1
        batch.append(template)
        if len(batch) >= BATCH:
            _lint_batch(batch, linters, out, failed)
            batch = []
    if encoder is not None:
        out.events = _encoded(out.events, encoder)
    return out


def _lint_batch(batch: list[Template], linters: Linters, out: Outcome, failed: set[str]) -> None:
    """Lint a batch at once (``Linters.check_many``); if that fails, template by template, so
    that an error stops the linting of its own file only."""
    todo = [t for t in batch if t.file not in failed]
    try:
        out.events += linters.check_many(todo)
    except SmslintError:
        for template in todo:
            if template.file in failed:
                continue
            try:
                out.events.append(linters.check(template))
            except SmslintError as exc:
                if exc.file is None:
                    exc = SmslintError(exc.message, template.file, template.line)
                out.events.append(LintFailed(template.file, exc))
                failed.add(template.file)


def _encoded(events: list[Event], encoder: Encoder) -> list[Event]:
    """``events`` with each run of consecutive results of one file as one :class:`Encoded`."""
    out: list[Event] = []
    run: list[Result] = []
    for event in events:
        if isinstance(event, Result) and (not run or event.template.file == run[0].template.file):
            run.append(event)
            continue
        if run:
            out.append(_encode(run, encoder))
            run = []
        if isinstance(event, Result):
            run.append(event)
        else:
            out.append(event)
    if run:
        out.append(_encode(run, encoder))
    return out


def _encode(results: list[Result], encoder: Encoder) -> Encoded:
    summary = Summary()
    for result in results:
        summary.count(result)
    packs = list(dict.fromkeys(result.template.pack for result in results))
    return Encoded(results[0].template.file, packs, summary, encoder.encode(results))


class Collector:
    """Cyclic garbage collection every COLLECT_EVERY templates instead of every few hundred
    allocations, while the collector is entered. Linting a message allocates thousands of
    objects and no reference cycles, so the collector's own passes are pure cost in a bulk run
    (about a twelfth of it); the odd cycle made elsewhere (an exception's traceback) is still
    collected. Leaving it restores the collector as it was."""

    def __init__(self) -> None:
        self.seen = 0
        self._enabled: list[bool] = []

    def __enter__(self) -> Collector:
        self._enabled.append(gc.isenabled())
        gc.disable()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._enabled.pop():
            gc.enable()

    def count(self, templates: int) -> None:
        self.seen += templates
        if self.seen >= COLLECT_EVERY:
            self.seen = 0
            gc.collect()
