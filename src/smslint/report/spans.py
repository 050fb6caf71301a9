"""A template's text cut into printable pieces: masked, and marked with the findings over each.

Reports that show a whole template (HTML, Markdown) highlight the offending spans. Masking each
piece on its own would let an ID number through whenever a finding's edge falls inside it (each
half is too short to look like an ID), so identifiers are found on the whole text first and no
cut is made inside one: a span ending mid-number is widened to the number's end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..masking import mask_text, printed
from ..model import Finding


@dataclass(frozen=True)
class Piece:
    text: str  # masked, ready to print (still needs the output format's escaping)
    findings: tuple[int, ...]  # indexes of the findings whose span covers this piece


def pieces(text: str, findings: Sequence[Finding]) -> list[Piece]:
    """``text`` split at every finding boundary, in order, each piece masked."""
    hits = printed(text)

    def widen(i: int, to_end: bool) -> int:
        for h in hits:
            if h.start < i < h.end:
                return h.end if to_end else h.start
        return i

    spans = [(widen(f.start, False), widen(f.end, True)) for f in findings]
    cuts = sorted({0, len(text), *(s for s, e in spans if e > s), *(e for s, e in spans if e > s)})
    out = []
    for a, b in pairwise(cuts):
        inside = [h for h in hits if a <= h.start and h.end <= b]
        shifted = [_Shifted(h.start - a, h.end - a, h.masked) for h in inside]
        covered = tuple(i for i, (s, e) in enumerate(spans) if s <= a and b <= e and e > s)
        out.append(Piece(mask_text(text[a:b], shifted), covered))
    return out


@dataclass(frozen=True)
class _Shifted:
    start: int
    end: int
    masked: str | None
