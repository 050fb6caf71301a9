"""Suppressions in every template format, end to end: an ``ignore`` field on JSONL records, an
``ignore`` column in CSV, ``per-file-ignores`` for TXT; and ``explain`` for every rule id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.core.errors import SmslintError
from smslint.engine.suppressions import RULES
from smslint.sources.document import cell_ignore

from .conftest import ROOT

THREAT = "【中信银行】再不还款就让你坐牢，详询95558。"
RULE = "base.coercion.detention"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def report(*args: str) -> dict:
    return json.loads(
        run("check", *args, "-f", "json", "--isolated", "--select", "coercion,smslint")[1]
    )


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_jsonl_records_carry_ignore(tmp_path: Path) -> None:
    records = [
        {"id": "a", "text": THREAT, "ignore": [{"rule": RULE, "reason": "法务已审"}]},
        {"id": "b", "text": THREAT},
        {"id": "c", "text": "您好", "ignore": [{"rule": RULE}]},
    ]
    (tmp_path / "log.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    found = report("log.jsonl")
    by_template = {(f["template"], f["rule"]) for f in found["findings"]}
    assert (("a", RULE) not in by_template) and ("b", RULE) in by_template
    assert ("c", "smslint.suppression.no-reason") in by_template
    assert ("c", "smslint.suppression.unused") in by_template
    assert [s["reason"] for s in found["suppressions"] if s["template"] == "a"] == ["法务已审"]


def test_jsonl_bad_ignore_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "log.jsonl").write_text(
        json.dumps({"text": "x", "ignore": "base.x"}) + "\n", encoding="utf-8"
    )
    code, _, err = run("check", "log.jsonl", "--isolated")
    assert code == 2 and "log.jsonl:1: `ignore` must be a list" in err


def test_csv_ignore_column(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        f"id,text,ignore\na,{THREAT},{RULE}: 法务已审\nb,{THREAT},\nc,您好,{RULE}\n",
        encoding="utf-8",
    )
    found = report("t.csv")
    by_template = {(f["template"], f["rule"]) for f in found["findings"]}
    assert ("a", RULE) not in by_template and ("b", RULE) in by_template
    assert ("c", "smslint.suppression.no-reason") in by_template


def test_cell_ignore_parsing() -> None:
    assert cell_ignore(" a.b: r1 ; c.d：理由：二；", "f", 2) == [
        {"rule": "a.b", "reason": "r1"},
        {"rule": "c.d", "reason": "理由:二"},
    ]
    assert cell_ignore("", "f", 2) == []
    with pytest.raises(SmslintError, match="RULE: reason"):
        cell_ignore("not a rule: x", "f", 2)


def test_txt_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "ok.txt").write_text(THREAT, encoding="utf-8")
    (tmp_path / "t" / "bad.txt").write_text(THREAT, encoding="utf-8")
    (tmp_path / ".smslint.yaml").write_text(
        f'select: [coercion]\nper-file-ignores:\n  "t/ok.txt": [{RULE}]\n', encoding="utf-8"
    )
    code, out, _ = run("check", "t", "-f", "json")
    files = {f["file"] for f in json.loads(out)["findings"]}
    assert code == 1 and files == {"t/bad.txt"}


def test_explain_knows_every_rule_smslint_emits() -> None:
    for rule_id in RULES:
        code, out, _ = run("explain", rule_id)
        assert code == 0 and out.startswith(rule_id) and "built into smslint" in out
    code, out, _ = run("check", str(ROOT / "corpus"), "-f", "json", "--fail-on", "never")
    emitted = {f["rule"] for f in json.loads(out)["findings"]}
    assert len(emitted) > 20
    for rule_id in sorted(emitted):
        code, out, err = run("explain", rule_id)
        assert code == 0, (rule_id, err)
