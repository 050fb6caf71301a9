"""``--changed-since REV``: lint only the template files that differ from a git revision.

A repository of thousands of templates should not be linted whole on every merge request:
what the request adds, modifies or renames is what the gate has to judge. Files still untracked
count as changed (a template written but not yet added is exactly what a hook should see);
deleted files have nothing left to lint.

Each path given is asked about in the repository that holds it (not the working folder's), up
to the outermost superproject, and submodules are followed from the commit the superproject
recorded at the revision: paths in another repository or a submodule are never dropped
silently. A path in no repository at all is an error.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from smslint.core.errors import SmslintError

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


def changed_files(
    rev: str, cwd: str | Path | None = None, paths: Iterable[str | Path] = (".",)
) -> set[Path]:
    """Absolute, resolved paths of files added, modified, renamed or copied since ``rev``
    in the repositories holding ``paths`` (relative to ``cwd``).

    Compared with the working tree, so uncommitted edits count: the same set answers a hook
    before a commit and a CI job after it.
    """
    where = Path(cwd or Path.cwd())
    if rev.startswith("-"):  # would be read as an option by git
        raise SmslintError(f"--changed-since: not a revision: {rev!r}")
    roots: dict[Path, None] = {}
    for raw in paths:
        path = where / raw
        if not path.exists():
            continue  # the walk reports it
        roots.setdefault(_outermost(path if path.is_dir() else path.parent, str(raw)))
    found: set[Path] = set()
    for top in roots:
        try:
            _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
        except SmslintError:
            raise SmslintError(f"--changed-since: unknown revision {rev!r}", str(top)) from None
        _changed_in(top, rev, found)
    return found


def _outermost(folder: Path, shown: str) -> Path:
    """The root of the repository holding ``folder``, or of its outermost superproject."""
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    except SmslintError:
        from smslint.sources import shown_path

        message = "--changed-since: not a git repository, nor in one"
        raise SmslintError(message, shown_path(shown)) from None
    while True:
        above = _git(["rev-parse", "--show-superproject-working-tree"], top).strip()
        if not above:
            return top
        top = Path(above)


def _changed_in(top: Path, rev: str | None, found: set[Path]) -> None:
    """Add to ``found`` the files of the repository at ``top`` changed since ``rev`` (None:
    every tracked file, the repository being new since), then do the same in its submodules
    since the commits ``rev`` recorded for them."""
    if rev is None:
        tracked = _git(["ls-files", "-z"], top).split("\0")
        found.update((top / name).resolve() for name in tracked if name)
    else:
        diff = _git(["diff", "--name-status", "-z", "-M", rev, "--"], top).split("\0")
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
    for entry in _git(["ls-files", "--stage", "-z"], top).split("\0"):
        mode, _, rest = entry.partition(" ")
        if mode != "160000":  # a gitlink: a submodule
            continue
        sub = rest.partition("\t")[2]
        if not (top / sub / ".git").exists():
            continue  # not checked out: nothing on disk to lint
        recorded = None
        if rev is not None:
            try:
                recorded = _git(["rev-parse", "--verify", "--quiet", f"{rev}:{sub}"], top).strip()
                _git(["cat-file", "-e", f"{recorded}^{{commit}}"], top / sub)
            except SmslintError:
                recorded = None  # added since, or its commit is not fetched: all of it is new
        _changed_in(top / sub, recorded, found)
