"""The library refuses an unknown kind as the CLI does; stdin can be named so a piped log is
read as a log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import smslint
from smslint.cli import cli

THREAT = "【中信银行】再不还款就让你坐牢，详询95558。"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_unknown_kind_raises_in_the_library() -> None:
    linter = smslint.Linter()
    with pytest.raises(smslint.SmslintError, match="unknown kind 'overdu'"):
        linter.lint(THREAT, kind="overdu")
    with pytest.raises(smslint.SmslintError, match="unknown kind"):
        smslint.Linter(kind="overdu")
    with pytest.raises(smslint.SmslintError, match="unknown kind"):
        list(linter.lint_many([THREAT], kind="overdu"))
    with pytest.raises(smslint.SmslintError, match="unknown kind"):
        list(linter.lint_many([(THREAT, "remind")]))
    required = {f.rule for f in linter.lint(THREAT, kind="overdue")}
    assert "base.required.amount" in required  # the kind's checks run when it is spelled right


def test_unknown_kind_is_refused_by_the_cli_too() -> None:
    code, _, err = run("check", "--text", THREAT, "--kind", "overdu")
    assert code == 2 and "overdu" in err


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


LOG = "".join(
    json.dumps({"id": f"m{i}", "text": text}, ensure_ascii=False) + "\n"
    for i, text in enumerate([THREAT, "您好", THREAT])
)


def test_piped_log_without_a_name_is_one_message() -> None:
    report = json.loads(run("check", "-", "-f", "json", "--isolated", input=LOG)[1])
    assert report["summary"]["templates"] == 1


def test_stdin_filename_reads_a_piped_log_as_a_log() -> None:
    args = ("check", "-", "--stdin-filename", "logs/day.jsonl", "-f", "json", "--isolated")
    code, out, _ = run(*args, "--select", "coercion", input=LOG)
    report = json.loads(out)
    assert code == 1 and report["summary"]["templates"] == 3
    assert [t["id"] for t in report["templates"]] == ["m0", "m1", "m2"]
    hits = [(f["file"], f["template"], f["line"]) for f in report["findings"]]
    assert hits == [("logs/day.jsonl", "m0", 1), ("logs/day.jsonl", "m2", 3)]


def test_stdin_filename_errors_and_per_file_ignores_use_the_name(tmp_path: Path) -> None:
    code, _, err = run("check", "-", "--stdin-filename", "x.jsonl", "--isolated", input="{bad\n")
    assert code == 2 and err.startswith("smslint: error: x.jsonl:1:")
    (tmp_path / ".smslint.yaml").write_text(
        'select: [coercion]\nper-file-ignores:\n  "logs/*.jsonl": [coercion]\n', encoding="utf-8"
    )
    code, out, _ = run("check", "-", "--stdin-filename", "logs/day.jsonl", "-f", "json", input=LOG)
    assert code == 0 and json.loads(out)["findings"] == []
    code, out, _ = run("check", "-", "--stdin-filename", "msg.txt", "-f", "json", input=THREAT)
    report = json.loads(out)
    assert code == 1 and report["templates"][0]["file"] == "msg.txt"
