"""Dates, times of day and deadlines.

``date`` finds when something happens: absolute dates (2024年5月10日, 5月10日, 2024-05-10),
relative days (今天, 明天, 后天, 次日), weeks and months (下周一, 本月25日, 月底), times of day
(下午6点, 24时, 10:30). ``deadline`` finds a date that limits an action: one followed by
前/之前/为止/到期/内, one introduced by 截止/最后还款日/还款日, one the reader is asked to act on
(请于5月10日还款), and spans such as 三日内, 3个工作日内. A date alone (开户日期2023年5月1日) is a
date, not a deadline; ``请尽快`` is neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from smslint.engine.recognisers.base import NOT_CLAUSE, Recogniser, Span, listed, merged, register
from smslint.engine.recognisers.numbers import COUNT, NO_DIGIT_AFTER, NO_DIGIT_BEFORE, SENTINEL

if TYPE_CHECKING:
    from smslint.packs.pack import Pack

CN_DAY = "[一二三四五六七八九十廿卅]{1,3}"
WEEKDAY = "[一二三四五六日天1-7]"


@cache
def date_source() -> str:
    day = f"(?:{NO_DIGIT_BEFORE}\\d{{1,2}}|{CN_DAY})[日号]"
    month = f"(?:{NO_DIGIT_BEFORE}\\d{{1,2}}|{CN_DAY})月"
    year = f"(?:{NO_DIGIT_BEFORE}\\d{{4}}|[零〇一二三四五六七八九]{{4}})年"
    absolute = (
        f"(?:{year})?{month}{day}"
        f"|{NO_DIGIT_BEFORE}\\d{{4}}[-/.]\\d{{1,2}}[-/.]\\d{{1,2}}{NO_DIGIT_AFTER}"
        f"|{year}{month}(?:底|末|初)?|{year}"
    )
    # 本月25日, 每月5日; 月底, 下周 stand alone; a bare day needs what follows (25日前, 5日上午)
    in_month = f"{listed('month_words')}{day}|{listed('period_words')}"
    bare_day = (
        f"(?<![月街路道巷弄]){day}"
        f"(?=\\s*(?:前|之前|以前|到期|还款|{listed('day_parts')}|\\d{{1,2}}[点时:]))"
    )
    weeks = f"(?:本|下|这|下个|本个)?(?:周|星期|礼拜){WEEKDAY}"
    relative = f"{listed('relative_days')}|{weeks}|{in_month}|{bare_day}"
    clock = (
        f"(?:{listed('day_parts')})?(?:{NO_DIGIT_BEFORE}\\d{{1,2}}|[一二两三四五六七八九十]{{1,3}})"
        f"(?:[点时](?:\\d{{1,2}}分|半|整|[一二三四五]十分)?|:\\d{{2}}{NO_DIGIT_AFTER})"
    )
    one = f"(?:{absolute}|{relative}|{clock}|{listed('day_parts')})"
    # a date and a time of day read as one mention: 9月30日24时, 今天下午6点
    return f"(?:{absolute}|{relative}|{clock})(?:\\s*{one})*"


@cache
def _date() -> re.Pattern[str]:
    return re.compile(date_source())


def dates(text: str) -> list[tuple[int, int]]:
    """Where the dates and times are, placeholders included: a ``${due}`` may be a date."""
    found = [m.span() for m in _date().finditer(text) if m.end() - m.start() > 1]
    found += [(m.start(), m.end()) for m in re.finditer(SENTINEL, text)]
    return sorted(found)


@cache
def _context() -> tuple[re.Pattern[str], ...]:
    """What makes a date a deadline, each searched right after or right before the date, so
    the long date grammar is compiled once and shared with the overdue recogniser."""
    after = listed("deadline_after")
    actions = listed("deadline_actions")
    # 请于…, 须在…, 将于…扣款 (the bank's own repayment step sets the date as well)
    asks = "(?:请|须|需|应|需要|务请|烦请|请您|您需|必须|务必|最晚|最迟|将)"
    within = f"{COUNT}(?:个)?(?:工作日|自然日|日|天|周|个月|小时)(?:之内|以内|内)"
    return (
        # 本月25日前, 9月30日24时前, ${due}之前, 5月10日到期; 今日是您的最后还款日
        re.compile(
            f"\\s*{after}|\\s*(?:自动)?(?:扣款|划扣)|(?:是|为)(?:您的)?{NOT_CLAUSE}{{0,4}}?(?:本期)?(?:最后)?{listed('due_days')}"
        ),
        # 到期还款日5月10日 (searched in the text before the date)
        re.compile(f"{listed('deadline_before')}(?:为|是|至|到)?[:：]?\\s*$"),
        # 请于5月10日还款, 须在明天处理: the ask before, the action after
        re.compile(f"{asks}(?:在|于)?{NOT_CLAUSE}{{0,2}}$"),
        re.compile(f"{NOT_CLAUSE}{{0,12}}?{actions}"),
        re.compile(f"{NO_DIGIT_BEFORE}{within}|(?:当日|当天|今日|本日|即日)(?:之内|以内|内|起)"),
    )


def deadlines(text: str) -> list[tuple[int, int]]:
    after, before, ask, action, within = _context()
    found = [m.span() for m in within.finditer(text)]
    for start, end in dates(text):
        lead = text[max(0, start - 12) : start]
        m = after.match(text, end)
        # 已于5月10日到期 is a due date gone by, not a limit still to meet
        if m and not lead.endswith(("已于", "已在", "已经于")):
            found.append((start, m.end()))
            continue
        b = before.search(lead)
        if b:
            found.append((start - len(lead) + b.start(), end))
            continue
        a = ask.search(text[max(0, start - 5) : start])
        m = action.match(text, end) if a else None
        if m:
            found.append((start, m.end()))
    return sorted(found)


@register
class Date(Recogniser):
    name = "date"
    label = "日期或时间"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        found = [self.span(text, s, e) for s, e in dates(text) if text[s:e] != SENTINEL]
        yield from merged(found)


@register
class Deadline(Recogniser):
    name = "deadline"
    label = "期限"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        yield from merged(self.span(text, s, e) for s, e in deadlines(text))
