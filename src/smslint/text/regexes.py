"""Regular expressions from packs, compiled with RE2.

Packs may come from outside the team. RE2 matches in linear time, so a
pattern such as ``(a+)+$`` cannot hang a hook or a CI run; patterns that need
backtracking features (back-references, look-around) are refused at load time
with the pack file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from smslint.core.errors import SmslintError
from smslint.privacy.masking import clip, quote


@cache
def _options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # errors are reported by us, with file and line
    return options


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8_safe(text: str) -> str:
    """``text`` with each lone surrogate (which UTF-8, and so RE2, cannot carry) as U+FFFD.

    One character for one, so match offsets index the caller's text unchanged.
    """
    return text if text.isascii() or not _SURROGATE.search(text) else _SURROGATE.sub("\ufffd", text)


class Pattern:
    """A compiled RE2 pattern that searches any ``str``, even one no encoder accepts."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, compiled: Any) -> None:
        self._compiled = compiled
        self.pattern: str = compiled.pattern

    def search(self, text: str) -> Any:
        return self._compiled.search(_utf8_safe(text))

    def finditer(self, text: str) -> Iterator[Any]:
        return self._compiled.finditer(_utf8_safe(text))


@cache
def _compile(pattern: str) -> Pattern:
    import re2

    return Pattern(re2.compile(pattern, options=_options()))


def compile_pattern(pattern: object, file: str, line: int) -> Pattern:
    """Compile ``pattern``; a bad one is an SmslintError at the pack's ``file:line``."""
    if not isinstance(pattern, str) or not pattern:
        raise SmslintError("a pattern must be a non-empty string", file, line)
    try:
        return _compile(pattern)
    except Exception as exc:  # re2 raises its own error type
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise SmslintError(f"invalid regex {quote(pattern)}: {clip(reason)}", file, line) from None
