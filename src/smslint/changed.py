"""``--changed-since REV``: lint only the template files that differ from a git revision.

A repository of thousands of templates should not be linted whole on every merge request:
what the request adds, modifies or renames is what the gate has to judge. Files still untracked
count as changed (a template written but not yet added is exactly what a hook should see);
deleted files have nothing left to lint.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import SmslintError

# git --name-status letters of changes that leave a file to lint (D, deleted, leaves none)
_KEEP = frozenset("AMRCT")


def _git(args: list[str], cwd: Path) -> str:
    try:
        run = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:
        raise SmslintError("--changed-since needs git, which is not installed") from None
    if run.returncode != 0:
        reason = run.stderr.strip().splitlines()
        detail = reason[-1] if reason else f"git {args[0]} failed"
        raise SmslintError(f"--changed-since: {detail.removeprefix('fatal: ')}")
    return run.stdout


def changed_files(rev: str, cwd: str | Path | None = None) -> set[Path]:
    """Absolute, resolved paths of files added, modified, renamed or copied since ``rev``.

    Compared with the working tree, so uncommitted edits count: the same set answers a hook
    before a commit and a CI job after it.
    """
    where = Path(cwd or Path.cwd())
    if rev.startswith("-"):  # would be read as an option by git
        raise SmslintError(f"--changed-since: not a revision: {rev!r}")
    top = Path(_git(["rev-parse", "--show-toplevel"], where).strip())
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], where)
    except SmslintError:
        raise SmslintError(f"--changed-since: unknown revision {rev!r}") from None
    diff = _git(["diff", "--name-status", "-z", "-M", rev, "--"], top).split("\0")
    found: set[Path] = set()
    i = 0
    while i < len(diff) and diff[i]:
        status = diff[i][0]
        # renames and copies list the old path, then the new one
        paths = diff[i + 1 : i + 3] if status in "RC" else diff[i + 1 : i + 2]
        if status in _KEEP:
            found.add((top / paths[-1]).resolve())
        i += 1 + len(paths)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    found.update((top / name).resolve() for name in untracked if name)
    return found
