"""Configuration search stops at the repository root and never reads a file others can write:
a `.smslint.yaml` planted in a shared parent must not switch the gate off."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.run.config import find_config

from .conftest import DATA

MINI = str(DATA / "packs" / "mini.yaml")
PLANTED = "pack: base\nfail_on: never\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stderr + result.stdout
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A shared parent with a planted config, and a repository below it."""
    (tmp_path / ".smslint.yaml").write_text(PLANTED, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.smslint]\nfail_on = "never"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    return tmp_path


def test_a_config_above_the_repository_is_not_read(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(shared / "repo" / "sub")
    assert find_config().file is None
    code, _, err = run("check", "--pack", MINI, "--text", "坐牢")
    assert code == 1, err  # the planted fail_on: never did not apply


def test_the_repository_root_config_is_read_from_below(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (shared / "repo" / ".git").rmdir()
    (shared / "repo" / ".git").write_text("gitdir: elsewhere\n")  # a worktree: .git is a file
    (shared / "repo" / ".smslint.yaml").write_text(f"pack: {MINI}\n", encoding="utf-8")
    assert find_config(shared / "repo" / "sub").file == str(shared / "repo" / ".smslint.yaml")


def test_outside_a_repository_only_the_working_folder_is_searched(shared: Path) -> None:
    plain = shared / "plain"
    plain.mkdir()
    assert find_config(plain).file is None
    (plain / ".smslint.yaml").write_text(f"pack: {MINI}\n", encoding="utf-8")
    assert find_config(plain).file == str(plain / ".smslint.yaml")


def test_a_config_in_a_folder_others_can_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".smslint.yaml"
    config.write_text(PLANTED, encoding="utf-8")
    os.chmod(tmp_path, 0o777)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check", "--text", "坐牢")
    assert code == 2
    assert err.strip() == (
        f"smslint: error: {config}: configuration not read: its folder is writable by other "
        "users (chmod go-w, or remove it)"
    )
    os.chmod(tmp_path, 0o1777)  # sticky, like /tmp: others cannot replace our file
    assert find_config().file == str(config)
    os.chmod(config, 0o666)
    code, _, err = run("check", "--text", "坐牢")
    assert code == 2 and "it is writable by other users" in err
    os.chmod(tmp_path, 0o755)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_config_another_user_owns_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".smslint.yaml"
    config.write_text(PLANTED, encoding="utf-8")
    os.chown(config, 4242, 4242)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check", "--text", "坐牢")
    assert code == 2 and "belongs to another user" in err
