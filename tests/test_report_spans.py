"""report.spans.pieces: the sweep cuts and marks a text as a scan of every finding would."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.model import Finding
from smslint.privacy.masking import mask_text, printed
from smslint.report.spans import Piece, _Shifted, pieces


def _reference(text: str, findings: list[Finding]) -> list[Piece]:
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


def _finding(start: int, end: int) -> Finding:
    return Finding("r", "coercion", "error", "m", start, end)


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(alphabet="坐牢13800138000 6222021234567890128，", max_size=60),
    bounds=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6),
)
def test_pieces_as_a_scan_makes_them(text: str, bounds: list[tuple[int, int]]) -> None:
    findings = [_finding(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in bounds]
    assert pieces(text, findings) == _reference(text, findings)
