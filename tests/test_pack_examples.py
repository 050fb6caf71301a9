"""Every rule ships with examples; this runs them all, for every shipped pack (semgrep-style)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from smslint.linter import Linter
from smslint.packs import load_pack, shipped_names

from .conftest import DATA

PACKS = [*shipped_names(), *(str(DATA / "packs" / f) for f in ("mini.yaml", "frames.yaml"))]


@cache
def _linter(ref: str) -> Linter:
    return Linter(ref)


def _cases() -> list[tuple[str, str]]:
    return [
        (ref, rule.id) for ref in PACKS for rule in load_pack(ref).rules if rule.severity != "off"
    ]


def _kind(rule) -> str:  # type: ignore[no-untyped-def]
    return rule.examples.get("kind") or (rule.kinds[0] if rule.kinds else "overdue")


@pytest.mark.parametrize(("ref", "rule_id"), _cases())
def test_rule_examples(ref: str, rule_id: str) -> None:
    linter = _linter(ref)
    rule = linter.pack.rule(rule_id)
    assert rule is not None
    examples = rule.examples
    assert examples.get("fail") and examples.get("pass"), f"{rule_id} needs fail and pass examples"
    kind = _kind(rule)
    for example in examples["fail"]:
        assert rule_id in _hits(linter, example, kind), f"{rule_id} should trigger: {example}"
    for example in examples["pass"]:
        assert rule_id not in _hits(linter, example, kind), f"{rule_id} should pass: {example}"


def _hits(linter: Linter, example: str | dict[str, Any], kind: str) -> list[str]:
    """An example is a text, or {text, vars?, schedule?} for rules that read template fields."""
    if isinstance(example, str):
        example = {"text": example}
    found = linter.lint(
        example["text"], kind=kind, vars=example.get("vars"), schedule=example.get("schedule")
    )
    return [f.rule for f in found]
