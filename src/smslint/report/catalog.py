"""What the richer reports (SARIF, GitHub, HTML, Markdown) share beyond a finding itself.

Rule metadata comes from the packs the run loaded, passed to a writer as ``packs`` (a callable,
because packs load lazily as templates name them): a SARIF rule list or a legal reviewer's
summary needs every rule's description and institution, not just the fields a finding copies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smslint.core.model import CATEGORIES, SEVERITIES
from smslint.engine.suppressions import RULES as SUPPRESSION_RULES
from smslint.packs.pack import Pack, Rule
from smslint.text.length import Length

if TYPE_CHECKING:
    from smslint.engine.linter import Result
    from smslint.report import Summary

PacksGetter = Callable[[], Iterable[Pack]]
# labels for readers of the HTML and Markdown reports, who read Chinese first
CATEGORY_LABELS = {
    "coercion": "威胁恐吓",
    "personal-data": "个人信息",
    "required-element": "必备要素",
    "length": "长度",
    "format": "格式",
    "timing": "发送时间",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
_FIELD = re.compile(r"\{[a-z_]+\}")


def packs(options: dict[str, Any]) -> list[Pack]:
    getter: PacksGetter | None = options.get("packs")
    return list(getter()) if getter else []


def rules(loaded: Iterable[Pack], used: Iterable[str]) -> dict[str, Rule]:
    """Active rules of the packs named in ``used``, by id, then the built-in ones.

    Only packs some template was checked with count: the default pack is loaded up front to
    fail fast on a bad ``--pack``, even when every file names its own.
    """
    names = set(used)
    out: dict[str, Rule] = {}
    for pack in (p for p in loaded if p.name in names):
        for rule in pack.rules:
            if rule.severity != "off":
                out.setdefault(rule.id, rule)
    for rule in SUPPRESSION_RULES.values():
        out.setdefault(rule.id, rule)
    return out


def short_description(message: str) -> str:
    """A rule's message template with its per-finding fields (``{match}``) elided."""
    return _FIELD.sub("…", message)


def plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {many or noun + 's'}"


def length_label(length: Length) -> str:
    return (
        f"{plural(length.chars, 'char')}, {plural(length.segments, 'segment')} ({length.encoding})"
    )


def summary_line(summary: Summary) -> str:
    """The run's totals in the words of the text report, plus suppressions and the baseline."""
    sev = summary.by_severity
    line = (
        f"{plural(summary.findings, 'finding')} ({sev.get('error', 0)} error, "
        f"{sev.get('warning', 0)} warning, {sev.get('info', 0)} info) in "
        f"{plural(summary.templates, 'template')}, {plural(summary.files, 'file')}"
    )
    if summary.suppressed:
        line += f"; {summary.suppressed} suppressed"
    if summary.baseline is not None:
        line += (
            f"; baseline {summary.baseline['file']}: {summary.baseline['hidden']} known not "
            f"shown, {plural(summary.baseline['fixed'], 'entry', 'entries')} fixed"
        )
    return line


def institution(pack: Pack | None) -> str:
    name = (pack.institution or {}).get("name") if pack else None
    return str(name) if name else ""


def pack_file(pack: Pack) -> str:
    """Where a pack was loaded from, as a report shows it: ``shipped``, or the path it was
    read from (as given, or joined to the folder of the template naming it), masked and with
    control characters escaped. A pack's name is what its file says; its file is what was
    actually loaded."""
    from smslint.packs.pack import is_shipped
    from smslint.sources import shown_path

    return "shipped" if is_shipped(pack) else shown_path(Path(pack.file).as_posix())


def pack_entries(loaded: Iterable[Pack]) -> list[dict[str, Any]]:
    """The packs a run loaded, for machine-read reports: name, file, what it extends, and the
    rules it (or its chain) switches off that were on where they were defined."""
    return [
        {
            "name": pack.name,
            "file": pack_file(pack),
            "extends": list(pack.chain[1:]),
            "disabled_rules": list(pack.disabled),
        }
        for pack in loaded
    ]


def pack_lines(loaded: Iterable[Pack]) -> list[str]:
    """One line per pack a run loaded, for reports people read."""
    lines = []
    for pack in loaded:
        line = f"pack {pack.name}: {pack_file(pack)}"
        if len(pack.chain) > 1:
            line += f", extends {' < '.join(pack.chain[1:])}"
        if pack.disabled:
            off = plural(len(pack.disabled), "rule")
            line += f"; switches off {off}: {', '.join(pack.disabled)}"
        lines.append(line)
    return lines


def pack_by_name(loaded: Iterable[Pack]) -> dict[str, Pack]:
    out: dict[str, Pack] = {}
    for pack in loaded:
        out.setdefault(pack.name, pack)
    return out


def _zero() -> dict[str, int]:
    return dict.fromkeys(SEVERITIES, 0)


class Tally:
    """Findings counted by severity within each category and each pack, as results stream in."""

    def __init__(self) -> None:
        self.by_category: dict[str, dict[str, int]] = {c: _zero() for c in CATEGORIES}
        self.by_pack: dict[str, dict[str, int]] = {}
        self.templates_by_pack: dict[str, int] = {}
        self.flagged = 0  # templates with at least one finding

    def add(self, result: Result) -> None:
        self.templates_by_pack[result.pack] = self.templates_by_pack.get(result.pack, 0) + 1
        row = self.by_pack.setdefault(result.pack, _zero())
        self.flagged += bool(result.findings)
        for finding in result.findings:
            cat = self.by_category.setdefault(finding.category, _zero())
            cat[finding.severity] = cat.get(finding.severity, 0) + 1
            row[finding.severity] = row.get(finding.severity, 0) + 1
