"""Word segmentation, loaded only when a check needs word boundaries.

jieba's dictionary costs about a second to load, so nothing here runs at
import time: a run whose messages never hit a lexicon candidate never pays
for it. Each pack's lexicon phrases are added as words, so a phrase such as
通讯录 or 最后通牒 segments as one unit and boundary checks are about words
the rules care about rather than jieba's general-purpose dictionary.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# jieba treats this private-use character as a non-word symbol, so a placeholder
# (which the normaliser turns into this one character) is always its own token.
PLACEHOLDER = "\ue000"


def cache_dir() -> Path:
    """Per-user cache for jieba's prefix dictionary and compiled packs."""
    explicit = os.environ.get("SMSLINT_CACHE_DIR")
    if explicit:
        path = Path(explicit)
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "smslint"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        import tempfile

        path = Path(tempfile.gettempdir()) / "smslint-cache"
        path.mkdir(parents=True, exist_ok=True)
    return path


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    tokenizer.cache_file = "jieba.cache"
    tokenizer.initialize()
    return tokenizer


class Tokenizer:
    """Segments short windows of normalised text, with lexicon phrases as words.

    jieba's dictionary is process-wide, so the phrases of every pack loaded so
    far are words in it; :meth:`splits_word` therefore only objects to a cut
    through a token that is not itself a lexicon phrase.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words = {w for w in words if len(w) > 1}
        self._ready = False
        self._memo: dict[str, tuple[int, ...]] = {}

    def _prepare(self) -> None:
        if not self._ready:
            tk = _jieba()
            for word in sorted(self._words - _PHRASES):
                tk.add_word(word, freq=max(tk.suggest_freq(word), 50000))
            _PHRASES.update(self._words)
            self._ready = True

    def cut(self, text: str) -> list[str]:
        self._prepare()
        return list(_jieba().cut(text, HMM=False))

    def boundaries(self, text: str) -> tuple[int, ...]:
        """Offsets in ``text`` where a token starts or ends, ascending (0 and len included)."""
        got = self._memo.get(text)
        if got is None:
            offsets = [0]
            for token in self.cut(text):
                offsets.append(offsets[-1] + len(token))
            got = tuple(offsets)
            if len(self._memo) > 10000:
                self._memo.clear()
            self._memo[text] = got
        return got

    def splits_word(self, text: str, offset: int) -> bool:
        """Whether ``offset`` cuts through a word of ``text`` that is not a lexicon phrase."""
        cuts = self.boundaries(text)
        i = bisect_left(cuts, offset)
        if i < len(cuts) and cuts[i] == offset:
            return False
        return text[cuts[i - 1] : cuts[i]] not in _PHRASES


# every lexicon phrase added to jieba in this process
_PHRASES: set[str] = set()
