"""GitHub Actions annotations: lines the runner parses, pointing where the JSON report points."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.report.github import escape_data, escape_property

from .conftest import DATA, GOLDEN, matches_golden

MINI = str(DATA / "packs" / "mini.yaml")
# the runner's grammar: ::command key=value,key=value::data, with , and : escaped in values
COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")
PROP = re.compile(r"^(?P<key>file|line|endLine|col|endColumn|title)=(?P<value>[^,:]*)$")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def parse(out: str) -> list[tuple[str, dict[str, str], str]]:
    annotations = []
    for line in out.splitlines():
        if not line.startswith("::") or line.startswith(("::group::", "::endgroup::")):
            continue
        match = COMMAND.match(line)
        assert match, f"unparsable workflow command: {line}"
        props = {}
        for prop in match["props"].split(","):
            item = PROP.match(prop)
            assert item, f"bad property {prop!r} in {line}"
            props[item["key"]] = unescape(item["value"])
        annotations.append((match["level"], props, unescape(match["data"])))
    return annotations


@pytest.fixture
def in_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)


@pytest.mark.usefixtures("in_golden")
def test_golden() -> None:
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "github")
    assert code == 1, err
    matches_golden("report.github", out)


@pytest.mark.usefixtures("in_golden")
def test_annotations_match_the_json_report() -> None:
    _, out, _ = run("check", "templates.yaml", "more.yaml", "--format", "github")
    _, raw, _ = run("check", "templates.yaml", "more.yaml", "--format", "json")
    findings = json.loads(raw)["findings"]
    annotations = parse(out)
    assert len(annotations) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for (level, props, data), finding in zip(annotations, findings, strict=True):
        assert level == levels[finding["severity"]]
        assert props["file"] == finding["file"]
        assert (
            int(props["line"]) == finding["line"] and int(props["endLine"]) == finding["end_line"]
        )
        assert int(props["col"]) == finding["column"]
        assert int(props["endColumn"]) == finding["end_column"]
        assert props["title"].startswith(finding["rule"])
        assert data.startswith(finding["message"])
        if "suggestion" in finding:
            assert f"Suggestion: {finding['suggestion']}" in data.splitlines()


@pytest.mark.usefixtures("in_golden")
def test_template_lengths_and_suppressions_are_in_log_groups() -> None:
    _, out, _ = run("check", "more.yaml", "--format", "github")
    assert "::group::smslint: 4 suppressions" in out
    assert "excused: mini.format.hurry silences 1: 法务已审核：客户要求的用语" in out
    assert "more.yaml: leak: 55 chars, 1 segment (UCS-2), 2 findings" in out
    assert out.count("::group::") == out.count("::endgroup::") == 2


def test_special_characters_are_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "a,b:c 100%.txt"
    (tmp_path / name).write_text("第一行\n再不还就坐牢", encoding="utf-8")
    code, out, _ = run("check", name, "--pack", MINI, "--format", "github")
    assert code == 1
    ((level, props, data),) = [a for a in parse(out) if "jail" in a[1]["title"]]
    assert level == "error" and props["file"] == name
    assert (props["line"], props["col"], props["endColumn"]) == ("2", "5", "7")
    assert data.splitlines()[0] == "以刑事后果相威胁：“坐牢”"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("a,b:c%\r\n") == "a,b:c%25%0D%0A"


def test_masks_personal_data() -> None:
    code, out, _ = run(
        "check", "--text", "请联系13812345678，否则坐牢", "--pack", MINI, "-f", "github"
    )
    assert code == 1
    assert "13812345678" not in out and "坐牢" in out


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_exit_codes_gate(fail_on: str, code: int) -> None:
    args = ["check", "--text", "坐牢", "--pack", MINI, "-f", "github", "--fail-on", fail_on]
    assert run(*args)[0] == code
    # a clean message passes every gate; stdin/--text annotations carry no file
    code_clean, out, _ = run("check", "--text", "您好", "--pack", MINI, "-f", "github")
    assert code_clean == 0 and not parse(out)
    _, out, _ = run(*args)
    assert all("file" not in props for _, props, _ in parse(out))


def test_every_report_format_is_offered_by_the_cli() -> None:
    from smslint import cli as cli_module
    from smslint import report

    assert set(cli_module.FORMATS) == set(report.FORMATS)


@pytest.mark.usefixtures("in_golden")
def test_groups_spooled_to_a_file_write_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    # a log's template lengths wait in a temporary file past the spool's limit: same lines
    monkeypatch.setattr("smslint.report.jsondoc.SPOOL_CHARS", 10)
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "github")
    assert code == 1, err
    matches_golden("report.github", out)


def test_a_line_spool_gives_back_what_it_was_given() -> None:
    from smslint.report.spool import LineSpool

    lines = ["a\nb", "", "\udc80 lone", "中文 " * 5, "\r"]
    spool = LineSpool(limit=4)
    assert not spool
    for line in lines:
        spool.append(line)
    assert len(spool) == 5 and list(spool) == lines
    spool.append("last")
    assert list(spool) == [*lines, "last"]  # read twice, appended between
