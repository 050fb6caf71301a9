"""Mainland mobile numbers: 11 digits `1[3-9]…`, optionally behind the +86 / 0086 country code.

Only the ways people actually write a mobile number are accepted (whole, or split 3-4-4,
4-4-3, 3-8, 7-4): landlines (`010-12345678`) and hotlines (`400-820-8888`, `95558`) never start with
`1[3-9]` over 11 digits, and a stricter grouping keeps joined-up dates and amounts out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from smslint.privacy.detectors import digits
from smslint.privacy.detectors.base import Detector, Hit, register

_NATIONAL = re.compile(r"1[3-9]\d{9}")
_SPLITS = frozenset({(11,), (3, 4, 4), (4, 4, 3), (3, 8), (7, 4)})
_COUNTRY_CODES = ("0086", "86")
_PLUS = "+＋"


def _split(value: str) -> tuple[str, str] | None:
    """(country code or '', 11-digit number) for a normalised ``value``."""
    for code in ("", *_COUNTRY_CODES):
        if value.startswith(code) and _NATIONAL.fullmatch(value, len(code)):
            return code, value[len(code) :]
    return None


def _accept(value: str, groups: tuple[digits.Group, ...]) -> bool:
    found = _split(value)
    if found is None:
        return False
    # The grouping of the national number, whether the code stands apart (`86 138 0013 8000`)
    # or is glued on (`+86138 0013 8000`).
    sizes = [len(g.digits) for g in groups]
    sizes[0] -= len(found[0])
    return tuple(s for s in sizes if s) in _SPLITS


def _in_fours(groups: tuple[digits.Group, ...], i: int, j: int) -> bool:
    """Whether ``groups[i:j]``, written 4-4-3, follows a group of four: the tail of a longer
    number written in fours (a card's 4-4-4-4-3), not a phone number."""
    sizes = tuple(len(g.digits) for g in groups[i:j])
    return sizes == (4, 4, 3) and len(groups[i - 1].digits) == 4


@register
class Mobile(Detector):
    name = "mobile"
    label = "手机号码 (mobile number)"
    priority = 2
    trigger = digits.TRIGGER
    python_trigger = digits.PYTHON_TRIGGER

    def find(self, text: str, wary: bool = False) -> Iterator[Hit]:
        for groups in digits.runs(text):
            # A neighbour group never makes an 11-digit number longer: `86` is taken as a
            # country code by _accept, and `2024-03-15 138 0013 8000` holds a mobile.
            for i, j, value in digits.pick(groups, 11, 15, _accept, reach=11, wary=wary):
                if not wary and i and _in_fours(groups, i, j):
                    continue
                start = groups[i].start
                if start > 0 and text[start - 1] in _PLUS and value.startswith(_COUNTRY_CODES):
                    start -= 1
                yield self.hit(start, groups[j - 1].end, value[-11:])

    def validate(self, value: str) -> bool:
        return _split(digits.normalise(value.lstrip(_PLUS))) is not None

    def normalise(self, value: str) -> str:
        plain = digits.normalise(value.lstrip(_PLUS))
        found = _split(plain)
        return found[1] if found else plain
