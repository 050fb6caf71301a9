"""The test pack of the format, links, signature, institution and timing rule kinds."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from smslint.core.model import Finding
from smslint.engine.linter import Linter

from .conftest import DATA

FORMAT = DATA / "packs" / "format.yaml"


@cache
def linter(pack: str | Path = FORMAT) -> Linter:
    return Linter(str(pack))


def found(rule: str, text: str, kind: str = "overdue", **template: Any) -> list[Finding]:
    """Findings of one rule of the format pack (or of ``pack=``) for one message."""
    pack = template.pop("pack", FORMAT)
    return [f for f in linter(pack).lint(text, kind, **template) if f.rule == rule]


def write_pack(tmp_path: Path, body: str, name: str = "p") -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\n{body}", encoding="utf-8")
    return str(path)
