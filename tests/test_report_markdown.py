"""The Markdown report: the HTML report's content as a merge-request comment."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.report.markdown import escape

from .conftest import DATA, GOLDEN, matches_golden

MINI = str(DATA / "packs" / "mini.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def report(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(GOLDEN)
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "markdown")
    assert code == 1, err
    return out


def test_golden(report: str) -> None:
    matches_golden("report.md", report)


def _cells(row: str) -> int:
    return len(re.split(r"(?<!\\)\|", row.strip().strip("|")))


def test_tables_are_well_formed(report: str) -> None:
    tables = re.findall(r"(?m)(?:^\|.*\|\n)+", report)
    assert len(tables) == 4  # category, institution, suppressions, clean templates
    for table in tables:
        rows = table.splitlines()
        assert re.fullmatch(r"\|( --- \|)+", rows[1])
        assert {_cells(r) for r in rows} == {_cells(rows[0])}


def test_same_content_as_the_html_report(report: str) -> None:
    # every flagged template: its masked text with spans in bold, length, findings with basis
    assert "> 【测试银行】再不還款就讓你<b>坐\\*牢</b>，應還\\${amount}元。" in report
    assert "> 【测试银行】您好，\\\n> 请<b>立即</b>联系我们。\n" in report
    assert "length 长度 31 chars, 1 segment (UCS-2)" in report
    assert "- **error** `mini.coercion.jail` (coercion 威胁恐吓, line 6, column 25)" in report
    assert "  - Basis 依据: 测试依据" in report
    # clean templates with their length, every suppression with its reason
    assert "| more.yaml | excused | overdue | 26 chars, 1 segment (UCS-2) |" in report
    assert (
        "| more.yaml | no-reason | `mini.format.hurry` | 1 | *no reason given 未说明理由* |"
        in report
    )
    assert "| `mini` | 7 | 3 | 4 | 1 | 8 |" in report
    assert "138\\*\\*\\*\\*5678" in report and "1234 5678" not in report


def test_escaping_keeps_text_literal() -> None:
    assert escape("a*b_c`d[e]<f>|g~$h&") == r"a\*b\_c\`d\[e\]\<f\>\|g\~\$h\&"
    assert escape("two\nlines") == "two ↵ lines"
    code, out, _ = run("check", "--text", "# 1. 坐牢", "--pack", MINI, "--format", "markdown")
    assert code == 1
    assert "> \\# 1. <b>坐牢</b>" in out  # not a heading inside the quote


def test_line_start_markers_are_escaped_in_quotes() -> None:
    _, out, _ = run("check", "--text", "坐牢\n- 列表\n1. 编号", "--pack", MINI, "-f", "markdown")
    assert "> <b>坐牢</b>\\\n> \\- 列表\\\n> 1\\. 编号" in out


def test_entries_beyond_the_kept_characters_are_counted(
    report: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # memory stays bounded on a log: the first entries are kept, later ones only counted
    monkeypatch.setattr("smslint.report.markdown.LIMIT", 1)
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "markdown")
    assert code == 1, err
    flagged = report.count("\n### `")
    assert out.count("\n### `") == 0 < flagged
    note = re.search(r"Left out to fit a comment \(1 characters\): (\d+) flagged templates", out)
    assert note and int(note.group(1)) == flagged  # kept or not, every entry is counted
