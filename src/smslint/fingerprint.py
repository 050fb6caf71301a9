"""Fingerprints: one finding's identity across commits, for baselines and code scanning.

A line number changes whenever someone adds a template above, so it cannot say "this is the
finding we already accepted". The identity is what the finding is about instead: the rule, the
file, the template, the offending text and, when the same text trips the same rule twice in one
template, which occurrence it is. The text is masked before hashing: an 18-digit ID number has
so little entropy that an unsalted hash of it could be reversed, and a baseline file is
committed to the repository.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from .masking import redact
from .model import Finding

if TYPE_CHECKING:
    from .linter import Result

VERSION = "smslint/v1"  # the SARIF partialFingerprints key; bump when the recipe changes


def display_path(file: str, root: str | Path | None = None) -> str:
    """``file`` as a POSIX path relative to ``root`` (default: the working folder) when under it.

    ``templates/a.yaml``, ``./templates/a.yaml`` and its absolute path name one file, so they
    must give one fingerprint: a baseline made from the repository root keeps working however
    CI or a hook spells the paths.
    """
    if file == "-":
        return file
    return _display_path(file, None if root is None else str(root), os.getcwd())


@lru_cache(maxsize=1024)
def _display_path(file: str, root: str | None, cwd: str) -> str:
    # cached (the working folder is part of the key): a bulk log asks once per message
    base = Path(root if root is not None else cwd).resolve()
    path = Path(os.path.abspath(file))
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def offending_text(text: str, finding: Finding) -> str:
    """The finding's span, masked and with spacing and width variants folded together."""
    if finding.end <= finding.start:
        return ""  # a missing element: most findings of a bulk run
    masked = redact(text[finding.start : finding.end])
    return " ".join(unicodedata.normalize("NFKC", masked).split())


def digest(rule: str, file: str, template: str, text: str, occurrence: int) -> str:
    payload = "\x1f".join((rule, file, template, text, str(occurrence)))
    # surrogatepass: a lone surrogate (a YAML/JSON escape) is still a character to hash
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fingerprints(
    result: Result, findings: list[Finding] | None = None, root: str | Path | None = None
) -> list[str]:
    """Fingerprints of ``findings`` (default: ``result.findings``), in order.

    Occurrences are counted over the findings a baseline hid as well, in text order, so the
    third identical finding keeps index 2 in every report even when the first two are hidden.
    Pass a suppression's findings to fingerprint those: a suppression takes every finding of
    its rule, so counting among them alone gives the same indexes.
    """
    template = result.template
    file = display_path(template.file, root)
    targets = result.findings if findings is None else findings
    pool = [*result.findings, *result.baselined] if findings is None else findings
    seen: dict[tuple[str, str], int] = {}
    by_finding: dict[int, str] = {}
    for finding in sorted(pool, key=_span):
        text = offending_text(template.text, finding)
        key = (finding.rule, text)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        by_finding[id(finding)] = digest(finding.rule, file, template.id, text, occurrence)
    return [by_finding[id(f)] for f in targets]


_span = attrgetter("start", "end")
