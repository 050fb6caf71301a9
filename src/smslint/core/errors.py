"""The one error type users see: a clear ``file:line:column: message`` and exit code 2.

A message that quotes a value quotes it through :func:`smslint.privacy.masking.quote`, which
masks identifiers; this module knows nothing of them, so every layer may raise it.
"""

from __future__ import annotations


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
