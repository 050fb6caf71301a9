"""Baselines and fingerprints: gate on new findings only, however the old templates move."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.core.model import Template, TextMap
from smslint.engine.linter import Linter
from smslint.report.baseline import Baseline, Entry, dumps
from smslint.report.fingerprint import display_path, fingerprints

from .conftest import DATA, ROOT

MINI = DATA / "packs" / "mini.yaml"
CORPUS = ROOT / "corpus"
BAD = "【测试银行】再不还款就让你坐牢，应还${amount}元。"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _yaml(*templates: tuple[str, str]) -> str:
    lines = ["pack: .packs/mini.yaml", "kind: overdue", "templates:"]
    for tid, text in templates:
        lines += [f"  - id: {tid}", f'    text: "{text}"']
    return "\n".join(lines) + "\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A template repository with old, non-compliant templates and a baseline made from it."""
    templates = tmp_path / "templates"
    (templates / ".packs").mkdir(parents=True)  # in the tree linted, where `pack:` may point
    shutil.copy(MINI, templates / ".packs" / "mini.yaml")
    (templates / "a.yaml").write_text(
        _yaml(
            ("threat", BAD),
            ("twice", "【测试银行】不还就坐牢，真的会坐牢，应还${amount}元。"),
            ("phone", "【测试银行】请立即回电13812345678，应还${amount}元。"),
        ),
        encoding="utf-8",
    )
    (templates / "b.yaml").write_text(
        _yaml(("missing", "【测试银行】您好，请联系我们。")), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run("baseline", "create", "templates")
    assert code == 0, err
    assert "5 findings in 2 files" in out
    return tmp_path


def check(*args: str) -> tuple[int, dict, str]:
    code, out, err = run("check", "templates", "--baseline", ".smslint-baseline.json", *args)
    return code, json.loads(out) if "--format" in args else {}, err


def test_baseline_file_is_sorted_versioned_and_free_of_template_text(repo: Path) -> None:
    text = (repo / ".smslint-baseline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and data["tool"] == "smslint"
    entries = [Entry(**e) for e in data["entries"]]
    assert entries == sorted(entries) and len(entries) == 5
    assert {e.file for e in entries} == {"templates/a.yaml", "templates/b.yaml"}
    assert "坐牢" not in text and "13812345678" not in text and "5678" not in text
    # one entry a line: a fixed finding is a one-line diff
    assert sum(line.lstrip().startswith('{"file": ') for line in text.splitlines()) == 5
    assert text == dumps(entries)


def test_check_with_the_baseline_passes_and_counts(repo: Path) -> None:
    code, report, err = check("--format", "json", "--fail-on", "warning")
    assert code == 0, err
    assert report["findings"] == []
    assert report["baseline"] == {"file": ".smslint-baseline.json", "hidden": 5, "fixed": 0}
    assert "5 known findings not reported, 0 entries fixed" in err
    assert run("check", "templates")[0] == 1  # without it the old findings still fail


def test_moving_templates_does_not_resurrect_findings(repo: Path) -> None:
    path = repo / "templates" / "a.yaml"
    head, _, rest = path.read_text(encoding="utf-8").partition("templates:\n")
    entries = rest.split("  - id: ")[1:]
    moved = [
        "  - id: fresh\n    text: '【测试银行】您本期应还${amount}元。'\n\n\n",
        *("  - id: " + e for e in reversed(entries)),
    ]
    path.write_text(head + "templates:\n" + "".join(moved), encoding="utf-8")
    code, report, err = check("--format", "json")
    assert code == 0, err
    assert report["findings"] == [] and report["baseline"]["hidden"] == 5


def test_a_new_bad_template_is_the_only_one_reported(repo: Path) -> None:
    (repo / "templates" / "c.yaml").write_text(_yaml(("new-bad", BAD)), encoding="utf-8")
    code, report, _ = check("--format", "json")
    assert code == 1
    assert {(f["file"], f["template"]) for f in report["findings"]} == {
        ("templates/c.yaml", "new-bad")
    }
    code, _, _ = check()  # text format gates the same way
    assert code == 1


def test_one_more_identical_finding_in_a_template_is_new(repo: Path) -> None:
    path = repo / "templates" / "a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("真的会坐牢", "真的会坐牢，必定坐牢"), encoding="utf-8")
    code, report, _ = check("--format", "json")
    assert code == 1
    (new,) = report["findings"]
    line = path.read_text(encoding="utf-8").splitlines()[new["line"] - 1]
    assert new["template"] == "twice" and line.count("坐牢") == 3
    assert new["column"] - 1 == line.rindex("坐牢")  # the third, not the first, is new


def test_fixed_entries_are_counted(repo: Path) -> None:
    path = repo / "templates" / "a.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("坐牢，应还", "还款，应还"), encoding="utf-8"
    )
    (repo / "templates" / "b.yaml").unlink()  # a deleted file's findings are fixed too
    code, report, err = check("--format", "json")
    assert code == 0
    # threat's finding, twice's second 坐牢, and b.yaml's missing amount
    assert report["baseline"]["fixed"] == 3
    assert "3 entries fixed" in err


def _recorded_rules(path: str = ".smslint-baseline.json") -> set[str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {entry["rule"] for entry in data["entries"]}


def test_create_records_only_the_rules_check_runs(repo: Path) -> None:
    """A rule the run never reports would sit in the baseline as an entry "fixed" forever."""
    assert "mini.required.amount" in _recorded_rules()
    code, _, err = run("baseline", "create", "templates", "--ignore", "required-element")
    assert code == 0, err
    assert "mini.required.amount" not in _recorded_rules()
    code, report, err = check("--format", "json", "--ignore", "required-element")
    assert code == 0 and report["baseline"]["fixed"] == 0, err

    (repo / ".smslint.yaml").write_text("select: [coercion]\n", encoding="utf-8")
    code, _, err = run("baseline", "create", "templates")
    assert code == 0, err
    assert _recorded_rules() == {"mini.coercion.jail"}
    code, report, err = check("--format", "json")
    assert code == 0 and report["baseline"]["fixed"] == 0, err
    code, _, err = run("baseline", "create", "templates", "--isolated")
    assert code == 0 and "mini.required.amount" in _recorded_rules(), err


def test_create_refuses_an_unknown_selector(repo: Path) -> None:
    code, _, err = run("baseline", "create", "templates", "--ignore", "base.nosuch")
    assert code == 2 and "base.nosuch" in err and "Traceback" not in err


def test_unread_files_do_not_count_as_fixed(repo: Path) -> None:
    code, _, err = run("check", "templates/b.yaml", "--baseline", ".smslint-baseline.json")
    assert code == 0 and "1 known findings not reported, 0 entries fixed" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "invalid baseline JSON"),
        ('{"version": 9, "entries": []}', "not a smslint baseline"),
        ('{"version": 1, "entries": [{"file": "a"}]}', "baseline entry 1 needs"),
    ],
)
def test_bad_baseline_is_exit_2(repo: Path, content: str, message: str) -> None:
    (repo / "bad.json").write_text(content, encoding="utf-8")
    code, _, err = run("check", "templates", "--baseline", "bad.json")
    assert code == 2 and message in err and err.count("\n") == 1


def test_missing_baseline_is_exit_2(repo: Path) -> None:
    code, _, err = run("check", "templates", "--baseline", "nope.json")
    assert code == 2 and "nope.json" in err


def test_create_refuses_a_partial_run(repo: Path) -> None:
    (repo / "templates" / "broken.json").write_text("{not json", encoding="utf-8")
    code, _, err = run("baseline", "create", "templates", "--output", "partial.json")
    assert code == 2 and "broken.json" in err
    assert not (repo / "partial.json").exists()


def _template(text: str, file: str = "t.yaml", id: str = "t1") -> Template:
    return Template(file=file, id=id, text=text, map=TextMap.single_line(text))


def test_fingerprint_ingredients(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    linter = Linter(str(MINI))
    result = linter.check(_template("坐牢，坐牢，上门"))
    first, second, other = fingerprints(result)
    assert len({first, second, other}) == 3  # occurrence index and text tell them apart
    # the same text elsewhere in the message, with other text before it: same identities
    shifted = linter.check(_template("您好。坐牢，坐牢，上门"))
    assert fingerprints(shifted) == [first, second, other]
    assert fingerprints(linter.check(_template("坐牢", id="t2")))[0] != first
    assert fingerprints(linter.check(_template("坐牢", file="u.yaml")))[0] != first
    assert display_path(str(tmp_path / "t.yaml")) == display_path("./t.yaml") == "t.yaml"


def test_fingerprints_hash_masked_text_only() -> None:
    from smslint.core.model import Finding
    from smslint.report.fingerprint import offending_text

    text = "电话13812345678"
    finding = Finding("r", "personal-data", "error", "m", start=2, end=len(text))
    assert offending_text(text, finding) == "138****5678"


def test_baseline_hides_by_fingerprint(tmp_path: Path) -> None:
    linter = Linter(str(MINI))
    result = linter.check(_template("坐牢，上门"))
    fp = fingerprints(result)[0]
    baseline = Baseline([Entry("t.yaml", "t1", "mini.coercion.jail", fp)])
    baseline.filter(result)
    assert [f.rule for f in result.findings] == ["mini.coercion.jail"]  # 上门 is new
    assert len(result.baselined) == 1 and baseline.hidden == 1
    assert fingerprints(result) == [fingerprints(linter.check(_template("坐牢，上门")))[1]]


@pytest.mark.skipif(not any(CORPUS.rglob("*.yaml")), reason="the corpus is not there")
def test_corpus_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    monkeypatch.chdir(corpus)
    code, _, err = run("baseline", "create", ".")
    assert code == 0, err
    code, _, err = run("check", ".", "--baseline", ".smslint-baseline.json", "--fail-on", "warning")
    assert code == 0, err
    bad = corpus / "citic" / "new-bad.txt"
    bad.write_text("【中信银行】再不还款就让你坐牢，详询95558。", encoding="utf-8")
    code, out, _ = run("check", ".", "--baseline", ".smslint-baseline.json", "--format", "json")
    assert code == 1
    assert {f["file"] for f in json.loads(out)["findings"]} == {"citic/new-bad.txt"}
