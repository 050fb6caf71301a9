"""SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) ingest.

Findings become results with a region in the template file and a partial fingerprint, so the
service follows one finding across commits instead of opening a new alert whenever a line
moves. The rule list carries each rule's description, legal basis and default level, which the
service shows beside the alert. Columns count Unicode code points, as in every smslint output,
and the run says so (SARIF's default is UTF-16 code units).

Every string is masked (``masking.redact``), the artifact's URI included: a file whose path holds
an identifier is named by its masked path, which the service cannot pin to the file (the alert
still shows, with its message and masked snippet), rather than print the identifier.

Results and templates are serialised as they come and kept in spools (memory up to a limit,
then a temporary file), as the JSON report's entries are, so a report on a log of millions of
messages is written in bounded memory; the document is the one ``json.dump`` would write.
"""

from __future__ import annotations

import struct
import tempfile
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from smslint.core.model import Finding
from smslint.core.version import __version__
from smslint.packs.pack import Rule
from smslint.privacy.masking import redact
from smslint.report import Summary, Writer, catalog, excerpt, jsondoc, location, markdown
from smslint.report.fingerprint import VERSION as FINGERPRINT_KEY
from smslint.report.fingerprint import display_path, fingerprints
from smslint.report.jsondoc import INDENT, Spool, dumps

if TYPE_CHECKING:
    from smslint.engine.linter import Result

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(file: str) -> str:
    path = display_path(file)
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


class _Results:
    """The run's results, each serialised on arrival but for its last fields, which only the
    end of the run decides: the index of its rule in the rule list (listed in the order the
    packs were used) and, with a baseline, its ``baselineState``.

    Kept in memory up to ``jsondoc.SPOOL_CHARS`` characters, then in an anonymous temporary
    file as records: a header (the body's length in bytes, the rule's number in first-seen
    order, whether the result is suppressed) and the body, UTF-8 encoded as the CLI's output
    streams encode (a lone surrogate as a visible escape), as the JSON report's spools do.
    """

    LEVEL = 4  # a result's nesting in the document: runs, a run, its results, the result
    _HEADER = struct.Struct("<IIB")
    _CLOSING = "\n" + " " * (INDENT * LEVEL) + "}"
    _FIELD = ",\n" + " " * (INDENT * (LEVEL + 1))

    def __init__(self) -> None:
        self.rules: dict[str, int] = {}  # rule id: its number, in first-seen order
        self._parts: list[tuple[int, bool, str]] = []
        self._size = 0
        self._count = 0
        self._file: IO[bytes] | None = None
        self._index: list[int] = []
        self._baseline = False

    def append(self, entry: dict[str, Any]) -> None:
        rule = self.rules.setdefault(entry["ruleId"], len(self.rules))
        body = dumps(entry, self.LEVEL)
        assert body.endswith(self._CLOSING)
        body = body[: -len(self._CLOSING)]
        self._parts.append((rule, "suppressions" in entry, body))
        self._count += 1
        self._size += len(body)
        if self._size > jsondoc.SPOOL_CHARS:
            self._spill()

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        header = self._HEADER.pack
        for rule, suppressed, body in self._parts:  # one by one: a join would hold them twice
            data = body.encode("utf-8", "backslashreplace")
            self._file.write(header(len(data), rule, suppressed) + data)
        self._parts = []
        self._size = 0

    def finish(self, index: dict[str, int], baseline: bool) -> None:
        """Name each rule's index in the rule list, and whether results are new against a
        baseline: the fields :meth:`write_to` ends each result with."""
        self._index = [index[rule] for rule in self.rules]
        self._baseline = baseline

    def write_to(self, stream: TextIO) -> None:
        if not self._count:
            stream.write("[]")
            return
        pad = "\n" + " " * (INDENT * (self.LEVEL))
        first = True
        out: list[str] = []
        for rule, suppressed, body in self._records():
            tail = f'{self._FIELD}"ruleIndex": {self._index[rule]}'
            if self._baseline and not suppressed:
                tail += f'{self._FIELD}"baselineState": "new"'
            out.append(f"{'[' if first else ','}{pad}{body}{tail}{self._CLOSING}")
            first = False
            if len(out) >= 1024:
                stream.write("".join(out))
                out = []
        stream.write("".join(out) + "\n" + " " * (INDENT * (self.LEVEL - 1)) + "]")

    def _records(self) -> Iterator[tuple[int, bool, str]]:
        """Every result in order: those in the temporary file (which is then released),
        then those in memory."""
        if self._file is not None:
            source, self._file = self._file, None
            source.seek(0)
            size = self._HEADER.size
            with source:
                while header := source.read(size):
                    length, rule, suppressed = self._HEADER.unpack(header)
                    yield rule, bool(suppressed), source.read(length).decode("utf-8")
        yield from self._parts
        self._parts = []


class SarifWriter(Writer):
    def start(self) -> None:
        self.results = _Results()
        self.templates = Spool(_Results.LEVEL, jsondoc.SPOOL_CHARS)  # run.properties.templates
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
        self.results.finish(index, summary.baseline is not None)
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
        jsondoc.dump(report, self.stream)
        self.stream.write("\n")
