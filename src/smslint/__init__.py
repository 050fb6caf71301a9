"""smslint: a compliance linter for Chinese notice SMS.

The library API is ``smslint.Linter`` (``Linter(pack="citic").lint(text, kind="overdue")``)
with ``Finding`` and ``SmslintError``. They are loaded on first access, so ``import smslint``
(which every CLI run does) costs nothing beyond this file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smslint.core.version import __version__

__all__ = ["Finding", "Linter", "SmslintError", "__version__"]

_LAZY = {
    "Linter": "smslint.engine.linter",
    "Finding": "smslint.core.model",
    "SmslintError": "smslint.core.errors",
}

if TYPE_CHECKING:
    from smslint.core.errors import SmslintError
    from smslint.core.model import Finding
    from smslint.engine.linter import Linter


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'smslint' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
