"""What every personal-data detector shares: the hit it reports and the registry it joins.

Detectors are independent plug-ins so a rule pack can switch one off or allow-list values for it
without the engine knowing any detector by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from smslint.masking import mask


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

    def find(self, text: str) -> Iterator[Hit]:
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
