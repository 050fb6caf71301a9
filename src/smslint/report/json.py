"""The JSON report pinned by the interface spec; other tools parse it, so its shape is fixed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..masking import redact
from . import Summary, Writer, excerpt, location

if TYPE_CHECKING:
    from ..linter import Result


def finding_dict(result: Result, finding: Any) -> dict[str, Any]:
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
        "message": redact(finding.message),
        "excerpt": excerpt(result, finding),
    }
    if finding.basis:
        out["basis"] = finding.basis
    if finding.suggestion:
        out["suggestion"] = finding.suggestion
    return out


def template_dict(result: Result) -> dict[str, Any]:
    return {
        "file": result.template.file,
        "id": result.template.id,
        "pack": result.pack,
        "kind": result.kind,
        "length": result.length.as_dict(),
    }


class JsonWriter(Writer):
    def start(self) -> None:
        self.templates: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []

    def add(self, result: Result) -> None:
        self.templates.append(template_dict(result))
        self.findings.extend(finding_dict(result, f) for f in result.findings)

    def finish(self, summary: Summary) -> None:
        report = {
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
        }
        json.dump(report, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
