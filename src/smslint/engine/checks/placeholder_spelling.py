"""``placeholder-spelling``: placeholders that only some sending platforms fill, with the repair.

``${ amount }`` is filled by a platform that trims names and sent verbatim by one that does
not; ``${amount}`` works everywhere, so a spaced placeholder is flagged with the compact
spelling as its fix. :func:`respelled` also gives the one repair of a broken placeholder when
only one is possible (``{{amount}`` → ``{{amount}}``); the ``placeholders`` kind attaches it
to its brace findings so that ``--fix`` can apply it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from smslint.core.model import Finding, Fix
from smslint.core.placeholders import Placeholder, find_placeholders
from smslint.engine.checks import Check
from smslint.engine.checks.wording import fill
from smslint.engine.document import Document

_SPELLING = {"dollar": "${{{}}}", "double": "{{{{{}}}}}", "brace": "{{{}}}"}
_NAME = r"(?P<name>\w[\w.\-]*)"
_GAP = r"[ \t\u3000]*"
# broken constructs whose opening says which syntax was meant: `${` or `{{` with a name and
# no or the wrong closing, or `$name}` missing its `{`; a lone `{` or `}}` could be either
_OPENED = re.compile(rf"(?P<open>\$\{{|\{{\{{){_GAP}{_NAME}{_GAP}\}}{{0,2}}")
_DOLLAR_CLOSED = re.compile(rf"\${_NAME}\}}")


def spelled(p: Placeholder) -> str:
    """The compact spelling of a placeholder."""
    return _SPELLING[p.syntax].format(p.name)


def respelled(construct: str) -> str | None:
    """The placeholder a broken ``construct`` must have meant, or None when it is ambiguous."""
    m = _OPENED.fullmatch(construct)
    if m:
        fixed = f"${{{m['name']}}}" if m["open"] == "${" else f"{{{{{m['name']}}}}}"
    elif m := _DOLLAR_CLOSED.fullmatch(construct):
        fixed = f"${{{m['name']}}}"
    else:
        return None
    found = find_placeholders(fixed)
    return fixed if len(found) == 1 and found[0].end == len(fixed) else None


class PlaceholderSpelling(Check):
    name = "placeholder-spelling"

    def check(self, doc: Document) -> Iterator[Finding]:
        for p in doc.placeholders:
            shown = doc.text[p.start : p.end]
            compact = spelled(p)
            if shown != compact:
                detail = f"{shown} 应写作 {compact}"
                message = fill(self.rule.message, shown, detail)
                yield self.finding(p.start, p.end, message, fix=Fix(p.start, p.end, compact))
