"""The lexicon's sentence and clause context, found by bisection, answers as a scan does."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.checks.lexicon import NEGATOR_CHARS, _holds, _negator_marks, _occurrences
from smslint.document import Document
from smslint.linter import Linter, _template

ALPHABET = "谨防警惕不没坐牢。，！ab"


@cache
def _linter() -> Linter:
    return Linter("base")


def _doc(text: str) -> Document:
    linter = _linter()
    return Document(_template(text), None, linter.pack, linter.shared)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, max_size=40),
    word=st.sampled_from(["谨防", "警惕", "坐牢", "牢牢", "a"]),
    bounds=st.tuples(st.integers(0, 45), st.integers(0, 45)),
)
def test_a_word_within_a_stretch_is_found_as_a_scan_finds_it(
    text: str, word: str, bounds: tuple[int, int]
) -> None:
    doc = _doc(text)
    norm = doc.norm.text
    start, end = sorted(bounds)
    assert _holds(_occurrences(doc, word), len(word), start, end) == (word in norm[start:end])
    negator = any(ch in NEGATOR_CHARS for ch in norm[start:end])
    assert _holds(_negator_marks(doc), 1, start, end) == negator


def test_unless_and_negation_on_one_long_sentence_with_many_hits() -> None:
    """Each hit of a long sentence is judged by its own sentence and clause."""
    threat = "再拖着不还，小心我们找人打断你的腿"
    warned = "谨防有人冒充催收说要打断你的腿"
    text = "。".join([threat * 20, warned * 20, "我们不会打断你的腿"]) + "。"
    findings = [f for f in _linter().lint(text) if f.rule == "base.coercion.violence"]
    sentence_of = [text.count("。", 0, f.start) for f in findings]
    assert sentence_of == [0] * 20
