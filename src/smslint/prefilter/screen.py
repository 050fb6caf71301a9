"""The screen: one pass per message over every word of a pack, telling what may occur in it,
so that nearly every message of a bulk run is cleared in one scan."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from smslint.core.tuning import SET_MAX_TEXT
from smslint.prefilter import backends
from smslint.text.normalize import squeeze


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

    def __init__(self, words: Iterable[str], bits: Callable[[str], int]) -> None:
        """``bits``: the owner bits of a word (:meth:`PhraseIndex.word_bits`), which a screened
        document gets for each word that may occur in it."""
        self.always = 0  # the bits of words with nothing left squeezed: no text clears them
        members: list[str] = []
        self._bits: list[int] = []
        for word in words:
            member = squeeze(word)
            if member:
                members.append(member)
                self._bits.append(bits(word))
            else:
                self.always |= bits(word)
        self._match = backends.hyperscan_set(members) or backends.re2_set(members)

    def __call__(self, squeezed: str) -> int | None:
        """The owner bits of the words that may occur in a document whose normalised text
        squeezes to ``squeezed`` (a superset of its ``ListHits.mask``); None when it cannot be
        screened."""
        if self._match is None or len(squeezed) > SET_MAX_TEXT:
            return None
        try:
            data = squeezed.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return None
        bits = self._bits
        mask = self.always
        for i in self._match(data) or ():
            mask |= bits[i]
        return mask
