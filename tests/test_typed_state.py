"""Per-document state is typed: no code writes into an object's ``__dict__``.

A memo kept under a string key of ``doc.__dict__`` is invisible to readers and to mypy and
collides silently with another module's key; ``Document`` declares each as a lazy view or
a field instead."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "smslint"
# item access and the dict methods that store or fetch a memo; ``"x" in obj.__dict__`` (has a
# lazy view been computed?) only reads
WRITE = re.compile(r"__dict__\s*(\[|\.(setdefault|get|update|pop)\b)")


def dict_writes(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root.parent)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITE.search(line)
    ]


def test_no_code_writes_into_dunder_dict() -> None:
    assert len(list(SRC.rglob("*.py"))) > 50, "the scan found the package"
    assert dict_writes(SRC) == []


def test_the_scan_finds_each_form(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text(
        'doc.__dict__["norm"] = 1\nm = doc.__dict__.setdefault("_s", {})\n'
        'c = doc.__dict__.get("_h")\nif "compact" in doc.__dict__:\n    pass\n'
    )
    assert [hit.split(": ")[0] for hit in dict_writes(package)] == [
        "pkg/m.py:1",
        "pkg/m.py:2",
        "pkg/m.py:3",
    ]
