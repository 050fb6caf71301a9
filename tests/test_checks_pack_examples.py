"""The examples of the format test packs, including mapping examples with vars and a schedule."""

from __future__ import annotations

from typing import Any

import pytest

from smslint.packs import load_pack

from .conftest import DATA
from .formatpack import linter

PACKS = [DATA / "packs" / "format.yaml", DATA / "packs" / "format_open.yaml"]


def _cases() -> list[tuple[Any, str, str, Any]]:
    cases = []
    for path in PACKS:
        for rule in load_pack(str(path)).rules:
            for label in ("fail", "pass"):
                cases += [(path, rule.id, label, e) for e in rule.examples.get(label, [])]
    return cases


@pytest.mark.parametrize(("path", "rule_id", "label", "example"), _cases())
def test_example(path: Any, rule_id: str, label: str, example: str | dict[str, Any]) -> None:
    lint = linter(path)
    rule = lint.pack.rule(rule_id)
    assert rule is not None and rule.examples.get("fail") and rule.examples.get("pass")
    kind = rule.examples.get("kind") or (rule.kinds[0] if rule.kinds else "overdue")
    if isinstance(example, str):
        example = {"text": example}
    hits = lint.lint(
        example["text"], kind, vars=example.get("vars"), schedule=example.get("schedule")
    )
    assert (rule_id in [f.rule for f in hits]) is (label == "fail")


def test_explain_shows_the_schedule_of_a_mapping_example() -> None:
    from click.testing import CliRunner

    from smslint.cli import cli

    args = ["explain", "format.timing.hours", "--pack", str(PACKS[0])]
    out = CliRunner().invoke(cli, args).output
    assert "  - 请还款  [schedule: {'send_at': ['22:00']}]" in out
