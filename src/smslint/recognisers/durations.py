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

from .base import NOT_CLAUSE, Recogniser, Span, listed, merged, register
from .dates import date_source
from .numbers import COUNT, NO_DIGIT_AFTER, SENTINEL

if TYPE_CHECKING:
    from smslint.packs import Pack


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
def _overdue() -> re.Pattern[str]:
    late = listed("overdue_words")
    duration = duration_source()
    date = f"(?:{date_source()}|{SENTINEL})"
    return re.compile(
        # 已逾期三个月, 逾期快40天了, 拖了两个多月, 逾期已达三周, 逾期${days}
        f"{late}(?:了|已|已经|时间|天数|期限)?[:：]?\\s*{duration}(?!\\s*(?:之内|以内|内|后))"
        # 逾期${days}天, 已逾期${overdue}: a placeholder right after 逾期 is its period
        f"|逾期(?:了|已|已经|时间|天数|期限)?[:：]?\\s*{SENTINEL}"
        # 已经30天未还, 3天没还
        f"|{duration}(?:仍|还|都|尚)?(?:未还|没还|未归还|未处理|未结清)"
        # 已于5月1日逾期, 自${date}起逾期, 5月1日到期未还
        f"|{date}\\s*(?:起|开始)?(?:已|已经)?\\s*(?:逾期|到期未还|未还款|未按时还款)"
        # 已于5月1日到期，目前尚未归还
        f"|{date}\\s*到期[^。;!?\\n]{{0,8}}?(?:尚未|仍未|未|没有)(?:归还|还款|还清|结清)"
        f"|(?:逾期日期?|逾期起始日|自){NOT_CLAUSE}{{0,2}}?[:：]?\\s*{date}(?:起|开始)?(?=.{{0,8}}逾期)?"
    )


@register
class Duration(Recogniser):
    name = "duration"
    label = "时长"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        yield from merged(self.spans(text, _duration().finditer(text)))


@register
class Overdue(Recogniser):
    name = "overdue"
    label = "逾期时长或日期"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        yield from merged(self.spans(text, _overdue().finditer(text)))
