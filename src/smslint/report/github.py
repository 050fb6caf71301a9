"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

The runner reads ``::error file=…,line=…::message`` lines from a step's output and pins them to
the diff, so a template author sees the problem on the changed line without opening the log.
Columns and the exclusive end column follow the JSON report. Values are escaped as the runner
expects (``%``, CR, LF always; ``:`` and ``,`` inside properties too). Suppressions and every
template's length go into collapsed log groups, so the log stays short but complete.

The runner reads a command from any line of the step's output that starts with ``::`` (after
spaces), so every line written here is either a command smslint means or a plain line that
cannot start one: a file named ``::add-mask::x`` or ``::stop-commands::t`` forges nothing.
Identifiers are masked everywhere, the ``file`` property included: an annotation on a file
whose path holds an identifier names the masked path, and the runner shows it unpinned.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from smslint.privacy.masking import redact, visible
from smslint.report import Summary, Writer, catalog, location
from smslint.report.spool import LineSpool

if TYPE_CHECKING:
    from smslint.engine.linter import Result

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def plain(line: str) -> str:
    """A log line the runner cannot read as a command: control characters shown as escapes,
    one line, and a leading ``::`` broken by escaping its first colon."""
    line = visible(line)
    stripped = line.lstrip()
    if stripped.startswith("::"):
        line = line[: len(line) - len(stripped)] + "%3A" + stripped[1:]
    return line


class GithubWriter(Writer):
    def start(self) -> None:
        # written at the end, in groups: a log's lines wait in spools (memory, then a file)
        self.suppressions = LineSpool()
        self.lengths = LineSpool()

    def add(self, result: Result) -> None:
        template = result.template
        # masked, and control and bidi characters spelt out: the runner shows them raw
        file, template_id = visible(redact(template.file)), visible(redact(template.id))
        size = catalog.length_label(result.length)
        found = catalog.plural(len(result.findings), "finding")
        self.lengths.append(f"{file}: {template_id}: {size}, {found}")
        for finding in result.findings:
            line, col, end_line, end_col = location(result, finding)
            props = []
            if template.file != "-":
                props += [f"file={file}", f"line={line}", f"endLine={end_line}"]
                if end_line == line:  # the runner ignores columns on a multi-line span
                    props += [f"col={col}", f"endColumn={end_col}"]
            props.append(
                f"title={visible(redact(finding.rule))} ({visible(redact(finding.category))})"
            )
            body = [visible(redact(finding.message))]
            if finding.suggestion:
                body.append(f"Suggestion: {visible(redact(finding.suggestion))}")
            if finding.basis:
                body.append(f"Basis: {visible(redact(finding.basis))}")
            body.append(f"Template {template_id}: {size}")
            head = ",".join(
                key + "=" + escape_property(value)
                for key, _, value in (p.partition("=") for p in props)
            )
            level = LEVELS.get(finding.severity, "warning")
            self.stream.write(f"::{level} {head}::{escape_data(chr(10).join(body))}\n")
        for suppression in result.suppressed:
            reason = redact(suppression.reason) if suppression.reason else "(no reason given)"
            self.suppressions.append(
                f"{file}:{template.line}: {template_id}: {redact(suppression.rule)} "
                f"silences {len(suppression.findings)}: {reason}"
            )

    def _group(self, title: str, lines: Iterable[str]) -> None:
        self.stream.write(f"::group::{escape_data(title)}\n")
        for line in lines:
            self.stream.write(plain(line) + "\n")
        self.stream.write("::endgroup::\n")

    def finish(self, summary: Summary) -> None:
        if self.suppressions:
            self._group(f"smslint: {len(self.suppressions)} suppressions", self.suppressions)
        self._group(f"smslint: length of {len(self.lengths)} templates", self.lengths)
        self.stream.write(f"smslint: {visible(redact(catalog.summary_line(summary)))}\n")
        for line in catalog.pack_lines(catalog.packs(self.options)):
            self.stream.write(f"smslint: {visible(redact(line))}\n")
