"""Regular expressions from packs, compiled with RE2.

Packs may come from outside the team. RE2 matches in linear time, so a
pattern such as ``(a+)+$`` cannot hang a hook or a CI run; patterns that need
backtracking features (back-references, look-around) are refused at load time
with the pack file and line.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .errors import SmslintError


@cache
def _options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # errors are reported by us, with file and line
    return options


@cache
def _compile(pattern: str) -> Any:
    import re2

    return re2.compile(pattern, options=_options())


def compile_pattern(pattern: object, file: str, line: int) -> Any:
    """Compile ``pattern``; a bad one is an SmslintError at the pack's ``file:line``."""
    if not isinstance(pattern, str) or not pattern:
        raise SmslintError("a pattern must be a non-empty string", file, line)
    try:
        return _compile(pattern)
    except Exception as exc:  # re2 raises its own error type
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise SmslintError(f"invalid regex {pattern!r}: {reason}", file, line) from None
