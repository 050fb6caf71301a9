"""Element recognisers: where a notice states an amount, a deadline, a venue, a channel …

Each recogniser is a plug-in registered by name, like the personal-data detectors; a pack's
element names the recognisers that count for it (``recognisers: [money]``). Two entry points:

- ``find(name, text, pack)``: the spans one recogniser finds in normalised ``text``;
- ``recognise(element, text, pack)``: every span that makes the pack's ``element`` present —
  its recognisers, keywords, patterns and placeholders — so ``inspect`` and reviewers see
  what counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from smslint.core.errors import SmslintError
from smslint.engine.recognisers import channels, dates, durations, money, people, places
from smslint.engine.recognisers.base import RECOGNISERS, Recogniser, Span, register

if TYPE_CHECKING:
    from smslint.packs.pack import Pack
    from smslint.text.normalize import Normalized

__all__ = [
    "CONTEXT_CHARS",
    "RECOGNISERS",
    "SIGNATURE_ELEMENT",
    "Recogniser",
    "Span",
    "channels",
    "dates",
    "durations",
    "find",
    "has_signature",
    "money",
    "people",
    "places",
    "recognise",
    "register",
    "signature_span",
]

CONTEXT_CHARS = 6  # how far a numbered placeholder's context words may stand from it


def find(name: str, text: str, pack: Pack | None = None) -> list[Span]:
    """The spans recogniser ``name`` finds in normalised ``text``, sorted by start."""
    recogniser = RECOGNISERS.get(name)
    if recogniser is None:
        raise SmslintError(f"unknown element recogniser {name!r}; known: {', '.join(RECOGNISERS)}")
    return list(recogniser.find(text, pack)) if recogniser.possible(text) else []


def any_found(names: Iterable[str], text: str, pack: Pack | None) -> bool:
    for name in names:
        recogniser = RECOGNISERS[name]
        if recogniser.possible(text) and next(iter(recogniser.find(text, pack)), None):
            return True
    return False


# the structural element: built in, found by where it sits rather than by what it says
SIGNATURE_ELEMENT = "signature"


def has_signature(text: str) -> bool:
    """A 【…】 of 2–12 characters opening or closing the message."""
    return signature_span(text) is not None


def signature_span(text: str) -> tuple[int, int] | None:
    """Where the opening or closing 【…】 of 2–12 characters is, if there is one."""
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    if body.startswith("【"):
        close = body.find("】")
        if 3 <= close <= 13:
            return lead, lead + close + 1
    if body.endswith("】"):
        open_ = body.rfind("【")
        if open_ >= 0 and 2 <= len(body) - open_ - 2 <= 12:
            return lead + open_, lead + len(body)
    return None


def recognise(element: str, text: str | Normalized, pack: Pack) -> list[Span]:
    """Every mention that makes ``element`` of ``pack`` present in ``text`` (normalised text, or
    a ``Normalized`` whose placeholders then count by name), sorted by start.

    A keyword hit is reported as recogniser ``keyword``, a pattern hit as ``pattern``, a
    placeholder as ``placeholder``; the rest carry their recogniser's name.
    """
    from smslint.text.normalize import Normalized
    from smslint.text.regexes import compile_pattern

    norm = text if isinstance(text, Normalized) else None
    plain = norm.text if norm is not None else str(text)
    if element == SIGNATURE_ELEMENT:  # structural: the 【…】 that opens or closes the text
        found = signature_span(plain)
        return [Span("signature", *found, plain[found[0] : found[1]])] if found else []
    spec = pack.elements.get(element)
    if spec is None:
        known = ", ".join(sorted(pack.elements)) or "none"
        raise SmslintError(f"unknown element {element!r} (the pack defines: {known})")
    spans: list[Span] = []
    for keyword in (k.lower() for k in spec.get("keywords", ())):
        at = plain.find(keyword)
        while at >= 0:
            spans.append(Span("keyword", at, at + len(keyword), keyword))
            at = plain.find(keyword, at + 1)
    for source in spec.get("patterns", ()):
        for m in compile_pattern(source, pack.file, 0).finditer(plain):
            if m.end() > m.start():
                spans.append(Span("pattern", m.start(), m.end(), m.group(0)))
    if norm is not None:
        spans += _placeholders(spec, norm)
    for name in spec.get("recognisers", ()):
        spans += find(name, plain, pack)
    return sorted(spans, key=lambda s: (s.start, s.end))


def _placeholders(spec: dict[str, Any], norm: Normalized) -> list[Span]:
    globs = [p.lower() for p in spec.get("placeholders", ())]
    context = [c.lower() for c in spec.get("context", ())]
    out = []
    for index, ph in norm.placeholders.items():
        name = ph.name.lower()
        if name.isdigit():
            around = norm.text[max(0, index - CONTEXT_CHARS) : index + 1 + CONTEXT_CHARS]
            hit = any(c in around for c in context)
        else:
            hit = any(fnmatchcase(name, p) for p in globs)
        if hit:
            out.append(Span("placeholder", index, index + 1, norm.text[index]))
    return out
