"""Bulk runs: work cut into items, linted in this process or spread over worker processes.

A JSONL log is cut into chunks of whole lines, read as bytes by the main process and decoded
and parsed where they are linted, so with ``--jobs N`` the main process only reads bytes and
writes the report. Other inputs (YAML, CSV, stdin …) are read by the main process and sent
as batches of templates. Results come back in input order whatever the number of processes,
and only a few items per worker are in flight at any time, so memory stays flat however big
the file. With one job the same items are linted in this process, by the same code.

Errors keep the meaning they have in a plain run: a file that cannot be read further stops
at the bad line (what came before it is reported), and a template whose pack fails to load
stops the linting of its file; the rest of the run goes on.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import chain, count, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, overload

from smslint.core.errors import SmslintError
from smslint.core.model import Finding, Template, TextMap
from smslint.core.tuning import (
    BATCH,
    CHUNK_BYTES,
    COLLECT_EVERY,
    IN_FLIGHT,
    STASH_BYTES,
    WORKER_CHECK,
)
from smslint.engine.linter import Linters, Result
from smslint.engine.suppressions import Suppression
from smslint.report import Summary
from smslint.sources.files import decode
from smslint.sources.jsonl_source import records
from smslint.text.length import Length

if TYPE_CHECKING:
    from smslint.packs.selection import Selection
    from smslint.run.progress import Progress


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


Item = Chunk | list[Template]


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


@dataclass
class Outcome:
    """What linting one item gave, in order: results and (kind, template file, error)."""

    # results, and (kind, template file, error); a worker sends results as Slim tuples
    events: list[Result | Rendered | tuple[Any, ...]] = field(default_factory=list)
    templates: int = 0
    size: int = 0  # bytes of input the item stood for (chunks only)


Prepare = Callable[["Result"], Any]
Render = Callable[[list["Result"]], Any]


@dataclass
class Rendered:
    """Consecutive results of one file, rendered by the report writer where they were linted
    (``Writer.render``), with what the run's summary and exit code need of them. The process
    writing the report then takes a chunk of messages in a few steps rather than a few per
    message, which in a ``--jobs`` run would make it the bottleneck."""

    file: str
    packs: list[str | None]  # the templates' own pack references, first use first
    summary: Summary
    rendering: Any


def lint(
    item: Item, linters: Linters, prepare: Prepare | None = None, render: Render | None = None
) -> Outcome:
    """Lint one item, with a plain run's error semantics within it (see the module doc).

    ``prepare`` is the report writer's rendering of a result (``Writer.prepare``), done here
    so that with ``--jobs`` the workers do it, not the process writing the report; with
    ``render`` (``Writer.render``) a chunk's results come as one :class:`Rendered`.
    """
    if render is not None and isinstance(item, Chunk):
        return _rendered(lint(item, linters), render)
    out = Outcome(size=len(item.data) if isinstance(item, Chunk) else 0)
    failed: set[str] = set()
    templates = item.templates() if isinstance(item, Chunk) else iter(item)
    batch: list[Template] = []
    while True:
        try:
            template = next(templates, None)
        except SmslintError as exc:  # the chunk's file cannot be read past this line
            _lint_batch(batch, linters, prepare, out, failed)
            out.events.append(("read", exc.file or "", exc))
            return out
        if template is None:
            _lint_batch(batch, linters, prepare, out, failed)
            return out
        out.templates += 1
        batch.append(template)
        if len(batch) >= BATCH:
            _lint_batch(batch, linters, prepare, out, failed)
            batch = []


def _lint_batch(
    batch: list[Template],
    linters: Linters,
    prepare: Prepare | None,
    out: Outcome,
    failed: set[str],
) -> None:
    """Lint a batch at once (``Linters.check_many``); if that fails, template by template, so
    that an error stops the linting of its own file only."""
    todo = [t for t in batch if t.file not in failed]
    try:
        results = linters.check_many(todo)
    except SmslintError:
        for template in todo:
            if template.file in failed:
                continue
            try:
                _add(linters.check(template), prepare, out)
            except SmslintError as exc:
                if exc.file is None:
                    exc = SmslintError(exc.message, template.file, template.line)
                out.events.append(("lint", template.file, exc))
                failed.add(template.file)
        return
    for result in results:
        _add(result, prepare, out)


def _add(result: Result, prepare: Prepare | None, out: Outcome) -> None:
    if prepare is not None:
        result.prepared = prepare(result)
    out.events.append(result)


def _rendered(out: Outcome, render: Render) -> Outcome:
    """``out`` with its leading results (all of one file: a chunk is one file's lines, and
    an error stops the file) as one :class:`Rendered`."""
    leading = next((i for i, e in enumerate(out.events) if isinstance(e, tuple)), len(out.events))
    if leading == 0:
        return out
    results: list[Result] = out.events[:leading]  # type: ignore[assignment]
    summary = Summary()
    for result in results:
        summary.count(result)
    packs = list(dict.fromkeys(result.template.pack for result in results))
    rendered = Rendered(results[0].template.file, packs, summary, render(results))
    out.events[:leading] = [rendered]
    return out


def _items(inputs: Iterable[Template | Chunk]) -> Iterator[Item]:
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


_worker: tuple[Linters, Prepare | None, Render | None] | None = None
_worker_collector: _Collector | None = None
_worker_stash: tuple[str, Iterator[int]] | None = None  # the run's stash folder, file numbers
_forked: Linters | None = None  # the main process's linters while it starts its workers


def _start_worker(
    default_pack: str,
    kind: str | None,
    prepare: Prepare | None,
    render: Render | None,
    stash: str | None = None,
    roots: tuple[str, ...] | None = None,
    lock: bool = False,
    selection: Selection | None = None,
) -> None:
    global _worker, _worker_collector, _worker_stash
    # a forked worker has the main process's compiled packs already; a spawned one builds them
    inherited = _forked
    if inherited is None or (inherited.default_pack, inherited.kind, inherited.selection) != (
        default_pack,
        kind,
        selection,
    ):
        inherited = Linters(default_pack, kind, roots, lock, selection)
    _worker = (inherited, prepare, render)
    _worker_collector = _Collector()  # a worker lives as long as the run
    _worker_stash = None if stash is None else (stash, count())


def _work(item: Item) -> Outcome:
    assert _worker is not None and _worker_collector is not None
    outcome = lint(item, *_worker)
    _worker_collector.count(outcome.templates)
    outcome.events = [_slim(e) if _prepared(e) else e for e in outcome.events]
    if _worker_stash is not None:
        for event in outcome.events:
            if isinstance(event, Rendered):
                event.rendering = _stashed(event.rendering, *_worker_stash)
    return outcome


def _stashed(rendering: Any, folder: str, numbers: Iterator[int]) -> Any:
    """``rendering`` with each large ``bytes`` in it (in nested tuples) written to a file of
    ``folder`` and replaced by its :class:`~smslint.report.jsondoc.Stashed`; kept as it is
    where the file cannot be written (the bytes then go through the pipe)."""
    from smslint.report.jsondoc import Stashed

    if isinstance(rendering, tuple):
        return tuple(_stashed(part, folder, numbers) for part in rendering)
    if isinstance(rendering, bytes) and len(rendering) >= STASH_BYTES:
        try:
            return Stashed.write(rendering, folder, f"{os.getpid()}-{next(numbers)}")
        except OSError:
            return rendering
    return rendering


def _prepared(event: Any) -> TypeGuard[Result]:
    return isinstance(event, Result) and event.prepared is not None


# A result whose report entries a worker rendered goes back to the main process as a plain
# tuple of what the main process still reads: the template's identity, each finding's rule,
# category, severity and span, the suppressions' counts, and the rendering. Unpickling the
# full dataclasses took ten times longer and made the main process the bottleneck.
Slim = tuple[Any, ...]


def _slim(result: Result) -> Slim:
    t, length = result.template, result.length
    return (
        "slim",
        (t.file, t.id, t.kind, t.pack, t.line),
        (result.pack, result.kind, length.chars, length.segments, length.encoding),
        [(f.rule, f.category, f.severity, f.start, f.end) for f in result.findings],
        [
            (s.rule, [(f.rule, f.category, f.severity, f.start, f.end) for f in s.findings])
            for s in result.suppressed
        ],
        result.prepared,
    )


def _unslim(data: Slim) -> Result:
    _, (file, tid, kind, pack, line), (pack_name, rkind, *length), found, suppressed, ready = data
    template = Template(file=file, id=tid, text="", map=_NO_TEXT, kind=kind, pack=pack, line=line)
    return Result(
        template,
        pack_name,
        rkind,
        Length(*length),
        [Finding(rule, cat, sev, "", start, end) for rule, cat, sev, start, end in found],
        [
            Suppression(rule, None, [Finding(r, c, s, "", a, b) for r, c, s, a, b in silenced])
            for rule, silenced in suppressed
        ],
        prepared=ready,
    )


_NO_TEXT = TextMap([], 0)


def _template_of(file: str, pack: str | None) -> Template:
    """A stand-in template of ``file`` naming ``pack``, for ``Linters.for_template``."""
    return Template(file=file, id="", text="", map=_NO_TEXT, pack=pack)


def _spread(
    items: Iterator[Item],
    linters: Linters,
    jobs: int,
    prepare: Prepare | None,
    render: Render | None,
) -> Iterator[Outcome]:
    """Outcomes of ``items`` from ``jobs`` worker processes, in order, a bounded few ahead."""
    import multiprocessing

    global _forked
    ahead = jobs * IN_FLIGHT
    stash = None
    if render is not None:
        stash = tempfile.TemporaryDirectory(prefix="smslint-", ignore_cleanup_errors=True)
    start = (
        linters.default_pack,
        linters.kind,
        prepare,
        render,
        stash and stash.name,
        linters.roots,
        linters.lock,
        linters.selection,
    )
    _forked = linters
    try:
        # more processes than CPUs only costs start-up and memory: -j 99999 must not fork bomb
        jobs = max(1, min(jobs, 4 * (os.cpu_count() or 1)))
        pool = multiprocessing.get_context().Pool(jobs, initializer=_start_worker, initargs=start)
    finally:
        _forked = None
    # the pool replaces a dead worker, but its item is lost; ``_pool`` is private, undeclared
    workers: list[Any] = list(getattr(pool, "_pool"))  # noqa: B009
    with stash or nullcontext(), pool:  # the workers stop before their folder goes
        pending = deque(pool.apply_async(_work, (item,)) for item in islice(items, ahead))
        while pending:
            outcome = _outcome(pending.popleft(), workers)
            for item in islice(items, 1):
                pending.append(pool.apply_async(_work, (item,)))
            outcome.events = [
                _unslim(e) if isinstance(e, tuple) and e[0] == "slim" else e for e in outcome.events
            ]
            yield outcome


def _outcome(pending: Any, workers: list[Any]) -> Outcome:
    """The outcome of an item once a worker sends it. A worker that died (the OOM killer's
    SIGKILL, a crash) never sends it, and the pool's replacement does not redo it: the run
    stops with an error instead of waiting forever. Workers only exit when the pool closes,
    so any exit before that is a death."""
    import multiprocessing
    import signal

    while True:
        try:
            return pending.get(WORKER_CHECK)
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


@overload
def results(
    inputs: Iterable[Template | Chunk],
    linters: Linters,
    errors: list[SmslintError],
    jobs: int | Callable[[], int] = 1,
    progress: Progress | None = None,
    prepare: Prepare | None = None,
    render: None = None,
) -> Iterator[Result]: ...


@overload
def results(
    inputs: Iterable[Template | Chunk],
    linters: Linters,
    errors: list[SmslintError],
    jobs: int | Callable[[], int],
    progress: Progress | None,
    prepare: Prepare | None,
    render: Render | None,
) -> Iterator[Result | Rendered]: ...


def results(
    inputs: Iterable[Template | Chunk],
    linters: Linters,
    errors: list[SmslintError],
    jobs: int | Callable[[], int] = 1,
    progress: Progress | None = None,
    prepare: Prepare | None = None,
    render: Render | None = None,
) -> Iterator[Result | Rendered]:
    """Results of ``inputs`` in order; errors are appended to ``errors`` as a plain run would.

    With ``prepare`` (a report writer's), each result carries ``prepare(result)`` in
    ``Result.prepared``, and a result from a worker process holds only what the writer's
    ``add`` and the run's summary read: the template's identity (no text), and each
    finding's rule, category, severity and span (no message). With ``render`` as well, the
    results of a JSONL chunk come as one :class:`Rendered`. ``jobs`` may be a function,
    asked once the inputs have given their first item (and so have been listed).
    """
    items = _items(inputs)
    if callable(jobs):
        first = next(items, None)
        jobs = jobs()
        items = chain([] if first is None else [first], items)
    if jobs > 1:
        outcomes = _spread(items, linters, jobs, prepare, render)
    else:
        outcomes = (lint(item, linters, prepare, render) for item in items)
    failed: set[str] = set()  # a template's pack failed: the rest of its file is skipped
    stopped: set[str] = set()  # the file could not be read further
    with _collect_by_count() as collector:
        for outcome in outcomes:
            collector.count(outcome.templates)
            yield from _outcome_results(outcome, linters, jobs, failed, stopped, errors)
            if progress is not None:
                progress.advance(outcome.templates, outcome.size)


def _outcome_results(
    outcome: Outcome,
    linters: Linters,
    jobs: int,
    failed: set[str],
    stopped: set[str],
    errors: list[SmslintError],
) -> Iterator[Result | Rendered]:
    for event in outcome.events:
        if isinstance(event, Rendered):
            if event.file not in failed and event.file not in stopped:
                if jobs > 1:  # reports list the packs used, in the order a plain run loads them
                    for pack in event.packs:
                        linters.for_template(_template_of(event.file, pack))
                yield event
            continue
        if not isinstance(event, tuple):
            if event.template.file not in failed and event.template.file not in stopped:
                if jobs > 1:
                    linters.for_template(event.template)
                yield event
            continue
        kind, file, exc = event
        if file in stopped or (kind == "lint" and file in failed):
            continue
        (stopped if kind == "read" else failed).add(file)
        errors.append(exc)


class _Collector:
    """Cyclic garbage collection every COLLECT_EVERY templates instead of every few hundred
    allocations. Linting a message allocates thousands of objects and no reference cycles, so
    the collector's own passes are pure cost in a bulk run (about a twelfth of it); the odd
    cycle made elsewhere (an exception's traceback) is still collected."""

    def __init__(self) -> None:
        gc.disable()
        self.seen = 0

    def count(self, templates: int) -> None:
        self.seen += templates
        if self.seen >= COLLECT_EVERY:
            self.seen = 0
            gc.collect()


@contextmanager
def _collect_by_count() -> Iterator[_Collector]:
    enabled = gc.isenabled()
    try:
        yield _Collector()
    finally:
        if enabled:
            gc.enable()
