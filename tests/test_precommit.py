"""The pre-commit hook, run by the real pre-commit on a template repository.

pre-commit installs the hook from a git repository, so the test commits a copy of this project
(what a tagged release holds) into a temporary repository and pins it by sha in the template
repository's ``.pre-commit-config.yaml``, as the README tells users to; the template repository
is another temporary one. Installing the hook's environment uses pip as any user's first run
does; the second run reuses it, as a user's next commit does (``try-repo`` would install it
again in a store of its own, seconds of pip per run).
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


def _hook_repo(tmp_path: Path) -> tuple[Path, str]:
    """The copy of this project as a git repository, and its commit's sha."""
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
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()
    return repo, sha


def _template(path: Path, tid: str, text: str) -> None:
    path.write_text(f"kind: overdue\ntemplates:\n  - id: {tid}\n    text: '{text}'\n", "utf-8")


def test_the_hook_fails_on_a_bad_template_and_passes_on_a_good_one(tmp_path: Path) -> None:
    hook, sha = _hook_repo(tmp_path)
    work = tmp_path / "templates"
    (work / ".smslint").mkdir(parents=True)
    shutil.copy(DATA / "packs" / "mini.yaml", work / ".smslint" / "mini.yaml")
    # the configs and the pack are YAML too: the hook must leave dot-paths alone
    (work / ".smslint.yaml").write_text("pack: .smslint/mini.yaml\n", encoding="utf-8")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook}\n    rev: {sha}\n    hooks:\n      - id: smslint\n",
        encoding="utf-8",
    )
    _template(work / "good.yaml", "good", GOOD)
    git(work, "init", "-q")
    git(work, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False
        )

    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    _template(work / "bad.yaml", "bad", BAD)
    git(work, "add", "-A")
    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "bad.yaml:4:" in failed.stdout and "mini.coercion.jail" in failed.stdout
    assert "good.yaml:" not in failed.stdout
