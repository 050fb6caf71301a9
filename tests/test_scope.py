"""Configuration scoping, end to end: globs and pack paths are relative to the configuration
file, excluded files stay excluded when named (pre-commit), and a folder holding no template
is an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli

BAD = "【中信银行】再不还款就让你坐牢，详询95558。\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def files_of(out: str) -> set[str]:
    return {t["file"] for t in json.loads(out)["templates"]}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # configuration is searched up to the repository root
    (tmp_path / ".smslint.yaml").write_text(
        'kind: overdue\ninclude: ["templates/**"]\nexclude: ["*/drafts/*"]\n', encoding="utf-8"
    )
    for folder in ("templates/drafts", "templates/a", "docs", "sub"):
        (tmp_path / folder).mkdir(parents=True)
    for file in ("templates/bad.txt", "templates/a/b.txt", "templates/drafts/d.txt", "docs/x.txt"):
        (tmp_path / file).write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_globs_are_relative_to_the_config_file(repo: Path, monkeypatch) -> None:
    code, out, _ = run("check", "templates/", "-f", "json")
    assert code == 1 and files_of(out) == {"templates/bad.txt", "templates/a/b.txt"}
    code, out, _ = run("check", ".", "-f", "json")  # docs/ is outside include
    assert files_of(out) == {"templates/bad.txt", "templates/a/b.txt"}
    monkeypatch.chdir(repo / "sub")  # whatever the working folder
    code, out, _ = run("check", "../templates", "-f", "json")
    assert files_of(out) == {"../templates/bad.txt", "../templates/a/b.txt"}
    code, out, _ = run("check", str(repo / "templates" / "a"), "-f", "json")
    assert files_of(out) == {str(repo / "templates" / "a" / "b.txt")}


def test_named_excluded_file_is_skipped_quietly(repo: Path) -> None:
    code, out, err = run("check", "templates/drafts/d.txt", "docs/x.txt", "-f", "json")
    assert code == 0 and not err and files_of(out) == set()
    code, out, _ = run("check", "templates/drafts/d.txt", "templates/bad.txt", "-f", "json")
    assert code == 1 and files_of(out) == {"templates/bad.txt"}


def test_no_force_exclude_lints_named_files(repo: Path) -> None:
    code, out, _ = run("check", "templates/drafts/d.txt", "--no-force-exclude", "-f", "json")
    assert code == 1 and files_of(out) == {"templates/drafts/d.txt"}


def test_folder_without_templates_is_exit_2(repo: Path) -> None:
    code, _, err = run("check", "templates/drafts")
    assert code == 2
    assert "templates/drafts: no template file in this folder" in err and ".smslint.yaml" in err
    code, _, err = run("check", "sub", "templates")  # the other folder is still linted
    assert code == 2 and "sub: no template file" in err


def test_config_pack_resolves_from_the_config_folder(repo: Path, monkeypatch) -> None:
    (repo / "mypack.yaml").write_text(
        "name: mypack\nextends: base\nrules:\n  - id: base.coercion.detention\n    severity: off\n",
        encoding="utf-8",
    )
    (repo / ".smslint.yaml").write_text("pack: mypack.yaml\nkind: overdue\n", encoding="utf-8")
    monkeypatch.chdir(repo / "sub")
    code, out, _ = run("check", "../templates/bad.txt", "-f", "json")
    report = json.loads(out)
    assert report["templates"][0]["pack"] == "mypack"
    assert "base.coercion.detention" not in {f["rule"] for f in report["findings"]}
    (repo / ".smslint.yaml").write_text("pack: nopack.yaml\n", encoding="utf-8")
    code, _, err = run("check", "../templates/bad.txt")
    assert code == 2
    assert err.startswith(f"smslint: error: {repo / '.smslint.yaml'}:")
    assert "'nopack.yaml'" in err
