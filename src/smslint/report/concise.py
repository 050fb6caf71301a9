"""One line a finding, ``path:line:col: RULE message``, as ruff's and flake8's concise
output: for editors' problem matchers, ``grep`` and terminals too narrow for carets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smslint.privacy.masking import redact, visible
from smslint.report import Summary, Writer, location
from smslint.report.text import COLORS

if TYPE_CHECKING:
    from smslint.engine.linter import Result


class ConciseWriter(Writer):
    def start(self) -> None:
        self.color = bool(self.options.get("color"))

    def _paint(self, text: str, style: str) -> str:
        return f"\x1b[{COLORS[style]}m{text}\x1b[0m" if self.color else text

    def add(self, result: Result) -> None:
        file = visible(redact(result.template.file))
        for finding in result.findings:
            line, col, _, _ = location(result, finding)
            # one line, whatever it quotes; no control character reaches the terminal
            message = visible(" ".join(redact(finding.message).split()))
            rule = self._paint(finding.rule, finding.severity)
            self.stream.write(f"{file}:{line}:{col}: {rule} {message}\n")

    def finish(self, summary: Summary) -> None:
        if not self.options.get("quiet"):
            sev = summary.by_severity
            self.stream.write(
                f"Found {summary.findings} findings ({sev.get('error', 0)} error, "
                f"{sev.get('warning', 0)} warning, {sev.get('info', 0)} info) in "
                f"{summary.templates} templates.\n"
            )
