"""Masked forms of identifiers: what smslint may print instead of the value.

Every string smslint prints that it did not write itself (template texts, ids, file names,
messages, suppression reasons, pack texts, errors, diffs, baselines) goes through ``redact``
here, on the whole string before any cut, so a linter run that finds a leaked ID number never
becomes a second leak in a CI log. The kept parts follow what Chinese bank notices already
print (`尾号1234`, `138****5678`): enough to tell which identifier it was, never enough to use it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Protocol

from smslint.core.tuning import DETECTED_CACHE
from smslint.privacy.detectors import detect, digits, trigger
from smslint.privacy.detectors.base import Hit, mask

if TYPE_CHECKING:
    from smslint.core.model import Template

# what any identifier starts with: a text this finds nothing in holds none
_TRIGGER = re.compile(trigger(python=True)).search

__all__ = [
    "mask",
    "mask_text",
    "masked_pieces",
    "printed",
    "redact",
    "redact_content",
    "redact_span",
    "unmasked",
    "visible",
]


class Span(Protocol):
    """A hit or a finding: a span of a text and the masked form to print in its place."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def masked(self) -> str | None: ...


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


def redact(value: object) -> str:
    """``value`` as text with every identifier any detector finds masked: the one function every
    string smslint prints and did not write itself goes through (as a whole, before any cut).

    No allow-list applies: an address the pack allows in a message is still not echoed in full.
    """
    text = value if type(value) is str else str(value)
    if _TRIGGER(text) is None:  # most names and texts: one search, nothing remembered
        return text
    hits = _printed(text)[0]
    return mask_text(text, hits) if hits else text


def masked_pieces(text: str, cuts: Sequence[int], hits: Sequence[Span]) -> list[str]:
    """``text`` cut at ``cuts`` (sorted, within the text) into masked pieces, for a report that
    prints a window of a text and marks a span in it.

    ``hits`` are the identifiers found on the whole of ``text`` (a cut may not cross one). A cut
    inside an identifier moves to its edge, away from the middle cut, so a window never shows
    part of an identifier unmasked and the pieces joined are the text masked.
    """
    merged: list[Span] = []
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if merged and h.start < merged[-1].end:  # overlapping spans are masked as one
            first = merged.pop()
            start, end = first.start, max(first.end, h.end)
            group = [_Shifted(x.start - start, x.end - start, x.masked) for x in (first, h)]
            merged.append(_Shifted(start, end, mask_text(text[start:end], group)))
        else:
            merged.append(h)
    hits = merged
    moved: list[int] = []
    for k, cut in enumerate(cuts):
        for h in hits:
            if h.start < cut < h.end:
                cut = h.start if 2 * k < len(cuts) else h.end
                break
        moved.append(max(cut, moved[-1]) if moved else cut)
    out = []
    for a, b in pairwise(moved):
        inside = [_Shifted(h.start - a, h.end - a, h.masked) for h in hits if a <= h.start < b]
        out.append(mask_text(text[a:b], inside))
    return out


# A backslash escape that may spell a digit, a separator or an invisible character in a JSON or
# YAML string (`\u0031`, `\x31`, `\_`, `\/`, a line continuation); the common escapes of
# line breaks, tabs, quotes and backslashes do not.
UNSAFE_ESCAPE = re.compile(r"\\(?:[^ntr\"'\\bfav0e]|$)", re.MULTILINE)
_SPELT = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[0-9a-fA-F]{4}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}"
    r"|x[0-9a-fA-F]{2}|[ _/N])"
)
_SHORT = {" ": " ", "_": "\u00a0", "/": "/", "N": "\u0085"}
_RELEVANT = re.compile(f"{digits.DIGIT}|[XxＸｘ]")


def _decoded(escape: str) -> str:
    """An escape as a reader of the diff should see it: the character it spells, or, for a
    control or line break, ``\\u{…}``, which cannot glue its hex digits to a number after it."""
    code = escape[1:]
    if code in _SHORT:
        return _SHORT[code]
    if len(code) == 11:  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
        high, low = int(code[1:5], 16), int(code[7:], 16)
        char = chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    else:
        char = chr(int(code[1:], 16))
    relevant = char in digits.INVISIBLE or char in digits.SEPARATORS or _RELEVANT.match(char)
    return char if relevant or char.isprintable() else f"\\u{{{ord(char):04x}}}"


def redact_content(content: str, templates: Iterable[Template]) -> str:
    """A file's ``content`` with every identifier masked, as a diff of it may show it.

    Detection on the file as written misses an identifier spelt with escapes (`\\u0031…`) or
    folded over lines, so each template's identifiers, found on its decoded text, are masked
    where the template's map puts them in the file (starred out where not written verbatim);
    escapes are then shown decoded (ids and reasons may be spelt with them too, and the hex
    digits of `\\u5ba2` would glue to a number after it) and the whole is masked once more.
    """
    spans: list[_Shifted] = []
    for template in templates:
        text = template.text
        found = printed(text)
        if not found:
            continue
        where = template.map
        for h in found:
            if where.exact:
                offsets = [where.offset(i) for i in range(h.start, h.end)]
            else:  # positions are approximate: star the whole text out
                offsets = [where.offset(0), where.offset(len(text) - 1)]
            first, last = min(offsets), max(offsets)
            escape = _SPELT.match(content, last)
            end = escape.end() if escape else last + 1
            raw = content[first:end]
            shown = h.masked if raw == text[h.start : h.end] else re.sub(r"[^\n]", "*", raw)
            spans.append(_Shifted(first, end, shown))
    covered = mask_text(content, spans) if spans else content
    return redact(_SPELT.sub(lambda m: _decoded(m.group()), covered))


# What a terminal or log viewer would act on or hide: control characters (C0, DEL, C1), format
# characters (bidi overrides and isolates, zero-width characters), line and paragraph
# separators, lone surrogates.
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + "".join(re.escape(c) for c in digits.INVISIBLE)
    + "]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def visible(text: str) -> str:
    """``text`` with every character a terminal would act on or hide shown as its escape
    (`\\x1b`, `\\u202e`, `\\n`): a template, id or file name cannot clear the screen, move the
    cursor, reverse the text or forge a line of output."""
    return _HIDDEN.sub(_escape_char, text) if _HIDDEN.search(text) else text


def redact_span(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with identifiers masked, judged on the whole text.

    A slice can cut an identifier in half, and half an identifier is no longer
    recognised; so detection runs on the whole text and the slice grows to cover
    any identifier it touches before it is masked.
    """
    hits, starts, ends = _printed(text)
    if hits:  # sorted and not overlapping, so those touching the slice are one run
        hits = hits[bisect_right(ends, start) : bisect_left(starts, end)]
    if not hits:
        return text[start:end]
    start = min(start, hits[0].start)
    end = max(end, hits[-1].end)
    shifted = [_Shifted(h.start - start, h.end - start, h.masked) for h in hits]
    return mask_text(text[start:end], shifted)


def unmasked(texts: list[str]) -> list[bool]:
    """Whether ``redact`` leaves each text as it is, by a search for what any identifier
    starts with: the detectors then run only on the few texts that hold a digit run, an @ or
    a brace."""
    return [_TRIGGER(text) is None for text in texts]


def printed(text: str) -> list[Any]:
    """What output masks in ``text``: ``detectors.detect(text, wary=True)``, remembered for the
    last few texts (read-only). More than the personal-data rules report: over-masking in a
    report costs nothing, a number a rule spares for its neighbour would be printed whole."""
    return _printed(text)[0]


_NO_OFFSETS: list[int] = []  # read-only, like every list the cache below hands out


@lru_cache(maxsize=DETECTED_CACHE)
def _printed(text: str) -> tuple[list[Hit], list[int], list[int]]:
    """What output masks in ``text`` (see ``printed``) with the hits' starts and ends, once per
    text: a report asks for one excerpt per finding, and a long message with thousands of
    findings must stay linear."""
    hits = detect(text, wary=True)
    if not hits:  # most texts: one shared empty list serves as their starts and ends
        return hits, _NO_OFFSETS, _NO_OFFSETS
    return hits, [h.start for h in hits], [h.end for h in hits]


@dataclass(frozen=True)
class _Shifted:
    start: int
    end: int
    masked: str | None


MAX_QUOTE = 32  # characters of a value an error message may quote


def quote(value: object, limit: int = MAX_QUOTE) -> str:
    """``value`` quoted for an error message, identifiers masked, and cut short.

    Template files hold customers' data and packs may be long; an error names a token so the
    author can find it, and never echoes a whole line or an identifier into a CI log.
    """
    text = redact(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def clip(message: str, limit: int = 3 * MAX_QUOTE) -> str:
    """A library's error sentence (which may embed the offending value), masked and cut short."""
    message = redact(message)
    return message if len(message) <= limit else message[: limit - 1] + "…"
