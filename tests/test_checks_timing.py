from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smslint.core.errors import SmslintError
from smslint.core.model import Template, TextMap
from smslint.engine.linter import Linter
from smslint.engine.schedule import ScheduleError, parse_policy, parse_schedule, parse_time
from smslint.sources import read_path

from .formatpack import FORMAT, found, linter, write_pack

HOURS = "format.timing.hours"
OFFSETS = "format.timing.offsets"
FREQUENCY = "format.timing.frequency"


def details(rule: str, schedule: dict[str, Any] | None, kind: str = "overdue") -> list[str]:
    hits = found(rule, "请还款", kind, schedule=schedule)
    assert all((f.start, f.end, f.category) == (0, 0, "timing") for f in hits)
    return [f.message for f in hits]


@pytest.mark.parametrize(
    ("schedule", "bad"),
    [
        ({"send_at": ["08:00"]}, False),
        ({"send_at": ["07:59"]}, True),
        ({"send_at": ["21:59"]}, False),
        ({"send_at": ["22:00"]}, True),
        ({"hours": [21]}, False),
        ({"hours": [22]}, True),
        ({"window": ["08:00", "22:00"]}, False),
        ({"window": ["08:00", "22:01"]}, True),
        ({"window": ["07:00", "09:00"]}, True),
    ],
)
def test_hours_boundaries(schedule: dict[str, Any], bad: bool) -> None:
    assert bool(details(HOURS, schedule)) is bad


def test_hours_reports_each_time_and_the_allowed_window() -> None:
    messages = details(HOURS, {"send_at": ["07:00", "12:00", "23:30"]})
    assert len(messages) == 2
    assert "07:00" in messages[0] and "08:00–22:00" in messages[0]
    assert "23:30" in messages[1]


def test_no_schedule_nothing_to_check() -> None:
    assert details(HOURS, None) == details(FREQUENCY, None) == []


@pytest.mark.parametrize(
    ("kind", "offsets", "bad"),
    [
        ("reminder", [0], []),
        ("reminder", [1], [1]),
        ("reminder", [-7, -1, 0, 2], [2]),
        ("overdue", [1, 30], []),
        ("overdue", [0, 31], [0, 31]),
        ("notification", [99], []),  # no policy for the kind, and the rule is for two kinds
    ],
)
def test_offsets_per_kind(kind: str, offsets: list[int], bad: list[int]) -> None:
    messages = details(OFFSETS, {"offsets_days": offsets}, kind)
    assert len(messages) == len(bad)
    assert all(f"{day:+d} 天发送" in m for day, m in zip(bad, messages, strict=True))


@pytest.mark.parametrize(
    ("schedule", "count"),
    [
        ({"send_at": ["09:00", "18:00"]}, 0),
        ({"send_at": ["09:00", "12:00", "18:00"]}, 1),
        ({"send_at": ["09:00", "12:00", "18:00"], "max_per_day": 2}, 0),
        ({"max_per_day": 3}, 1),
        ({"offsets_days": [-7, 0, 1, 7]}, 0),  # at most 2 in any 7 days
        ({"offsets_days": [-3, -1, 0, 1]}, 1),  # 4 in 7 days
        ({"offsets_days": [0, 1], "send_at": ["09:00", "18:00"]}, 1),  # 2 days × 2 = 4
        ({"offsets_days": [0, 1, 2, 3], "max_per_week": 3}, 0),  # the declared cap wins
        ({"max_per_week": 4}, 1),
    ],
)
def test_frequency(schedule: dict[str, Any], count: int) -> None:
    assert len(details(FREQUENCY, schedule)) == count


def test_frequency_says_how_the_week_was_counted() -> None:
    (message,) = details(FREQUENCY, {"offsets_days": [0, 1], "send_at": ["09:00", "18:00"]})
    assert "4 条" in message and "[0, 1] × 2/天" in message and "上限 3 条" in message


def test_the_packs_schedule_is_the_default(tmp_path: Path) -> None:
    body = (
        "timing:\n  allowed_hours: [8, 21]\n  schedule: {hours: [7]}\n"
        "  kinds:\n    reminder: {schedule: {hours: [9]}}\n"
        "rules:\n  - id: p.t\n    kind: timing\n    check: hours\n"
        "    category: timing\n    severity: error\n    message: m\n"
    )
    pack = Linter(write_pack(tmp_path, body))
    assert [f.rule for f in pack.lint("x", "overdue")] == ["p.t"]
    assert pack.lint("x", "reminder") == []
    assert pack.lint("x", "overdue", schedule={"hours": [20]}) == []


def test_schedule_from_a_template_file(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        'schedule: {send_at: ["23:00"]}\ntemplates:\n  - {id: a, text: x}\n'
        "  - {id: b, text: y, schedule: {hours: [9]}}\n",
        encoding="utf-8",
    )
    results = [linter().check(t, "overdue") for t in read_path(str(path))]
    assert [[f.rule for f in r.findings if f.category == "timing"] for r in results] == [
        [HOURS],
        [],
    ]


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        ({"send_at": [1230]}, "unquoted 20:30"),
        ({"send_at": ["25:00"]}, "not a time"),
        ({"send_at": ["24:00"]}, "can only end"),
        ({"hours": ["9"]}, "not a whole hour"),
        ({"window": ["10:00", "09:00"]}, "not before"),
        ({"window": ["10:00"]}, "two times"),
        ({"offsets_days": [1.5]}, "whole days"),
        ({"max_per_day": 0}, "at least 1"),
        ({"max_per_day": True}, "whole number"),
        ({"send_at": "09:00"}, "must be a list"),
        ({"sendat": ["09:00"]}, "unknown schedule key"),
    ],
)
def test_a_bad_schedule_stops_with_the_templates_file_and_line(
    schedule: dict[str, Any], words: str
) -> None:
    template = Template("t.yaml", "a", "x", TextMap.single_line("x"), schedule=schedule, line=7)
    with pytest.raises(SmslintError, match=words) as err:
        linter(FORMAT).check(template, "overdue")
    assert (err.value.file, err.value.line) == ("t.yaml", 7)
    assert "template" in err.value.message


def test_parse_time_and_policy() -> None:
    assert parse_time("9:05", "t") == 545
    assert parse_time(24, "t", end=True) == 1440
    assert parse_time("24:00", "t", end=True) == 1440
    policy = parse_policy({"offsets_days": {"min": -3}, "allowed_hours": [8, "21:30"]})
    assert policy.window == (480, 1290)
    assert policy.allows_offset(-3) and not policy.allows_offset(-4) and policy.allows_offset(90)
    assert parse_schedule({"hours": [9], "send_at": ["09:00"]}).times == (540,)
    with pytest.raises(ScheduleError, match="above max"):
        parse_policy({"offsets_days": {"min": 2, "max": 1}})


@pytest.mark.parametrize(
    ("timing", "line"),
    [
        ("timing:\n  allowed_hours: [8, 2230]\n", 3),
        ("timing:\n  allowed_hours: ['8:00']\n", 3),
        ("timing:\n  max_per_day: 0\n", 3),
        ("timing:\n  kinds:\n    overdue: {offsets_days: {from: 1}}\n", 4),
        ("timing:\n  kinds:\n    later: {max_per_day: 1}\n", 3),
        ("timing:\n  quiet_hours: [22, 8]\n", 2),
    ],
)
def test_schema_catches_a_bad_policy_at_its_line(tmp_path: Path, timing: str, line: int) -> None:
    with pytest.raises(SmslintError, match="invalid pack") as err:
        Linter(write_pack(tmp_path, timing))
    assert err.value.line == line


@pytest.mark.parametrize(
    ("timing", "check", "words"),
    [
        ("timing:\n  allowed_hours: ['22:00', '08:00']\n", "hours", "not before"),
        ("timing:\n  schedule: {hours: [25]}\n  max_per_day: 1\n", "frequency", "timing: hours"),
        ("timing:\n  max_per_day: 1\n", "hours", "needs timing.allowed_hours"),
        ("timing:\n  allowed_hours: [8, 22]\n", "often", "check must be one of"),
    ],
)
def test_policy_errors_name_the_rule(tmp_path: Path, timing: str, check: str, words: str) -> None:
    body = (
        f"{timing}rules:\n  - id: p.t\n    kind: timing\n    check: {check}\n"
        "    category: timing\n    severity: error\n    message: m\n"
    )
    path = write_pack(tmp_path, body)
    with pytest.raises(SmslintError, match=words) as err:
        Linter(path)
    assert err.value.file == path


def test_a_kinds_policy_narrows_the_packs() -> None:
    top = parse_policy({"offsets_days": [-7, 0, 1], "allowed_hours": [8, 21], "max_per_day": 2})
    reminder = top.narrow(parse_policy({"offsets_days": {"max": 0}, "allowed_hours": [9, 22]}))
    assert reminder.offsets == (-7, 0) and reminder.window == (540, 1260)
    overdue = top.narrow(parse_policy({"offsets_days": {"min": 1}, "max_per_day": 5}))
    assert overdue.offsets == (1,) and overdue.per_day == 2
    ranges = parse_policy({"offsets_days": {"min": -9}}).narrow(
        parse_policy({"offsets_days": {"min": -3, "max": 4}})
    )
    assert ranges.offset_range == (-3, 4)
    with pytest.raises(ScheduleError, match="do not overlap"):
        top.narrow(parse_policy({"allowed_hours": [21, 23]}))


def test_an_inherited_kind_limit_applies_with_the_childs_day_list(tmp_path: Path) -> None:
    parent = write_pack(
        tmp_path,
        "timing:\n  kinds:\n    reminder: {offsets_days: {max: 0}}\n"
        "rules:\n  - id: p.t\n    kind: timing\n    check: offsets\n"
        "    category: timing\n    severity: error\n    message: m\n",
        "parent",
    )
    child = Linter(
        write_pack(tmp_path, f"extends: {parent}\ntiming:\n  offsets_days: [-7, 0, 1]\n")
    )
    assert child.lint("x", "reminder", schedule={"offsets_days": [-7, 0]}) == []
    assert len(child.lint("x", "reminder", schedule={"offsets_days": [-3, 1]})) == 2
    assert child.lint("x", "overdue", schedule={"offsets_days": [1]}) == []
