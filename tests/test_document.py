"""Document views: the clause and sentence around a position."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.engine.document import CLAUSE_PUNCT, SENTENCE_PUNCT, Document
from smslint.engine.linter import Linter, _template


@cache
def _linter() -> Linter:
    return Linter("base")


def _naive(text: str, index: int, stops: frozenset[str]) -> tuple[int, int]:
    start = index
    while start > 0 and text[start - 1] not in stops:
        start -= 1
    end = index
    while end < len(text) and text[end] not in stops:
        end += 1
    return start, end


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab，,。！!？?；;：:、\n\r坐 ", max_size=14))
def test_clause_and_sentence_stop_at_their_punctuation(text: str) -> None:
    linter = _linter()
    doc = Document(_template(text), None, linter.pack, linter.prefilter)
    norm = doc.norm.text
    for index in range(len(norm) + 1):
        assert doc.clause(index) == _naive(norm, index, CLAUSE_PUNCT)
        assert doc.sentence(index) == _naive(norm, index, SENTENCE_PUNCT)
