"""Sending schedules (what a template file declares) and timing policies (what a pack allows).

A notice can be lawful in its words and still unlawful in its timing: sent at night, or so
often that it harasses. Templates therefore may declare when they go out, and packs say
what is allowed; the ``timing`` rule kind compares the two. Both are plain YAML mappings:

schedule (a template file's ``schedule:``, a template's own, or the pack's
``timing.schedule`` as the default)::

    send_at: ["09:00", "20:30"]   # times of day it is sent
    hours: [9, 20]                # the same, in whole hours
    window: ["09:00", "20:00"]    # or: sent at any time from 09:00 until before 20:00
    offsets_days: [-7, 0, 1]      # days relative to the due date (negative: before it)
    max_per_day: 2                # most messages per borrower per day
    max_per_week: 5               # ... and in any 7 days

policy (``timing:`` in a pack; ``timing.kinds.<kind>`` adds limits for one notice kind, and
where both set one, the stricter holds — hours intersect, day sets intersect, caps take the
lower; a kind's ``schedule`` replaces the pack's)::

    allowed_hours: ["08:00", "22:00"]   # sending allowed from 08:00 until before 22:00
    offsets_days: {min: -7, max: 0}     # or a list of allowed days
    max_per_day: 3
    max_per_week: 10

Times are ``"HH:MM"`` strings or whole hours (``8``). Quote them in YAML: YAML 1.1 reads an
unquoted ``20:30`` as the base-60 number 1230, which is refused with that hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)|(24):(00)")
SCHEDULE_KEYS = ("send_at", "hours", "window", "offsets_days", "max_per_day", "max_per_week")
POLICY_KEYS = ("allowed_hours", "offsets_days", "max_per_day", "max_per_week")


class ScheduleError(ValueError):
    """A schedule or policy that cannot be read; callers add the file and line."""


def parse_time(value: object, field: str, end: bool = False) -> int:
    """Minutes after midnight. 24:00 (or 24) is only an end: the close of a window."""
    if type(value) is int:
        if 0 <= value <= (24 if end else 23):
            return value * 60
        hint = ""
        if value >= 60:
            hint = f" (YAML reads an unquoted {value // 60}:{value % 60:02d} as {value}: quote it)"
        raise ScheduleError(f"{field}: {value} is not an hour of the day{hint}")
    if isinstance(value, str) and (m := _TIME.fullmatch(value.strip())):
        hour, minute = (m[1], m[2]) if m[1] else (m[3], m[4])
        if hour == "24" and not end:
            raise ScheduleError(f"{field}: 24:00 can only end a window")
        return int(hour) * 60 + int(minute)
    raise ScheduleError(f'{field}: {value!r} is not a time; write it as "HH:MM"')


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _window(value: object, field: str) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise ScheduleError(f"{field} must be a list of two times: [start, end]")
    start, stop = parse_time(value[0], field), parse_time(value[1], field, end=True)
    if start >= stop:
        raise ScheduleError(f"{field}: {clock(start)} is not before {clock(stop)}")
    return start, stop


def _count(value: object, field: str) -> int:
    if type(value) is not int or value < 1:
        raise ScheduleError(f"{field} must be a whole number of messages, at least 1")
    return value


def _days(value: object, field: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or any(type(v) is not int for v in value):
        raise ScheduleError(f"{field} must be a list of whole days, e.g. [-7, 0, 1]")
    return tuple(sorted(set(value)))


def _mapping(raw: object, keys: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ScheduleError(f"{what} must be a mapping")
    unknown = sorted(str(k) for k in raw if k not in keys)
    if unknown:
        raise ScheduleError(
            f"unknown {what} key(s) {', '.join(unknown)} (known: {', '.join(keys)})"
        )
    return raw


@dataclass(frozen=True)
class Schedule:
    times: tuple[int, ...]  # minutes after midnight of each send
    window: tuple[int, int] | None
    offsets: tuple[int, ...]
    per_day: int | None
    per_week: int | None

    def daily(self) -> int | None:
        """Messages per day: the declared cap, else one per listed send time."""
        return self.per_day if self.per_day is not None else (len(self.times) or None)

    def weekly(self) -> tuple[int, str] | None:
        """Messages in the busiest 7 days, and how that number was reached."""
        if self.per_week is not None:
            return self.per_week, "max_per_week"
        if not self.offsets:
            return None
        busiest = max(sum(d <= o < d + 7 for o in self.offsets) for d in self.offsets)
        daily = self.daily() or 1
        return busiest * daily, f"offsets_days {list(self.offsets)} × {daily}/天"


def parse_schedule(raw: object) -> Schedule:
    data = _mapping(raw, SCHEDULE_KEYS, "schedule")
    times = [parse_time(t, "send_at") for t in _list(data, "send_at")]
    for hour in _list(data, "hours"):
        if type(hour) is not int:
            raise ScheduleError(f'hours: {hour!r} is not a whole hour; use send_at for "HH:MM"')
        times.append(parse_time(hour, "hours"))
    return Schedule(
        times=tuple(sorted(set(times))),
        window=_window(data["window"], "window") if "window" in data else None,
        offsets=_days(data["offsets_days"], "offsets_days") if "offsets_days" in data else (),
        per_day=_count(data["max_per_day"], "max_per_day") if "max_per_day" in data else None,
        per_week=_count(data["max_per_week"], "max_per_week") if "max_per_week" in data else None,
    )


def _list(data: dict[str, Any], field: str) -> list[Any]:
    value = data.get(field, [])
    if not isinstance(value, list):
        raise ScheduleError(f"{field} must be a list")
    return value


@dataclass(frozen=True)
class Policy:
    window: tuple[int, int] | None
    offsets: tuple[int, ...] | None  # an allowed set ...
    offset_range: tuple[int | None, int | None] | None  # ... or a range, ends included
    per_day: int | None
    per_week: int | None

    def allows_offset(self, day: int) -> bool:
        if self.offsets is not None:
            return day in self.offsets
        if self.offset_range is not None:
            low, high = self.offset_range
            return (low is None or day >= low) and (high is None or day <= high)
        return True

    def narrow(self, other: Policy) -> Policy:
        """Both policies at once: a notice kind's policy can only add limits to the pack's."""
        window = self.window or other.window
        if self.window and other.window:
            window = (max(self.window[0], other.window[0]), min(self.window[1], other.window[1]))
            if window[0] >= window[1]:
                raise ScheduleError("allowed_hours of the kind and of the pack do not overlap")
        offsets, offset_range = None, None
        listed = self.offsets if self.offsets is not None else other.offsets
        if listed is not None:
            offsets = tuple(d for d in listed if self.allows_offset(d) and other.allows_offset(d))
        elif self.offset_range or other.offset_range:
            ranges = [r for r in (self.offset_range, other.offset_range) if r]
            lows = [r[0] for r in ranges if r[0] is not None]
            highs = [r[1] for r in ranges if r[1] is not None]
            offset_range = (max(lows) if lows else None, min(highs) if highs else None)
        return Policy(
            window=window,
            offsets=offsets,
            offset_range=offset_range,
            per_day=_least(self.per_day, other.per_day),
            per_week=_least(self.per_week, other.per_week),
        )

    def offsets_text(self) -> str:
        if self.offsets is not None:
            return "、".join(f"{d:+d}" for d in self.offsets) + " 天"
        low, high = self.offset_range or (None, None)
        if low is None:
            return "不限" if high is None else f"≤ {high:+d} 天"
        return f"≥ {low:+d} 天" if high is None else f"{low:+d} 至 {high:+d} 天"


def _least(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def parse_policy(raw: dict[str, Any]) -> Policy:
    data = {k: v for k, v in raw.items() if k in POLICY_KEYS}
    offsets = data.get("offsets_days")
    offset_range = None
    if isinstance(offsets, dict):
        low, high = offsets.get("min"), offsets.get("max")
        if set(offsets) - {"min", "max"} or any(
            v is not None and type(v) is not int for v in (low, high)
        ):
            raise ScheduleError("offsets_days must be a list of days or {min: N, max: N}")
        if low is not None and high is not None and low > high:
            raise ScheduleError(f"offsets_days: min {low} is above max {high}")
        offset_range, offsets = (low, high), None
    elif offsets is not None:
        offsets = _days(offsets, "offsets_days")
    return Policy(
        window=_window(data["allowed_hours"], "allowed_hours") if "allowed_hours" in data else None,
        offsets=offsets,
        offset_range=offset_range,
        per_day=_count(data["max_per_day"], "max_per_day") if "max_per_day" in data else None,
        per_week=_count(data["max_per_week"], "max_per_week") if "max_per_week" in data else None,
    )
