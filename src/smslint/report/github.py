"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

The runner reads ``::error file=…,line=…::message`` lines from a step's output and pins them to
the diff, so a template author sees the problem on the changed line without opening the log.
Columns and the exclusive end column follow the JSON report. Values are escaped as the runner
expects (``%``, CR, LF always; ``:`` and ``,`` inside properties too). Suppressions and every
template's length go into collapsed log groups, so the log stays short but complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..masking import redact
from . import Summary, Writer, catalog, location
from .spool import LineSpool

if TYPE_CHECKING:
    from ..linter import Result

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(Writer):
    def start(self) -> None:
        # written at the end, in groups: a log's lines wait in spools (memory, then a file)
        self.suppressions = LineSpool()
        self.lengths = LineSpool()

    def add(self, result: Result) -> None:
        template = result.template
        size = catalog.length_label(result.length)
        found = catalog.plural(len(result.findings), "finding")
        self.lengths.append(f"{template.file}: {template.id}: {size}, {found}")
        for finding in result.findings:
            line, col, end_line, end_col = location(result, finding)
            props = []
            if template.file != "-":
                props += [f"file={template.file}", f"line={line}", f"endLine={end_line}"]
                if end_line == line:  # the runner ignores columns on a multi-line span
                    props += [f"col={col}", f"endColumn={end_col}"]
            props.append(f"title={finding.rule} ({finding.category})")
            body = [redact(finding.message)]
            if finding.suggestion:
                body.append(f"Suggestion: {finding.suggestion}")
            if finding.basis:
                body.append(f"Basis: {finding.basis}")
            body.append(f"Template {template.id}: {size}")
            head = ",".join(
                key + "=" + escape_property(value)
                for key, _, value in (p.partition("=") for p in props)
            )
            level = LEVELS.get(finding.severity, "warning")
            self.stream.write(f"::{level} {head}::{escape_data(chr(10).join(body))}\n")
        for suppression in result.suppressed:
            reason = redact(suppression.reason) if suppression.reason else "(no reason given)"
            self.suppressions.append(
                f"{template.file}:{template.line}: {template.id}: {suppression.rule} "
                f"silences {len(suppression.findings)}: {reason}"
            )

    def _group(self, title: str, lines: Iterable[str]) -> None:
        self.stream.write(f"::group::{escape_data(title)}\n")
        for line in lines:
            self.stream.write(" ".join(line.splitlines()) + "\n")  # plain log lines
        self.stream.write("::endgroup::\n")

    def finish(self, summary: Summary) -> None:
        if self.suppressions:
            self._group(f"smslint: {len(self.suppressions)} suppressions", self.suppressions)
        self._group(f"smslint: length of {len(self.lengths)} templates", self.lengths)
        self.stream.write(f"smslint: {catalog.summary_line(summary)}\n")
