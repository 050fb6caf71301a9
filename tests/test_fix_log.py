"""``check --fix`` on JSONL logs: record by record into a temporary file, as a whole-file fix."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint import sources
from smslint.cli import cli
from smslint.engine.linter import Linter
from smslint.features.fix import _diff, fix_file
from smslint.privacy.masking import redact_content

from .conftest import DATA

PACK = str(DATA / "packs" / "fix.yaml")
CARD = "6222021234567890128"  # Luhn-valid

# a BOM, CRLF, blank lines, an escape, fixes close together and far apart, no final newline
LOG = (
    "\ufeff"
    + '{"id": "a", "text": "见《通知》"}\r\n'
    + "\n"
    + '{"text": "请立即还款"}\n'
    + "".join(f'{{"text": "第{i}条"}}\n' for i in range(3))  # 3 unchanged lines: two hunks
    + f'{{"text": "卡{CARD}，请立即还款"}}\n'
    + '{"text": "ok"}\n'
    + '{"text": "\\u8bf7立即还款"}\n'
    + '{"text": "  "}\n'
    + "   \n"
    + '{"id": "x", "text": "请立即还款", "kind": "overdue"}'
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(params=["held", "streamed"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    # a small log's results wait until it is written (the text report echoes its lines); a
    # big one's stream by: both must fix alike
    if request.param == "streamed":
        monkeypatch.setattr("smslint.features.fix.ECHOED_BYTES", 0)
    return str(request.param)


def whole_file_fix(path: Path) -> bytes:
    linter = Linter(PACK)
    results = [linter.check(t) for t in sources.read_path(path)]
    return fix_file(results, linter.check).after


def test_log_fixed_record_by_record_as_a_whole_file_fix(mode: str) -> None:
    Path("t.jsonl").write_text(LOG, encoding="utf-8", newline="")
    expected = whole_file_fix(Path("t.jsonl"))
    assert expected != LOG.encode()
    _, out, err = run("check", "t.jsonl", "--pack", PACK, "--fix", "-f", "json")
    assert Path("t.jsonl").read_bytes() == expected
    assert "fixed 6 findings in 1 files" in err
    assert sorted(os.listdir(".")) == ["t.jsonl"]  # no temporary file left
    # the report shows the log as fixed: what a fresh run finds in it
    fresh = run("check", "t.jsonl", "--pack", PACK, "-f", "json")[1]
    assert json.loads(out)["findings"] == json.loads(fresh)["findings"]
    assert run("check", "t.jsonl", "--pack", PACK, "--fix")[2].startswith("smslint: fixed 0")


def test_text_report_echoes_the_fixed_lines() -> None:
    # 立即, written with an escape, cannot be fixed: its finding stays, echoed from the line
    # as the fix left it
    line = f'{{"text": "卡{CARD}，请\\u7acb即还款"}}\n'
    Path("t.jsonl").write_text(line, encoding="utf-8")
    out = run("check", "t.jsonl", "--pack", PACK, "--fix")[1]
    assert "not fixed" in out
    # a line written with escapes is echoed as the decoded, masked text
    assert " 1 | 卡尾号0128，请立即还款" in out and "6222" not in out


def test_diff_of_a_log_is_the_whole_file_diff(mode: str) -> None:
    Path("t.jsonl").write_text(LOG, encoding="utf-8", newline="")
    after = whole_file_fix(Path("t.jsonl")).decode("utf-8-sig")
    code, out, err = run("check", "t.jsonl", "--pack", PACK, "--diff")
    assert Path("t.jsonl").read_bytes() == LOG.encode()  # a preview
    # click's runner reads CRLF as LF
    # masked, escapes shown decoded, as every diff smslint prints
    lines = _diff("t.jsonl", LOG[1:], after).splitlines(keepends=True)
    expected = "".join(line if line[0] == "\\" else redact_content(line, []) for line in lines)
    assert out == expected.replace("\r\n", "\n")
    assert out.count("@@ -") == 2 and CARD not in out
    assert "would fix 6 findings" in err and code == 1


def test_permissions_are_kept() -> None:
    Path("t.jsonl").write_text('{"text": "请立即还款"}\n', encoding="utf-8")
    os.chmod("t.jsonl", 0o640)
    run("check", "t.jsonl", "--pack", PACK, "--fix")
    assert Path("t.jsonl").read_text(encoding="utf-8") == '{"text": "请及时还款"}\n'
    assert stat.S_IMODE(os.stat("t.jsonl").st_mode) == 0o640


@pytest.mark.parametrize("bad", ['{"text": 1}', "{not json", '{"id": "a"}'])
def test_a_log_with_a_bad_line_is_not_written(mode: str, bad: str) -> None:
    content = f'{{"text": "请立即还款"}}\n{bad}\n{{"text": "请立即还款"}}\n'
    Path("t.jsonl").write_text(content, encoding="utf-8")
    code, _, err = run("check", "t.jsonl", "--pack", PACK, "--fix")
    assert Path("t.jsonl").read_text(encoding="utf-8") == content
    assert code == 2 and "t.jsonl: the file has errors; fixes not written" in err
    assert sorted(os.listdir(".")) == ["t.jsonl"]


def test_a_log_changed_while_it_was_fixed_is_not_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smslint.features.fix.ECHOED_BYTES", 0)
    Path("t.jsonl").write_text('{"text": "请立即还款"}\n' * 2, encoding="utf-8")
    from smslint.features import fix

    real = fix._Log._replace

    def edited_first(log: fix._Log) -> None:
        Path("t.jsonl").write_text('{"text": "新的"}\n', encoding="utf-8")
        real(log)

    monkeypatch.setattr(fix._Log, "_replace", edited_first)
    code, _, err = run("check", "t.jsonl", "--pack", PACK, "--fix")
    assert Path("t.jsonl").read_text(encoding="utf-8") == '{"text": "新的"}\n'
    assert code == 2 and "changed while it was fixed; not written" in err
    assert sorted(os.listdir(".")) == ["t.jsonl"]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: os.symlink("real.jsonl", "t.jsonl"), "a symbolic link; not fixed"),
        (lambda: os.link("real.jsonl", "t.jsonl"), "has 2 hard links; not fixed"),
        (lambda: os.rename("real.jsonl", "t.jsonl") or os.chmod("t.jsonl", 0o444), "read-only"),
    ],
)
def test_a_log_that_must_not_be_replaced_is_left_alone(
    mode: str, make: Callable[[], object], reason: str
) -> None:
    content = '{"text": "请立即还款"}\n'
    Path("real.jsonl").write_text(content, encoding="utf-8")
    make()
    code, _, err = run("check", "t.jsonl", "--pack", PACK, "--fix")
    assert code == 2 and f"t.jsonl: {reason}" in err
    assert Path("t.jsonl").read_text(encoding="utf-8") == content
    assert not [name for name in os.listdir(".") if name.endswith(".smslint")]


def test_diff_of_a_log_masks_an_identifier_spelt_with_escapes() -> None:
    spelt = "".join(f"\\u{ord(c):04x}" for c in CARD)
    Path("t.jsonl").write_text(f'{{"text": "卡{spelt}，请立即还款"}}\n', encoding="utf-8")
    _, out, _ = run("check", "t.jsonl", "--pack", PACK, "--diff")
    assert "@@" in out and CARD not in out and spelt not in out, out
