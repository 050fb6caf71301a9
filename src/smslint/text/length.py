"""What a message costs: billed characters and SMS segments.

Carriers bill a Chinese SMS in UCS-2: one segment holds 70 characters, and a
longer message is split into segments of 67 (three go to the concatenation
header). A message made only of GSM-7 characters gets 160/153 instead, with
the GSM-7 extension characters counting twice. A placeholder is billed at the
longest value it can take: its declared ``vars`` maximum, else the pack's
default for that name.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from smslint.core.placeholders import Placeholder

DEFAULT_PLACEHOLDER_LENGTH = 8
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")
# The per-character tests as character classes, so a message is classified in C: this runs
# on every message of a bulk run.
_NOT_GSM7 = re.compile("[^" + "".join(map(re.escape, sorted(GSM7_BASIC | GSM7_EXTENDED))) + "]")
_GSM7_EXTENDED = re.compile("[" + "".join(map(re.escape, sorted(GSM7_EXTENDED))) + "]")
_OUTSIDE_BMP = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Length:
    chars: int
    segments: int
    encoding: str  # "GSM-7" or "UCS-2"

    def as_dict(self) -> dict[str, Any]:
        return {"chars": self.chars, "segments": self.segments, "encoding": self.encoding}


def segments(chars: int, encoding: str) -> int:
    single, multi = (160, 153) if encoding == "GSM-7" else (70, 67)
    if chars <= single:
        return 1 if chars else 0
    return math.ceil(chars / multi)


def placeholder_length(
    name: str, declared: dict[str, dict[str, Any]], defaults: dict[str, int]
) -> int:
    """A placeholder's billed length: declared ``vars`` max, else the first matching default."""
    spec = declared.get(name)
    if isinstance(spec, dict) and isinstance(spec.get("max"), int):
        return spec["max"]
    lowered = name.lower()
    for pattern, length in defaults.items():
        if fnmatchcase(lowered, pattern.lower()):
            return length
    return DEFAULT_PLACEHOLDER_LENGTH


def measure(
    text: str,
    placeholders: list[Placeholder],
    declared: dict[str, dict[str, Any]] | None = None,
    defaults: dict[str, int] | None = None,
) -> Length:
    """Billed length of ``text`` with each placeholder at its maximum length."""
    body = text
    filled = 0
    if placeholders:
        declared = declared or {}
        defaults = defaults or {}
        literal: list[str] = []
        pos = 0
        for p in placeholders:
            literal.append(text[pos : p.start])
            filled += placeholder_length(p.name, declared, defaults)
            pos = p.end
        literal.append(text[pos:])
        body = "".join(literal)
    if _NOT_GSM7.search(body) is None:
        chars = len(body) + len(_GSM7_EXTENDED.findall(body)) + filled
        encoding = "GSM-7"
    else:  # UTF-16 code units: a character outside the BMP (an emoji) takes two
        chars = len(body) + len(_OUTSIDE_BMP.findall(body)) + filled
        encoding = "UCS-2"
    return _length(chars, encoding)


_LENGTHS: dict[tuple[int, str], Length] = {}


def _length(chars: int, encoding: str) -> Length:
    """The Length of ``chars`` in ``encoding``, one shared object per value: a bulk log's
    messages have a few hundred lengths between them, and building one costs more than this."""
    found = _LENGTHS.get((chars, encoding))
    if found is None:
        found = Length(chars, segments(chars, encoding), encoding)
        if len(_LENGTHS) < 4096:
            _LENGTHS[chars, encoding] = found
    return found
