"""A ``check`` run: the plan the options make (what to read, which packs, which report, what
fails the run) carried out, down to the exit code.

The command line turns options into a :class:`CheckPlan`; :func:`run` lints the inputs with
the run driver, feeds the report writer (encoded records where the writer declares an encoder
and nothing changes results on the way: no ``--baseline``, no ``--fix``), and says what went
wrong on stderr.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TextIO

import click

from smslint.core.errors import SmslintError
from smslint.core.tuning import AUTO_JOBS_BYTES

if TYPE_CHECKING:
    from smslint.engine.linter import Linters, Result
    from smslint.report import Summary
    from smslint.report.baseline import Baseline
    from smslint.run.gate import Gate
    from smslint.run.inputs import Inputs

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def say(message: object, err: bool = False, nl: bool = True) -> None:
    """Print a line smslint composed around values it read (file names, ids, pack texts, error
    messages): masked and with control characters shown as escapes, like every report."""
    from smslint.privacy.masking import redact, visible

    click.echo(visible(redact(message)), err=err, nl=nl)


class Fixing(Protocol):
    """What a run needs of ``--fix``/``--diff`` (``features.fix.Fixer``): it sits between
    linting and reporting, and says at the end what it did."""

    def run(self, results: Iterable[Result]) -> Iterator[Result]: ...

    def diff(self) -> str: ...

    @property
    def errors(self) -> Sequence[SmslintError]: ...

    @property
    def warnings(self) -> Sequence[Exception]: ...

    @property
    def applied(self) -> int: ...

    @property
    def changed(self) -> Sized: ...

    @property
    def left(self) -> int: ...


@dataclass
class CheckPlan:
    """A ``check`` run as its options decided it."""

    linters: Linters
    gate: Gate
    inputs: Inputs
    fmt: str
    output: str | None  # the report's file; None: stdout
    fail_on: str  # error, warning or never
    jobs: int | None  # processes; 0: one per CPU; None: auto
    baseline: Baseline | None = None
    baseline_file: str | None = None
    fixer: Fixing | None = None
    diff: bool = False  # the fixer's diff goes to stdout, the report only to ``output``


def run(plan: CheckPlan) -> int:
    """Carry out ``plan``; the exit code."""
    from smslint.report import Summary

    # a lone surrogate in a template (an escape in YAML/JSON) is printed as its escape, not a crash
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    if plan.output:
        config = plan.gate.config
        refuse_output_over_input(plan.output, plan.inputs.sources.paths, config)
    summary = Summary()
    with _target(plan) as stream:
        to_file = plan.output is not None
        writer = plan.gate.writer(plan.fmt, stream, to_file, packs=plan.linters.packs)
        writer.start()
        failed = _report(plan, writer, summary)
        summary.files = len(plan.inputs.files)
        if plan.baseline is not None:
            fixed = plan.baseline.fixed(plan.inputs.files)
            hidden = plan.baseline.hidden
            summary.baseline = {"file": plan.baseline_file, "hidden": hidden, "fixed": fixed}
        writer.finish(summary)
    errors = plan.inputs.errors
    if plan.fixer is not None:
        errors += _fixed(plan.fixer, plan)
    for message in dict.fromkeys(str(exc) for exc in errors):  # e.g. a bad --encoding: once
        say(f"smslint: error: {message}", err=True)
    if plan.baseline is not None:
        plan.gate.note(
            f"smslint: baseline {plan.baseline_file}: {plan.baseline.hidden} known findings not "
            f"reported, {fixed} entries fixed (`smslint baseline create` drops them)"
        )
    return 2 if errors else int(failed)


def _report(plan: CheckPlan, writer: Any, summary: Summary) -> bool:
    """Lint the inputs into ``writer`` and ``summary``; whether a finding fails the run."""
    from smslint.run import driver, progress
    from smslint.run.work import Encoded

    shown = progress.Progress() if progress.wanted(sys.stderr) else None
    inputs, linters, levels = plan.inputs, plan.linters, FAIL_LEVELS[plan.fail_on]
    inputs.progress = shown

    def jobs() -> int:  # asked once the inputs are listed
        return processes(plan.jobs, inputs.bulk_bytes)

    events: Iterator[Result | Encoded]
    if plan.fixer is not None:  # fixes change the results: nothing is encoded ahead
        events = plan.fixer.run(driver.results(inputs, linters, inputs.errors, jobs, shown))
    else:
        encoder = writer.encoder if plan.baseline is None else None
        events = driver.events(inputs, linters, inputs.errors, jobs, shown, encoder)
    failed = False
    for event in events:
        if isinstance(event, Encoded):  # results of a file, counted and encoded
            summary.absorb(event.summary)
            failed = failed or any(event.summary.by_severity.get(s) for s in levels)
            writer.add_encoded(event.records)
            continue
        if plan.baseline is not None:
            plan.baseline.filter(event)
        summary.count(event)
        failed = failed or any(f.severity in levels for f in event.findings)
        writer.add(event)
    if shown is not None:
        shown.close()
    return failed


def _fixed(fixer: Fixing, plan: CheckPlan) -> list[SmslintError]:
    """Say what ``--fix``/``--diff`` did; the errors it met."""
    for warning in fixer.warnings:
        click.echo(f"smslint: warning: {warning}", err=True)
    if plan.diff:
        click.echo(fixer.diff(), nl=False)
    verb = "would fix" if plan.diff else "fixed"
    plan.gate.note(
        f"smslint: {verb} {fixer.applied} findings in {len(fixer.changed)} files; "
        f"{fixer.left} fixable findings need fixing by hand"
    )
    return list(fixer.errors)


def _target(plan: CheckPlan) -> AbstractContextManager[TextIO]:
    if plan.output:
        return open_report(plan.output)
    if plan.diff:
        return nullcontext(io.StringIO())  # stdout carries the diff
    return nullcontext(sys.stdout)


def open_report(output: str) -> TextIO:
    try:
        return open(output, "w", encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise SmslintError(f"cannot write the report: {exc.strerror}", output) from None


def refuse_output_over_input(output: str, paths: tuple[str, ...], config: Any) -> None:
    """Opening the report truncates it: if it is a file the run would read (named, or found
    in a folder given, through a link or a hard link too), the template would be gone before
    it is linted and the run would pass."""
    from smslint import sources

    try:
        report = os.stat(output)
    except OSError:
        return  # not there yet (or unreadable, and then opening it says so): no input
    for path in paths:
        if path == "-":
            continue
        try:
            found = sources.iter_files([path], config.include, config.exclude)
            listed = [os.stat(file) for file in found]
        except (SmslintError, OSError):  # the run itself reports what cannot be listed
            continue
        if any(os.path.samestat(report, info) for info in listed):
            raise SmslintError("--output names an input file; not overwritten", file=output)


def processes(jobs: int | None, bulk_bytes: int) -> int:
    """Processes for ``--jobs``: 0 means one per CPU this process may use; auto (None) means
    that for runs over JSONL logs of AUTO_JOBS_BYTES or more (starting the workers costs a
    fraction of a second, which smaller inputs would not win back), else one."""
    if jobs is None:
        jobs = 0 if bulk_bytes >= AUTO_JOBS_BYTES else 1
    if jobs:
        return jobs
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(usable) if usable else os.cpu_count() or 1
