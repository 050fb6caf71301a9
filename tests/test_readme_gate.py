"""The README's configuration example and CI workflow, run as written on a sample repository:
they lint the templates they name, skip what the configuration excludes, and fail on a bad
template. The commands are read from the README, so the test follows it."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from smslint.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
THREAT = "【中信银行】再不还款就让你坐牢，详询95558。"
GOOD = (
    "templates:\n  - id: due\n    text: 【中信银行】尊敬的客户，您尾号${card_last4}的信用卡本期应还"
    "${amount}元，已逾期${overdue_days}天，请尽快还款，详询95558。\n"
)


def block(heading: str, language: str) -> str:
    """The first fenced block of ``language`` after ``heading``."""
    start = README.index(heading)
    found = re.compile(rf"```{language}\n(.*?)```", re.S).search(README, start)
    assert found is not None, heading
    return found.group(1)


def command(line: str) -> list[str]:
    words = shlex.split(line)
    assert words[0] == "smslint"
    return words[1:]


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".smslint.yaml").write_text(block("### Configuration", "yaml"), encoding="utf-8")
    for folder in ("templates/drafts", "docs"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "templates" / "ok.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "templates" / "drafts" / "wip.txt").write_text(THREAT, encoding="utf-8")
    (tmp_path / "docs" / "notes.txt").write_text(THREAT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_ci_workflow_lints_the_templates_and_fails_on_a_bad_one(repo: Path) -> None:
    workflow = yaml.safe_load(block("### CI with GitHub Actions", "yaml"))
    steps = workflow["jobs"]["smslint"]["steps"]
    gate = command(next(s["run"] for s in steps if s.get("name", "").startswith("Gate")))
    create = command(block("### Baseline", "sh").splitlines()[0].split("#")[0])
    code, _, err = run(create)
    assert code == 0, err
    recorded = json.loads((repo / ".smslint-baseline.json").read_text(encoding="utf-8"))
    files = {entry["file"] for entry in recorded["entries"]}
    assert not any("drafts" in f or f.startswith("docs") for f in files)

    code, out, err = run(gate)
    assert code == 0, err  # what the baseline recorded is known
    assert "templates/ok.yaml: due:" in out  # the template was linted (its length is listed)
    assert "drafts" not in out and "docs/" not in out

    (repo / "templates" / "new.txt").write_text(THREAT, encoding="utf-8")
    code, out, _ = run(gate)
    assert code == 1
    assert "::error file=templates/new.txt" in out
    assert "drafts" not in out


def test_readme_configuration_with_the_hook_calling_convention(repo: Path) -> None:
    # pre-commit names every staged file; the configuration's exclude still applies
    code, out, err = run(["check", "templates/drafts/wip.txt", "docs/notes.txt"])
    assert code == 0 and not err
    code, out, _ = run(["check", "templates/drafts/wip.txt", "templates/ok.yaml", "-f", "json"])
    assert {t["file"] for t in json.loads(out)["templates"]} == {"templates/ok.yaml"}


def test_readme_pins_no_missing_tag() -> None:
    assert "v0.1.0" not in block("### pre-commit", "yaml")
    assert "@v0.1.0" not in block("### CI with GitHub Actions", "yaml")
    assert "rev: <commit sha>" in README and "git tag -a" in README
