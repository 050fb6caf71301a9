"""What every personal-data detector shares: the hit it reports and the registry it joins.

Detectors are independent plug-ins so a rule pack can switch one off or allow-list values for it
without the engine knowing any detector by name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

# detector -> (characters kept at the start, characters kept at the end)
_KEEP = {"resident_id": (6, 4), "bank_card": (4, 4), "mobile": (3, 4)}


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


@dataclass(frozen=True, slots=True)
class Hit:
    """One identifier found in a text; ``start``/``end`` index the original text, end exclusive.

    ``value`` is normalised (ASCII digits, upper-case X, no separators) so allow-lists and tests
    compare values, not spellings; ``masked`` is the only form a report may print.
    """

    detector: str
    start: int
    end: int
    value: str
    masked: str
    label: str


class Detector:
    """Base of the detectors; subclasses set the class attributes and implement find/validate."""

    name: ClassVar[str]
    label: ClassVar[str]
    # Breaks ties between overlapping hits of equal length: lower wins. An 18-digit number that
    # is a valid resident ID is usually Luhn-valid by chance too, and the ID reading is the
    # stronger claim (region, date and mod-11 check all hold).
    priority: ClassVar[int]
    # A regex no text can miss if it holds a hit of this detector; detect() skips every
    # detector when none of the enabled triggers occurs, which is the common case in bulk runs.
    trigger: ClassVar[str]
    # The same for Python's ``re``, when it runs a spelling of the trigger faster (or a
    # superset of it): None means ``trigger`` itself.
    python_trigger: ClassVar[str | None] = None

    def find(self, text: str, wary: bool = False) -> Iterator[Hit]:
        """The hits in ``text``. ``wary``: for masking what is printed, where a false alarm
        costs nothing, also the readings a rule leaves out to spare false alarms (a number
        with a neighbouring group that could make it longer, one glued to letters)."""
        raise NotImplementedError

    def validate(self, value: str) -> bool:
        raise NotImplementedError

    def allows(self, hit: Hit, entries: Iterable[str]) -> bool:
        """Whether a pack's allow-list entries cover ``hit`` (by default: same normalised value)."""
        return any(self.normalise(e) == hit.value for e in entries)

    def normalise(self, value: str) -> str:
        return value

    def hit(self, start: int, end: int, value: str) -> Hit:
        return Hit(self.name, start, end, value, mask(value, self.name), self.label)


DETECTORS: dict[str, Detector] = {}


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator: one shared instance per detector, looked up by its name."""
    if cls.name in DETECTORS:
        raise ValueError(f"personal-data detector {cls.name!r} registered twice")
    DETECTORS[cls.name] = cls()
    return cls
