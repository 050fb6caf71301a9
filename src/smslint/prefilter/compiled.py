"""A pack's prefilter: what its rule kinds register while they compile, and the one entry
point the engine calls per document.

Rule kinds register through a :class:`CompileContext` (their words, patterns and frames) and
read a document's :class:`~smslint.prefilter.candidates.Candidates`; they never see the
indexes, the screen or its back-ends. A compiled pack's prefilter, automaton included, is kept
by the pack cache with its rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from smslint.core.tuning import SCREEN_AFTER
from smslint.prefilter.candidates import Candidates
from smslint.prefilter.frames import FrameIndex
from smslint.prefilter.patterns import PatternIndex
from smslint.prefilter.phrases import PhraseIndex, kind_owner
from smslint.prefilter.screen import Screen
from smslint.prefilter.views import Views
from smslint.text.normalize import normalize
from smslint.text.tokenize import Tokenizer


class Prefilter:
    """The indexes of one compiled pack and the screen built over them."""

    def __init__(self, not_inside: dict[str, tuple[str, ...]] | None = None) -> None:
        """``not_inside``: per list name, the words its entries are no part of (the pack's)."""
        self.phrases = PhraseIndex()
        self.not_inside = not_inside or {}
        self.patterns = PatternIndex()
        self.frames = FrameIndex(self.phrases.commonness)
        self._normalized: dict[str, str] = {}  # a compile's memo: lists share many words
        self._tokenizer: Tokenizer | None = None
        self._screen: Screen | None = None
        self.rule_bits = 0  # the lexicon rules' owner bits, once the screen is built
        self._unscreened = 0  # documents seen before the screen was built

    def context(self) -> CompileContext:
        return CompileContext(self)

    def finish(self) -> None:
        """Build, once every rule is compiled, what the first document would: the automaton
        and the frame index (the pack cache keeps them); the compile's memo goes."""
        self.phrases.automaton()
        self.frames.fillable(0)
        self._normalized.clear()

    def candidates(self, doc: Views) -> Candidates:
        """The prefilter's answers for one document, each computed on first question."""
        return Candidates(self, doc)

    def screen(self, squeezed: str) -> int | None:
        """The pack's :class:`Screen` applied to a document's squeezed text; None (every view
        is then scanned) for the first SCREEN_AFTER documents, as building the screen costs a
        hook run more than scanning a few hundred templates in full."""
        if self._screen is None:
            self._unscreened += 1
            if self._unscreened <= SCREEN_AFTER:
                return None
            self._screen = Screen(self.phrases.entries(), self.phrases.word_bits)
            self.rule_bits = self.phrases.rule_bits()
        return self._screen(squeezed)

    def normal_form(self, phrase: str) -> str:
        """``normalize(phrase).text``, remembered."""
        found = self._normalized.get(phrase)
        if found is None:
            found = self._normalized[phrase] = normalize(phrase).text
        return found

    @property
    def tokenizer(self) -> Tokenizer:
        """The segmenter that judges word boundaries: the dictionary and the pack's words."""
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(set(self.phrases.words()))
        return self._tokenizer


class CompileContext:
    """What a rule kind registers while it compiles a rule (see ``Check.__init__``)."""

    def __init__(self, prefilter: Prefilter) -> None:
        self._prefilter = prefilter
        self._groups: set[str] = set()  # owners whose whole word list is registered

    def normal_form(self, text: str) -> str:
        """The normalised form of a word of a pack (remembered across runs)."""
        return self._prefilter.normal_form(text)

    def word(self, word: str, owner: str) -> str:
        """Register a normalised word for ``owner`` (a lexicon rule's id, ``$list`` or
        ``=literal``): ``Candidates.words`` then finds it; returns its compact form, the form
        it is found in. A lexicon rule's words make ``Candidates.phrases``."""
        return self._prefilter.phrases.add(word, owner)

    def words(self, words: Iterable[str], owner: str) -> None:
        """Register a named list's words for ``owner`` (``$name``), once however many rules
        and slots name it: a pack's frames name its lists thousands of times."""
        if owner not in self._groups:
            self._groups.add(owner)
            for word in words:
                self._prefilter.phrases.add(word, owner)
            blockers = self._prefilter.not_inside.get(owner[1:], ())
            if blockers:
                self._prefilter.phrases.not_inside(owner, blockers)

    def pattern(
        self, pattern: str, group: str, view: str = "normalized", through: bool = False
    ) -> int:
        """Register an RE2 pattern of a rule in ``group`` (each kind, or part of one, is its
        own group: ``Candidates.patterns`` answers a group at a time); returns its number.
        ``through``: the group's normalised patterns also answer for the compact view."""
        return self._prefilter.patterns.add(pattern, group, view, through)

    def kind(self, kind: str | None) -> str:
        """The owner a frame's slot names to be filled by every document of notice kind
        ``kind`` (None: of no stated kind), whatever words it holds."""
        return kind_owner(kind)

    def frames(self, frames: Iterable[Sequence[Iterable[str]]]) -> int:
        """Register a frame rule's frames, each a sequence of slots, each slot the owners of
        its words; returns the number ``Candidates.fillable`` answers with."""
        mask = self._prefilter.phrases.mask
        return self._prefilter.frames.add([tuple(mask(slot) for slot in f) for f in frames])
