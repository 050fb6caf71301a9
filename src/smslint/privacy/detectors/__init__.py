"""Personal-data detectors: every unmasked identifier in a text, with its span and masked form.

A notice that prints a full ID, card or mobile number exposes it to anyone who sees the phone,
so detection must see through the ways numbers get written (split, full-width, zero-width
characters) while letting masked forms, hotlines, dates and amounts pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from smslint.privacy.detectors import bank_card, email, mobile, placeholder, resident_id
from smslint.privacy.detectors.base import DETECTORS, Detector, Hit, register

__all__ = [
    "DETECTORS",
    "Detector",
    "Hit",
    "bank_card",
    "detect",
    "email",
    "mobile",
    "placeholder",
    "register",
    "resident_id",
    "trigger",
]


def _chosen(enabled: Iterable[str] | None) -> tuple[str, ...]:
    if enabled is None:
        return tuple(DETECTORS)
    names = tuple(dict.fromkeys(enabled))
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise ValueError(
            f"unknown personal-data detector {unknown[0]!r}; known: {', '.join(DETECTORS)}"
        )
    return names


@lru_cache(maxsize=64)
def _triggers(names: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """One regex that any text holding a hit of these detectors matches, and each part of it,
    compiled in the detectors' Python forms (``Detector.python_trigger``)."""
    forms = {
        DETECTORS[n].trigger: DETECTORS[n].python_trigger or DETECTORS[n].trigger for n in names
    }
    parts = {t: re.compile(form) for t, form in forms.items()}
    return re.compile("|".join(dict.fromkeys(forms.values())) or r"(?!)"), parts


def trigger(names: Iterable[str] | None = None, python: bool = False) -> str:
    """A regex that any text holding an identifier of these detectors (default: all) matches:
    portable (RE2 and Hyperscan read it alike), or, with ``python``, the faster form for ``re``."""
    chosen = _chosen(names)
    if python:
        return _triggers(chosen)[0].pattern
    return "|".join(dict.fromkeys(DETECTORS[n].trigger for n in chosen)) or r"(?!)"


@lru_cache(maxsize=1)
def _all() -> tuple[tuple[str, ...], tuple[re.Pattern[str], dict[str, re.Pattern[str]]]]:
    """Every detector and their triggers, looked up once: most calls ask for all of them."""
    names = tuple(DETECTORS)
    return names, _triggers(names)


def detect(
    text: str,
    enabled: Iterable[str] | None = None,
    allow: dict[str, list[str]] | None = None,
    wary: bool = False,
) -> list[Hit]:
    """The identifiers in ``text``, sorted by start and non-overlapping.

    ``enabled`` names the detectors to run (default: all); ``allow`` maps a detector's name to
    values it must not report (for ``email``: domains, subdomains included). Where hits overlap
    the longer one wins, then the more specific detector. ``wary``: for masking (see
    ``Detector.find``).
    """
    if enabled is None and not allow:  # the common case, without the per-call set-up
        names, (anything, parts) = _all()
    else:
        names = _chosen(enabled)
        for key in allow or ():
            if key not in DETECTORS:
                raise ValueError(f"allow-list for unknown personal-data detector {key!r}")
        anything, parts = _triggers(names)
    # Most messages hold no long digit run, no '@' and no '{': one search settles them.
    if anything.search(text) is None:
        return []
    present = {t: p.search(text) is not None for t, p in parts.items()}
    hits: list[Hit] = []
    for name in names:
        detector = DETECTORS[name]
        if not present[detector.trigger]:
            continue
        entries = allow.get(name) if allow else None
        found = detector.find(text, wary) if wary else detector.find(text)
        hits.extend(h for h in found if not (entries and detector.allows(h, entries)))
    return _without_overlaps(hits)


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    if len(hits) < 2:
        return hits
    # kept hits stay sorted by start and never overlap, so only the neighbours of a new hit can
    # collide with it: linear in the hits even for a message holding thousands of numbers
    kept: list[Hit] = []
    starts: list[int] = []
    for h in sorted(hits, key=lambda h: (h.start - h.end, DETECTORS[h.detector].priority, h.start)):
        i = bisect_right(starts, h.start)
        if (i and kept[i - 1].end > h.start) or (i < len(kept) and kept[i].start < h.end):
            continue
        kept.insert(i, h)
        starts.insert(i, h.start)
    return kept
