"""Rule selection and levels: --select/--ignore/--extend-select, the configuration's select,
ignore, rules and per-file-ignores, --config and --isolated; unit tests and end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.core.errors import SmslintError
from smslint.packs.selection import ALL, Selection, build, specificity

THREAT = "【中信银行】再不还款就让你坐牢，详询95558。\n"  # a coercion hit and missing elements


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def rules_of(out: str) -> set[str]:
    return {f["rule"] for f in json.loads(out)["findings"]}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.txt").write_text(THREAT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_specificity_orders_id_prefix_category_all() -> None:
    rule, category = "base.coercion.detention", "coercion"
    scores = [specificity(s, rule, category) for s in (ALL, "coercion", "base", "base.coercion")]
    assert scores == sorted(scores) and len(set(scores)) == 4
    assert specificity(rule, rule, category) > scores[-1]
    assert specificity("base.co", rule, category) == 0  # prefixes are whole dotted segments
    assert specificity("personal-data", rule, category) == 0


def test_more_specific_selector_wins_and_ignore_wins_ties() -> None:
    s = Selection(select=("base.coercion.detention",), ignore=("coercion",))
    assert s.enabled("base.coercion.detention", "coercion")
    assert not Selection(select=("coercion",), ignore=("coercion",)).enabled("x.y", "coercion")
    assert not Selection(select=("ALL",), ignore=("base",)).enabled("base.x", "format")


def test_build_cli_select_replaces_config_and_ignore_adds() -> None:
    config = {"select": ["coercion"], "ignore": ["base.format"]}
    s = build(config, ".", None, select=["length,timing"], ignore=["base.timing"])
    assert s.select == ("length", "timing") and s.ignore == ("base.format", "base.timing")
    s = build(config, ".", None, extend_select=["length"])
    assert s.select == ("coercion", "length")


@pytest.mark.parametrize(
    "config",
    [
        {"rules": {"base.x": {"severity": "loud"}}},
        {"rules": {"base.x": {"severity": "info", "colour": 1}}},
        {"rules": ["base.x"]},
        {"per-file-ignores": ["*.txt"]},
        {"select": [3]},
    ],
)
def test_bad_selection_config_is_an_error(config: dict) -> None:
    with pytest.raises(SmslintError):
        build(config, ".", ".smslint.yaml")


def test_select_by_category(repo: Path) -> None:
    code, out, _ = run(
        "check", "templates", "--kind", "overdue", "-f", "json", "--select", "coercion"
    )
    assert code == 1 and rules_of(out) == {"base.coercion.detention"}


def test_ignore_by_prefix_and_extend_select(repo: Path) -> None:
    args = ("check", "templates", "--kind", "overdue", "-f", "json")
    code, out, _ = run(*args, "--ignore", "base.coercion")
    assert code == 1
    found = rules_of(out)
    assert found and not any(r.startswith("base.coercion.") for r in found)
    _, out, _ = run(*args, "--select", "length", "--extend-select", "base.coercion.detention")
    assert rules_of(out) == {"base.coercion.detention"}


def test_unknown_selector_is_exit_2(repo: Path) -> None:
    code, _, err = run("check", "templates", "--select", "base.cohercion")
    assert code == 2 and "unknown rule selector 'base.cohercion'" in err


def test_config_levels_and_per_file_ignores(repo: Path) -> None:
    (repo / ".smslint.yaml").write_text(
        "kind: overdue\n"
        "rules:\n  base.coercion.detention: {severity: warning}\n  base.required: {severity: off}\n"
        'per-file-ignores:\n  "templates/legacy/*": [coercion]\n',
        encoding="utf-8",
    )
    (repo / "templates" / "legacy").mkdir()
    (repo / "templates" / "legacy" / "old.txt").write_text(THREAT, encoding="utf-8")
    code, out, _ = run("check", "templates", "-f", "json")
    report = json.loads(out)
    by_file = {}
    for f in report["findings"]:
        by_file.setdefault(f["file"], []).append((f["rule"], f["severity"]))
    assert ("base.coercion.detention", "warning") in by_file["templates/bad.txt"]
    assert not any(r.startswith("base.required") for rs in by_file.values() for r, _ in rs)
    assert not any(
        r.startswith("base.coercion") for r, _ in by_file.get("templates/legacy/old.txt", [])
    )
    assert code == 0  # the only error was re-levelled to a warning


def test_per_file_ignores_apply_to_smslint_rules(repo: Path) -> None:
    (repo / "templates" / "t.yaml").write_text(
        "templates:\n  - id: a\n    text: 您好\n    ignore: [{rule: base.coercion.detention}]\n",
        encoding="utf-8",
    )
    args = ("check", "templates/t.yaml", "-f", "json", "--fail-on", "never")
    assert "smslint.suppression.no-reason" in rules_of(run(*args)[1])
    assert not rules_of(run(*args, "--ignore", "smslint.suppression")[1]) & {
        "smslint.suppression.no-reason",
        "smslint.suppression.unused",
    }


def test_config_option_and_isolated(repo: Path) -> None:
    (repo / ".smslint.yaml").write_text("select: [coercion]\nkind: overdue\n", encoding="utf-8")
    (repo / "other.yaml").write_text(
        "select: [required-element]\nkind: overdue\n", encoding="utf-8"
    )
    assert rules_of(run("check", "templates", "-f", "json")[1]) == {"base.coercion.detention"}
    found = rules_of(run("check", "templates", "-f", "json", "--config", "other.yaml")[1])
    assert found and all(r.startswith("base.required") for r in found)
    isolated = rules_of(
        run("check", "templates", "-f", "json", "--isolated", "--kind", "overdue")[1]
    )
    assert "base.coercion.detention" in isolated and len(isolated) > 1
    code, _, err = run("check", "templates", "--config", "missing.yaml")
    assert code == 2 and "missing.yaml" in err


def test_config_option_reads_pyproject(repo: Path) -> None:
    (repo / "cfg").mkdir()
    (repo / "cfg" / "pyproject.toml").write_text(
        '[tool.smslint]\nselect = ["coercion"]\nkind = "overdue"\n', encoding="utf-8"
    )
    out = run("check", "templates", "-f", "json", "--config", "cfg/pyproject.toml")[1]
    assert rules_of(out) == {"base.coercion.detention"}


def test_selected_rules_reach_worker_processes(repo: Path) -> None:
    log = repo / "templates" / "log.jsonl"
    log.write_text(json.dumps({"text": THREAT.strip()}, ensure_ascii=False) + "\n", "utf-8")
    args = (
        "check",
        "templates/log.jsonl",
        "-f",
        "json",
        "--select",
        "coercion",
        "--kind",
        "overdue",
    )
    assert (
        rules_of(run(*args, "-j", "2")[1]) == rules_of(run(*args)[1]) == {"base.coercion.detention"}
    )
