"""Durations (``3天``, ``两个多月``, ``三周``, ``半年``) and how long a debt is overdue.

``overdue`` is a duration or a date that the clause ties to the debt being late: 已逾期三个月,
逾期快40天了, 拖了两个多月, 逾期已达三周, 已于5月1日逾期, 自${date}起逾期. A duration of
something else (3个工作日内回复) is a duration, not an overdue period.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from smslint.engine.recognisers.base import (
    NOT_CLAUSE,
    GrammarRecogniser,
    Recogniser,
    Span,
    listed,
    merged,
    register,
    words,
)
from smslint.engine.recognisers.dates import dates
from smslint.engine.recognisers.numbers import COUNT, NO_DIGIT_AFTER, SENTINEL

if TYPE_CHECKING:
    from smslint.packs.pack import Pack


@cache
def duration_source() -> str:
    units = listed("duration_units")
    modifiers = listed("duration_modifiers")
    # 年 after four digits is a year (2024年), not a duration
    # 年 after four digits is a year (2024年), a count after 第 an ordinal (逾期第45天)
    count = f"(?:(?<![\\d第]){COUNT}(?<!\\d{{4}}))"
    counted = listed("duration_units_after_ge")  # 三个月, never 三月 (that is March)
    amount = (
        f"(?:{count}(?:个多|多个|个)(?:{counted}|{units})多?|{count}多?{units}多?"
        f"|半(?:个月|年)|(?:一|1)年半|{count}个半月|{count}日(?=之内|以内|内))"
    )
    # 两个月零五天 is one duration
    return f"(?:{modifiers}\\s*)?{amount}(?:零{amount})?(?:了)?{NO_DIGIT_AFTER}"


@cache
def _duration() -> re.Pattern[str]:
    return re.compile(duration_source())


@cache
def _context() -> tuple[re.Pattern[str], ...]:
    """What ties a duration or a date to the debt being late, searched around the duration
    and date spans so their grammars are compiled once."""
    late = listed("overdue_words")
    small = "(?:了|已|已经|时间|天数|期限)?[:：]?\\s*"
    return (
        # 已逾期三个月, 逾期快40天了, 逾期已达三周 (searched in the text before the duration)
        re.compile(f"{late}{small}$"),
        # 3个工作日内 and 逾期后3天 are limits, not how long the debt is late
        re.compile("\\s*(?:之内|以内|内|后)"),
        # 已经30天未还, 3天没还
        re.compile("(?:仍|还|都|尚)?(?:未还|没还|未归还|未处理|未结清)"),
        # 逾期${days}天: a placeholder right after 逾期 is its period
        re.compile(f"逾期{small}{SENTINEL}"),
        # 已于5月1日逾期, 自${date}起逾期, 5月1日到期未还; 已于5月1日到期，目前尚未归还
        re.compile(
            # 5月1日的账单未还, 5月1日应还款项尚未结清
            "\\s*(?:起|开始)?(?:的)?(?:账单|欠款|借款|款项|应还款项|应还款|还款)?"
            "(?:至今|目前)?(?:仍|尚|还|已|已经)?\\s*(?:逾期|到期未还|未还款|未还|未结清|未归还|未按时还款)"
            "|\\s*到期[^。;!?\\n]{0,8}?(?:尚未|仍未|未|没有)(?:归还|还款|还清|结清)"
        ),
        # 逾期日期：5月1日, 自5月1日起 … 逾期
        re.compile(f"(?:逾期日期?|逾期起始日|自){NOT_CLAUSE}{{0,2}}[:：]?\\s*$"),
        re.compile("(?:起|开始)?.{0,8}?逾期"),
    )


def overdue(text: str) -> list[tuple[int, int]]:
    late, limit, unpaid, placeholder, dated, named, follows = _context()
    found = [m.span() for m in placeholder.finditer(text)]
    late_words = tuple(words()["overdue_words"])
    for m in _duration().finditer(text):
        start, end = m.span()
        if limit.match(text, end):
            continue
        lead = late.search(text[max(0, start - 8) : start])
        if lead:
            found.append((start - (min(start, 8) - lead.start()), end))
        elif m.group(0).startswith(late_words):  # 拖了两个多月: the modifier says it
            found.append((start, end))
        else:
            tail = unpaid.match(text, end)
            if tail:
                found.append((start, tail.end()))
    for start, end in dates(text):
        tail = dated.match(text, end)
        if tail:
            found.append((start, tail.end()))
            continue
        lead = named.search(text[max(0, start - 8) : start])
        tail = follows.match(text, end) if lead else None
        if lead and tail:
            found.append((start - (min(start, 8) - lead.start()), tail.end()))
    return sorted(found)


@register
class Duration(GrammarRecogniser):
    name = "duration"
    label = "时长"
    grammar = staticmethod(_duration)


@cache
def _trigger() -> re.Pattern[str]:
    # every branch of overdue() needs one of these: a late word, 逾期, 到期, or 未还 …
    return re.compile(listed("overdue_words") + "|逾期|到期|未处理|未结清|未还款")


@register
class Overdue(Recogniser):
    name = "overdue"
    label = "逾期时长或日期"

    def possible(self, text: str) -> bool:
        return _trigger().search(text) is not None

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        yield from merged(self.span(text, s, e) for s, e in overdue(text))
