"""``inserted-characters``: characters put inside words to slip past keyword filters.

The other kinds see through them (the normalised view drops invisible characters, the
compact view drops separators between CJK characters); this kind reports them, because a
carrier's template review rejects such a template and a person reading it should know.

Two things are reported, each pointing at the inserted characters:

- an invisible format character (Unicode category Cf: zero-width space, word joiner, soft
  hyphen, bidi marks…) standing between two letters or CJK characters. A zero-width joiner
  or variation selector inside an emoji sequence has no letter on both sides and is left
  alone;
- a visible separator (space, ``*``, ``-``, ``·``…) only where it splits a word that some
  rule matched on the compact view: spaces between ordinary words are how people write.

Inserted characters within one word make one finding; the message names them by code point,
never by the text around them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

from smslint.core.model import Finding
from smslint.engine.checks import Check
from smslint.engine.checks.wording import fill
from smslint.engine.document import Document
from smslint.text.normalize import is_cjk

# invisible characters outside Cf that render as nothing between letters (variation
# selectors are left out: after a CJK character they select a glyph, after an emoji a style)
_OTHER_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0")
_PRINTABLE_INVISIBLE = re.compile("[" + "".join(sorted(_OTHER_INVISIBLE)) + "]")
WORD_GAP = 2  # CJK characters between two insertions that still make them one word


def _invisible(ch: str) -> bool:
    if ch in _OTHER_INVISIBLE:
        return True
    return not ch.isprintable() and unicodedata.category(ch) == "Cf"


def invisible_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of invisible characters that stand between two letters or CJK characters."""
    if text.isprintable() and not _PRINTABLE_INVISIBLE.search(text):
        return  # no Cf character is printable: nearly every message ends here
    i, n = 0, len(text)
    while i < n:
        if not _invisible(text[i]):
            i += 1
            continue
        j = i + 1
        while j < n and _invisible(text[j]):
            j += 1
        if i > 0 and j < n and text[i - 1].isalnum() and text[j].isalnum():
            yield i, j
        i = j


def _clusters(text: str, spans: Iterable[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Spans grouped by word: consecutive ones with at most WORD_GAP CJK characters between."""
    groups: list[list[tuple[int, int]]] = []
    for start, end in sorted(set(spans)):
        if groups:
            last = groups[-1][-1]
            between = text[last[1] : start]
            if start <= last[1] or (len(between) <= WORD_GAP and all(map(is_cjk, between))):
                groups[-1].append((start, end))
                continue
        groups.append([(start, end)])
    return groups


def _describe(chars: str) -> str:
    counts = Counter(chars)
    parts = []
    for ch, n in counts.items():
        name = unicodedata.name(ch, "")
        label = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
        parts.append(label if n == 1 else f"{label} ×{n}")
    return "、".join(parts)


class InsertedCharacters(Check):
    name = "inserted-characters"
    last = True  # reads what the word-matching kinds recorded on the document

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        spans = list(invisible_runs(text))
        spans += doc.inserted
        if not spans:
            return
        for group in _clusters(text, spans):
            start, end = group[0][0], max(e for _, e in group)
            chars = "".join(text[s:e] for s, e in group)
            yield self.finding(start, end, fill(self.rule.message, detail=_describe(chars)))
