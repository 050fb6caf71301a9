"""The library API: ``smslint.Linter``, loaded lazily so ``import smslint`` stays cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import smslint


def test_import_smslint_loads_nothing_heavy() -> None:
    script = (
        "import sys, smslint; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('smslint', 'click', 'yaml', 'jieba', 'rjieba', 'opencc', 're2', 'jsonschema')))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.stdout.strip() == "['smslint', 'smslint.core', 'smslint.core.version']", run.stderr


def test_linter_from_the_package() -> None:
    linter = smslint.Linter(pack="base")
    findings = linter.lint("【测试银行】再不还款就让你坐牢，客服95555。", kind="overdue")
    assert any(f.rule == "base.coercion.detention" for f in findings)
    assert all(isinstance(f, smslint.Finding) for f in findings)
    many = list(linter.lint_many(["您好", ("再不还款就让你坐牢", "overdue")], kind="reminder"))
    assert len(many) == 2
    assert any(f.rule == "base.coercion.detention" for f in many[1])


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        _ = smslint.NoSuchThing  # type: ignore[attr-defined]
    assert "Linter" in dir(smslint)


def test_bad_pack_is_a_smslint_error() -> None:
    with pytest.raises(smslint.SmslintError):
        smslint.Linter(pack="no-such-pack")
