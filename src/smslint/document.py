"""One template as the checks see it: the original text and its derived views.

Views are computed on first use and kept, so a message that no check asks
tokens for is never tokenised, and ten lexicon rules share one normalisation.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cached_property
from typing import TYPE_CHECKING

from .length import Length, measure
from .model import Template
from .normalize import Normalized, compact, compact_text, normalize
from .placeholders import Placeholder

if TYPE_CHECKING:
    from .checks.shared import Shared
    from .packs import Pack

CLAUSE_PUNCT = frozenset("，,。！!？?；;：:、\n\r")
SENTENCE_PUNCT = frozenset("。！!？?；;\n\r")


class Document:
    def __init__(self, template: Template, kind: str | None, pack: Pack, shared: Shared) -> None:
        self.template = template
        self.kind = kind
        self.pack = pack
        self.shared = shared
        self.text = template.text

    @cached_property
    def norm(self) -> Normalized:
        return normalize(self.text)

    @cached_property
    def compact(self) -> Normalized:
        return compact(self.norm)

    @cached_property
    def compact_text(self) -> str:
        """The compact view's text alone, for scans that need positions only on a hit."""
        if "compact" in self.__dict__:
            return self.compact.text
        return compact_text(self.norm)

    @cached_property
    def placeholders(self) -> list[Placeholder]:
        return [self.norm.placeholders[k] for k in sorted(self.norm.placeholders)]

    @cached_property
    def length(self) -> Length:
        return measure(
            self.text, self.placeholders, self.template.vars, self.pack.placeholder_lengths
        )

    def norm_index(self, original: int) -> int:
        """The first normalised character that comes from original index ``original`` or later."""
        return bisect_left(self.norm.starts, original)

    def _extent(self, index: int, stops: frozenset[str]) -> tuple[int, int]:
        text = self.norm.text
        start = index
        while start > 0 and text[start - 1] not in stops:
            start -= 1
        end = index
        while end < len(text) and text[end] not in stops:
            end += 1
        return start, end

    def clause(self, index: int) -> tuple[int, int]:
        """The clause (between commas and stops) around a normalised index."""
        return self._extent(index, CLAUSE_PUNCT)

    def sentence(self, index: int) -> tuple[int, int]:
        return self._extent(index, SENTENCE_PUNCT)
