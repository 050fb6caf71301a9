"""What the prefilter tells the rule kinds about one document: its typed answers.

A rule kind asks which of its patterns match (a set, exact), where the pack's words occur
(:class:`~smslint.prefilter.phrases.ListHits`), whether a lexicon phrase may occur at all, and
which frame rules may match. How those answers are reached (the screen, the automaton, the
sets and their back-ends) stays behind this object; each is computed on first question and
kept for the document's other rules.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Protocol

from smslint.prefilter.phrases import kind_owner
from smslint.prefilter.views import Views
from smslint.text.normalize import squeeze

if TYPE_CHECKING:
    from smslint.prefilter.frames import FrameIndex
    from smslint.prefilter.patterns import PatternIndex
    from smslint.prefilter.phrases import ListHits, PhraseIndex


class Indexes(Protocol):
    """What a document's answers are computed from: a compiled pack's indexes and its screen
    (the ``Prefilter``, which makes the candidates and so is not named here)."""

    phrases: PhraseIndex
    patterns: PatternIndex
    frames: FrameIndex
    rule_bits: int

    def screen(self, squeezed: str) -> int | None: ...


class Candidates:
    __slots__ = (
        "_fillable",
        "_patterns",
        "_prefilter",
        "_screened",
        "_seen",
        "_squeezed",
        "_words",
        "doc",
    )

    def __init__(self, prefilter: Indexes, doc: Views) -> None:
        # a weak reference: the document holds its candidates, and a cycle would outlive the
        # document until a garbage collection (which bulk runs keep rare)
        self.doc: Views = weakref.proxy(doc)  # type: ignore[arg-type]
        self._prefilter = prefilter
        self._seen = False  # whether the screen was asked (it may answer None)
        self._screened: int | None = None
        self._squeezed: str | None = None
        self._words: ListHits | None = None
        self._patterns: dict[tuple[str, str], frozenset[int]] = {}
        self._fillable: frozenset[int] | None = None

    @property
    def screened(self) -> int | None:
        """The owner bits of the words the pack's screen saw (a superset of those that occur);
        None when the document was not screened (see ``Prefilter.screen``): then every word
        may occur."""
        if not self._seen:
            self._seen = True
            self._screened = self._prefilter.screen(self.squeezed)
        return self._screened

    @property
    def squeezed(self) -> str:
        """The normalised text without any separator (:func:`~smslint.text.normalize.squeeze`):
        what occurs in the normalised or the compact view occurs in it."""
        if self._squeezed is None:
            self._squeezed = squeeze(self.doc.norm.text)
        return self._squeezed

    @property
    def phrases(self) -> bool:
        """Whether a lexicon phrase may occur: False clears the document of every phrase."""
        screened = self.screened
        return screened is None or bool(screened & self._prefilter.rule_bits)

    @property
    def words(self) -> ListHits:
        """Where the pack's words (lexicon phrases, list entries, frame literals) occur in the
        compact view: one scan of one automaton, shared by every rule that reads them."""
        if self._words is None:
            self._words = self._prefilter.phrases.hits(self.doc)
        return self._words

    def patterns(self, group: str, view: str = "normalized") -> frozenset[int]:
        """The numbers (as registered) of the patterns of ``group`` that match ``view``."""
        key = (view, group)
        found = self._patterns.get(key)
        if found is None:
            found = self._prefilter.patterns.matched(self.doc, self.squeezed, group, view)
            self._patterns[key] = found
        return found

    def fillable(self) -> frozenset[int]:
        """The numbers of the frame rules one of whose frames has a word for every slot (a
        slot may also be filled by the document's notice kind, see ``CompileContext.kind``)."""
        if self._fillable is None:
            frames = self._prefilter.frames
            kind = self._prefilter.phrases.mask((kind_owner(self.doc.kind),))
            screened = self.screened
            if screened is not None and not frames.fillable(screened | kind):
                self._fillable = frozenset()  # most messages, with no scan of their own
            else:
                self._fillable = frames.fillable(self.words.mask | kind)
        return self._fillable
