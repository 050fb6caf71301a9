"""--format jsonl: one finding a line, each the JSON report's entry for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli

from .conftest import DATA

GOLDEN = DATA / "golden"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


def test_each_line_is_a_finding_of_the_json_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)
    code, out = _run("check", "templates.yaml", "--format", "jsonl")
    assert code == 1
    lines = out.splitlines()
    assert lines and all(line.startswith("{") for line in lines)
    report = json.loads(_run("check", "templates.yaml", "--format", "json")[1])
    assert [json.loads(line) for line in lines] == report["findings"]


def test_a_clean_run_writes_nothing(tmp_path: Path) -> None:
    log = tmp_path / "clean.jsonl"
    log.write_text(
        json.dumps({"text": "【测试银行】您的账单已出，客服95555。"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    code, out = _run("check", str(log), "--pack", str(DATA / "packs" / "mini.yaml"), "-f", "jsonl")
    assert (code, out) == (0, "")
