"""Masking: what reports print instead of an identifier must never give the identifier away."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.privacy.detectors import detect, digits, trigger
from smslint.privacy.masking import mask, mask_text, redact, unmasked
from tests.idgen import IdGen

ID_X = "11010119900307002X"
CARD19 = "6228480012345678903"
MOBILE = "13800138000"


@pytest.mark.parametrize(
    ("value", "detector", "masked"),
    [
        (ID_X, "resident_id", "110101********002X"),
        ("110101900307123", "resident_id", "110101*****7123"),
        ("6222021234567894", "bank_card", "6222********7894"),
        (CARD19, "bank_card", "6228***********8903"),
        (MOBILE, "mobile", "138****8000"),
        ("Zhang.San@qq.com", "email", "Z***@qq.com"),
        ("id_no", "placeholder", "id_no"),
        ("1234567890", "passport", "******7890"),
        ("123", "bank_card", "***"),
    ],
)
def test_mask_shapes(value: str, detector: str, masked: str) -> None:
    assert mask(value, detector) == masked


@pytest.mark.parametrize(
    ("spelt", "detector", "masked"),
    [
        ("１３８ ００１３\u200b８０００", "mobile", "138****8000"),
        ("+86 138-0013-8000", "mobile", "138****8000"),
        ("110101 19900307 002x", "resident_id", "110101********002X"),
        ("6228 4800 1234 5678 903", "bank_card", "6228***********8903"),
    ],
)
def test_mask_takes_values_as_spelt(spelt: str, detector: str, masked: str) -> None:
    assert mask(spelt, detector) == masked


@settings(max_examples=200, deadline=None)
@given(
    st.text("0123456789", min_size=1, max_size=25),
    st.sampled_from(["resident_id", "bank_card", "mobile", "other"]),
)
def test_masked_form_never_holds_the_value(value: str, detector: str) -> None:
    masked = mask(value, detector)
    assert value not in masked
    assert masked.count("*") >= min(4, len(value))


@dataclass
class _Finding:
    start: int
    end: int
    masked: str | None


def test_mask_text_of_several_identifiers_leaks_none() -> None:
    text = f"身份证{ID_X}，卡号6228 4800 1234 5678 903，手机+86 138\u200b0013 8000"
    text += "，邮箱li.hua@163.com"
    out = mask_text(text, detect(text))
    assert out == (
        "身份证110101********002X，卡号6228***********8903，手机138****8000，邮箱l***@163.com"
    )
    for value in (ID_X, CARD19, MOBILE, "li.hua@163.com"):
        assert value not in out
        assert value not in digits.normalise(out)


def test_mask_text_never_lets_overlapping_spans_through() -> None:
    text = "0123456789abcdef"
    spans = [_Finding(2, 8, "<A>"), _Finding(5, 12, "<B>"), _Finding(3, 4, "<C>")]
    assert mask_text(text, spans) == "01<A>****cdef"


def test_mask_text_leaves_spans_without_a_masked_form() -> None:
    assert mask_text("abc def", [_Finding(0, 3, None), _Finding(4, 7, "***")]) == "abc ***"


def test_redact_masks_everything_and_is_stable() -> None:
    text = f"证件号：{ID_X}。客服95558，尾号1234。"
    once = redact(text)
    assert once == "证件号：110101********002X。客服95558，尾号1234。"
    assert redact(once) == once


def test_redact_of_text_without_identifiers_is_the_text() -> None:
    text = "【中信银行】尊敬的${name}，您尾号${card_last4}的信用卡本期应还12,345.67元。"
    assert redact(text) == text


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4))
def test_redacted_generated_messages_hold_no_identifier(seed: int, count: int) -> None:
    gen = IdGen(seed)
    cases = [gen.positive() for _ in range(count)]
    text = "；".join(c.text for c in cases)
    out = redact(text)
    flat = digits.normalise(out).lower()
    values = {c.value.upper() for c in cases if c.kind != "placeholder"}  # a name, not data
    for value in values:
        assert value.lower() not in flat
    assert {h.value.upper() for h in detect(out)}.isdisjoint(values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789１ -@＠{}a\u200b尾号", max_size=16), max_size=6))
def test_unmasked_texts_are_those_redact_leaves_alone(texts: list[str]) -> None:
    """One search over a chunk's texts says which need no masking: never one that does."""
    for text, clean in zip(texts, unmasked(texts), strict=True):
        if clean:
            assert detect(text) == [] and redact(text) == text
        else:
            assert re.search(trigger(python=True), text) is not None
