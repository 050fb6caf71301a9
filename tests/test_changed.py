"""--changed-since: only the template files a git revision does not have yet are linted."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.core.errors import SmslintError
from smslint.sources.changed import changed_files

from .conftest import DATA

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
BAD = "再不还就坐牢"


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args]
    return subprocess.run(command, cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed repository, then: a.txt modified, b.txt renamed, c.txt deleted, d.txt new."""
    git(tmp_path, "init", "-q")
    (tmp_path / ".smslint.yaml").write_text(f"pack: {DATA / 'packs' / 'mini.yaml'}\n")
    sub = tmp_path / "sub dir"
    sub.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "same.txt"):
        (sub / name).write_text(f"{BAD}：{name}\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "templates")
    (sub / "a.txt").write_text(f"{BAD}：changed\n", encoding="utf-8")
    git(tmp_path, "mv", "sub dir/b.txt", "sub dir/b2.txt")
    (sub / "c.txt").unlink()
    (sub / "d.txt").write_text(f"{BAD}：new\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("ignored.txt\n")
    (sub / "ignored.txt").write_text(f"{BAD}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_changed_files(repo: Path) -> None:
    sub = (repo / "sub dir").resolve()
    expected = {sub / "a.txt", sub / "b2.txt", sub / "d.txt", (repo / ".gitignore").resolve()}
    assert changed_files("HEAD") == expected
    assert changed_files("HEAD", cwd=repo / "sub dir") == expected  # from a subfolder too


def test_cli_lints_only_changed_templates(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--changed-since", "HEAD", "--format", "json"])
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert sorted(t["file"] for t in report["templates"]) == [
        "sub dir/a.txt",
        "sub dir/b2.txt",
        "sub dir/d.txt",
    ]
    # explicit paths narrow further; an unchanged file given by name is skipped
    result = CliRunner().invoke(
        cli, ["check", "sub dir/same.txt", "sub dir/d.txt", "--changed-since", "HEAD", "-f", "json"]
    )
    assert [t["file"] for t in json.loads(result.stdout)["templates"]] == ["sub dir/d.txt"]


def test_nothing_changed_passes(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "all")
    result = CliRunner().invoke(cli, ["check", "--changed-since", "HEAD"])
    assert result.exit_code == 0 and "0 templates" in result.stdout


@pytest.mark.parametrize("rev", ["no-such-rev", "--output=x"])
def test_bad_revision_is_exit_2(repo: Path, rev: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--changed-since", rev])
    assert result.exit_code == 2
    assert "--changed-since" in result.stderr and result.stderr.count("\n") == 1


def test_outside_a_repository(tmp_path: Path) -> None:
    with pytest.raises(SmslintError, match="not a git repository"):
        changed_files("HEAD", cwd=tmp_path)


def _repo_with(folder: Path, name: str) -> Path:
    """A repository at ``folder`` with ``name`` committed, then changed in the working tree."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q")
    (folder / name).write_text("旧的\n", encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "first")
    (folder / name).write_text(f"{BAD}：changed\n", encoding="utf-8")
    return folder


def test_a_path_in_another_repository_asks_that_repository(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = _repo_with(tmp_path_factory.mktemp("other"), "o.txt")
    result = CliRunner().invoke(
        cli, ["check", str(other), "sub dir", "--changed-since", "HEAD", "-f", "json"]
    )
    assert result.exit_code == 1, result.stderr
    files = sorted(t["file"] for t in json.loads(result.stdout)["templates"])
    assert files == sorted(
        [str(other / "o.txt"), "sub dir/a.txt", "sub dir/b2.txt", "sub dir/d.txt"]
    )


def test_files_in_a_submodule_are_followed(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    origin = _repo_with(tmp_path_factory.mktemp("origin"), "s.txt")
    git(origin, "commit", "-qam", "second")  # the submodule's commit has s.txt as BAD
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(origin), "mod")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "with a submodule")
    mod = repo / "mod"
    (mod / "s.txt").write_text(f"{BAD}：edited in the submodule\n", encoding="utf-8")
    (mod / "new.txt").write_text(f"{BAD}\n", encoding="utf-8")
    (mod / "kept.txt").write_text("旧的\n", encoding="utf-8")
    git(mod, "add", "kept.txt")
    git(mod, "commit", "-q", "-m", "kept")
    git(repo, "commit", "-qam", "bump")  # the superproject records the submodule's new commit
    for given in (["mod"], ["."], ["mod/s.txt", "mod/kept.txt"]):
        changed = changed_files("HEAD", paths=given)
        assert (mod / "s.txt").resolve() in changed and (mod / "new.txt").resolve() in changed
        assert (mod / "kept.txt").resolve() not in changed
    # since before the submodule existed, every file of it is new
    assert (mod / "kept.txt").resolve() in changed_files("HEAD~2", paths=["mod"])


def test_a_path_in_no_repository_is_exit_2(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    loose = tmp_path_factory.mktemp("loose")
    (loose / "x.txt").write_text(f"{BAD}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(loose / "x.txt"), "--changed-since", "HEAD"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"smslint: error: {loose / 'x.txt'}: --changed-since: not a git repository, nor in one\n"
    )
