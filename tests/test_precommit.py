"""The pre-commit hook, run by the real pre-commit on a template repository.

pre-commit installs the hook from a git repository, so the test commits a copy of this project
(what a tagged release holds) into a temporary repository and points ``try-repo`` at it; the
template repository is another temporary one. Installing the hook's environment uses pip as
any user's first run does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, ROOT

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GOOD = "【测试银行】您本期应还${amount}元，请按时还款。"
BAD = "【测试银行】再不还款就让你坐牢，应还${amount}元。"


def git(repo: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args]
    subprocess.run(command, cwd=repo, check=True, capture_output=True)


def _hook_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "smslint"
    repo.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("src", "rules"):
        shutil.copytree(ROOT / name, repo / name, ignore=skip)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "release")
    return repo


def _template(path: Path, tid: str, text: str) -> None:
    path.write_text(f"kind: overdue\ntemplates:\n  - id: {tid}\n    text: '{text}'\n", "utf-8")


def test_try_repo_fails_on_a_bad_template_and_passes_on_a_good_one(tmp_path: Path) -> None:
    hook = _hook_repo(tmp_path)
    work = tmp_path / "templates"
    (work / ".smslint").mkdir(parents=True)
    shutil.copy(DATA / "packs" / "mini.yaml", work / ".smslint" / "mini.yaml")
    # the config and the pack are YAML too: the hook must leave dot-paths alone
    (work / ".smslint.yaml").write_text("pack: .smslint/mini.yaml\n", encoding="utf-8")
    _template(work / "good.yaml", "good", GOOD)
    git(work, "init", "-q")
    git(work, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook), "smslint", "--all-files"]

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False
        )

    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    _template(work / "bad.yaml", "bad", BAD)
    git(work, "add", "-A")
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "bad.yaml:4:" in failed.stdout and "mini.coercion.jail" in failed.stdout
    assert "good.yaml:" not in failed.stdout
