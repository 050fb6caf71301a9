"""The HTML report's content as Markdown, for a merge-request or pull-request comment.

Code-review sites render CommonMark with a little inline HTML, so the offending spans are set
in ``<b>`` rather than ``**``: emphasis markers next to Chinese punctuation often fail to close
under CommonMark's flanking rules. Template text is escaped so a ``*`` or ``{`` in a message
stays literal. Clean templates go into one compact table to keep the comment short.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import __version__
from ..masking import redact
from ..model import SEVERITIES
from . import Summary, Writer, catalog, location
from .spans import pieces

if TYPE_CHECKING:
    from ..linter import Result

# what can start markup inside a line; list, heading and ordered-list markers matter only at a
# line's start, which _quote handles
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$])")
_LINE_START = re.compile(r"(?m)^> ([#+\-=]|\d+(?=[.)]))")
# characters of sections and table rows kept for the report; later ones are only counted, so a
# report on a log of millions of messages stays in bounded memory (a comment holds far less)
KEPT_CHARS = 1 << 20


def escape(text: str) -> str:
    """Text that renders literally inside a line: Markdown punctuation escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def _quote(result: Result) -> str:
    """The template's masked text as a block quote, spans in bold, lines kept."""
    out = []
    for piece in pieces(result.template.text, result.findings):
        lines = [_SPECIAL.sub(r"\\\1", line) for line in piece.text.split("\n")]
        text = "\\\n> ".join(lines)  # a backslash at a line's end is a hard break
        out.append(f"<b>{text}</b>" if piece.findings else text)
    quoted = "> " + "".join(out)
    while quoted.endswith("\\\n> "):  # the final newline of a block scalar
        quoted = quoted[: -len("\\\n> ")]
    return _LINE_START.sub(_escape_start, quoted)


def _escape_start(match: re.Match[str]) -> str:
    mark = match.group(1)
    return f"> {mark}\\" if mark[0].isdigit() else f"> \\{mark}"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _counts(counts: dict[str, int]) -> list[str]:
    return [str(counts.get(s, 0)) for s in SEVERITIES] + [str(sum(counts.values()))]


class MarkdownWriter(Writer):
    def start(self) -> None:
        self.flagged: list[str] = []
        self.clean: list[list[str]] = []
        self.suppressions: list[list[str]] = []
        self.tally = catalog.Tally()
        self.kept = 0
        self.left_out = {"flagged": 0, "suppressions": 0, "clean": 0}

    def _full(self, part: str) -> bool:
        """Whether the report has no room left; then an entry of ``part`` is only counted."""
        if self.kept < KEPT_CHARS:
            return False
        self.left_out[part] += 1
        return True

    def add(self, result: Result) -> None:
        self.tally.add(result)
        template = result.template
        size = catalog.length_label(result.length)
        for s in result.suppressed:
            reason = escape(redact(s.reason)) if s.reason else "*no reason given 未说明理由*"
            if self._full("suppressions"):
                continue
            self.kept += len(template.file) + len(template.id) + len(reason)
            self.suppressions.append(
                [
                    escape(template.file),
                    escape(template.id),
                    f"`{s.rule}`",
                    str(len(s.findings)),
                    reason,
                ]
            )
        if not result.findings:
            if self._full("clean"):
                return
            self.kept += len(template.file) + len(template.id)
            self.clean.append(
                [escape(template.file), escape(template.id), escape(result.kind or "—"), size]
            )
            return
        if self._full("flagged"):
            return
        lines = [
            f"### `{template.file}` · `{template.id}`",
            "",
            f"Pack 规则包 `{result.pack}` · kind 类型 `{result.kind or '—'}` · "
            f"length 长度 {size} · line 行 {template.line}",
            "",
            _quote(result),
            "",
        ]
        for finding in result.findings:
            line, col, _, _ = location(result, finding)
            label = catalog.CATEGORY_LABELS.get(finding.category, "")
            lines.append(
                f"- **{finding.severity}** `{finding.rule}` ({finding.category} {label}, "
                f"line {line}, column {col}): {escape(redact(finding.message))}"
            )
            if finding.basis:
                lines.append(f"  - Basis 依据: {escape(finding.basis)}")
            if finding.suggestion:
                lines.append(f"  - Suggestion 建议: {escape(finding.suggestion)}")
        self.flagged.append("\n".join(lines))
        self.kept += len(self.flagged[-1])

    def finish(self, summary: Summary) -> None:
        out = [
            "## SMS compliance report 短信合规检查报告",
            "",
            f"smslint {__version__}: {escape(catalog.summary_line(summary))}",
            "",
        ]
        if summary.baseline is not None:
            b = summary.baseline
            out += [
                f"Baseline `{b['file']}`: {b['hidden']} known findings not shown; "
                f"{catalog.plural(b['fixed'], 'entry', 'entries')} fixed since it was made.",
                "",
            ]
        head = ["", *SEVERITIES, "total"]
        out += ["### Summary 概览", ""]
        out += _table(
            ["category 类别", *head[1:]],
            [
                [f"{c} {catalog.CATEGORY_LABELS.get(c, '')}".strip(), *_counts(counts)]
                for c, counts in self.tally.by_category.items()
            ],
        )
        out.append("")
        loaded = catalog.pack_by_name(catalog.packs(self.options))
        out += _table(
            ["institution (pack) 机构", "templates", *head[1:]],
            [
                [
                    f"`{name}` {escape(catalog.institution(loaded.get(name)))}".strip(),
                    str(self.tally.templates_by_pack[name]),
                    *_counts(counts),
                ]
                for name, counts in self.tally.by_pack.items()
            ],
        )
        out.append("")
        if self.flagged:
            out += ["## Findings 问题", ""]
            for section in self.flagged:
                out += [section, ""]
        if self.suppressions:
            out += ["## Suppressions 豁免", ""]
            out += _table(
                ["file", "template", "rule", "findings", "reason 理由"], self.suppressions
            )
            out.append("")
        if self.clean:
            out += ["## Templates without findings 无问题的模板", ""]
            out += _table(["file", "template", "kind", "length 长度"], self.clean)
            out.append("")
        out += self._left_out()
        self.stream.write("\n".join(out))

    def _left_out(self) -> list[str]:
        """The line saying how many entries the report does not show, if any."""
        left = self.left_out
        if not any(left.values()):
            return []
        counts = ", ".join(
            catalog.plural(n, noun)
            for n, noun in (
                (left["flagged"], "flagged template"),
                (left["suppressions"], "suppression"),
                (left["clean"], "clean template"),
            )
            if n
        )
        return [
            f"*Not shown: {counts}. The report keeps the entries of its first {KEPT_CHARS:,} "
            "characters; the `json` or `html` report lists all.*",
            "",
        ]
