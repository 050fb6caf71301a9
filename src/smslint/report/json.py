"""The JSON report pinned by the interface spec; other tools parse it, so its shape is fixed.

Entries are spooled as they come (``jsondoc``), so a report on a log of millions of messages
is written in constant memory.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..fingerprint import fingerprints
from ..masking import redact
from . import Summary, Writer, excerpt, location
from .jsondoc import Spool, dump, dumps

if TYPE_CHECKING:
    from ..linter import Result


def finding_dict(
    result: Result, finding: Any, shown: str | None = None, fingerprint: str | None = None
) -> dict[str, Any]:
    """A finding's entry; ``shown`` is its excerpt when already made."""
    line, col, end_line, end_col = location(result, finding)
    out: dict[str, Any] = {
        "file": result.template.file,
        "template": result.template.id,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity,
        "message": _redacted_message(finding.message),
        "excerpt": excerpt(result, finding) if shown is None else shown,
    }
    if finding.basis:
        out["basis"] = finding.basis
    if finding.suggestion:
        out["suggestion"] = finding.suggestion
    if fingerprint is not None:
        out["fingerprint"] = fingerprint
    return out


@lru_cache(maxsize=4096)
def _redacted_message(message: str) -> str:
    # most messages are a rule's fixed text, and a bulk run repeats them on every message
    return redact(message)


def finding_dicts(result: Result) -> list[dict[str, Any]]:
    """The report's entries for a result's findings, with their fingerprints."""
    entries = []
    excerpts: dict[tuple[int, int], str] = {}  # missing elements all share the (0, 0) excerpt
    for finding, fp in zip(result.findings, fingerprints(result), strict=True):
        span = (finding.start, finding.end)
        shown = excerpts.get(span)
        if shown is None:
            shown = excerpts[span] = excerpt(result, finding)
        entries.append(finding_dict(result, finding, shown, fp))
    return entries


def template_dict(result: Result) -> dict[str, Any]:
    return {
        "file": result.template.file,
        "id": result.template.id,
        "pack": result.pack,
        "kind": result.kind,
        "length": result.length.as_dict(),
    }


def suppression_dicts(result: Result) -> list[dict[str, Any]]:
    return [
        {
            "file": result.template.file,
            "template": result.template.id,
            "line": result.template.line,
            "rule": s.rule,
            "reason": redact(s.reason) if s.reason else None,
            "findings": len(s.findings),
        }
        for s in result.suppressed
    ]


def prepare(result: Result) -> tuple[str, list[str], list[str]]:
    """A result's entries, serialised: the template, its findings, its suppressions.

    Most of a JSON report's cost, run where the result is linted: in a ``--jobs`` run, in
    the worker processes rather than the one writing the report.
    """
    return (
        dumps(template_dict(result), Spool.ENTRY_LEVEL),
        [dumps(entry, Spool.ENTRY_LEVEL) for entry in finding_dicts(result)],
        [dumps(entry, Spool.ENTRY_LEVEL) for entry in suppression_dicts(result)],
    )


class JsonWriter(Writer):
    prepare = staticmethod(prepare)

    def start(self) -> None:
        self.templates = Spool()
        self.findings = Spool()
        self.suppressions = Spool()

    def add(self, result: Result) -> None:
        template, findings, suppressions = result.prepared or prepare(result)
        self.templates.append_serialized(template)
        for entry in findings:
            self.findings.append_serialized(entry)
        for entry in suppressions:
            self.suppressions.append_serialized(entry)

    def finish(self, summary: Summary) -> None:
        report: dict[str, Any] = {
            "version": 1,
            "tool": {"name": "smslint", "version": __version__},
            "summary": {
                "files": summary.files,
                "templates": summary.templates,
                "findings": summary.findings,
                "by_severity": summary.by_severity,
            },
            "templates": self.templates,
            "findings": self.findings,
            "suppressions": self.suppressions,  # an extension of the spec's report
        }
        if summary.baseline is not None:
            report["baseline"] = summary.baseline
        dump(report, self.stream)
        self.stream.write("\n")
