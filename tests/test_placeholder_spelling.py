"""The placeholder spellings --fix may write: compact, and only when one placeholder was meant."""

from __future__ import annotations

import pytest

from smslint.engine.checks.placeholder_spelling import respelled
from smslint.engine.linter import Linter

from .conftest import DATA


@pytest.mark.parametrize(
    ("construct", "fixed"),
    [
        ("{{amount}", "{{amount}}"),
        ("{{ amount }", "{{amount}}"),
        ("{{amount", "{{amount}}"),
        ("${amount", "${amount}"),
        ("${amount}}", "${amount}"),
        ("$amount}", "${amount}"),
        ("{{due.date-1}", "{{due.date-1}}"),
        ("{amount}}", None),  # {amount} or {{amount}}
        ("{amount", None),  # a stray brace as likely as a placeholder
        ("amount}}", None),
        ("{{{amount}}}", None),
        ("${}", None),
        ("${a}b}", None),
    ],
)
def test_respelled(construct: str, fixed: str | None) -> None:
    assert respelled(construct) == fixed


def test_spacing_and_broken_braces_carry_their_fix() -> None:
    linter = Linter(str(DATA / "packs" / "fix.yaml"))
    text = "应还${ amount }元，请于{{ due_date}}前还款，{{name}，{1}，{x}}"
    fixes = {text[f.start : f.end]: f.fix and f.fix.replacement for f in linter.lint(text)}
    assert fixes == {
        "${ amount }": "${amount}",
        "{{ due_date}}": "{{due_date}}",
        "{{name}": "{{name}}",
        "{x}}": None,
    }
