"""Whether two versions of smslint write the same reports, byte for byte.

A refactoring (issue 18) must not change what any user sees. This script lints the same
inputs with the code of a git revision and with the working tree, in every report format
asked for, and compares the outputs with ``cmp``'s strictness: identical bytes or a report of
where they first differ. Each version runs in its own process from its own source tree (the
revision's ``src`` and ``rules`` extracted with ``git archive`` into a temporary folder), with
the current environment's dependencies and pack caches of its own.

Usage: ``python benchmarks/compare_reports.py --base REV [--format json ...] [--jobs N]
PATH...`` (PATH: template files, folders or logs; default ``corpus/``). Exit status 0 when
every report is identical, 1 when one differs, 2 on bad input.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = (
    *("text", "concise", "json", "jsonl", "sarif"),
    *("github", "gitlab", "junit", "markdown", "html"),
)


def extract(rev: str, into: Path) -> Path:
    """The revision's ``src`` and ``rules``, written under ``into``; its ``src`` folder."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src", "rules"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise SystemExit(f"compare_reports: error: no revision {rev!r}: {archive.stderr.decode()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def report(src: Path, paths: list[str], fmt: str, jobs: int, cache: Path, out: Path) -> int:
    """Lint ``paths`` with the smslint under ``src``; the report goes to ``out``."""
    env = dict(os.environ, PYTHONPATH=str(src), SMSLINT_CACHE_DIR=str(cache))
    cmd = [sys.executable, "-m", "smslint", "check", *paths, "--format", fmt]
    cmd += ["--jobs", str(jobs), "--output", str(out)]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False).returncode


def first_difference(a: bytes, b: bytes) -> str:
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    line = a[:at].count(b"\n") + 1
    return f"first difference at byte {at + 1}, line {line} (sizes {len(a)} and {len(b)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="git revision to compare with")
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("paths", nargs="*", default=["corpus/"])
    args = parser.parse_args(argv)
    differ = 0
    with tempfile.TemporaryDirectory(prefix="smslint-compare-") as tmp:
        folder = Path(tmp)
        base_src = extract(args.base, folder / "base")
        for fmt in args.formats or FORMATS:
            outs = []
            for name, src in (("base", base_src), ("tree", ROOT / "src")):
                out = folder / f"{name}.{fmt}"
                code = report(src, args.paths, fmt, args.jobs, folder / f"cache-{name}", out)
                outs.append((code, out.read_bytes() if out.exists() else b""))
            (code_a, a), (code_b, b) = outs
            if a == b and code_a == code_b:
                print(f"{fmt}: identical ({len(a):,} bytes, exit {code_a})")
            else:
                differ = 1
                where = first_difference(a, b) if a != b else "same bytes"
                print(f"{fmt}: DIFFERENT: {where}; exit {code_a} and {code_b}")
    return differ


if __name__ == "__main__":
    sys.exit(main())
