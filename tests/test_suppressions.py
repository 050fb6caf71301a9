"""Suppressions: ignore entries silence a rule in one template, and bad entries are findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.core.model import Template, TextMap
from smslint.engine.linter import Linter
from smslint.engine.suppressions import NO_REASON, UNUSED

from .conftest import DATA

MINI = DATA / "packs" / "mini.yaml"


def _check(text: str, *ignore: dict[str, str]) -> tuple[list[str], list[tuple[str, int]]]:
    template = Template("t.yaml", "t", text, TextMap.single_line(text), ignore=list(ignore))
    result = Linter(str(MINI)).check(template)
    return [f.rule for f in result.findings], [(s.rule, len(s.findings)) for s in result.suppressed]


def test_suppression_with_reason_silences_every_finding_of_its_rule() -> None:
    rules, suppressed = _check(
        "坐牢，上门，请立即", {"rule": "mini.coercion.jail", "reason": "测试"}
    )
    assert rules == ["mini.format.hurry"]
    assert suppressed == [("mini.coercion.jail", 2)]


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_no_reason_still_suppresses_but_is_reported(reason: str | None) -> None:
    entry = {"rule": "mini.format.hurry"} | ({"reason": reason} if reason is not None else {})
    rules, suppressed = _check("请立即还款", entry)
    assert rules == [NO_REASON]
    assert suppressed == [("mini.format.hurry", 1)]


def test_unused_and_unknown_rules_are_reported() -> None:
    rules, suppressed = _check(
        "您好",
        {"rule": "mini.coercion.jail", "reason": "旧"},
        {"rule": "mini.nope", "reason": "拼错"},
    )
    assert rules == [UNUSED, UNUSED]
    assert suppressed == [("mini.coercion.jail", 0), ("mini.nope", 0)]


def test_a_second_entry_for_the_same_rule_is_unused() -> None:
    entry = {"rule": "mini.coercion.jail", "reason": "测试"}
    rules, suppressed = _check("坐牢", entry, entry)
    assert rules == [UNUSED] and suppressed == [
        ("mini.coercion.jail", 1),
        ("mini.coercion.jail", 0),
    ]


def test_suppression_findings_cannot_be_suppressed() -> None:
    rules, _ = _check("您好", {"rule": "mini.nope", "reason": "x"}, {"rule": UNUSED, "reason": "y"})
    assert rules == [UNUSED, UNUSED]  # the second entry cannot hide the first's finding


def _write(tmp_path: Path, ignore: str) -> Path:
    (tmp_path / "t.yaml").write_text(
        f"pack: {MINI}\ntemplates:\n  - id: a\n    text: 请立即还款\n    ignore: {ignore}\n",
        encoding="utf-8",
    )
    return tmp_path / "t.yaml"


def test_every_report_lists_suppressions(tmp_path: Path) -> None:
    path = str(_write(tmp_path, '[{rule: mini.format.hurry, reason: "法务同意 13812345678"}]'))
    runner = CliRunner()
    expected = "法务同意 138****5678"  # reasons are user text: masked like everything else
    for fmt in ("text", "json", "sarif", "github", "html", "markdown"):
        out = runner.invoke(cli, ["check", path, "--format", fmt]).stdout
        out = out.replace("\\", "") if fmt == "markdown" else out  # as rendered
        assert "mini.format.hurry" in out and expected in out, fmt
        assert "13812345678" not in out, fmt
    report = json.loads(runner.invoke(cli, ["check", path, "--format", "json"]).stdout)
    assert report["suppressions"] == [
        {"file": path, "template": "a", "line": 3, "rule": "mini.format.hurry", "reason": expected,
         "findings": 1}
    ]  # fmt: skip


def test_no_reason_fails_the_warning_gate(tmp_path: Path) -> None:
    path = str(_write(tmp_path, "[{rule: mini.format.hurry}]"))
    runner = CliRunner()
    assert runner.invoke(cli, ["check", path]).exit_code == 0
    assert runner.invoke(cli, ["check", path, "--fail-on", "warning"]).exit_code == 1
