"""benchmarks/compare_reports.py: the same code writes the same bytes; a difference is placed."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("compare", ROOT / "benchmarks" / "compare_reports.py")
compare = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(compare)  # type: ignore[union-attr]


def test_first_difference_names_byte_and_line() -> None:
    assert compare.first_difference(b"ab\ncd", b"ab\nxd") == (
        "first difference at byte 4, line 2 (sizes 5 and 5)"
    )
    assert "sizes 2 and 3" in compare.first_difference(b"ab", b"abc")


def _clean_checkout() -> bool:
    """A git checkout whose src and rules are as committed (the test compares HEAD with them)."""
    status = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "src", "rules"],
        capture_output=True,
        text=True,
    )
    return status.returncode == 0 and not status.stdout.strip()


@pytest.mark.skipif(not _clean_checkout(), reason="not a git checkout, or src/rules edited")
def test_head_against_the_tree_is_identical(capsys: pytest.CaptureFixture[str]) -> None:
    sample = "corpus/citic/txt/address-change.txt"
    assert compare.main(["--base", "HEAD", "--format", "json", sample]) == 0
    assert capsys.readouterr().out.startswith("json: identical")
