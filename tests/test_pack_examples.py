"""Every rule ships with examples; this runs them all, for every shipped pack (semgrep-style),
through the runner `smslint test` uses."""

from __future__ import annotations

from functools import cache

import pytest

from smslint.engine.linter import Linter
from smslint.features import packtest
from smslint.packs.pack import shipped_names

from .conftest import DATA, loaded_pack

PACKS = [*shipped_names(), *(str(DATA / "packs" / f) for f in ("mini.yaml", "frames.yaml"))]


@cache
def _linter(ref: str) -> Linter:
    return Linter(ref)


def _cases() -> list[tuple[str, str]]:
    return [
        (ref, rule.id) for ref in PACKS for rule in loaded_pack(ref).rules if rule.severity != "off"
    ]


@pytest.mark.parametrize(("ref", "rule_id"), _cases())
def test_rule_examples(ref: str, rule_id: str) -> None:
    outcomes = packtest.run(_linter(ref), [rule_id])
    assert outcomes, f"{rule_id} has no examples run"
    failures = [f"{o.where()}: {o.why}" for o in outcomes if not o.ok]
    assert not failures, "\n".join(failures)
