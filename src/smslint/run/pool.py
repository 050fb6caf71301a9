"""Worker processes for ``--jobs N``: items go out, outcomes come back in order over the wire
codec (``run.wire``), and only a few items per worker are in flight at any time, so memory
stays flat however big the input.

Each worker holds one :class:`WorkerContext` for the run: its compiled packs, the report
writer's encoder, its garbage-collection schedule and the folder where large encoded records
go as files. A worker that dies (the OOM killer's SIGKILL, a crash) stops the run with an
error: its item is lost for good.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import count, islice
from typing import TYPE_CHECKING, Any

from smslint.core.errors import SmslintError
from smslint.core.tuning import IN_FLIGHT, STASH_BYTES, WORKER_CHECK
from smslint.engine.linter import Linters
from smslint.report import Encoder
from smslint.run import wire
from smslint.run.work import Collector, Encoded, Item, Outcome, lint

if TYPE_CHECKING:
    from smslint.packs.selection import Selection


@dataclass(frozen=True)
class Setup:
    """What a worker is started with (pickled when workers are spawned, not forked)."""

    default_pack: str
    kind: str | None
    roots: tuple[str, ...] | None
    lock: bool
    selection: Selection | None
    encoder: Encoder | None
    stash: str | None  # the run's folder for large encoded records, when there is an encoder

    @classmethod
    def of(cls, linters: Linters, encoder: Encoder | None, stash: str | None) -> Setup:
        pack, kind, roots, lock = linters.default_pack, linters.kind, linters.roots, linters.lock
        return cls(pack, kind, roots, lock, linters.selection, encoder, stash)


@dataclass
class WorkerContext:
    """All a worker process keeps for the run."""

    linters: Linters
    setup: Setup
    collector: Collector = field(default_factory=Collector)  # a worker lives as long as the run
    names: Iterator[int] = field(default_factory=count)  # of its stash files

    def work(self, item: Item) -> wire.Wire:
        with self.collector:
            outcome = lint(item, self.linters, self.setup.encoder)
            self.collector.count(outcome.templates)
            if self.setup.stash is not None:
                for event in outcome.events:
                    if isinstance(event, Encoded):
                        event.records = _stashed(event.records, self.setup.stash, self.names)
            return wire.dump(outcome)


def _stashed(records: Any, folder: str, names: Iterator[int]) -> Any:
    """``records`` with each large ``bytes`` in it (in nested tuples) written to a file of
    ``folder`` and replaced by its :class:`~smslint.report.jsondoc.Stashed`; kept as it is
    where the file cannot be written (the bytes then go through the pipe)."""
    from smslint.report.jsondoc import Stashed

    if isinstance(records, tuple):
        return tuple(_stashed(part, folder, names) for part in records)
    if isinstance(records, bytes) and len(records) >= STASH_BYTES:
        try:
            return Stashed.write(records, folder, f"{os.getpid()}-{next(names)}")
        except OSError:
            return records
    return records


# This process's context: a worker's for the run; in the main process, only while it forks its
# workers, which so inherit its compiled packs instead of compiling them again.
_context: WorkerContext | None = None


def _start(setup: Setup) -> None:
    global _context
    inherited = _context
    if inherited is not None and inherited.setup == setup:
        linters = inherited.linters
    else:  # spawned, or a replacement forked later
        linters = Linters(setup.default_pack, setup.kind, setup.roots, setup.lock, setup.selection)
    _context = WorkerContext(linters, setup)


def _work(item: Item) -> wire.Wire:
    assert _context is not None
    return _context.work(item)


def spread(
    items: Iterator[Item], linters: Linters, jobs: int, encoder: Encoder | None
) -> Iterator[Outcome]:
    """Outcomes of ``items`` from ``jobs`` worker processes, in order, a bounded few ahead."""
    import multiprocessing

    global _context
    ahead = jobs * IN_FLIGHT
    stash = None
    if encoder is not None:
        stash = tempfile.TemporaryDirectory(prefix="smslint-", ignore_cleanup_errors=True)
    setup = Setup.of(linters, encoder, None if stash is None else stash.name)
    _context = WorkerContext(linters, setup)
    try:
        # more processes than CPUs only costs start-up and memory: -j 99999 must not fork bomb
        jobs = max(1, min(jobs, 4 * (os.cpu_count() or 1)))
        pool = multiprocessing.get_context().Pool(jobs, initializer=_start, initargs=(setup,))
    finally:
        _context = None
    # the pool replaces a dead worker, but its item is lost; ``_pool`` is private, undeclared
    workers: list[Any] = list(getattr(pool, "_pool"))  # noqa: B009
    with stash or nullcontext(), pool:  # the workers stop before their folder goes
        pending = deque(pool.apply_async(_work, (item,)) for item in islice(items, ahead))
        while pending:
            sent = _sent(pending.popleft(), workers)
            for item in islice(items, 1):
                pending.append(pool.apply_async(_work, (item,)))
            yield wire.load(sent)


def _sent(pending: Any, workers: list[Any]) -> wire.Wire:
    """What a worker sent for an item, once it has. A worker that died (the OOM killer's
    SIGKILL, a crash) never sends it, and the pool's replacement does not redo it: the run
    stops with an error instead of waiting forever. Workers only exit when the pool closes,
    so any exit before that is a death."""
    import multiprocessing
    import signal

    while True:
        try:
            sent: wire.Wire = pending.get(WORKER_CHECK)
            return sent
        except multiprocessing.TimeoutError:
            dead = next((w for w in workers if w.exitcode is not None), None)
            if dead is None:
                continue
            code = dead.exitcode
            how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
            hint = " (out of memory? try fewer --jobs)" if code == -signal.SIGKILL else ""
            raise SmslintError(
                f"a --jobs worker process {how}{hint}; the run is incomplete"
            ) from None
