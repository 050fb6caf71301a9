"""What a ``--jobs`` worker sends the process writing the report: an item's outcome as plain
tuples, lists and strings, under a version number.

Each event goes as a tuple led by its type's tag, with every field, so that a writer sees the
same result whichever process linted it. Tuples of the fields pickle in less than half the time
the engine's dataclasses take (the worker's cost) and unpickle no slower (the main process's):
results of 3,000 real SMS, 15 ms against 36 ms to send, 25 ms against 28 ms to receive. A
report writer's encoded records (:class:`~smslint.run.work.Encoded`) go as it made them.
``VERSION`` changes with the layout: a worker and a parent that disagree (two installs of
smslint on one path) stop the run rather than misread each other.
"""

from __future__ import annotations

from typing import Any

from smslint.core.errors import SmslintError
from smslint.core.model import Finding, Fix, Template, TextMap
from smslint.engine.linter import Result
from smslint.engine.suppressions import Suppression
from smslint.report import Summary
from smslint.run.work import Encoded, Event, LintFailed, Outcome, ReadFailed
from smslint.text.length import Length

VERSION = 1

Wire = tuple[Any, ...]

_RESULT, _ENCODED, _READ_FAILED, _LINT_FAILED = range(4)


def dump(outcome: Outcome) -> Wire:
    """``outcome`` as the worker sends it."""
    return (VERSION, outcome.templates, outcome.size, [_event(e) for e in outcome.events])


def load(data: Wire) -> Outcome:
    """The outcome a worker sent (``dump``'s inverse)."""
    if data[0] != VERSION:
        raise SmslintError(
            f"a --jobs worker sent wire version {data[0]!r}, this process reads {VERSION}; "
            "is smslint installed twice?"
        )
    _, templates, size, events = data
    return Outcome([_LOADERS[e[0]](e) for e in events], templates, size)


def _event(event: Event) -> Wire:
    if isinstance(event, Result):
        return _result(event)
    if isinstance(event, Encoded):
        s = event.summary
        counts = (s.templates, s.findings, s.by_severity, s.suppressed)
        return (_ENCODED, event.file, event.packs, counts, event.records)
    tag = _READ_FAILED if isinstance(event, ReadFailed) else _LINT_FAILED
    error = event.error
    return (tag, event.file, (error.message, error.file, error.line, error.column))


def _result(result: Result) -> Wire:
    t, length = result.template, result.length
    template = (
        *(t.file, t.id, t.text, t.map.runs, t.map.length, t.map.exact),
        *(t.kind, t.pack, t.vars, t.ignore, t.schedule, t.line, t.pack_line),
    )
    return (
        _RESULT,
        template,
        result.pack,
        result.kind,
        (length.chars, length.segments, length.encoding),
        [_finding(f) for f in result.findings],
        [(s.rule, s.reason, [_finding(f) for f in s.findings]) for s in result.suppressed],
        [_finding(f) for f in result.baselined],
    )


def _finding(f: Finding) -> Wire:
    fix = None if f.fix is None else (f.fix.start, f.fix.end, f.fix.replacement)
    return (
        *(f.rule, f.category, f.severity, f.message, f.start, f.end),
        *(f.basis, f.suggestion, fix, f.masked),
    )


def _load_result(data: Wire) -> Result:
    _, template, pack, kind, length, found, suppressed, baselined = data
    file, tid, text, runs, size, exact, tkind, tpack, vars, ignore, schedule, line, pack_line = (
        template
    )
    return Result(
        Template(
            *(file, tid, text, TextMap(runs, size, exact)),
            *(tkind, tpack, vars, ignore, schedule, line, pack_line),
        ),
        pack,
        kind,
        Length(*length),
        [_load_finding(f) for f in found],
        [
            Suppression(rule, reason, [_load_finding(f) for f in fs])
            for rule, reason, fs in suppressed
        ],
        [_load_finding(f) for f in baselined],
    )


def _load_finding(data: Wire) -> Finding:
    rule, category, severity, message, start, end, basis, suggestion, fix, masked = data
    return Finding(
        *(rule, category, severity, message, start, end, basis, suggestion),
        None if fix is None else Fix(*fix),
        masked,
    )


def _load_encoded(data: Wire) -> Encoded:
    _, file, packs, (templates, findings, by_severity, suppressed), records = data
    summary = Summary(0, templates, findings, by_severity, suppressed)
    return Encoded(file, packs, summary, records)


def _load_failure(data: Wire) -> ReadFailed | LintFailed:
    tag, file, (message, where, line, column) = data
    error = SmslintError(message, where, line, column)
    return ReadFailed(file, error) if tag == _READ_FAILED else LintFailed(file, error)


_LOADERS = (_load_result, _load_encoded, _load_failure, _load_failure)
