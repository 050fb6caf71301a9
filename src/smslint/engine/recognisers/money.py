"""Amounts of money: ``欠款4,600块``, ``还欠1.2万``, ``人民币贰仟元整``, ``¥1,230.00``, ranges.

A number is an amount when a currency marks it (a unit after it, a prefix before it) or when an
amount word leads into it (``应还金额：4600``). Bare numbers are never amounts: a hotline, a
card's tail digits or a mobile number carry none of these marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from smslint.engine.recognisers.base import Recogniser, Span, alternation, listed, register, words
from smslint.engine.recognisers.numbers import (
    ARABIC,
    CHINESE,
    NO_DIGIT_AFTER,
    NO_DIGIT_BEFORE,
    SENTINEL,
)

if TYPE_CHECKING:
    from smslint.packs.pack import Pack

RANGE = r"\s*(?:-|~|—|至|到)\s*"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The amounts a currency marks, and the bare numbers an amount word leads into."""
    w = words()
    units = [u for u in w["money_units"] if u not in ("万", "千")]
    unit = alternation(units)
    # 1.2万, 3千: a multiplier alone is an amount unless a count of something follows
    wan = "[万千](?!" + listed("not_money_after_wan") + ")"
    arabic_amount = f"{NO_DIGIT_BEFORE}{ARABIC}(?:\\s*万)?[多余]?"
    chinese_amount = f"{CHINESE}[多余]?"
    value = f"(?:{arabic_amount}|{chinese_amount}|{SENTINEL})"
    # a number with a unit after it, the unit of a range's first end optional
    with_unit = (
        f"(?:(?:{arabic_amount}|{SENTINEL})(?:\\s*{unit})?{RANGE})?"
        f"(?:{arabic_amount}|{SENTINEL})\\s*(?:{unit}|{wan})整?"
    )
    chinese_unit = f"(?:{chinese_amount}(?:{unit}){RANGE})?{chinese_amount}(?:{unit})整?"
    prefixed = (
        f"{listed('money_prefixes')}\\s*{value}(?:{RANGE}{value})?(?:\\s*(?:{unit}|{wan}))?整?"
    )
    context = (
        # 积分余额:2012 and 流量余额 count points and data, not money
        f"(?<!积分)(?<!流量){listed('money_context')}(?:为|是|共|共计|合计|约)?[:：]?\\s*"
        f"({NO_DIGIT_BEFORE}{ARABIC}){NO_DIGIT_AFTER}(?![.,]?\\d|\\s*(?:笔|天|日|月|年|个|期|次|号|%|小时|周|分))"
    )
    return re.compile(f"{prefixed}|{with_unit}|{chinese_unit}"), re.compile(context)


@cache
def _trigger() -> re.Pattern[str]:
    w = words()
    return re.compile(alternation([*w["money_units"], *w["money_prefixes"], *w["money_context"]]))


@register
class Money(Recogniser):
    name = "money"
    label = "金额"

    def possible(self, text: str) -> bool:
        return _trigger().search(text) is not None

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        marked, led = _patterns()
        found = [self.span(text, m.start(), m.end()) for m in marked.finditer(text)]
        for m in led.finditer(text):
            if not any(s.start < m.end(1) and m.start(1) < s.end for s in found):
                found.append(self.span(text, m.start(1), m.end(1)))
        yield from sorted(found, key=lambda s: s.start)
