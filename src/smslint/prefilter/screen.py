"""The screen: one pass per message over every word of a pack, telling what may occur in it,
so that nearly every message of a bulk run is cleared in one scan."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from smslint.core.tuning import SET_MAX_TEXT
from smslint.prefilter import backends
from smslint.text.normalize import squeeze


class Screened:
    """What the screen saw in one document: a superset of what occurs."""

    __slots__ = ("mask", "phrases")

    def __init__(self, phrases: bool, mask: int = 0) -> None:
        self.phrases = phrases  # a lexicon phrase may occur in the normalised or compact view
        self.mask = mask  # the owner bits of the words that may occur: a superset of ListHits


CLEAR = Screened(False)  # what a message without any member gets


class Screen:
    """One pass per message over every word of a pack.

    It runs on the squeezed text (:func:`~smslint.text.normalize.squeeze`, every separator
    dropped), whose occurrences include those of the normalised and the compact views, so a
    message it clears needs neither view scanned for phrases nor the compact view built; in
    bulk runs that is nearly every message.

    Every member is a literal, matched as UTF-8 bytes: UTF-8 is self-synchronising, so a
    literal's bytes occur in a text's bytes exactly where the literal occurs in the text.
    Hyperscan, where it is installed (Linux on x86-64), matches them with tables built up
    front. RE2's set is the fallback; its DFA is built lazily, and for a set it keeps which
    members already matched in its states, so on a log of varied messages it keeps building
    states: over 100k real SMS it costs about twice Hyperscan's time a message.
    """

    def __init__(
        self,
        phrases: list[str],
        words: Iterable[str] = (),
        bits: Callable[[str], int] = lambda word: 0,
    ) -> None:
        """``words``: the phrase index's other words (list entries, frame literals); ``bits``:
        the owner bits of a word, so a screened document tells which lists may occur."""
        known = set(phrases)
        others = [word for word in words if word not in known and squeeze(word)]
        members = [squeeze(word) for word in [*phrases, *others]]
        self._bits = [bits(word) for word in [*phrases, *others]]
        self._phrases = len(phrases)
        self._match = backends.hyperscan_set(members) or backends.re2_set(members)

    def __call__(self, squeezed: str) -> Screened | None:
        """What may occur in a document whose normalised text squeezes to ``squeezed``; None
        when it cannot be screened."""
        if self._match is None or len(squeezed) > SET_MAX_TEXT:
            return None
        try:
            data = squeezed.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return None
        hits = self._match(data)
        if not hits:
            return CLEAR
        bits = self._bits
        mask = 0
        for i in hits:
            mask |= bits[i]
        return Screened(any(i < self._phrases for i in hits), mask)
