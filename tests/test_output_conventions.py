"""Output conventions, end to end: -h, --quiet, --statistics, --format concise, --color and
FORCE_COLOR/NO_COLOR, --format gitlab and junit, and a Markdown report that fits a comment."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.report.markdown import LIMIT

THREAT = "【中信银行】再不还款就让你坐牢，详询95558。"
YAML = (
    "kind: overdue\ntemplates:\n"
    f"  - id: threat\n    text: {THREAT}\n"
    '  - id: "odd <&\\" id"\n    text: 您好，再不还就坐牢\n'
    "  - id: clean\n    kind: notification\n    text: 【中信银行】您的账单已出，详询95558。\n"
)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "t.yaml").write_text(YAML, encoding="utf-8")
    (tmp_path / "b.txt").write_text(THREAT + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("args", [["-h"], ["check", "-h"], ["explain", "-h"], ["baseline", "-h"]])
def test_short_help_everywhere(args: list[str]) -> None:
    code, out, _ = run(*args)
    assert code == 0 and out.startswith("Usage: ") and "-h, --help" in out


def test_check_help_lists_the_gate_options() -> None:
    out = run("check", "-h")[1]
    for option in ("--select", "--ignore", "--statistics", "--quiet", "--color", "gitlab"):
        assert option in out


def test_quiet_drops_the_summary_and_notes(repo: Path) -> None:
    loud = run("check", "t.yaml")[1]
    code, out, _ = run("check", "t.yaml", "-q")
    assert code == 1 and "findings (" in loud and "findings (" not in out
    assert out and "base.coercion.detention" in out
    run("baseline", "create", "t.yaml")
    assert "baseline" in run("check", "t.yaml", "--baseline", ".smslint-baseline.json")[2]
    assert run("check", "t.yaml", "--baseline", ".smslint-baseline.json", "-q")[2] == ""


def test_statistics_counts_per_rule_sorted(repo: Path) -> None:
    code, out, _ = run("check", "t.yaml", "b.txt", "--statistics", "--kind", "overdue")
    rows = [line.split() for line in out.splitlines()[:-1]]
    counts = [(-int(r[0]), r[1]) for r in rows]
    assert code == 1 and counts == sorted(counts)
    report = json.loads(run("check", "t.yaml", "b.txt", "-f", "json", "--kind", "overdue")[1])
    expected = {}
    for f in report["findings"]:
        expected[f["rule"]] = expected.get(f["rule"], 0) + 1
    assert {r[1]: int(r[0]) for r in rows} == expected
    assert expected["base.coercion.detention"] == 3


def test_statistics_with_output_keeps_the_report(repo: Path) -> None:
    code, out, _ = run("check", "t.yaml", "--statistics", "-f", "json", "--output", "r.json")
    assert code == 1 and "base.coercion.detention" in out
    assert json.loads((repo / "r.json").read_text(encoding="utf-8"))["summary"]["findings"]


def test_concise_is_one_line_a_finding(repo: Path) -> None:
    code, out, _ = run("check", "t.yaml", "-f", "concise", "-q")
    lines = out.splitlines()
    assert code == 1 and lines
    assert all(re.fullmatch(r"t\.yaml:\d+:\d+: [a-z.-]+ \S.*", line) for line in lines)
    assert re.search(r"^t\.yaml:4:\d+: base\.coercion\.detention 以拘留", out, re.M)


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        ([], {}, False),
        (["--color", "always"], {}, True),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
    ],
)
def test_color(repo: Path, args: list[str], env: dict[str, str], colored: bool) -> None:
    base = {"FORCE_COLOR": "", "NO_COLOR": ""}
    out = run("check", "b.txt", *args, env={**base, **env})[1]
    assert ("\x1b[" in out) is colored


def test_gitlab_code_quality_keys(repo: Path) -> None:
    code, out, _ = run("check", "t.yaml", "b.txt", "-f", "gitlab", "--kind", "overdue")
    issues = json.loads(out)
    assert code == 1 and len(issues) >= 3
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert set(issue["location"]) == {"path", "lines"}
        assert issue["location"]["path"] in {"t.yaml", "b.txt"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    threat = next(i for i in issues if i["check_name"] == "base.coercion.detention")
    assert threat["severity"] == "major" and threat["location"]["lines"]["begin"] == 4
    assert (
        json.loads(run("check", "--text", "您好", "-f", "gitlab", "--select", "coercion")[1]) == []
    )


def test_junit_xml(repo: Path) -> None:
    code, out, _ = run("check", "t.yaml", "b.txt", "-f", "junit", "--kind", "overdue")
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert code == 1 and [s.get("name") for s in suites] == ["t.yaml", "b.txt"]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == ["threat", 'odd <&" id', "clean"]
    assert cases[2].find("failure") is None  # a clean template passes
    report = json.loads(run("check", "t.yaml", "b.txt", "-f", "json", "--kind", "overdue")[1])
    assert len(root.findall(".//failure")) == len(report["findings"])
    assert int(root.get("failures")) == sum(
        1 for c in root.iter("testcase") if c.find("failure") is not None
    )


def test_markdown_of_3000_templates_fits_a_comment(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    lines = [
        json.dumps({"id": f"m{i}", "kind": "overdue", "text": f"第{i}条：再不还款就让你坐牢"})
        for i in range(3000)
    ]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run("check", str(log), "-f", "markdown", "--isolated")
    assert code == 1 and len(out) <= LIMIT
    assert out.startswith("## SMS compliance report") and "<details>" in out
    left = re.search(
        r"Left out to fit a comment \(65,536 characters\): (\d+) flagged templates", out
    )
    assert left is not None and 0 < int(left.group(1)) < 3000
    shown = out.count("\n### `")
    assert shown + int(left.group(1)) == 3000
    assert "--format json" in out
