"""The JSON report's and JSON Lines' entries are exactly what ``json.dumps`` writes for them.

The writers build each entry from pieces encoded once (per file, per rule, per span), so these
properties compare them with ``json.dumps`` of the entry as the interface spec describes it, for
any strings (control characters, quotes, backslashes, lone surrogates, characters beyond the
BMP) and any integers, and for values of unexpected types, which must take the general path.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.model import Finding, Template, TextMap
from smslint.engine.linter import Result
from smslint.privacy.masking import redact
from smslint.report import excerpt, jsonl, location
from smslint.report.fingerprint import fingerprints
from smslint.report.json import prepare, render, template_dict
from smslint.report.jsondoc import Spool
from smslint.text.length import Length

AWKWARD = '"\\/\x00\x1f\x7f\n\r\t\u2028\u2029\ud800\udfff\U0001f600{}@１３8'
# a list of characters, not st.text: text() drops the lone surrogates from a mixed alphabet
TEXT = st.lists(
    st.characters() | st.characters(min_codepoint=0x10000) | st.sampled_from(AWKWARD),
    max_size=12,
).map("".join)
ENTRY_INDENT = "\n" + " " * 4  # the report's entries sit two levels deep


def _indented(entry: dict[str, Any]) -> str:
    # json.dumps escapes newlines inside strings, so every raw newline is layout
    return json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", ENTRY_INDENT)


def _result(
    text: str, file: str, id: str, position: tuple[Any, Any], findings: list[Finding], **kw: Any
) -> Result:
    tmap = TextMap([(0, position[0], position[1], 0)], len(text))
    template = Template(file=file, id=id, text=text, map=tmap)
    return Result(
        template,
        kw.get("pack", "base"),
        kw.get("kind"),
        kw.get("length", Length(len(text), 1, "UCS-2")),
        findings,
    )


def _masked(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


def _expected(result: Result) -> list[dict[str, Any]]:
    entries = []
    for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
        line, column, end_line, end_column = location(result, finding)
        entry = {
            "file": _masked(result.template.file),
            "template": _masked(result.template.id),
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "rule": _masked(finding.rule),
            "category": _masked(finding.category),
            "severity": _masked(finding.severity),
            "message": _masked(finding.message),
            "excerpt": excerpt(result, finding),
        }
        if finding.basis:
            entry["basis"] = _masked(finding.basis)
        if finding.suggestion:
            entry["suggestion"] = _masked(finding.suggestion)
        entry["fingerprint"] = fingerprint
        entries.append(entry)
    return entries


@st.composite
def _findings(draw: st.DrawFn, text: str, field: st.SearchStrategy[Any]) -> list[Finding]:
    findings = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.sampled_from([0, start, len(text)]))
        findings.append(
            Finding(
                rule=draw(st.sampled_from(["r.a", "r.b"]) | TEXT),
                category=draw(field),
                severity=draw(field),
                message=draw(TEXT),
                start=start,
                end=end,
                basis=draw(st.none() | field),
                suggestion=draw(st.none() | field),
            )
        )
    return findings


def _check(result: Result) -> None:
    template, entries, suppressions = prepare(result)
    expected = _expected(result)
    assert entries == [_indented(e) for e in expected]
    assert template == _indented(template_dict(result))  # the plain path, as json writes it
    assert suppressions == []
    assert jsonl.prepare(result) == "".join(
        json.dumps(e, ensure_ascii=False) + "\n" for e in expected
    )
    # a worker's rendering, built from pieces encoded once: the same bytes
    rendered = render([result])
    assert rendered[0] == (Spool.block([template]), 1)
    assert rendered[1] == (Spool.block(entries), len(entries))
    assert jsonl.render([result]) == jsonl.prepare(result).encode("utf-8", "backslashreplace")


@settings(max_examples=200, deadline=None)
@given(data=st.data(), text=TEXT, file=TEXT, id=TEXT, line=st.integers(), column=st.integers())
def test_entries_are_json_dumps(
    data: st.DataObject, text: str, file: str, id: str, line: int, column: int
) -> None:
    findings = data.draw(_findings(text, TEXT))
    kind = data.draw(st.none() | TEXT)
    length = Length(data.draw(st.integers()), data.draw(st.integers()), data.draw(TEXT))
    _check(
        _result(
            text, file, id, (line, column), findings, pack=data.draw(TEXT), kind=kind, length=length
        )
    )


UNUSUAL = st.one_of(st.integers(), st.booleans(), st.floats(), st.lists(st.integers(), max_size=2))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), text=TEXT, line=st.integers() | UNUSUAL, column=st.integers() | st.floats())
def test_unusual_values_take_the_general_path(
    data: st.DataObject, text: str, line: Any, column: Any
) -> None:
    """Booleans, floats, lists, … where strings or integers belong: json.dumps's own output."""
    if isinstance(line, list):
        line = len(line)  # a line must support arithmetic; its type is what matters here
    findings = data.draw(_findings(text, TEXT | UNUSUAL))
    pack = data.draw(TEXT | UNUSUAL.filter(lambda v: not isinstance(v, list)))
    kind = data.draw(st.none() | TEXT | UNUSUAL.filter(lambda v: not isinstance(v, list)))
    _check(_result(text, "t.yaml", "t1", (line, column), findings, pack=pack, kind=kind))


def test_a_rule_written_once_serves_every_message() -> None:
    """The pieces are cached by value: a second file and other positions get their own."""
    finding = Finding("r.a", "format", "warning", "m", 0, 0, basis="b")
    for file, line in (("a.yaml", 3), ("b.yaml", 7), ("a.yaml", 9)):
        result = _result("短信正文", file, "t", (line, 1), [finding])
        _check(result)
        assert json.loads(prepare(result)[1][0])["line"] == line


@pytest.mark.parametrize("text", ["", AWKWARD, AWKWARD[::-1] * 3, "尾号\ud83d，电话13812345678"])
def test_awkward_characters(text: str) -> None:
    findings = [
        Finding(text[:3] or "r", text, text[1:], text, 0, 0, basis=text, suggestion=text[::-1]),
        Finding("r.b", "format", "info", AWKWARD, 1, len(text), basis=AWKWARD),
    ]
    _check(_result(text, text, AWKWARD, (10**30, -1), findings, pack=text, kind=text))


ODD = [None, "", [], [1], 0, 1, True, False, 1.5, {"k": "v"}]


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("field", ["category", "severity", "basis", "suggestion"])
def test_one_odd_field(field: str, value: Any) -> None:
    finding = Finding("r.a", "format", "warning", "消息", 0, 0, basis="依据", suggestion="建议")
    setattr(finding, field, value)
    _check(_result("正文", "t.yaml", "t1", (1, 1), [finding]))


@pytest.mark.parametrize("value", [True, 1.0, -0.0])
def test_odd_positions_and_template_fields(value: Any) -> None:
    finding = Finding("r.a", "format", "warning", "消息", 0, 0)
    _check(_result("正文", "t.yaml", "t1", (value, value), [finding], pack=value, kind=value))
