"""A template's text cut into printable pieces: masked, and marked with the findings over each.

Reports that show a whole template (HTML, Markdown) highlight the offending spans. Masking each
piece on its own would let an ID number through whenever a finding's edge falls inside it (each
half is too short to look like an ID), so identifiers are found on the whole text first and no
cut is made inside one: a span ending mid-number is widened to the number's end.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from smslint.core.model import Finding
from smslint.privacy.masking import mask_text, printed


@dataclass(frozen=True)
class Piece:
    text: str  # masked, ready to print (still needs the output format's escaping)
    findings: tuple[int, ...]  # indexes of the findings whose span covers this piece


def pieces(text: str, findings: Sequence[Finding]) -> list[Piece]:
    """``text`` split at every finding boundary, in order, each piece masked.

    One sweep over the cuts, the identifiers (sorted, apart) and the spans: a template with
    thousands of findings takes linear time, not a scan of every finding per piece."""
    hits = sorted(printed(text), key=lambda h: h.start)
    starts = [h.start for h in hits]

    def widen(i: int, to_end: bool) -> int:
        k = bisect_right(starts, i) - 1  # the last identifier starting at or before i
        if k >= 0 and hits[k].start < i < hits[k].end:
            return hits[k].end if to_end else hits[k].start
        return i

    spans = [(widen(f.start, False), widen(f.end, True)) for f in findings]
    cuts = sorted({0, len(text), *(s for s, e in spans if e > s), *(e for s, e in spans if e > s)})
    by_start = sorted((s, e, i) for i, (s, e) in enumerate(spans) if e > s)
    active: dict[int, int] = {}  # finding index -> its span's end, for spans begun so far
    out = []
    next_span = next_hit = 0
    for a, b in pairwise(cuts):
        while next_span < len(by_start) and by_start[next_span][0] <= a:
            _, end, index = by_start[next_span]
            active[index] = end
            next_span += 1
        for index in [i for i, end in active.items() if end <= a]:
            del active[index]
        while next_hit < len(hits) and hits[next_hit].start < a:
            next_hit += 1  # an identifier is never cut: it starts at or after a cut
        shifted = []
        k = next_hit
        while k < len(hits) and hits[k].end <= b:
            h = hits[k]
            shifted.append(_Shifted(h.start - a, h.end - a, h.masked))
            k += 1
        out.append(Piece(mask_text(text[a:b], shifted), tuple(sorted(active))))
    return out


@dataclass(frozen=True)
class _Shifted:
    start: int
    end: int
    masked: str | None
