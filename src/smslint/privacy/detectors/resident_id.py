"""Resident identity card numbers (GB 11643): 18 characters with a mod-11 check, or 15 legacy.

Beyond the check character, the region and the birth date must be plausible: an 18-digit
contract number passes the mod-11 check one time in eleven, but rarely also starts with a
province code and holds a real date of birth.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from smslint.privacy.detectors import digits
from smslint.privacy.detectors.base import Detector, Hit, register

# First two digits of the administrative division code: the provinces, Taiwan, Hong Kong, Macao
# and 91 (国外, abroad, in older division tables).
PROVINCES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65", "71", "81", "82", "91"
    }
)  # fmt: skip
_EARLIEST = date(1900, 1, 1)


def _born(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return _EARLIEST <= born <= date.today()


def is_resident_id(value: str) -> bool:
    """``value`` normalised (see digits.normalise): an 18- or 15-character resident ID."""
    if value[:2] not in PROVINCES:
        return False
    if len(value) == 18:
        body = value[:17]
        if not (body.isascii() and body.isdigit() and _born(value[6:14])):
            return False
        # imported on first use: python-stdnum pulls in ssl and pydoc, a fifth of a hook run
        from stdnum.cn.ric import calc_check_digit

        return calc_check_digit(value) == value[17]
    if len(value) == 15:
        # Legacy numbers (issued until 2004) hold a two-digit 19xx year and no check digit.
        return value.isascii() and value.isdigit() and _born("19" + value[6:12])
    return False


def _accept(value: str, _groups: tuple[digits.Group, ...]) -> bool:
    return is_resident_id(value)


@register
class ResidentId(Detector):
    name = "resident_id"
    label = "居民身份证号 (resident ID number)"
    priority = 0
    trigger = digits.TRIGGER
    python_trigger = digits.PYTHON_TRIGGER

    def find(self, text: str, wary: bool = False) -> Iterator[Hit]:
        for groups in digits.runs(text):
            for i, j, value in digits.pick(groups, 15, 18, _accept, wary=wary, check_x=True):
                if wary or not digits.in_code(text, groups, i, j):
                    end = groups[j - 1].x_end if value.endswith("X") else groups[j - 1].end
                    yield self.hit(groups[i].start, end, value)

    def validate(self, value: str) -> bool:
        return is_resident_id(digits.normalise(value))

    def normalise(self, value: str) -> str:
        return digits.normalise(value)
