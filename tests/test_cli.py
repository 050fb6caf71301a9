"""End-to-end through click's runner: options, inputs, exit codes and report formats."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.core.version import __version__

from .conftest import DATA, GOLDEN, matches_golden

MINI = str(DATA / "packs" / "mini.yaml")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _in_golden_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)  # relative paths in reports, and no stray config file


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_text_option_points_at_the_original_character() -> None:
    text = "【中信银行】再不還款就讓你坐*牢"
    code, out, _ = run("check", "--text", text, "--pack", MINI, "--kind", "overdue", "-f", "json")
    assert code == 1
    report = json.loads(out)
    hit = next(f for f in report["findings"] if f["category"] == "coercion")
    assert hit["file"] == "-" and hit["line"] == 1
    assert text[hit["column"] - 1] == "坐"
    assert hit["end_column"] - hit["column"] == 3


def test_stdin() -> None:
    code, out, _ = run("check", "-", "--pack", MINI, input="你再不还就去坐牢\n")
    assert code == 1 and "mini.coercion.jail" in out


def test_clean_message_exits_zero() -> None:
    code, out, _ = run("check", "--text", "您好", "--pack", MINI)
    assert code == 0
    assert "0 findings" in out


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(fail_on: str, code: int) -> None:
    assert run("check", "--text", "坐牢", "--pack", MINI, "--fail-on", fail_on)[0] == code


def test_fail_on_warning_counts_warnings_only_when_asked() -> None:
    # mini.format.hurry is info: never fails; mini.coercion.combo is a warning
    assert run("check", "--text", "请立即还款", "--pack", MINI)[0] == 0
    assert run("check", "--text", "将通知你的单位", "--pack", MINI)[0] == 0
    assert run("check", "--text", "将通知你的单位", "--pack", MINI, "--fail-on", "warning")[0] == 1


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_golden(fmt: str) -> None:
    code, out, err = run("check", "templates.yaml", "--format", fmt)
    assert code == 1, err
    matches_golden(f"report.{fmt}", out)


def test_json_report_follows_the_spec() -> None:
    _, out, _ = run("check", "templates.yaml", "--format", "json")
    report = json.loads(out)
    # the spec's keys, plus this project's extensions
    extensions = {"suppressions", "packs"}
    assert set(report) == {"version", "tool", "summary", "templates", "findings", *extensions}
    for pack in report["packs"]:
        assert set(pack) == {"name", "file", "extends", "disabled_rules"}
    assert report["summary"]["templates"] == 3 and report["summary"]["files"] == 1
    for template in report["templates"]:
        assert set(template) == {"file", "id", "pack", "kind", "length"}
        assert set(template["length"]) == {"chars", "segments", "encoding"}
    required = {"file", "template", "line", "column", "end_line", "end_column", "rule"}
    required |= {"category", "severity", "message", "excerpt"}
    for finding in report["findings"]:
        assert required <= set(finding) <= required | {"basis", "suggestion", "fingerprint"}


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    code, out, _ = run("check", "templates.yaml", "--format", "json", "--output", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["findings"] > 0


def test_missing_path_is_exit_2_with_one_line() -> None:
    code, _, err = run("check", "nope.yaml")
    assert code == 2
    assert err.count("\n") == 1 and "nope.yaml" in err and "Traceback" not in err


def test_bad_option_is_one_line() -> None:
    code, _, err = run("check", "--format", "pdf", "templates.yaml")
    assert code == 2 and err.count("\n") == 1


def test_unknown_pack() -> None:
    code, _, err = run("check", "--text", "x", "--pack", "nosuch")
    assert code == 2 and "unknown pack 'nosuch'" in err


def test_no_input_is_a_usage_error() -> None:
    assert run("check")[0] == 2


def test_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("你再不还就去坐牢", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    code, out, err = run("check", str(tmp_path), "--pack", MINI)
    assert code == 2
    assert "mini.coercion.jail" in out
    assert "bad.json:1" in err


def test_config_file_sets_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".smslint.yaml").write_text(f"pack: {MINI}\nfail_on: never\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the search goes up to the repository root, not beyond
    sub = tmp_path / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    code, out, _ = run("check", "--text", "坐牢")
    assert code == 0 and "mini.coercion.jail" in out


def test_pyproject_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.smslint]\npack = "{MINI}"\nkind = "overdue"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    _, out, _ = run("check", "--text", "您好", "--format", "json")
    assert json.loads(out)["templates"][0]["kind"] == "overdue"


def test_bad_config_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".smslint.yaml").write_text("pack: base\nfail: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check", "--text", "x")
    assert code == 2 and ".smslint.yaml:2" in err


def test_rules_and_explain() -> None:
    code, out, _ = run("rules", "--pack", MINI)
    assert code == 0 and "mini.coercion.jail" in out and "coercion" in out
    code, out, _ = run("explain", "mini.coercion.jail", "--pack", MINI)
    assert code == 0 and "测试依据" in out and "坐牢" in out
    code, _, err = run("explain", "nope.rule", "--pack", MINI)
    assert code == 2 and "nope.rule" in err


@pytest.mark.parametrize("given", ["file", "folder", "hard link"])
def test_output_naming_an_input_is_refused_before_it_is_opened(tmp_path: Path, given: str) -> None:
    template = tmp_path / "t.txt"
    template.write_text("再不还就让你坐牢\n", encoding="utf-8")
    output = template
    if given == "hard link":
        output = tmp_path / "report.txt"
        os.link(template, output)
    path = tmp_path if given == "folder" else template
    code, out, err = run("check", str(path), "--pack", MINI, "--output", str(output))
    assert code == 2 and out == ""
    assert err == f"smslint: error: {output}: --output names an input file; not overwritten\n"
    assert template.read_text(encoding="utf-8") == "再不还就让你坐牢\n"


def test_output_beside_the_inputs_is_written(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("再不还就让你坐牢\n", encoding="utf-8")
    output = tmp_path / "report.sarif"
    output.write_text("old report", encoding="utf-8")  # not a template file: never read
    code, _, _ = run("check", str(tmp_path), "--pack", MINI, "-f", "sarif", "--output", str(output))
    assert code == 1 and json.loads(output.read_text(encoding="utf-8"))["runs"][0]["results"]
