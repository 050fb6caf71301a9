from __future__ import annotations

import random

import pytest

from smslint.core.placeholders import find_placeholders
from smslint.text.length import measure, placeholder_length, segments


def _expected_ucs2(chars: int) -> int:
    return 1 if chars <= 70 else -(-chars // 67)


@pytest.mark.parametrize(
    ("chars", "expected"), [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)]
)
def test_ucs2_boundaries(chars: int, expected: int) -> None:
    assert measure("中" * chars, []).segments == expected
    assert measure("中" * chars, []).encoding == "UCS-2"


@pytest.mark.parametrize(("chars", "expected"), [(160, 1), (161, 2), (306, 2), (307, 3)])
def test_gsm7_boundaries(chars: int, expected: int) -> None:
    length = measure("a" * chars, [])
    assert (length.encoding, length.segments) == ("GSM-7", expected)


def test_gsm7_extension_characters_count_twice() -> None:
    assert measure("{}", []).chars == 4


def test_emoji_takes_two_units() -> None:
    assert measure("还款😀", []).chars == 4


def test_placeholders_count_at_declared_or_default_length() -> None:
    text = "【某银行】应还${amount}元，卡尾号{{card_last4}}，{1}"
    phs = find_placeholders(text)
    declared = {"amount": {"max": 12}}
    defaults = {"*last4*": 4, "*": 7}
    length = measure(text, phs, declared, defaults)
    literal = len(text) - sum(p.end - p.start for p in phs)
    assert length.chars == literal + 12 + 4 + 7


def test_default_when_no_pattern_matches() -> None:
    assert placeholder_length("x", {}, {"*amount*": 10}) == 8


def test_generated_templates_follow_the_70_67_rule() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(20, 400)
        pieces = []
        filled = 0
        while sum(map(len, pieces)) < n:
            if rng.random() < 0.1:
                pieces.append(f"${{v{rng.randint(0, 9)}}}")
                filled += 5
            else:
                pieces.append(rng.choice("尊敬的客户您好请按时还款，。"))
        text = "".join(pieces)
        phs = find_placeholders(text)
        chars = len(text) - sum(p.end - p.start for p in phs) + 5 * len(phs)
        length = measure(text, phs, {}, {"*": 5})
        assert length.chars == chars
        assert length.segments == _expected_ucs2(chars) == segments(chars, "UCS-2")
