"""Regular expressions from packs, compiled with RE2.

Packs may come from outside the team. RE2 matches in linear time, so a
pattern such as ``(a+)+$`` cannot hang a hook or a CI run; patterns that need
backtracking features (back-references, look-around) are refused at load time
with the pack file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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

    __slots__ = ("_compiled", "_occurs", "pattern")

    def __init__(self, compiled: Any) -> None:
        self._compiled = compiled
        self.pattern: str = compiled.pattern
        self._occurs: Any = _UNBUILT  # built on first use: a hook run seldom asks

    def search(self, text: str) -> Any:
        return self._compiled.search(_utf8_safe(text))

    def occurs_in(self, data: bytes) -> bool:
        """Whether the pattern matches the UTF-8 text ``data``: no offsets to translate back to
        characters, so it is cheaper than :meth:`search` when only the answer matters."""
        if self._occurs is _UNBUILT:
            self._occurs = _bare_search(self.pattern)
        if self._occurs is None:
            return self._compiled.search(data) is not None
        return self._occurs(data)

    def finditer(self, text: str) -> Iterator[Any]:
        return self._compiled.finditer(_utf8_safe(text))


_UNBUILT = object()


def _bare_search(pattern: str) -> Callable[[bytes], bool] | None:
    """A yes-or-no search of UTF-8 bytes below the binding's Python layer, which builds a
    match object per call; a bulk run asks this of most messages. The pattern is compiled
    again without capturing groups, so RE2 need not find them. None if this version of the
    binding is laid out otherwise (then :meth:`Pattern.occurs_in` uses its public API)."""
    import re2

    if not _bare_searches():
        return None
    options = re2.Options()
    options.log_errors = False
    options.never_capture = True
    try:
        match = re2.compile(pattern, options=options)._regexp.Match
    except re2.error:
        return None
    anchor, no_match = re2._Anchor.UNANCHORED, re2._NULL_SPAN
    return lambda data: match(anchor, data, 0, len(data))[0] != no_match


@cache
def _bare_searches() -> bool:
    """Whether the binding's inner layer is there and answers as expected (it is not its
    public API): a match's span, and the null span for none."""
    import re2

    try:
        match = re2.compile("a", options=_options())._regexp.Match
        anchor, no_match = re2._Anchor.UNANCHORED, re2._NULL_SPAN
        return match(anchor, b"xa", 0, 2)[0] == (1, 2) and match(anchor, b"x", 0, 1)[0] == no_match
    except Exception:
        return False


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
