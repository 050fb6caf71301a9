"""Digit runs as a reader sees them, whatever characters a sender put between the digits.

A number split as `6222 0212 3456 7890`, typed in full-width or Arabic-Indic digits, or salted
with zero-width spaces, soft hyphens or bidi marks is still read (and stolen) as the number, so
detectors must match what the eye sees: every Unicode decimal digit is a digit, and every format
character (Unicode category Cf) is invisible. Visible separators (any space character, dashes,
dots, slashes, underscores, commas, middle dots) split a run into groups: an identifier must
cover whole groups, never part of one, which is what keeps a 16-digit stretch inside a 25-digit
order number from being read as a card. Invisible characters split nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from smslint.core.tuning import DETECTED_CACHE

# Unicode 14's decimal digits (Nd, what str.isdecimal and unicodedata.decimal know), then its
# format characters (Cf): zero-width spaces and joiners, soft hyphen, LRM/RLM and every bidi
# embedding, override and isolate, word joiner, BOM, tag characters. Data, in hexadecimal code
# points and ranges, checked against the running Python's Unicode database by the tests.
DIGIT_RANGES = (
    "0030-0039 0660-0669 06F0-06F9 07C0-07C9 0966-096F 09E6-09EF 0A66-0A6F 0AE6-0AEF 0B66-0B6F"
    " 0BE6-0BEF 0C66-0C6F 0CE6-0CEF 0D66-0D6F 0DE6-0DEF 0E50-0E59 0ED0-0ED9 0F20-0F29 1040-1049"
    " 1090-1099 17E0-17E9 1810-1819 1946-194F 19D0-19D9 1A80-1A89 1A90-1A99 1B50-1B59 1BB0-1BB9"
    " 1C40-1C49 1C50-1C59 A620-A629 A8D0-A8D9 A900-A909 A9D0-A9D9 A9F0-A9F9 AA50-AA59 ABF0-ABF9"
    " FF10-FF19 104A0-104A9 10D30-10D39 11066-1106F 110F0-110F9 11136-1113F 111D0-111D9"
    " 112F0-112F9 11450-11459 114D0-114D9 11650-11659 116C0-116C9 11730-11739 118E0-118E9"
    " 11950-11959 11C50-11C59 11D50-11D59 11DA0-11DA9 16A60-16A69 16AC0-16AC9 16B50-16B59"
    " 1D7CE-1D7FF 1E140-1E149 1E2F0-1E2F9 1E950-1E959 1FBF0-1FBF9"
)
INVISIBLE_RANGES = (
    "00AD 0600-0605 061C 06DD 070F 0890-0891 08E2 180E 200B-200F 202A-202E 2060-2064 2066-206F"
    " FEFF FFF9-FFFB 110BD 110CD 13430-13438 1BCA0-1BCA3 1D173-1D17A E0001 E0020-E007F"
)
# Space characters (Zs), then the punctuation people put between digit groups.
SPACE_RANGES = "0020 00A0 1680 2000-200A 202F 205F 3000"
PUNCTUATION = "-\u2010\u2011\u2012\u2013\uff0d.\uff0e/\uff0f_\uff3f,\u00b7\u30fb\uff65"


def _ranges(ranges: str) -> list[tuple[str, str]]:
    out = []
    for part in ranges.split():
        first, _, last = part.partition("-")
        out.append((chr(int(first, 16)), chr(int(last or first, 16))))
    return out


def _chars(ranges: str) -> str:
    return "".join(chr(c) for a, b in _ranges(ranges) for c in range(ord(a), ord(b) + 1))


INVISIBLE = _chars(INVISIBLE_RANGES)
SEPARATORS = _chars(SPACE_RANGES) + PUNCTUATION
_EXES = "XxＸｘ"

_NORMAL = str.maketrans(
    {
        **{fw: str(i) for i, fw in enumerate("０１２３４５６７８９")},
        **dict.fromkeys(_EXES, "X"),
        **dict.fromkeys(INVISIBLE + SEPARATORS),
    }
)


def _inner(ranges: str = "", chars: str = "") -> str:
    """The inside of a regex class of ``ranges`` and ``chars``, spelt out rather than ``\\d``:
    the gates that screen texts also compile it for RE2 and Hyperscan, whose ``\\d`` is ASCII."""
    spans = [
        re.escape(a) if a == b else f"{re.escape(a)}-{re.escape(b)}" for a, b in _ranges(ranges)
    ]
    return "".join(spans) + "".join(re.escape(c) for c in chars)


_DIGIT_CHARS = _inner(DIGIT_RANGES)
_INVISIBLE_CHARS = _inner(INVISIBLE_RANGES)
_SEPARATOR_CHARS = _inner(SPACE_RANGES, PUNCTUATION) + _INVISIBLE_CHARS
_D, _INV, _SEP = f"[{_DIGIT_CHARS}]", f"[{_INVISIBLE_CHARS}]", f"[{_SEPARATOR_CHARS}]"
_X = "[XxＸｘ]"
DIGIT = _D  # a regex of one decimal digit, of any script
# The check character X of a resident ID ends a group; one glued to a letter or digit is part of
# a code (`123Xa`), not an ID.
# (Python's \d is the class of DIGIT_RANGES, the tests check: these regexes run in re only)
_GROUP_PATTERN = rf"\d(?:{_INV}*\d)*(?:{_INV}*{_X}(?![A-Za-z0-9０-９]))?"
_GROUP = re.compile(_GROUP_PATTERN)
# Up to three separator characters join groups (`138 - 0013 - 8000`); a wider gap is layout.
_RUN = re.compile(rf"{_GROUP_PATTERN}(?:{_SEP}{{1,3}}{_GROUP_PATTERN})*")

# The shortest identifier spelt in digits (a mobile number) has 11; runs with fewer are skipped.
MIN_DIGITS = 11
# Cheap pre-filter for detect(): a run holding MIN_DIGITS digits is at least this long.
TRIGGER = rf"{_D}[{_DIGIT_CHARS}{_SEPARATOR_CHARS}]{{{MIN_DIGITS - 1},}}"
# The same for Python's re, which tests a class of characters beyond the BMP range by range (a
# search of an ordinary message took ten times as long): the BMP part as one class, and any text
# holding a character beyond the BMP taken as a candidate (rare, and detect() then looks).
_BMP_DIGITS = "".join(
    f"{re.escape(a)}-{re.escape(b)}" for a, b in _ranges(DIGIT_RANGES) if ord(b) < 0x10000
)
_BMP_SEPARATORS = "".join(re.escape(c) for c in SEPARATORS + INVISIBLE if ord(c) < 0x10000)
PYTHON_TRIGGER = (
    rf"[{_BMP_DIGITS}][{_BMP_DIGITS}{_BMP_SEPARATORS}]{{{MIN_DIGITS - 1},}}"
    r"|[\U00010000-\U0010ffff]"
)
_OTHER = re.compile(r"[^\x00-\x7f]")


def normalise(value: str) -> str:
    """ASCII digits and upper-case X, separators and invisible characters removed."""
    plain = value.translate(_NORMAL)
    if plain.isascii():
        return plain
    return _OTHER.sub(lambda m: str(unicodedata.decimal(m.group(), m.group())), plain)


@dataclass(frozen=True, slots=True)
class Group:
    digits: str  # normalised, without a trailing check character X
    start: int
    end: int  # after the last digit
    x_end: int  # after the check character X that ends the group; ``end`` when there is none


@lru_cache(maxsize=DETECTED_CACHE)
def runs(text: str) -> tuple[tuple[Group, ...], ...]:
    """The digit runs of ``text`` holding at least MIN_DIGITS digits, as groups.

    Cached: each digit detector scans the text in turn, and masking detects once more.
    """
    found = []
    for m in _RUN.finditer(text):
        if m.end() - m.start() < MIN_DIGITS:
            continue
        base = m.start()
        groups = tuple(_group(g, base) for g in _GROUP.finditer(m.group()))
        if sum(len(g.digits) for g in groups) >= MIN_DIGITS:
            found.append(groups)
    return tuple(found)


_TRAILING_X = re.compile(rf"{_INV}*{_X}$")


def _group(match: re.Match[str], base: int) -> Group:
    """A group, its check character X kept apart: only a resident ID counts it, and a card or a
    mobile followed by an X (`…0128X`) is still a card or a mobile."""
    raw = match.group()
    x = _TRAILING_X.search(raw)
    digits_end = match.end() - (len(x.group()) if x else 0)
    return Group(
        normalise(raw[: len(raw) - len(x.group())] if x else raw),
        base + match.start(),
        base + digits_end,
        base + match.end(),
    )


def in_code(text: str, groups: tuple[Group, ...], i: int, j: int) -> bool:
    """Whether ``groups[i:j]`` is glued to ASCII letters at an end of its run (`fzp1407…`).

    Booking, tracking and order references mix letters and digits; the digits in them are not
    an ID or a card number. Mobile numbers are exempt: `电话138…qq909…` is a phone number.
    """
    before = i == 0 and groups[0].start > 0 and _is_letter(text[groups[0].start - 1])
    last = groups[-1].x_end
    after = j == len(groups) and last < len(text) and _is_letter(text[last])
    return before or after


def _is_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def pick(
    groups: tuple[Group, ...],
    min_len: int,
    max_len: int,
    accept: Callable[[str, tuple[Group, ...]], bool],
    reach: int | None = None,
    wary: bool = False,
    check_x: bool = False,
) -> Iterator[tuple[int, int, str]]:
    """Non-overlapping windows ``groups[i:j]`` whose joined digits ``accept`` takes.

    Scans left to right and, at each start, tries the longest window first, so a 19-digit card
    written 4-4-4-4-3 is not reported as its first 16 digits. A window is not taken while a
    neighbouring group could still belong to the same number (joined digits within ``reach``,
    default ``max_len``): `6222 0212 3456 7890 12` is one 18-digit number that failed its check,
    not a 16-digit card followed by `12`. ``wary`` (for masking) takes such windows too.
    """
    reach = max_len if reach is None else reach
    i, n = 0, len(groups)
    while i < n:
        candidates = []
        digits = ""
        for j in range(i, n):
            digits += groups[j].digits
            if not check_x and groups[j].x_end > groups[j].end and len(digits) == 17:
                break  # seventeen digits and an X: an ID that failed its check, not a card
            options = [digits]
            if check_x and groups[j].x_end > groups[j].end:  # a resident ID's check character
                options.append(digits + "X")  # tried first: candidates are tried from the end
            for option in options:
                if min_len <= len(option) <= max_len:
                    candidates.append((j + 1, option))
            if len(digits) > max_len or groups[j].x_end > groups[j].end:  # X ends a number
                break
        for j, digits in reversed(candidates):
            bounded = wary or _bounded(groups, i, j, len(digits), reach)
            if bounded and accept(digits, groups[i:j]):
                yield i, j, digits
                i = j
                break
        else:
            i += 1


def _bounded(groups: tuple[Group, ...], i: int, j: int, size: int, reach: int) -> bool:
    before = i > 0 and size + len(groups[i - 1].digits) <= reach
    after = j < len(groups) and size + len(groups[j].digits) <= reach
    return not (before or after)
