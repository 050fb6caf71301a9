"""Human output in the compiler style people already read: location, rule, message, caret.

Everything printed that smslint did not write is masked (``masking.redact``) and shown with its
control and format characters as visible escapes (``masking.visible``): a template, id or file
name cannot drive the terminal. The echoed source line is masked as a whole, with the
identifiers of the template's decoded text, before it is cut to a window; a line spelling
characters with escapes (`\\u0031`) is echoed as the decoded, masked text instead.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smslint.privacy.masking import UNSAFE_ESCAPE, masked_pieces, printed, redact, visible
from smslint.report import Summary, Writer, location
from smslint.report.catalog import pack_lines, packs

if TYPE_CHECKING:
    from smslint.engine.linter import Result

MAX_FILE_BYTES = 8 * 1024 * 1024  # larger files (bulk logs) are not echoed line by line
CONTEXT = 30  # characters shown each side of a span on long lines
COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shown(value: object) -> str:
    """What the terminal may print of ``value``: masked, control characters escaped."""
    return visible(redact(value))


@dataclass(frozen=True)
class _Star:
    start: int
    end: int
    masked: str


def _on_line(result: Result, number: int, source: str) -> list[Any]:
    """The identifiers of the template's text that sit on line ``number`` of its file, as spans
    of ``source`` (that line, free of escapes): a number folded over lines is masked on each."""
    text, where = result.template.text, result.template.map
    spans: list[Any] = []
    for h in printed(text):
        columns = [c - 1 for line, c in map(where.locate, range(h.start, h.end)) if line == number]
        if not columns:
            continue
        first, last = min(columns), max(columns) + 1
        raw = source[first:last]
        spans.append(
            _Star(first, last, h.masked if raw == text[h.start : h.end] else "*" * len(raw))
        )
    return spans


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
        lines: list[str] | None
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
                # lines as the readers count them: a U+2028 or a form feed ends none
                self._files[file] = text.split("\n") if text is not None else None
            lines = self._files[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1].rstrip("\r")

    def _echo(self, result: Result, finding: Any, where: tuple[int, int, int, int]) -> None:
        """The finding's source line (or its decoded text), masked, cut, and a caret under it."""
        line, col, end_line, end_col = where
        source = self._line(result, line)
        if source is None:
            return
        if UNSAFE_ESCAPE.search(source) or not result.template.map.exact:
            # the line as written could spell an identifier detection cannot read: show the
            # template's decoded text around the finding instead
            source, start, stop = result.template.text, finding.start, finding.end
            hits: list[Any] = printed(source)
        else:
            stop = end_col if end_line == line else len(source) + 1
            start, stop = min(col - 1, len(source)), min(max(stop - 1, col - 1), len(source))
            hits = sorted({*printed(source), *_on_line(result, line, source)}, key=_order)
        lo, hi = max(0, start - CONTEXT), min(len(source), stop + CONTEXT)
        left, middle, right = (
            visible(p) for p in masked_pieces(source, [lo, start, stop, hi], hits)
        )
        before = ("…" if lo else "") + left
        gutter = " " * len(str(line))
        self.stream.write(f" {line} | {before}{middle}{right}{'…' if hi < len(source) else ''}\n")
        caret = self._paint("^" * max(1, _width(middle)), finding.severity)
        self.stream.write(f" {gutter} | {' ' * _width(before)}{caret}\n")

    def add(self, result: Result) -> None:
        out = self.stream
        file, template_id = shown(result.template.file), shown(result.template.id)
        for finding in result.findings:
            where = location(result, finding)
            head = f"{file}:{where[0]}:{where[1]}:"
            sev = self._paint(shown(finding.severity), finding.severity)
            rule = self._paint(shown(finding.rule), "bold")
            out.write(f"{head} {sev} {rule} {shown(finding.message)}\n")
            self._echo(result, finding, where)
            if finding.suggestion:
                out.write(f"   = {self._paint('suggestion', 'dim')}: {shown(finding.suggestion)}\n")
            if finding.basis:
                out.write(f"   = {self._paint('basis', 'dim')}: {shown(finding.basis)}\n")
        for s in result.suppressed:
            reason = shown(s.reason) if s.reason else "no reason given"
            at = f"{file}:{result.template.line}:"
            out.write(
                f"{at} {self._paint('suppressed', 'dim')} {shown(s.rule)} "
                f"({_count(len(s.findings), 'finding')}) in {template_id}: {reason}\n"
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
            self.stream.write(visible(redact(line)) + "\n")


def _order(span: Any) -> tuple[int, int]:
    return span.start, -span.end


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
