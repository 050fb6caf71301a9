"""The HTML report's content as Markdown, for a merge-request or pull-request comment.

Code-review sites render CommonMark with a little inline HTML, so the offending spans are set
in ``<b>`` rather than ``**``: emphasis markers next to Chinese punctuation often fail to close
under CommonMark's flanking rules. Template text is escaped so a ``*`` or ``{`` in a message
stays literal. Clean templates go into one compact table to keep the comment short.

Whatever smslint did not write is masked (``masking.redact``) and cannot add markup: text is
backslash-escaped (``<``, ``>`` and ``&`` included, so no raw HTML) and folded to one line;
names go in code spans fenced by more backticks than they hold; line breaks, CR included, are
shown as ``↵`` outside the quoted template, and a line of the quote cannot start a heading,
list or quote of its own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from smslint.core.model import SEVERITIES
from smslint.core.version import __version__
from smslint.privacy.masking import redact, visible
from smslint.report import Summary, Writer, catalog, location
from smslint.report.spans import pieces

if TYPE_CHECKING:
    from smslint.engine.linter import Result

# what can start markup inside a line; list, heading and ordered-list markers matter only at a
# line's start, which _quote handles
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$])")
_LINE_START = re.compile(r"(?m)^> ([#+\-=]|\d+(?=[.)]))")
# what CommonMark or a browser takes as a line break, and control characters
_BREAK = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_TICKS = re.compile(r"`+")


def _one_line(text: str) -> str:
    return visible(_BREAK.sub(" ↵ ", text))


def escape(text: str) -> str:
    """Text that renders literally inside a line: masked, Markdown punctuation escaped, one line."""
    return _SPECIAL.sub(r"\\\1", _one_line(redact(text)))


def code(value: object, table: bool = False) -> str:
    """``value`` masked, in a code span it cannot close: fenced by one backtick more than its
    longest run, padded when it starts or ends with one; in a ``table`` cell, pipes escaped."""
    text = _one_line(redact(value))
    fence = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    if text.startswith("`") or text.endswith("`") or not text.strip():
        text = f" {text} "
    return fence + (text.replace("|", "\\|") if table else text) + fence


def _quote(result: Result) -> str:
    """The template's masked text as a block quote, spans in bold, lines kept."""
    out = []
    for piece in pieces(result.template.text, result.findings):
        lines = [_SPECIAL.sub(r"\\\1", visible(line)) for line in _BREAK.split(piece.text)]
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
        # no more than LIMIT characters of a section can be shown, so no more are kept: the
        # rest is counted, and memory stays bounded whatever the log's size
        self.kept = {"flagged templates": 0, "suppressions": 0, "clean templates": 0}
        self.unkept = dict.fromkeys(self.kept, 0)

    def _keep(self, section: str, size: int) -> bool:
        if self.kept[section] > LIMIT:
            self.unkept[section] += 1
            return False
        self.kept[section] += size
        return True

    def add(self, result: Result) -> None:
        self.tally.add(result)
        template = result.template
        size = catalog.length_label(result.length)
        for s in result.suppressed:
            reason = escape(s.reason) if s.reason else "*no reason given 未说明理由*"
            if not self._keep("suppressions", len(template.file) + len(template.id) + len(reason)):
                continue
            self.suppressions.append(
                [
                    escape(template.file),
                    escape(template.id),
                    code(s.rule, table=True),
                    str(len(s.findings)),
                    reason,
                ]
            )
        if not result.findings:
            if not self._keep("clean templates", len(template.file) + len(template.id) + 20):
                return
            self.clean.append(
                [escape(template.file), escape(template.id), escape(result.kind or "—"), size]
            )
            return
        if not self._keep("flagged templates", len(template.text) + 200 * len(result.findings)):
            return
        lines = [
            f"### {code(template.file)} · {code(template.id)}",
            "",
            f"Pack 规则包 {code(result.pack)} · kind 类型 {code(result.kind or '—')} · "
            f"length 长度 {size} · line 行 {template.line}",
            "",
            _quote(result),
            "",
        ]
        for finding in result.findings:
            line, col, _, _ = location(result, finding)
            label = catalog.CATEGORY_LABELS.get(finding.category, "")
            lines.append(
                f"- **{escape(finding.severity)}** {code(finding.rule)} "
                f"({escape(finding.category)} {label}, "
                f"line {line}, column {col}): {escape(finding.message)}"
            )
            if finding.basis:
                lines.append(f"  - Basis 依据: {escape(finding.basis)}")
            if finding.suggestion:
                lines.append(f"  - Suggestion 建议: {escape(finding.suggestion)}")
        self.flagged.append("\n".join(lines))

    def finish(self, summary: Summary) -> None:
        out = [
            "## SMS compliance report 短信合规检查报告",
            "",
            f"smslint {__version__}: {escape(catalog.summary_line(summary))}",
            "",
        ]
        loaded = catalog.pack_lines(catalog.packs(self.options))
        if loaded:
            out += [*(f"- {escape(line)}" for line in loaded), ""]
        if summary.baseline is not None:
            b = summary.baseline
            out += [
                f"Baseline {code(b['file'])}: {b['hidden']} known findings not shown; "
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
        by_name = catalog.pack_by_name(catalog.packs(self.options))
        out += _table(
            ["institution (pack) 机构", "templates", *head[1:]],
            [
                [
                    f"{code(name, table=True)} "
                    f"{escape(catalog.institution(by_name.get(name)))}".strip(),
                    str(self.tally.templates_by_pack[name]),
                    *_counts(counts),
                ]
                for name, counts in self.tally.by_pack.items()
            ],
        )
        out.append("")
        self.stream.write(_fitted(out, self.flagged, self.suppressions, self.clean, self.unkept))


LIMIT = 65_536  # characters GitHub takes in a pull-request comment (GitLab takes more)
_CLOSE = "\n\n</details>\n"  # the blank line before it ends the Markdown inside


def _fitted(
    head: list[str],
    flagged: list[str],
    suppressions: list[list[str]],
    clean: list[list[str]],
    unkept: dict[str, int],
) -> str:
    """The report cut to LIMIT characters whatever the run's size: the summary first, then
    as many flagged templates, suppressions and clean templates as fit, each part folded in
    ``<details>``, and a last line saying what was left out and where the whole report is."""
    text = "\n".join(head) + "\n"
    # room for the closing tags and the note on what was left out, written last
    budget = LIMIT - len(text) - 600
    left = dict(unkept)  # entries never kept count as left out
    parts = []
    sections = [
        ("Findings 问题", "flagged templates", [f"{s}\n\n" for s in flagged], None),
        (
            "Suppressions 豁免",
            "suppressions",
            [_row(r) for r in suppressions],
            ["file", "template", "rule", "findings", "reason 理由"],
        ),
        (
            "Templates without findings 无问题的模板",
            "clean templates",
            [_row(r) for r in clean],
            ["file", "template", "kind", "length 长度"],
        ),
    ]
    for title, what, items, table in sections:
        if not items:
            continue
        opening = f"<details><summary>{title} ({len(items) + unkept[what]})</summary>\n\n"
        if table is not None:
            opening += "\n".join(_table(table, [])) + "\n"
        if budget < len(opening) + len(_CLOSE):
            left[what] += len(items)
            continue
        budget -= len(opening) + len(_CLOSE)
        kept = []
        for i, item in enumerate(items):
            if len(item) > budget:
                left[what] += len(items) - i
                break
            budget -= len(item)
            kept.append(item)
        body = opening + "".join(kept)
        parts.append(body.rstrip("\n") + _CLOSE)
    text += "\n".join(parts)
    if any(left.values()):
        counts = ", ".join(f"{n} {what}" for what, n in left.items() if n)
        text += (
            f"\n**Left out to fit a comment ({LIMIT:,} characters): {counts}.** The full report: "
            "run `smslint check` with `--format json` (or `--format html`) and keep it as a job "
            "artifact.\n"
        )
    return text


def _row(row: list[str]) -> str:
    return "| " + " | ".join(row) + " |\n"
