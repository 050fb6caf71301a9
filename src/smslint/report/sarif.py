"""SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) ingest.

Findings become results with a region in the template file and a partial fingerprint, so the
service follows one finding across commits instead of opening a new alert whenever a line
moves. The rule list carries each rule's description, legal basis and default level, which the
service shows beside the alert. Columns count Unicode code points, as in every smslint output,
and the run says so (SARIF's default is UTF-16 code units).

Every string is masked (``masking.redact``), the artifact's URI included: a file whose path holds
an identifier is named by its masked path, which the service cannot pin to the file (the alert
still shows, with its message and masked snippet), rather than print the identifier.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..fingerprint import VERSION as FINGERPRINT_KEY
from ..fingerprint import display_path, fingerprints
from ..masking import redact
from ..model import Finding
from ..packs import Rule
from . import Summary, Writer, catalog, excerpt, location, markdown

if TYPE_CHECKING:
    from ..linter import Result

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(file: str) -> str:
    path = redact(display_path(file))
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)


def _descriptor(rule: Rule) -> dict[str, Any]:
    short = redact(catalog.short_description(rule.message))
    suggestion, basis, category = redact(rule.suggestion), redact(rule.basis), redact(rule.category)
    full = short if not rule.suggestion else f"{short} {suggestion}"
    help_text = [f"Category: {category}."]
    help_md = [f"**Category:** {markdown.escape(category)}"]
    if rule.basis:
        help_text.append(f"Basis: {basis}")
        help_md.append(f"**Basis:** {markdown.escape(basis)}")
    if rule.suggestion:
        help_text.append(f"Suggestion: {suggestion}")
        help_md.append(f"**Suggestion:** {markdown.escape(suggestion)}")
    return {
        "id": redact(rule.id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": "\n".join(help_text), "markdown": "\n\n".join(help_md)},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"category": category, "tags": ["compliance", category]},
    }


def _from_finding(finding: Finding) -> Rule:
    """A rule description from a finding alone, for a writer given no packs (library use)."""
    return Rule(
        id=finding.rule,
        kind="",
        category=finding.category,
        severity=finding.severity,
        message=finding.rule,
        file="",
        line=0,
        basis=finding.basis,
        suggestion=finding.suggestion,
    )


class SarifWriter(Writer):
    def start(self) -> None:
        self.results: list[dict[str, Any]] = []
        self.templates: list[dict[str, Any]] = []
        self.fired: dict[str, Finding] = {}
        self.used: dict[str, None] = {}  # pack names, in first-use order

    def _result(self, result: Result, finding: Finding, fingerprint: str) -> dict[str, Any]:
        self.fired.setdefault(redact(finding.rule), finding)
        line, col, end_line, end_col = location(result, finding)
        region: dict[str, Any] = {
            "startLine": line,
            "startColumn": col,
            "endLine": end_line,
            "endColumn": end_col,
        }
        if finding.end > finding.start:  # a missing element's region is an insertion point
            region["snippet"] = {"text": excerpt(result, finding)}
        artifact: dict[str, Any] = {"uri": _uri(result.template.file), "uriBaseId": "SRCROOT"}
        if result.template.file == "-":
            artifact = {"description": {"text": "standard input or --text"}}
        return {
            "ruleId": redact(finding.rule),
            "level": LEVELS.get(finding.severity, "warning"),
            "message": {"text": redact(finding.message)},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            "properties": {
                "template": redact(result.template.id),
                "category": redact(finding.category),
                "pack": redact(result.pack),
                "kind": None if result.kind is None else redact(result.kind),
            },
        }

    def add(self, result: Result) -> None:
        self.used.setdefault(result.pack)
        self.templates.append(
            {
                "file": redact(result.template.file),
                "id": redact(result.template.id),
                "pack": redact(result.pack),
                "kind": None if result.kind is None else redact(result.kind),
                "length": result.length.as_dict(),
            }
        )
        for finding, fp in zip(result.findings, fingerprints(result), strict=True):
            self.results.append(self._result(result, finding, fp))
        for suppression in result.suppressed:
            fps = fingerprints(result, suppression.findings)
            for finding, fp in zip(suppression.findings, fps, strict=True):
                entry = self._result(result, finding, fp)
                mark: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
                if suppression.reason:
                    mark["justification"] = redact(suppression.reason)
                entry["suppressions"] = [mark]
                self.results.append(entry)

    def finish(self, summary: Summary) -> None:
        known = {
            redact(rule_id): rule
            for rule_id, rule in catalog.rules(catalog.packs(self.options), self.used).items()
        }
        for rule_id, finding in self.fired.items():
            known.setdefault(rule_id, _from_finding(finding))
        index = {rule_id: i for i, rule_id in enumerate(known)}
        for entry in self.results:
            entry["ruleIndex"] = index[entry["ruleId"]]
            if summary.baseline is not None and "suppressions" not in entry:
                entry["baselineState"] = "new"
        properties: dict[str, Any] = {
            "summary": {
                "files": summary.files,
                "templates": summary.templates,
                "findings": summary.findings,
                "by_severity": summary.by_severity,
                "suppressed": summary.suppressed,
            },
            "templates": self.templates,
            "packs": catalog.pack_entries(catalog.packs(self.options)),
        }
        if summary.baseline is not None:
            properties["baseline"] = {**summary.baseline, "file": redact(summary.baseline["file"])}
        run = {
            "tool": {
                "driver": {
                    "name": "smslint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": [_descriptor(rule) for rule in known.values()],
                }
            },
            "originalUriBaseIds": {
                "SRCROOT": {"description": {"text": "The folder smslint ran in."}},
            },
            "columnKind": "unicodeCodePoints",
            "results": self.results,
            "properties": properties,
        }
        report = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        json.dump(report, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
