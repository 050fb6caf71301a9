"""SARIF: valid against the OASIS schema, complete rule metadata, stable fingerprints."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from smslint.cli import cli

from .conftest import DATA, GOLDEN, matches_golden

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def sarif(*args: str) -> dict[str, Any]:
    code, out, err = run("check", *args, "--format", "sarif")
    assert code in (0, 1), err
    return json.loads(out)


def validate(report: dict[str, Any]) -> None:
    # This copy of the schema keeps the log's own constraints in definitions.Root and has no
    # top-level constraint: validating against the file as-is would accept anything.
    schema = {**SCHEMA, "$ref": "#/definitions/Root"} if "Root" in SCHEMA["definitions"] else SCHEMA
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.fixture
def in_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)


@pytest.mark.usefixtures("in_golden")
def test_golden() -> None:
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "sarif")
    assert code == 1, err
    matches_golden("report.sarif", out)


@pytest.mark.usefixtures("in_golden")
def test_validates_against_the_oasis_schema() -> None:
    validate(sarif("templates.yaml", "more.yaml"))
    validate(sarif("--text", "您好", "--pack", "../packs/mini.yaml"))  # stdin/--text location


@pytest.mark.parametrize(
    "broken",
    [
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]},  # no name
        {"version": "2.1.0"},
        {"version": "2.1.0", "runs": [], "extra": 1},
        {
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "x"}},
                    "results": [
                        {
                            "message": {"text": "m"},
                            "locations": [{"physicalLocation": {"region": {"startLine": 0}}}],
                        }
                    ],
                }
            ],
        },
    ],
)
def test_a_broken_report_fails_the_schema(broken: dict[str, Any]) -> None:
    # the schema check itself must be able to fail, or the test above proves nothing
    with pytest.raises(AssertionError):
        validate(broken)


@pytest.mark.usefixtures("in_golden")
def test_rules_carry_descriptions_basis_and_level() -> None:
    run_ = sarif("templates.yaml", "more.yaml")["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert len(by_id) == len(rules)
    jail = by_id["mini.coercion.jail"]
    assert jail["shortDescription"]["text"] == "以刑事后果相威胁：“…”"
    assert "删除刑事后果表述" in jail["fullDescription"]["text"]
    assert "测试依据" in jail["help"]["text"] and "测试依据" in jail["help"]["markdown"]
    assert jail["defaultConfiguration"]["level"] == "error"
    assert by_id["mini.format.hurry"]["defaultConfiguration"]["level"] == "note"
    assert by_id["smslint.suppression.no-reason"]["defaultConfiguration"]["level"] == "warning"
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


@pytest.mark.usefixtures("in_golden")
def test_results_point_at_the_original_characters() -> None:
    run_ = sarif("templates.yaml")["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    lines = (GOLDEN / "templates.yaml").read_text(encoding="utf-8").splitlines()
    jail = next(r for r in run_["results"] if r["ruleId"] == "mini.coercion.jail")
    location = jail["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "templates.yaml"
    region = location["region"]
    line = lines[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "坐*牢"
    assert region["snippet"]["text"] == "坐*牢"
    missing = next(r for r in run_["results"] if r["ruleId"] == "mini.required.amount")
    region = missing["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == region["endColumn"] and "snippet" not in region


@pytest.mark.usefixtures("in_golden")
def test_suppressed_findings_are_results_with_a_justification() -> None:
    results = sarif("more.yaml")["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["properties"]["template"] for r in suppressed] == ["excused", "no-reason"]
    assert suppressed[0]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "法务已审核：客户要求的用语"}
    ]
    assert "justification" not in suppressed[1]["suppressions"][0]


@pytest.mark.usefixtures("in_golden")
def test_every_template_length_is_in_the_run() -> None:
    templates = sarif("templates.yaml")["runs"][0]["properties"]["templates"]
    assert [(t["id"], t["length"]["chars"], t["length"]["segments"]) for t in templates] == [
        ("threat", 31, 1),
        ("missing-amount", 19, 1),
        ("clean", 25, 1),
    ]


def _fingerprints(report: dict[str, Any]) -> dict[str, tuple[str, int]]:
    out = {}
    for r in report["runs"][0]["results"]:
        region = r["locations"][0]["physicalLocation"]["region"]
        out[r["partialFingerprints"]["smslint/v1"]] = (r["ruleId"], region["startLine"])
    return out


def test_fingerprints_survive_moved_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(DATA / "packs" / "mini.yaml", tmp_path / "mini.yaml")
    body = (GOLDEN / "templates.yaml").read_text(encoding="utf-8").replace("../packs/", "")
    (tmp_path / "t.yaml").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = _fingerprints(sarif("t.yaml"))
    assert len(before) == 3  # distinct
    moved = body.replace(
        "templates:\n", "templates:\n  - id: new\n    text: '【测试银行】应还5元'\n\n"
    )
    (tmp_path / "t.yaml").write_text(moved, encoding="utf-8")
    after = _fingerprints(sarif("./t.yaml"))  # another spelling of the same path
    assert set(after) == set(before)
    assert all(after[fp][1] == before[fp][1] + 3 for fp in before)  # the lines did move
    # a different template id is a different finding
    (tmp_path / "t.yaml").write_text(body.replace("id: threat", "id: threat2"), encoding="utf-8")
    assert len(set(_fingerprints(sarif("t.yaml"))) - set(before)) == 1


def test_baseline_marks_reported_results_new(tmp_path: Path) -> None:
    base = tmp_path / "b.json"
    mini = str(DATA / "packs" / "mini.yaml")
    (tmp_path / "old.txt").write_text("您好", encoding="utf-8")
    assert run("baseline", "create", str(tmp_path), "--pack", mini, "--output", str(base))[0] == 0
    report = sarif("--text", "坐牢", "--pack", mini, "--baseline", str(base))
    validate(report)
    results = report["runs"][0]["results"]
    assert results and all(r["baselineState"] == "new" for r in results)
    assert report["runs"][0]["properties"]["baseline"]["hidden"] == 0


@pytest.mark.usefixtures("in_golden")
def test_results_spooled_to_a_file_make_the_same_valid_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # past the spool's limit, results and templates wait in temporary files: same document
    monkeypatch.setattr("smslint.report.jsondoc.SPOOL_CHARS", 50)
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "sarif")
    assert code == 1, err
    matches_golden("report.sarif", out)
    written = tmp_path / "r.sarif"
    args = ("check", "templates.yaml", "more.yaml", "-f", "sarif", "--output", str(written))
    assert run(*args)[0] == 1
    assert written.read_text(encoding="utf-8") == out
    validate(json.loads(out))


@pytest.mark.usefixtures("in_golden")
def test_spooled_results_marked_new_against_a_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("smslint.report.jsondoc.SPOOL_CHARS", 50)
    base = tmp_path / "b.json"
    (tmp_path / "old.txt").write_text("您好", encoding="utf-8")
    assert run("baseline", "create", str(tmp_path / "old.txt"), "--output", str(base))[0] == 0
    report = sarif("templates.yaml", "more.yaml", "--baseline", str(base))
    validate(report)
    results = report["runs"][0]["results"]
    rules = report["runs"][0]["tool"]["driver"]["rules"]
    assert len(results) > 2 and any("suppressions" in r for r in results)
    for result in results:
        assert ("baselineState" in result) is ("suppressions" not in result)
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
