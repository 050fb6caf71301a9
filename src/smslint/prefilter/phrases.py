"""The pack's words in one automaton, and where they occur in a document.

Lexicon phrases (owned by their rule ids), list entries (owned by ``$name``) and frame
literals (owned by ``=literal``) share one Aho-Corasick automaton, so a document is scanned
for all of them once, whatever the number of rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from smslint.core.model import KINDS
from smslint.prefilter.views import Views
from smslint.text.normalize import Normalized, compact_string


class PhraseIndex:
    """One Aho-Corasick automaton over every word of a pack: lexicon phrases (owned by their
    rule ids), list entries (owned by ``$name``) and frame literals (owned by ``=literal``).

    Words are kept in their compact form (no separators between CJK characters), as the
    compact view they are found in: a word hidden as 通-讯-录 is one scan away."""

    def __init__(self) -> None:
        self._owners: dict[str, list[str]] = {}
        # owner -> its bit in a document's ListHits.mask; the notice kinds (and none stated)
        # first, owners without words that a document holds by what it is (CompileContext.kind)
        self._bits = {kind_owner(kind): 1 << i for i, kind in enumerate((None, *KINDS))}
        self._automaton: Any = None
        # a list's owner -> the owner of the words its entries are no part of (see ListHits)
        self._not_inside: dict[str, str] = {}

    def not_inside(self, owner: str, words: Iterable[str]) -> None:
        """Register words that hold an entry of list ``owner`` without being one: an entry
        found inside one of them is no hit of the list (要 in 要求 is no announced intent)."""
        blocker = "!" + owner
        self._not_inside[owner] = blocker
        for word in words:
            self.add(word, blocker)

    def add(self, phrase: str, owner: str) -> str:
        """Register a normalised word for ``owner``; returns the form it is looked for in."""
        phrase = compact_word(phrase)
        owners = self._owners.setdefault(phrase, [])
        if owner not in owners:
            owners.append(owner)
            self._bits.setdefault(owner, 1 << len(self._bits))
            self._automaton = None
        return phrase

    def word_bits(self, word: str) -> int:
        """The owner bits a document's ListHits.mask gets from one occurrence of ``word``."""
        return self.mask(self._owners.get(word, ()))

    def commonness(self) -> dict[int, float]:
        """Per owner bit, a guess at how often a message holds one of its words: short words
        are common (a list holding 你 is in half the messages, one of four-character words in
        few), so each word counts 8 to the minus its length."""
        guess: dict[int, float] = {}
        for word, owners in self._owners.items():
            for owner in owners:
                bit = self._bits[owner].bit_length()
                guess[bit] = guess.get(bit, 0.0) + 8.0 ** -len(word)
        return guess

    def mask(self, owners: Iterable[str]) -> int:
        """The bits of ``owners`` (0 for an owner without a bit, such as an empty list)."""
        bits = 0
        for owner in owners:
            bits |= self._bits.get(owner, 0)
        return bits

    @property
    def phrases(self) -> list[str]:
        """The words some lexicon rule owns."""
        return [p for p, owners in self._owners.items() if any(map(_is_rule, owners))]

    def entries(self) -> list[str]:
        """Every word, in its compact form (what the screen looks for)."""
        return list(self._owners)

    def rule_bits(self) -> int:
        """The owner bits of the lexicon rules."""
        return self.mask(owner for owner in self._bits if _is_rule(owner))

    def words(self) -> list[str]:
        """What word boundaries are judged by, besides the dictionary: the lexicon phrases,
        and the list entries and frame literals of two characters or more (not the words a
        list's entries are no part of: they only cancel hits)."""
        return [
            p
            for p, owners in self._owners.items()
            if (len(p) > 1 or any(map(_is_rule, owners))) and any(o[:1] != "!" for o in owners)
        ]

    def automaton(self) -> Any:
        """The compiled automaton; picklable, so the pack cache can keep it."""
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for phrase, owners in self._owners.items():
                value = (len(phrase), phrase, tuple(owners), self.mask(owners))
                automaton.add_word(phrase, value)
            if self._owners:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def hits(self, doc: Views) -> ListHits:
        """Every occurrence in ``doc``'s compact view, overlaps included (a document's
        :class:`~smslint.prefilter.candidates.Candidates` asks once)."""
        found: list[tuple[int, int, str, tuple[str, ...]]] = []
        mask = 0
        if self._owners:
            for end, (length, phrase, owners, bits) in self.automaton().iter(doc.compact_text):
                found.append((end + 1 - length, end + 1, phrase, owners))
                mask |= bits
        return ListHits(doc, found, mask, self._not_inside)


def _outside(
    spans: list[tuple[int, int]], blockers: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``spans`` less those inside a longer blocking word (要 at 0-1 inside 要求 at 0-2)."""
    return [
        (s, e)
        for s, e in spans
        if not any(bs <= s and e <= be and (bs, be) != (s, e) for bs, be in blockers)
    ]


def _is_rule(owner: str) -> bool:
    return owner[:1] not in ("$", "=", "#", "!")


def kind_owner(kind: str | None) -> str:
    """The owner standing for a notice kind (``#`` alone: no stated kind) in a frame's slot."""
    return f"#{kind or ''}"


@lru_cache(maxsize=1 << 16)
def compact_word(text: str) -> str:
    """A normalised word as the compact view spells it (no separators between CJK).

    Cached: compiling a pack asks for the same words again and again (a shared list in every
    rule's `unless`, a literal in many frames), some 25,000 times for the base pack's 11,000.
    Bounded, as a long-running process may compile many users' packs."""
    return text if text.isascii() else compact_string(text)


class ListHits:
    """Where a pack's words occur in one document, in compact-view positions.

    Computed once per document (``Candidates.words``) by one scan of :class:`PhraseIndex`'s
    automaton; the kinds read it and never scan for words themselves. Clause and sentence
    bounds are on the compact text too: it keeps every clause punctuation mark."""

    __slots__ = ("_by_owner", "_not_inside", "doc", "found", "mask", "text")

    def __init__(
        self,
        doc: Views,
        found: list[tuple[int, int, str, tuple[str, ...]]],
        mask: int,
        not_inside: dict[str, str] | None = None,
    ) -> None:
        # the document's candidates hold it weakly (a cycle would outlive the document until
        # a garbage collection, which bulk runs keep rare), and so does this
        self.doc = doc
        self.text = doc.compact_text
        self.found = found  # (start, end, word, owners), in order of their ends
        # the owners with a word here, as PhraseIndex.mask bits (see FrameIndex): a screen,
        # so an owner whose every hit lies inside a word it is no part of may keep its bit
        self.mask = mask
        self._not_inside = not_inside or {}
        self._by_owner: dict[str, list[tuple[int, int]]] | None = None

    @property
    def view(self) -> Normalized:
        """The compact view, whose map gives original offsets (built on first use)."""
        return self.doc.compact

    def _spans(self) -> dict[str, list[tuple[int, int]]]:
        if self._by_owner is None:
            by_owner: dict[str, list[tuple[int, int]]] = {}
            for start, end, _word, owners in self.found:
                for name in owners:
                    by_owner.setdefault(name, []).append((start, end))
            for spans in by_owner.values():
                spans.sort()
            for owner, blocker in self._not_inside.items():
                if owner in by_owner and blocker in by_owner:
                    kept = _outside(by_owner[owner], by_owner[blocker])
                    if kept:
                        by_owner[owner] = kept
                    else:  # no word of the list here at all (see holds)
                        del by_owner[owner]
            self._by_owner = by_owner
        return self._by_owner

    def of(self, owner: str) -> list[tuple[int, int]]:
        """Spans of the words of ``owner`` (``$name``, ``=literal`` or a rule id), by start."""
        return self._spans().get(owner, [])

    def holds(self, owners: Iterable[str]) -> bool:
        """Whether a word of one of ``owners`` occurs."""
        return not self._spans().keys().isdisjoint(owners)

    def clause(self, index: int) -> tuple[int, int]:
        """The clause around compact index ``index``."""
        return self.doc.clause(index, compact=True)

    def sentence(self, index: int) -> tuple[int, int]:
        return self.doc.sentence(index, compact=True)
