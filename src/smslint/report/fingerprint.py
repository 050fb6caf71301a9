"""Fingerprints: one finding's identity across commits, for baselines and code scanning.

A line number changes whenever someone adds a template above, so it cannot say "this is the
finding we already accepted". The identity is what the finding is about instead: the rule, the
file, the template, the offending text and, when the same text trips the same rule twice in one
template, which occurrence it is. The text is masked before hashing: an 18-digit ID number has
so little entropy that an unsalted hash of it could be reversed, and a baseline file is
committed to the repository.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from smslint.core.model import Finding
from smslint.privacy.masking import redact

if TYPE_CHECKING:
    from smslint.engine.linter import Result

# CPython's own SHA-256 where it has one: on a payload this short, OpenSSL's per-call set-up
# costs twice the hashing, and a bulk run hashes every finding. Same function, same digests.
try:
    from _sha256 import sha256  # Python 3.11
except ImportError:
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        from hashlib import sha256

VERSION = "smslint/v1"  # the SARIF partialFingerprints key; bump when the recipe changes


def display_path(file: str, root: str | Path | None = None, cwd: str | None = None) -> str:
    """``file`` as reports name it: a POSIX path relative to ``root`` (default: the working
    folder) when under it, identifiers masked (``masking.redact``).

    ``templates/a.yaml``, ``./templates/a.yaml`` and its absolute path name one file, so they
    must give one fingerprint: a baseline made from the repository root keeps working however
    CI or a hook spells the paths. ``cwd``: the working folder, when the caller has it (a bulk
    run's report asks once per chunk, not once per message).
    """
    if file == "-":
        return file
    return _display_path(file, None if root is None else str(root), cwd or os.getcwd())


@lru_cache(maxsize=1024)
def _display_path(file: str, root: str | None, cwd: str) -> str:
    # cached (the working folder is part of the key): a bulk log asks once per message
    base = Path(root if root is not None else cwd).resolve()
    path = Path(os.path.abspath(file))
    try:
        return redact(path.relative_to(base).as_posix())
    except ValueError:
        return redact(path.as_posix())


def offending_text(text: str, finding: Finding) -> str:
    """The finding's span, masked and with spacing and width variants folded together."""
    if finding.end <= finding.start:
        return ""  # a missing element: most findings of a bulk run
    return _folded(text[finding.start : finding.end])


@lru_cache(maxsize=1024)
def _folded(span: str) -> str:
    # cached: a bulk log repeats its senders' numbers and links, each costly to detect
    return " ".join(unicodedata.normalize("NFKC", redact(span)).split())


def _digest(rule: str, middle: str, text: str, occurrence: int) -> str:
    # surrogatepass: a lone surrogate (a YAML/JSON escape) is still a character to hash
    payload = f"{rule}{middle}{text}\x1f{occurrence}".encode("utf-8", "surrogatepass")
    return sha256(payload).hexdigest()[:32]


def fingerprints(
    result: Result,
    findings: list[Finding] | None = None,
    root: str | Path | None = None,
    cwd: str | None = None,
    masked_id: str | None = None,
) -> list[str]:
    """Fingerprints of ``findings`` (default: ``result.findings``), in order.

    Occurrences are counted over the findings a baseline hid as well, in text order, so the
    third identical finding keeps index 2 in every report even when the first two are hidden.
    Pass a suppression's findings to fingerprint those: a suppression takes every finding of
    its rule, so counting among them alone gives the same indexes. ``cwd`` as in
    :func:`display_path`; ``masked_id``: the template's id masked, when the caller has it.
    """
    template = result.template
    targets = result.findings if findings is None else findings
    pool = (
        targets if findings is not None or not result.baselined else [*targets, *result.baselined]
    )
    text = template.text
    keys = [(f.rule, offending_text(text, f)) for f in pool]
    # what all of the template's findings hash: its file and id, masked like the text (a file or
    # template named after an ID number must not be hashed in full either)
    path, masked = display_path(template.file, root, cwd), masked_id or redact(template.id)
    middle = f"\x1f{path}\x1f{masked}\x1f"
    if len(keys) == 1 or len(set(keys)) == len(keys):
        # Nothing repeats (most messages: each rule fires once), so every occurrence is the
        # first and the text order need not be worked out. This is _digest with occurrence 0.
        try:
            return [
                sha256(f"{rule}{middle}{shown}\x1f0".encode()).hexdigest()[:32]
                for rule, shown in keys[: len(targets)]
            ]
        except UnicodeEncodeError:  # a lone surrogate: _digest hashes it as it is
            return [_digest(rule, middle, shown, 0) for rule, shown in keys[: len(targets)]]
    seen: dict[tuple[str, str], int] = {}
    by_finding: dict[int, str] = {}
    for finding, key in sorted(zip(pool, keys, strict=True), key=_first_span):
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        by_finding[id(finding)] = _digest(key[0], middle, key[1], occurrence)
    return [by_finding[id(f)] for f in targets]


def _first_span(pair: tuple[Finding, tuple[str, str]]) -> tuple[int, int]:
    return _span(pair[0])


_span = attrgetter("start", "end")
