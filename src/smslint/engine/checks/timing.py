"""``timing``: a template's sending schedule against the pack's timing policy.

The schedule comes from the template (its own ``schedule:`` or its file's), else from the
pack's ``timing.schedule``; the policy is the pack's ``timing`` narrowed by
``timing.kinds.<kind>`` (see :mod:`smslint.engine.schedule` for both formats). Each rule runs one
``check``:

- ``hours``: every send time, and the whole of a sending window, inside ``allowed_hours``;
- ``offsets``: every day relative to the due date inside ``offsets_days``;
- ``frequency``: messages per day (declared, else one per send time) and in the busiest
  7 days (declared, else counted from ``offsets_days``) within ``max_per_day`` /
  ``max_per_week``.

A template without a schedule has nothing to check. A schedule that cannot be read stops
the run with ``file:line`` of its template (exit 2): a half-read schedule would pass
silently. Findings point at the start of the template (0, 0): the schedule is not text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from smslint.core.errors import SmslintError
from smslint.core.model import KINDS, Finding
from smslint.engine.checks import Check
from smslint.engine.checks.wording import fill
from smslint.engine.document import Document
from smslint.engine.schedule import (
    Policy,
    Schedule,
    ScheduleError,
    clock,
    parse_policy,
    parse_schedule,
)

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext


def hours(schedule: Schedule, policy: Policy) -> Iterator[str]:
    if policy.window is None:
        return
    start, stop = policy.window
    allowed = f"允许时段 {clock(start)}–{clock(stop)}"
    for t in schedule.times:
        if not start <= t < stop:
            yield f"发送时间 {clock(t)} 不在{allowed} 内"
    if schedule.window and (schedule.window[0] < start or schedule.window[1] > stop):
        w0, w1 = schedule.window
        yield f"发送时段 {clock(w0)}–{clock(w1)} 超出{allowed}"


def offsets(schedule: Schedule, policy: Policy) -> Iterator[str]:
    for day in schedule.offsets:
        if not policy.allows_offset(day):
            yield f"相对到期日 {day:+d} 天发送，不在允许范围（{policy.offsets_text()}）内"


def frequency(schedule: Schedule, policy: Policy) -> Iterator[str]:
    daily = schedule.daily()
    if policy.per_day is not None and daily is not None and daily > policy.per_day:
        basis = "max_per_day" if schedule.per_day is not None else "每个发送时点 1 条"
        yield f"每天发送 {daily} 条（{basis}），超过上限 {policy.per_day} 条"
    weekly = schedule.weekly()
    if policy.per_week is not None and weekly is not None and weekly[0] > policy.per_week:
        count, basis = weekly
        yield f"任意 7 天内最多发送 {count} 条（{basis}），超过上限 {policy.per_week} 条"


# check -> (the policy keys it needs, what it finds wrong)
CHECKS = {
    "hours": (("allowed_hours",), hours),
    "offsets": (("offsets_days",), offsets),
    "frequency": (("max_per_day", "max_per_week"), frequency),
}


class Timing(Check):
    name = "timing"
    options = {"check": str}
    required_options = ("check",)

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        self.which = self.choice("check", CHECKS)
        top = {k: v for k, v in pack.timing.items() if k != "kinds"}
        per_kind: dict[str, Any] = pack.timing.get("kinds") or {}
        self.policies: dict[str | None, Policy] = {}
        self.defaults: dict[str | None, Schedule | None] = {}
        for kind in (None, *KINDS):
            own = per_kind.get(kind) or {} if kind else {}
            try:
                self.policies[kind] = parse_policy(top).narrow(parse_policy(own))
                raw = own.get("schedule", top.get("schedule"))
                self.defaults[kind] = None if raw is None else parse_schedule(raw)
            except ScheduleError as exc:
                where = f"timing.kinds.{kind}" if own else "timing"
                raise self.error(f"pack {where}: {exc}") from None
        keys, self.problems = CHECKS[self.which]
        if not any(layer.get(key) for layer in (top, *per_kind.values()) for key in keys):
            needed = " or ".join(f"timing.{key}" for key in keys)
            raise self.error(f"check {self.which!r} needs {needed} in the pack", "check")

    def _schedule(self, doc: Document) -> Schedule | None:
        template = doc.template
        if template.schedule is None:
            return self.defaults.get(doc.kind)
        try:
            return parse_schedule(template.schedule)
        except ScheduleError as exc:
            raise SmslintError(
                f"template {template.id!r}: schedule: {exc}", template.file, template.line
            ) from None

    def check(self, doc: Document) -> Iterator[Finding]:
        schedule = self._schedule(doc)
        if schedule is None:
            return
        policy = self.policies.get(doc.kind, self.policies[None])
        for detail in self.problems(schedule, policy):
            yield self.finding(0, 0, fill(self.rule.message, None, detail))
