"""The one error type users see: a clear ``file:line:column: message`` and exit code 2."""

from __future__ import annotations

MAX_QUOTE = 32  # characters of a value an error message may quote


def quote(value: object, limit: int = MAX_QUOTE) -> str:
    """``value`` quoted for an error message, identifiers masked, and cut short.

    Template files hold customers' data and packs may be long; an error names a token so the
    author can find it, and never echoes a whole line or an identifier into a CI log.
    """
    from .masking import redact  # on first use: the detectors it needs take a while to load

    text = redact(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def clip(message: str, limit: int = 3 * MAX_QUOTE) -> str:
    """A library's error sentence (which may embed the offending value), masked and cut short."""
    from .masking import redact

    message = redact(message)
    return message if len(message) <= limit else message[: limit - 1] + "…"


class SmslintError(Exception):
    """Bad input or configuration. The CLI prints it on one line and exits 2, never a traceback."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = [str(p) for p in (self.file, self.line, self.column) if p is not None]
        return ":".join([*where, " " + self.message]) if where else self.message
