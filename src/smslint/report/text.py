"""Human output in the compiler style people already read: location, rule, message, caret."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from ..masking import redact
from . import Summary, Writer, location
from .catalog import pack_lines, packs

if TYPE_CHECKING:
    from ..linter import Result

MAX_FILE_BYTES = 8 * 1024 * 1024  # larger files (bulk logs) are not echoed line by line
CONTEXT = 30  # characters shown each side of a span on long lines
COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class TextWriter(Writer):
    def start(self) -> None:
        color = self.options.get("color")
        if color is None:
            isatty = getattr(self.stream, "isatty", lambda: False)()
            color = isatty and "NO_COLOR" not in os.environ
        self.color = bool(color)
        self._files: dict[str, list[str] | None] = {}

    def _paint(self, text: str, style: str) -> str:
        return f"\x1b[{COLORS[style]}m{text}\x1b[0m" if self.color else text

    def _line(self, result: Result, number: int) -> str | None:
        file = result.template.file
        if file == "-":
            lines = result.template.text.split("\n")
        else:
            if file not in self._files:
                path = Path(file)
                try:
                    small = path.stat().st_size <= MAX_FILE_BYTES
                    text = path.read_text(encoding="utf-8-sig", errors="replace") if small else None
                except OSError:
                    text = None
                self._files[file] = text.splitlines() if text is not None else None
            lines = self._files[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1].rstrip("\r")

    def add(self, result: Result) -> None:
        out = self.stream
        for finding in result.findings:
            line, col, end_line, end_col = location(result, finding)
            head = f"{result.template.file}:{line}:{col}:"
            sev = self._paint(finding.severity, finding.severity)
            rule = self._paint(finding.rule, "bold")
            out.write(f"{head} {sev} {rule} {redact(finding.message)}\n")
            source = self._line(result, line)
            if source is not None:
                stop = end_col if end_line == line else len(source) + 1
                lo = max(0, col - 1 - CONTEXT)
                hi = min(len(source), stop - 1 + CONTEXT)
                shown = ("…" if lo else "") + source[lo:hi] + ("…" if hi < len(source) else "")
                pad = _width(("…" if lo else "") + source[lo : col - 1])
                span = max(1, _width(source[col - 1 : stop - 1]))
                gutter = " " * len(str(line))
                out.write(f" {line} | {redact(shown)}\n")
                out.write(f" {gutter} | {' ' * pad}{self._paint('^' * span, finding.severity)}\n")
            if finding.suggestion:
                out.write(f"   = {self._paint('suggestion', 'dim')}: {finding.suggestion}\n")
            if finding.basis:
                out.write(f"   = {self._paint('basis', 'dim')}: {finding.basis}\n")
        for s in result.suppressed:
            reason = redact(s.reason) if s.reason else "no reason given"
            where = f"{result.template.file}:{result.template.line}:"
            out.write(
                f"{where} {self._paint('suppressed', 'dim')} {s.rule} "
                f"({_count(len(s.findings), 'finding')}) in {result.template.id}: {reason}\n"
            )

    def finish(self, summary: Summary) -> None:
        if self.options.get("quiet"):
            return
        sev = summary.by_severity
        self.stream.write(
            f"{_count(summary.findings, 'finding')} ({sev.get('error', 0)} error, "
            f"{sev.get('warning', 0)} warning, {sev.get('info', 0)} info) in "
            f"{_count(summary.templates, 'template')}, {_count(summary.files, 'file')}"
            + (f", {summary.suppressed} suppressed" if summary.suppressed else "")
            + "\n"
        )
        for line in pack_lines(packs(self.options)):
            self.stream.write(line + "\n")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
