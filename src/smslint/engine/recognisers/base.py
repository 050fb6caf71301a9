"""What every element recogniser shares: the span it reports, the registry, the word lists.

A required element ("an amount", "a deadline") is present when a reviewer would read it in the
text, whatever the wording. Each recogniser is a small grammar over the normalised text
(simplified, half-width, lower-case, placeholders as one sentinel); its word lists are data in
``words.json`` so a wording a reviewer accepts is added without touching the grammar.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from smslint.packs.pack import Pack

# characters that end a clause after normalisation (full-width punctuation is ASCII by then)
CLAUSE = ",.;:!?、。；：！？\n\r"
NOT_CLAUSE = "[^" + re.escape(CLAUSE) + "]"


@dataclass(frozen=True, slots=True)
class Span:
    """A mention of an element: ``text[start:end]`` of the normalised text, end exclusive."""

    recogniser: str
    start: int
    end: int
    text: str


class Recogniser:
    """Base of the recognisers; a subclass sets ``name`` and ``label`` and implements ``find``."""

    name: ClassVar[str]
    label: ClassVar[str]

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        raise NotImplementedError

    def possible(self, text: str) -> bool:
        """False when ``text`` cannot hold a mention: one quick search instead of the grammar,
        since in a bulk run most messages that reach a recogniser hold none."""
        return True

    def span(self, text: str, start: int, end: int) -> Span:
        return Span(self.name, start, end, text[start:end])

    def spans(self, text: str, matches: Iterable[re.Match[str]]) -> list[Span]:
        return [self.span(text, m.start(), m.end()) for m in matches]


class GrammarRecogniser(Recogniser):
    """A recogniser that is one grammar: its matches, overlapping ones merged. A subclass sets
    ``grammar``, the function that compiles the pattern on first use."""

    grammar: ClassVar[Callable[[], re.Pattern[str]]]

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        yield from merged(self.spans(text, type(self).grammar().finditer(text)))


RECOGNISERS: dict[str, Recogniser] = {}


def register(cls: type[Recogniser]) -> type[Recogniser]:
    """Class decorator: one shared instance per recogniser, looked up by its name."""
    if cls.name in RECOGNISERS:
        raise ValueError(f"element recogniser {cls.name!r} registered twice")
    RECOGNISERS[cls.name] = cls()
    return cls


@cache
def words() -> dict[str, Any]:
    return json.loads((Path(__file__).with_name("words.json")).read_text(encoding="utf-8"))


def alternation(items: Iterable[str]) -> str:
    """A regex group matching any of ``items``, longest first so the longest wording wins."""
    unique = sorted(set(items), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in unique) + ")" if unique else "(?!)"


def listed(name: str) -> str:
    return alternation(words()[name])


def signature_blocks(text: str) -> list[tuple[int, int]]:
    """The 【…】 blocks: a sender's name there is no venue, channel or app of the message."""
    return [m.span() for m in re.finditer(r"【[^【】]{0,16}】", text)]


def outside(spans: list[Span], blocks: list[tuple[int, int]]) -> list[Span]:
    return [s for s in spans if not any(a <= s.start < b for a, b in blocks)]


def merged(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping ones of the same recogniser joined: one mention each."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and out[-1].recogniser == s.recogniser and s.start < out[-1].end:
            last = out[-1]
            if s.end > last.end:
                out[-1] = Span(
                    last.recogniser, last.start, s.end, last.text + s.text[last.end - s.start :]
                )
            continue
        out.append(s)
    return out
