"""The sentence context of hits, kept per sentence, answers as a fresh scan of it does."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.engine.checks.context import Unless, in_sentence
from smslint.engine.document import Document
from smslint.engine.linter import Linter, _template

ALPHABET = "谨防警惕不没坐牢。，！ab -"


@cache
def _linter() -> Linter:
    return Linter("base")


def _doc(text: str) -> Document:
    linter = _linter()
    return Document(_template(text), None, linter.pack, linter.prefilter)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET, min_size=1, max_size=40),
    words=st.lists(st.sampled_from(["谨防", "警惕", "坐牢", "牢牢", "a"]), min_size=1, max_size=3),
    asked=st.lists(st.integers(0, 39), min_size=1, max_size=8),
)
def test_a_sentence_holds_a_word_as_a_scan_finds_it(
    text: str, words: list[str], asked: list[int]
) -> None:
    doc = _doc(text)  # one document asked many times, in any order: the kept answers hold
    for original in (i % len(text) for i in asked):
        fresh = _doc(text)
        s, e = fresh.sentence(fresh.norm_index(original))
        expected = any(w in fresh.norm.text[s:e] for w in words)
        if not expected and fresh.compact_text != fresh.norm.text:
            s, e = fresh.sentence(fresh.compact_index(original), compact=True)
            expected = any(w in fresh.compact_text[s:e] for w in words)
        assert in_sentence(doc, original, Unless(tuple(words), ((),) * len(words))) == expected


def test_an_unless_word_inside_a_word_that_holds_it_is_none() -> None:
    """A list's ``not_inside`` words hold its unless words too: 投诉 in 投诉也没用 is a
    taunt, not a complaint line; elsewhere in the same sentence it still counts."""
    unless = Unless(("投诉", "谨防"), (("投诉也没用",), ()))
    doc = _doc("你去投诉也没用，再不还就上门")
    assert not in_sentence(doc, 0, unless)
    assert in_sentence(_doc("投诉也没用，可拨打投诉电话"), 0, unless)
    assert unless.first("投诉也没用谨防") == "谨防"


def test_an_unless_word_before_a_contrast_does_not_reach_past_it() -> None:
    """如遇暴力催收请报警，但再不还我们就上门: the warning does not reach the threat after 但;
    a word after the hit still counts, and 但凡, 包括但不限于, 躲不过 are no contrasts."""
    unless = Unless(("如遇", "被害人"), ((), ()))
    text = "如遇暴力催收请报警，但再不还我们就上门"
    assert not in_sentence(_doc(text), text.index("上门"), unless)
    assert in_sentence(_doc(text), text.index("报警"), unless)
    text = "虽曾受刑事处罚，但与被害人无关"
    assert in_sentence(_doc(text), text.index("刑事"), unless)
    text = "如遇暴力催收请报警，可是再不还我们就上门"  # 可是 opening a clause
    assert not in_sentence(_doc(text), text.index("上门"), unless)
    for text in ("如遇但凡要求上门的", "如遇包括但不限于上门", "如遇躲不过上门", "如遇这可是上门"):
        assert in_sentence(_doc(text), text.index("上门"), unless)


def test_unless_and_negation_on_one_long_sentence_with_many_hits() -> None:
    """Each hit of a long sentence is judged by its own sentence and clause."""
    threat = "再拖着不还，小心我们找人打断你的腿"
    warned = "谨防有人冒充催收说要打断你的腿"
    text = "。".join([threat * 20, warned * 20, "我们不会打断你的腿"]) + "。"
    findings = [f for f in _linter().lint(text) if f.rule == "base.coercion.violence"]
    sentence_of = [text.count("。", 0, f.start) for f in findings]
    assert sentence_of == [0] * 20
