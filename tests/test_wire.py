"""The wire between ``--jobs`` workers and the main process, and the work items they share.

What a worker sends must read back as the same events (every field: a writer may print any),
through pickle as the pool sends it, for any text a message or a finding may hold.
"""

from __future__ import annotations

import gc
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.errors import SmslintError
from smslint.core.model import Finding, Fix, Template, TextMap
from smslint.engine.linter import Linters, Result
from smslint.engine.suppressions import Suppression
from smslint.report import Summary
from smslint.report.json import JsonEncoder
from smslint.run import wire
from smslint.run.pool import Setup, WorkerContext
from smslint.run.work import Collector, Encoded, LintFailed, Outcome, ReadFailed, lint
from smslint.sources import template_from_text
from smslint.text.length import Length

from .conftest import DATA

MINI = str(DATA / "packs" / "mini.yaml")
ODD = '"\\\x00\x1f\x7f\n\r\u2028\ud800\udfff\U0001f600【】坐*牢１３８\ufeff'
TEXT = st.lists(st.characters() | st.sampled_from(ODD), max_size=10).map("".join)
MAYBE = st.none() | TEXT


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    fix = draw(st.none() | st.builds(Fix, st.integers(0, 9), st.integers(0, 9), TEXT))
    return Finding(
        *(draw(TEXT), draw(TEXT), draw(TEXT), draw(TEXT)),
        *(draw(st.integers(0, 50)), draw(st.integers(0, 50))),
        *(draw(MAYBE), draw(MAYBE), fix, draw(MAYBE)),
    )


@st.composite
def results(draw: st.DrawFn) -> Result:
    text = draw(TEXT)
    runs = draw(st.lists(st.tuples(*[st.integers(0, 99)] * 4), max_size=3))
    template = Template(
        *(draw(TEXT), draw(TEXT), text, TextMap(runs, len(text), draw(st.booleans()))),
        *(draw(MAYBE), draw(MAYBE)),
        draw(st.dictionaries(TEXT, st.dictionaries(TEXT, TEXT, max_size=2), max_size=2)),
        draw(st.lists(st.dictionaries(TEXT, TEXT, max_size=2), max_size=2)),
        draw(st.none() | st.dictionaries(TEXT, st.integers(), max_size=2)),
        *(draw(st.integers(1, 10**6)), draw(st.none() | st.integers(1, 99))),
    )
    suppressed = draw(
        st.lists(st.builds(Suppression, TEXT, MAYBE, st.lists(findings(), max_size=2)), max_size=2)
    )
    return Result(
        template,
        *(draw(TEXT), draw(MAYBE)),
        Length(draw(st.integers(0, 999)), draw(st.integers(0, 9)), draw(TEXT)),
        draw(st.lists(findings(), max_size=4)),
        suppressed,
        draw(st.lists(findings(), max_size=2)),
    )


def _error(draw: st.DrawFn) -> SmslintError:
    return SmslintError(draw(TEXT), draw(MAYBE), draw(st.none() | st.integers()), None)


@st.composite
def outcomes(draw: st.DrawFn) -> Outcome:
    events: list[Any] = draw(st.lists(results(), max_size=3))
    if draw(st.booleans()):
        summary = Summary(0, draw(st.integers(0, 9)), 3, {"error": 2, "warning": 1, "info": 0}, 1)
        packs = draw(st.lists(MAYBE, max_size=2))
        events.append(Encoded(draw(TEXT), packs, summary, ((b"\x00\xff", 1), (b"", 0))))
    if draw(st.booleans()):
        failure = draw(st.sampled_from([ReadFailed, LintFailed]))
        events.append(failure(draw(TEXT), _error(draw)))
    return Outcome(events, draw(st.integers(0, 10**6)), draw(st.integers(0, 10**9)))


def _sent(outcome: Outcome) -> Outcome:
    """``outcome`` as the pool carries it: dumped, pickled, unpickled, loaded."""
    return wire.load(pickle.loads(pickle.dumps(wire.dump(outcome))))


@settings(max_examples=60, deadline=None)
@given(outcome=outcomes())
def test_an_outcome_reads_back_as_it_was_sent(outcome: Outcome) -> None:
    back = _sent(outcome)
    assert wire.dump(back) == wire.dump(outcome)  # every field of every event
    assert [type(e) for e in back.events] == [type(e) for e in outcome.events]
    assert (back.templates, back.size) == (outcome.templates, outcome.size)
    for sent, came in zip(outcome.events, back.events, strict=True):
        if isinstance(sent, Result):
            assert isinstance(came, Result)
            assert came.template.text == sent.template.text
            assert came.findings == sent.findings  # Finding and Fix compare by value
            assert came.template.map.span(0, 1) == sent.template.map.span(0, 1)
        elif isinstance(sent, Encoded):
            assert isinstance(came, Encoded)
            assert came.summary == sent.summary and came.records == sent.records
        else:
            assert isinstance(came, type(sent))
            assert str(came.error) == str(sent.error)


def test_another_wire_version_stops_the_run() -> None:
    data = wire.dump(Outcome())
    with pytest.raises(SmslintError, match="wire version 0"):
        wire.load((0, *data[1:]))


def test_an_encoder_gets_each_run_of_one_files_results() -> None:
    """Consecutive results of one file go to the encoder together; an error breaks the run."""
    templates = [template_from_text(text) for text in ("您好", "请还款", "再不还款就让你坐牢")]
    for template, file in zip(templates, ("a.txt", "a.txt", "b.txt"), strict=True):
        template.file = file
    outcome = lint(templates, Linters(MINI), JsonEncoder())
    assert [(type(e), e.file) for e in outcome.events] == [(Encoded, "a.txt"), (Encoded, "b.txt")]
    first = outcome.events[0]
    assert isinstance(first, Encoded) and first.summary.templates == 2
    assert first.records[0][1] == 2  # two template entries


def test_a_worker_restores_the_collector_after_each_item() -> None:
    linters = Linters(MINI)
    context = WorkerContext(linters, Setup.of(linters, JsonEncoder(), None))
    assert gc.isenabled()
    sent = context.work([template_from_text("您好，请立即还款")])
    assert gc.isenabled()
    assert [type(e) for e in wire.load(sent).events] == [Encoded]
    with Collector(), Collector():
        assert not gc.isenabled()
    assert gc.isenabled()
