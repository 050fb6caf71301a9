"""The 【…】 pairs of a message, as carriers read them: a text concern below the engine, so
the document, the ``signature`` kind and the ``institution`` kind share one scan."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE = "【", "】"
_BRACKETS = re.compile("[【】]")


@dataclass(frozen=True)
class Bracket:
    start: int  # span of 【…】 in the text, brackets included, end exclusive
    end: int

    def content(self, text: str) -> str:
        return text[self.start + 1 : self.end - 1]


def scan(text: str) -> tuple[list[Bracket], list[int]]:
    """Matched 【…】 pairs, and the positions of 【 or 】 that pair with nothing."""
    pairs: list[Bracket] = []
    stray: list[int] = []
    if OPEN not in text and CLOSE not in text:
        return pairs, stray  # four messages in five have no bracket at all
    opened: int | None = None
    for m in _BRACKETS.finditer(text):
        i, ch = m.start(), m[0]
        if ch == OPEN:
            if opened is not None:
                stray.append(opened)
            opened = i
        elif ch == CLOSE:
            if opened is None:
                stray.append(i)
            else:
                pairs.append(Bracket(opened, i + 1))
                opened = None
    if opened is not None:
        stray.append(opened)
    return pairs, stray


def signatures(text: str, pairs: list[Bracket]) -> list[Bracket]:
    """The pairs in signature position: the first one opening the message, the last closing it."""
    body_start = len(text) - len(text.lstrip())
    body_end = len(text.rstrip())
    found = [b for b in pairs[:1] if b.start == body_start]
    found += [b for b in pairs[-1:] if b.end == body_end and b not in found]
    return found
