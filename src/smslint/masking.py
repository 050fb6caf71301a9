"""Masked forms of identifiers: what a report may print instead of the value.

Every report that echoes template text goes through here, so a linter run that finds a leaked
ID number never becomes a second leak in a CI log. The kept parts follow what Chinese bank notices
already print (`尾号1234`, `138****5678`): enough to tell which identifier it was, never enough
to use it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Protocol

from . import joined

# detector -> (characters kept at the start, characters kept at the end)
_KEEP = {"resident_id": (6, 4), "bank_card": (4, 4), "mobile": (3, 4)}


class Span(Protocol):
    """A hit or a finding: a span of a text and the masked form to print in its place."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def masked(self) -> str | None: ...


def _keep_ends(value: str, head: int, tail: int) -> str:
    # A value too short for its usual shape still loses at least four characters (or all).
    hidden = min(len(value), max(len(value) - head - tail, 4))
    tail = min(tail, len(value) - hidden)
    head = len(value) - hidden - tail
    return value[:head] + "*" * hidden + value[len(value) - tail :]


def mask(value: str, detector: str) -> str:
    """The printable form of ``value`` found by ``detector``.

    ``value`` may still hold separators or full-width digits; they are dropped first so the
    masked form has a fixed shape (`138****5678`).
    """
    if detector == "placeholder":
        return value  # a placeholder name, not a value
    if detector == "email":
        local, at, domain = value.replace("＠", "@").rpartition("@")
        if at and local:
            return local[0] + "***@" + domain
        return _keep_ends(value, 0, 0)
    plain = value
    if not (value.isascii() and value.isalnum()):
        plain = "".join(c for c in unicodedata.normalize("NFKC", value) if c.isalnum())
    plain = plain.upper()
    if detector == "mobile" and len(plain) > 11 and plain.startswith(("86", "0086")):
        plain = plain[-11:]
    head, tail = _KEEP.get(detector, (0, 4))
    return _keep_ends(plain, head, tail)


def mask_text(text: str, hits: Iterable[Span]) -> str:
    """``text`` with each hit's span replaced by its masked form.

    Spans that overlap are masked together: the part of a later span that an earlier one left
    over is starred out rather than shown, so no overlap can let a digit through.
    """
    out = []
    cursor = 0
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if h.masked is None or h.end <= cursor:
            continue
        if h.start < cursor:
            out.append("*" * (h.end - cursor))
        else:
            out.append(text[cursor : h.start])
            out.append(h.masked)
        cursor = h.end
    out.append(text[cursor:])
    return "".join(out)


def redact(text: str) -> str:
    """``text`` with every identifier any detector finds masked: for all user text a report prints.

    No allow-list applies: an address the pack allows in a message is still not echoed in full.
    """
    hits = _detector()(text)
    return mask_text(text, hits) if hits else text


def redact_span(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with identifiers masked, judged on the whole text.

    A slice can cut an identifier in half, and half an identifier is no longer
    recognised; so detection runs on the whole text and the slice grows to cover
    any identifier it touches before it is masked.
    """
    hits, starts, ends = _detected(text)
    if hits:  # sorted and not overlapping, so those touching the slice are one run
        hits = hits[bisect_right(ends, start) : bisect_left(starts, end)]
    if not hits:
        return text[start:end]
    start = min(start, hits[0].start)
    end = max(end, hits[-1].end)
    shifted = [_Shifted(h.start - start, h.end - start, h.masked) for h in hits]
    return mask_text(text[start:end], shifted)


def unmasked(texts: list[str]) -> list[bool]:
    """Whether ``redact`` leaves each text as it is, found by one search over all of them for
    what any identifier starts with: a report on a chunk of a bulk log would otherwise run
    the detectors message by message, for the few that hold a digit run, an @ or a brace."""
    held = set(joined.matching(_any_identifier(), texts))
    return [i not in held for i in range(len(texts))]


@cache
def _any_identifier() -> re.Pattern[str]:
    from smslint.detectors import trigger

    return re.compile(trigger())


def identifiers(text: str) -> list[Any]:
    """``detectors.detect(text)``, remembered for the last few texts: the personal-data rules
    ask for a message's identifiers, then its report entries do (read-only: do not change it)."""
    return _detected(text)[0]


# Texts whose hits are kept: more than a batch of messages (parallel.BATCH), because a batch
# is linted (the personal-data rules ask) before its report entries are made (they ask again).
DETECTED_CACHE = 1024


@lru_cache(maxsize=DETECTED_CACHE)
def _detected(text: str) -> tuple[list[Any], list[int], list[int]]:
    """The hits in ``text`` with their starts and ends, once per text: a report asks for one
    excerpt per finding, and a long message with thousands of findings must stay linear."""
    hits = _detector()(text)
    if not hits:  # most texts: their one empty list serves as all three
        return hits, hits, hits
    return hits, [h.start for h in hits], [h.end for h in hits]


@cache
def _detector() -> Callable[[str], list[Any]]:
    """``detectors.detect``, imported on first use: the detectors import mask() from here.

    Looked up once rather than imported in each call, which costs a bulk run a microsecond
    a message."""
    from smslint.detectors import detect

    return detect


@dataclass(frozen=True)
class _Shifted:
    start: int
    end: int
    masked: str
