"""``--statistics``: how many findings each rule made, most frequent first (ruff's
``--statistics``), to see at a glance what a repository or a log gets wrong most."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from smslint.report import Summary, Writer

if TYPE_CHECKING:
    from smslint.engine.linter import Result


class StatisticsWriter(Writer):
    """Counts findings by rule and prints the table at the end; ``inner`` (the report going
    to ``--output``) still gets every result."""

    def __init__(self, stream: TextIO, inner: Writer | None = None, **options: Any) -> None:
        super().__init__(stream, **options)
        self.inner = inner
        self.counts: Counter[str] = Counter()
        self.severity: dict[str, str] = {}
        self.category: dict[str, str] = {}

    def start(self) -> None:
        if self.inner is not None:
            self.inner.start()

    def add(self, result: Result) -> None:
        for finding in result.findings:
            self.counts[finding.rule] += 1
            self.severity.setdefault(finding.rule, finding.severity)
            self.category.setdefault(finding.rule, finding.category)
        if self.inner is not None:
            self.inner.add(result)

    def finish(self, summary: Summary) -> None:
        if self.inner is not None:
            self.inner.finish(summary)
        rows = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        width = max((len(rule) for rule, _ in rows), default=0)
        count_width = len(str(rows[0][1])) if rows else 1
        for rule, count in rows:
            self.stream.write(
                f"{count:>{count_width}}  {rule:<{width}}  {self.severity[rule]:<7}  "
                f"{self.category[rule]}\n"
            )
        if not self.options.get("quiet"):
            self.stream.write(
                f"{summary.findings} findings, {len(rows)} rules, {summary.templates} templates\n"
            )
