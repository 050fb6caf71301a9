"""Report writers, one module per output format, chosen by ``--format``.

A writer sees results one template at a time (``add``) and the run's totals
at the end (``finish``), so formats that can stream do, and formats that need
a whole document (JSON) buffer only what they print. A writer whose entries cost more to make
than to copy declares an :class:`Encoder`: the run then has them made where results are
linted (by the workers of a ``--jobs`` run) and hands the writer the encoded records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TextIO

from smslint.core.model import Finding
from smslint.privacy.masking import redact_span

if TYPE_CHECKING:
    from smslint.engine.linter import Result

FORMATS = {
    "text": "text:TextWriter",
    "json": "json:JsonWriter",
    "sarif": "sarif:SarifWriter",
    "github": "github:GithubWriter",
    "html": "html:HtmlWriter",
    "markdown": "markdown:MarkdownWriter",
    "jsonl": "jsonl:JsonlWriter",
    "concise": "concise:ConciseWriter",
    "gitlab": "gitlab:GitlabWriter",
    "junit": "junit:JunitWriter",
}
EXCERPT_CONTEXT = 20


@dataclass
class Summary:
    files: int = 0
    templates: int = 0
    findings: int = 0
    by_severity: dict[str, int] = field(
        default_factory=lambda: {"error": 0, "warning": 0, "info": 0}
    )
    suppressed: int = 0  # findings silenced by templates' ignore entries
    # with --baseline: {"file": path, "hidden": known findings not reported, "fixed": entries gone}
    baseline: dict[str, Any] | None = None

    def count(self, result: Result) -> None:
        self.templates += 1
        if result.suppressed:
            self.suppressed += sum(len(s.findings) for s in result.suppressed)
        self.findings += len(result.findings)
        by_severity = self.by_severity
        for finding in result.findings:  # a bulk run counts every message's findings
            by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1

    def absorb(self, other: Summary) -> None:
        """Add the counts of ``other`` (results counted elsewhere, e.g. in a worker)."""
        self.templates += other.templates
        self.findings += other.findings
        self.suppressed += other.suppressed
        for severity, count in other.by_severity.items():
            self.by_severity[severity] = self.by_severity.get(severity, 0) + count


class Encoder(Protocol):
    """How a writer's records are made ahead of the writer, where results are linted.

    ``encode`` gets consecutive results of one file, whole (text, messages, spans), and
    returns what the writer's ``add_encoded`` takes: picklable data (bytes, tuples of them),
    which the run may send between processes and in which it may replace large ``bytes`` by
    a ``jsondoc.Stashed`` file. It must give the bytes ``add`` would write for the same
    results, in order: a run with one process and one with several write the same report.
    The run asks for it only where results reach the writer unchanged (no ``--baseline``
    filter, no ``--fix``).
    """

    def encode(self, results: list[Result]) -> Any: ...


class Writer:
    # None: the writer takes whole results (``add``) and makes its entries itself
    encoder: ClassVar[Encoder | None] = None

    def __init__(self, stream: TextIO, **options: Any) -> None:
        self.stream = stream
        self.options = options

    def start(self) -> None:
        """Called once before the first result."""

    def add(self, result: Result) -> None:
        raise NotImplementedError

    def add_encoded(self, encoded: Any) -> None:
        """Add what ``encoder.encode`` made of some results (writers with an encoder)."""
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """Called once after the last result."""


def writer(fmt: str, stream: TextIO, **options: Any) -> Writer:
    module, _, cls = FORMATS[fmt].partition(":")
    return getattr(import_module(f"{__name__}.{module}"), cls)(stream, **options)


def location(result: Result, finding: Finding) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of a finding in the original file; end exclusive."""
    return result.template.map.span(finding.start, finding.end)


def excerpt(result: Result, finding: Finding, unmasked: bool = False) -> str:
    """The offending text with personal data masked; for a missing element, the text's opening.

    ``unmasked``: the text is known to hold no identifier (``masking.unmasked``)."""
    text = result.template.text
    if finding.end > finding.start:
        start, end = finding.start, finding.end
    else:
        start, end = 0, min(len(text), EXCERPT_CONTEXT * 2)
    shown = text[start:end] if unmasked else redact_span(text, start, end)
    return shown if finding.end > finding.start else shown.replace("\n", " ")
