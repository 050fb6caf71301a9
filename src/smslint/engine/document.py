"""One template as the checks see it: the original text and its derived views.

Views are computed on first use and kept, so a message that no check asks
tokens for is never tokenised, and ten lexicon rules share one normalisation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from smslint.core.model import Template
from smslint.text.brackets import Bracket, scan
from smslint.text.length import Length, measure
from smslint.text.normalize import Normalized, compact, compact_text, normalize

if TYPE_CHECKING:
    from smslint.packs.pack import Pack
    from smslint.prefilter import Candidates, Prefilter
    from smslint.privacy.detectors import Hit
    from smslint.text.tokenize import Tokenizer

CLAUSE_PUNCT = frozenset("，,。！!？?；;：:、\n\r")
SENTENCE_PUNCT = frozenset("。！!？?；;\n\r")
_CLAUSE_STOPS = re.compile("[" + re.escape("".join(sorted(CLAUSE_PUNCT))) + "]")
_SENTENCE_STOPS = re.compile("[" + re.escape("".join(sorted(SENTENCE_PUNCT))) + "]")


T = TypeVar("T")


class lazy(Generic[T]):
    """A view computed on first use and then kept as a plain attribute.

    ``functools.cached_property`` does the same but takes a lock on every first access, which
    on a bulk run of short messages costs more than most views do.
    """

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, doc: Any, owner: type | None = None) -> T:
        if doc is None:
            return self  # type: ignore[return-value]
        value = self.compute(doc)
        setattr(doc, self.name, value)  # an instance attribute: later reads skip __get__
        return value


class Document:
    def __init__(
        self,
        template: Template,
        kind: str | None,
        pack: Pack,
        prefilter: Prefilter,
    ) -> None:
        """``prefilter``: the compiled pack's."""
        self.template = template
        self.kind = kind
        self.pack = pack
        self.text = template.text
        self.norm = normalize(self.text)
        self.placeholders = list(self.norm.placeholders.values())  # keyed in text order
        # what the message bills: every result reports it
        self.length: Length = measure(
            self.text, self.placeholders, template.vars, pack.placeholder_lengths
        )
        # what may match here: the one question the engine asks the prefilter per document
        self.candidates: Candidates = prefilter.candidates(self)
        self._prefilter = prefilter
        # what one rule kind computes once for all its rules on the document (None: not yet)
        self.identifiers: list[Hit] | None = None  # personal_data.identifiers
        # original spans of characters the compact view dropped inside a word some rule
        # matched: the kinds that match add them, the ``inserted-characters`` kind reports them
        self.inserted: set[tuple[int, int]] = set()

    @lazy
    def brackets(self) -> tuple[list[Bracket], list[int]]:
        """The text's 【…】 pairs and unpaired brackets: the signature and institution kinds
        both ask."""
        return scan(self.text)

    @lazy
    def compact(self) -> Normalized:
        return compact(self.norm)

    @lazy
    def compact_text(self) -> str:
        """The compact view's text alone, for scans that need positions only on a hit."""
        if "compact" in self.__dict__:
            return self.compact.text
        return compact_text(self.norm)

    @property
    def tokenizer(self) -> Tokenizer:
        """The pack's segmenter, which judges word boundaries."""
        return self._prefilter.tokenizer

    @lazy
    def _stops(self) -> dict[tuple[str, bool], list[int]]:
        """Where the clause or sentence stops are, by (stop pattern, compact view)."""
        return {}

    @lazy
    def sentence_words(self) -> dict[tuple[bool, int, object], bool]:
        """Whether a stretch of a sentence to its end (view, start) holds one of a word list:
        ``context.in_sentence``'s answers, kept for the document's other hits."""
        return {}

    @lazy
    def sentence_cuts(self) -> dict[tuple[bool, int], tuple[int, ...]]:
        """Where a sentence (view, start) turns on a contrast (但, 不过): ``context``'s
        reach of an ``unless`` word, found once per sentence."""
        return {}

    @lazy
    def mention_facts(self) -> dict[object, Any]:
        """What ``context.Mentions`` found in the message (whether it speaks to its reader,
        its quotations), by the pack's mentions that asked: read once for all its hits."""
        return {}

    def norm_index(self, original: int) -> int:
        """The first normalised character that comes from original index ``original`` or later."""
        return bisect_left(self.norm.starts, original)

    def compact_index(self, original: int) -> int:
        """The first compact-view character that comes from original index ``original`` or
        later (the compact view keeps every clause stop, so clauses are the same there)."""
        return bisect_left(self.compact.starts, original)

    def _extent(self, index: int, stops: re.Pattern[str], compact: bool) -> tuple[int, int]:
        """The stretch around ``index`` between two characters of ``stops`` (exclusive)."""
        key = (stops.pattern, compact)
        text = self.compact_text if compact else self.norm.text
        found = self._stops.get(key)
        if found is None:  # where the stops are, once per document: a lexicon hit asks twice
            found = self._stops[key] = [m.start() for m in stops.finditer(text)]
        at = bisect_right(found, index - 1)  # stops before index
        start = found[at - 1] + 1 if at else 0
        at = bisect_left(found, index)  # the first stop at or after index
        end = found[at] if at < len(found) else len(text)
        return start, end

    def clause(self, index: int, compact: bool = False) -> tuple[int, int]:
        """The clause (between commas and stops) around a normalised index, or a compact one."""
        return self._extent(index, _CLAUSE_STOPS, compact)

    def sentence(self, index: int, compact: bool = False) -> tuple[int, int]:
        return self._extent(index, _SENTENCE_STOPS, compact)
