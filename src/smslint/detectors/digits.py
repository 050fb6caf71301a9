"""Digit runs as a reader sees them, whatever characters a sender put between the digits.

A number split as `6222 0212 3456 7890`, typed in full-width digits, or salted with zero-width
spaces is still read (and stolen) as the number, so detectors must match what the eye sees.
Visible separators (space, dash, dot) split a run into groups: an identifier must cover whole
groups, never part of one, which is what keeps a 16-digit stretch inside a 25-digit order
number from being read as a card. Invisible characters split nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
SEPARATORS = " \u00a0\u3000-\u2010\u2011\u2012\u2013\uff0d.\uff0e"
_DIGITS = "0123456789０１２３４５６７８９"
_EXES = "XxＸｘ"

_NORMAL = str.maketrans(
    {
        **{fw: str(i) for i, fw in enumerate("０１２３４５６７８９")},
        **dict.fromkeys(_EXES, "X"),
        **dict.fromkeys(INVISIBLE + SEPARATORS),
    }
)


def _cls(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


_D, _INV, _SEP, _X = _cls(_DIGITS), _cls(INVISIBLE), _cls(SEPARATORS + INVISIBLE), _cls(_EXES)
# The check character X of a resident ID ends a group; one glued to a letter or digit is part of
# a code (`123Xa`), not an ID.
_GROUP_PATTERN = rf"{_D}(?:{_INV}*{_D})*(?:{_INV}*{_X}(?![A-Za-z0-9０-９]))?"
_GROUP = re.compile(_GROUP_PATTERN)
# Up to three separator characters join groups (`138 - 0013 - 8000`); a wider gap is layout.
_RUN = re.compile(rf"{_GROUP_PATTERN}(?:{_SEP}{{1,3}}{_GROUP_PATTERN})*")

# The shortest identifier spelt in digits (a mobile number) has 11; runs with fewer are skipped.
MIN_DIGITS = 11
# Cheap pre-filter for detect(): a run holding MIN_DIGITS digits is at least this long.
TRIGGER = rf"{_D}{_cls(_DIGITS + SEPARATORS + INVISIBLE)}{{{MIN_DIGITS - 1},}}"


def normalise(value: str) -> str:
    """ASCII digits and upper-case X, separators and invisible characters removed."""
    return value.translate(_NORMAL)


@dataclass(frozen=True, slots=True)
class Group:
    digits: str  # normalised
    start: int
    end: int


@lru_cache(maxsize=16)
def runs(text: str) -> tuple[tuple[Group, ...], ...]:
    """The digit runs of ``text`` holding at least MIN_DIGITS digits, as groups.

    Cached because every digit detector scans the same text in turn within one detect() call.
    """
    found = []
    for m in _RUN.finditer(text):
        if m.end() - m.start() < MIN_DIGITS:
            continue
        base = m.start()
        groups = tuple(
            Group(normalise(g.group()), base + g.start(), base + g.end())
            for g in _GROUP.finditer(m.group())
        )
        if sum(len(g.digits) for g in groups) >= MIN_DIGITS:
            found.append(groups)
    return tuple(found)


def in_code(text: str, groups: tuple[Group, ...], i: int, j: int) -> bool:
    """Whether ``groups[i:j]`` is glued to ASCII letters at an end of its run (`fzp1407…`).

    Booking, tracking and order references mix letters and digits; the digits in them are not
    an ID or a card number. Mobile numbers are exempt: `电话138…qq909…` is a phone number.
    """
    before = i == 0 and groups[0].start > 0 and _is_letter(text[groups[0].start - 1])
    after = j == len(groups) and groups[-1].end < len(text) and _is_letter(text[groups[-1].end])
    return before or after


def _is_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def pick(
    groups: tuple[Group, ...],
    min_len: int,
    max_len: int,
    accept: Callable[[str, tuple[Group, ...]], bool],
    reach: int | None = None,
) -> Iterator[tuple[int, int, str]]:
    """Non-overlapping windows ``groups[i:j]`` whose joined digits ``accept`` takes.

    Scans left to right and, at each start, tries the longest window first, so a 19-digit card
    written 4-4-4-4-3 is not reported as its first 16 digits. A window is not taken while a
    neighbouring group could still belong to the same number (joined digits within ``reach``,
    default ``max_len``): `6222 0212 3456 7890 12` is one 18-digit number that failed its check,
    not a 16-digit card followed by `12`.
    """
    reach = max_len if reach is None else reach
    i, n = 0, len(groups)
    while i < n:
        candidates = []
        digits = ""
        for j in range(i, n):
            digits += groups[j].digits
            if len(digits) > max_len:
                break
            if len(digits) >= min_len:
                candidates.append((j + 1, digits))
        for j, digits in reversed(candidates):
            if _bounded(groups, i, j, len(digits), reach) and accept(digits, groups[i:j]):
                yield i, j, digits
                i = j
                break
        else:
            i += 1


def _bounded(groups: tuple[Group, ...], i: int, j: int, size: int, reach: int) -> bool:
    before = i > 0 and size + len(groups[i - 1].digits) <= reach
    after = j < len(groups) and size + len(groups[j].digits) <= reach
    return not (before or after)
