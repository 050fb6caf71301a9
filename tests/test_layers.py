"""The package's layers, kept by import-linter's contract in pyproject.toml.

A module may import from its own layer and those below it; a new folder or module outside
every layer fails here, so the contract cannot fall behind the package.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "smslint"
TOP_LEVEL = {"__init__", "__main__"}  # the package itself: the lazy API and ``python -m``


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def test_the_layers_contract_is_kept() -> None:
    run = subprocess.run(  # the tool's own command, installed beside this interpreter
        [str(Path(sys.executable).with_name("lint-imports")), "--config", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 kept, 0 broken" in run.stdout


def test_every_module_sits_in_a_layer() -> None:
    layers = set(_layers())
    outside = sorted(
        child.stem if child.is_file() else child.name
        for child in PACKAGE.iterdir()
        if (child.suffix == ".py" and child.stem not in TOP_LEVEL)
        or (child.is_dir() and (child / "__init__.py").exists())
        if f"smslint.{child.stem if child.is_file() else child.name}" not in layers
    )
    assert outside == []
