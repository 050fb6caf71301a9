"""Baselines: switch the gate on today over a repository of old templates.

``smslint baseline create`` records every current finding; ``check --baseline`` then reports and
fails only on findings not recorded, so a bank with thousands of legacy templates stops new
problems at once and works down the old ones at its own pace. Findings are recorded by
fingerprint (see :mod:`smslint.report.fingerprint`), never by line, so editing or moving one
template does not resurrect the findings of its neighbours. The file is committed and reviewed:
it is sorted, one entry a line, and holds no template text, only hashes; file names, template
ids and rule ids are masked (``masking.redact``) like everything smslint prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from smslint.core.errors import SmslintError
from smslint.engine.linter import Result
from smslint.privacy.masking import redact
from smslint.report.fingerprint import display_path, fingerprints

VERSION = 1
ABOUT = (
    "smslint baseline: findings accepted when the gate was switched on. "
    "`smslint check --baseline FILE` reports only findings not listed here. "
    "Regenerate with `smslint baseline create` to drop fixed entries."
)


@dataclass(frozen=True, order=True)
class Entry:
    file: str
    template: str
    rule: str
    fingerprint: str


def entries(results: Iterable[Result]) -> list[Entry]:
    """One entry per finding of ``results``, sorted so the file diffs cleanly."""
    out = []
    for result in results:
        file, template = display_path(result.template.file), redact(result.template.id)
        for finding, fp in zip(result.findings, fingerprints(result), strict=True):
            out.append(Entry(file, template, redact(finding.rule), fp))
    return sorted(set(out))


def dumps(items: list[Entry]) -> str:
    """The baseline file's text: one entry a line, so a fixed finding is a one-line diff."""
    lines = [json.dumps(e.__dict__, ensure_ascii=False) for e in sorted(items)]
    body = ",\n    ".join(lines)
    entries_json = f"[\n    {body}\n  ]" if lines else "[]"
    return (
        "{\n"
        f'  "version": {VERSION},\n'
        f'  "tool": "smslint",\n'
        f'  "about": {json.dumps(ABOUT)},\n'
        f'  "entries": {entries_json}\n'
        "}\n"
    )


def write(path: str | Path, items: list[Entry]) -> None:
    try:
        # a lone surrogate (an id written with an escape) as its JSON escape: loads back equal
        Path(path).write_text(dumps(items), encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise SmslintError(f"cannot write baseline: {exc.strerror}", file=str(path)) from None


class Baseline:
    """A loaded baseline that hides known findings and counts the entries no longer found."""

    def __init__(self, items: Iterable[Entry], file: str = "") -> None:
        self.file = file
        self.items = list(items)
        self._known = {e.fingerprint for e in self.items}
        self._matched: set[str] = set()
        self.hidden = 0

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        file = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise SmslintError(f"cannot read baseline: {exc.strerror}", file=file) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SmslintError(f"invalid baseline JSON: {exc.msg}", file, exc.lineno) from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise SmslintError(f"not a smslint baseline (version {VERSION} expected)", file)
        raw = data.get("entries")
        if not isinstance(raw, list):
            raise SmslintError("baseline `entries` must be a list", file)
        items = []
        for number, item in enumerate(raw, 1):
            fields = ("file", "template", "rule", "fingerprint")
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in fields):
                raise SmslintError(f"baseline entry {number} needs {', '.join(fields)}", file)
            items.append(Entry(*(item[k] for k in fields)))
        return cls(items, file)

    def filter(self, result: Result) -> None:
        """Move the findings this baseline knows from ``findings`` to ``baselined``."""
        new = []
        for finding, fp in zip(result.findings, fingerprints(result), strict=True):
            if fp in self._known:
                self._matched.add(fp)
                result.baselined.append(finding)
            else:
                new.append(finding)
        self.hidden += len(result.baselined)
        result.findings = new

    def fixed(self, files_read: Iterable[str]) -> int:
        """Entries not found again in the files this run read, or whose file is gone.

        Files the run did not read (``--changed-since``, a narrower path) say nothing about
        their entries, so those are not counted as fixed. Entries name files masked, as they
        were written; a masked name is compared masked.
        """
        read = {display_path(f) for f in files_read}
        return sum(
            1
            for e in self.items
            if e.fingerprint not in self._matched
            and (e.file in read or (e.file != "-" and not Path(e.file).exists()))
        )
