"""The examples of the format test packs, including mapping examples with vars and a schedule,
through the runner `smslint test` uses."""

from __future__ import annotations

from typing import Any

import pytest

from smslint.features import packtest
from smslint.packs.pack import load_pack

from .conftest import DATA
from .formatpack import linter

PACKS = [DATA / "packs" / "format.yaml", DATA / "packs" / "format_open.yaml"]


def _cases() -> list[tuple[Any, str]]:
    return [(path, rule.id) for path in PACKS for rule in load_pack(str(path)).rules]


@pytest.mark.parametrize(("path", "rule_id"), _cases())
def test_examples(path: Any, rule_id: str) -> None:
    outcomes = packtest.run(linter(path), [rule_id])
    assert {o.label for o in outcomes} == {"fail", "pass"}
    failures = [f"{o.where()}: {o.why}" for o in outcomes if not o.ok]
    assert not failures, "\n".join(failures)


def test_explain_shows_the_schedule_of_a_mapping_example() -> None:
    from click.testing import CliRunner

    from smslint.cli import cli

    args = ["explain", "format.timing.hours", "--pack", str(PACKS[0])]
    out = CliRunner().invoke(cli, args).output
    assert "  - 请还款  [schedule: {'send_at': ['22:00']}]" in out
