"""Word segmentation, loaded only when a check needs word boundaries.

Segmentation is jieba's dictionary and algorithm (no HMM). Two implementations give the same
tokens: rjieba, a binding of the Rust port jieba-rs, which loads its dictionary in about a
tenth of a second and cuts about 25 times faster, and jieba itself (the core dependency),
whose dictionary load costs a second or more. rjieba is used when it is installed; set
``SMSLINT_TOKENIZER=jieba`` to force jieba. Nothing here runs at import time, and a run
whose messages never hit a lexicon candidate loads neither.

Each pack's lexicon phrases are added as words, so a phrase such as 通讯录 or 最后通牒
segments as one unit and boundary checks are about words the rules care about rather than
the general-purpose dictionary.
"""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Protocol

_SURROGATE = re.compile("[\ud800-\udfff]")
# A lexicon phrase is added at least this frequent, so it wins over the dictionary's splits.
PHRASE_FREQ = 50000
BACKENDS = ("rjieba", "jieba")


class Backend(Protocol):
    name: str
    shared: bool  # one dictionary for every pack of the process

    def add_word(self, word: str) -> object: ...

    def add_words(self, words: list[str]) -> None: ...

    def cut(self, text: str) -> list[str]: ...


class _Rjieba:
    """A jieba-rs dictionary. Importing rjieba already loads one, its module-level segmenter;
    the first pack of a process takes that one (a private copy costs 70 ms more, a fifth of a
    hook run) and any further pack gets its own, so each pack's segmentation is the general
    dictionary plus its own phrases whatever was loaded before it."""

    name = "rjieba"
    shared = False  # each instance has a dictionary of its own

    def __init__(self) -> None:
        global _rjieba_default_taken
        import rjieba

        if _rjieba_default_taken:
            self._jieba = rjieba.Jieba()
        else:  # the module's functions are this segmenter's methods (its stub declares it)
            self._jieba = rjieba._DEFAULT_JIEBA
            _rjieba_default_taken = True

    def add_word(self, word: str) -> int:
        return self._jieba.add_word(word, max(self._jieba.suggest_freq(word), PHRASE_FREQ), None)

    def add_words(self, words: list[str]) -> None:
        """``add_word`` of each word in order. A word's frequency depends on those added before
        it, and suggesting 14,000 (a pack's) takes a hook run 25 ms: the frequencies are kept
        in the cache for this rjieba and these words, and added as they are next time."""
        import marshal
        import sys

        from smslint.core import store

        library = Path(sys.modules["rjieba.rjieba"].__file__ or "")  # holds the dictionary
        st = library.stat()
        digest = hashlib.sha256(f"{library}:{st.st_size}:{st.st_mtime_ns}".encode())
        digest.update("\0".join(words).encode("utf-8", "surrogatepass"))
        name = f"rjieba-words-{digest.hexdigest()[:40]}.marshal"
        kept = store.read(name)
        try:
            freqs = marshal.loads(kept) if kept is not None else None
        except (ValueError, EOFError, TypeError):
            freqs = None
        if isinstance(freqs, list) and len(freqs) == len(words):
            for word, freq in zip(words, freqs, strict=True):
                self._jieba.add_word(word, freq, None)
            return
        store.write(name, marshal.dumps([self.add_word(word) for word in words]))

    def cut(self, text: str) -> list[str]:
        return self._jieba.cut(text, False)


class _Jieba:
    """jieba's own dictionary takes a second or more to load and 100 MB, so one serves the
    whole process: the phrases of every pack loaded so far are words in it."""

    name = "jieba"
    shared = True

    def __init__(self) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        # jieba's own cache sits in the shared temporary folder and is unmarshalled
        # unchecked: its prefix dictionary is kept in smslint's authenticated cache instead
        self._jieba.FREQ, self._jieba.total = _prefix_dictionary(jieba, self._jieba)
        self._jieba.initialized = True

    def add_word(self, word: str) -> None:
        self._jieba.add_word(word, freq=max(self._jieba.suggest_freq(word), PHRASE_FREQ))

    def add_words(self, words: list[str]) -> None:
        for word in words:
            self.add_word(word)

    def cut(self, text: str) -> list[str]:
        return list(self._jieba.cut(text, HMM=False))


def _prefix_dictionary(jieba: Any, tokenizer: Any) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (words and prefixes with their frequencies, and the total),
    from the pack cache when kept there for this jieba, else built (a second) and kept."""
    import marshal

    from smslint.core import store

    source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    try:
        st = source.stat()
        stamp = f"{jieba.__version__}:{source}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        stamp = f"{jieba.__version__}:{source}"
    name = f"jieba-{hashlib.sha256(stamp.encode()).hexdigest()[:40]}.marshal"
    kept = store.read(name)
    if kept is not None:
        try:
            freq, total = marshal.loads(kept)  # authenticated: written by this user's smslint
            if isinstance(freq, dict) and isinstance(total, int):
                return freq, total
        except (ValueError, EOFError, TypeError):
            pass
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    store.write(name, marshal.dumps((freq, total)))
    return freq, total


def backend_name() -> str:
    """The backend this process uses: ``SMSLINT_TOKENIZER``, else rjieba when installed."""
    wanted = os.environ.get("SMSLINT_TOKENIZER", "").strip().lower()
    if wanted in BACKENDS:
        return wanted
    import importlib.util

    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def backend(name: str | None = None) -> Backend:
    """A segmenter for one pack: its own rjieba dictionary, or the process's jieba one."""
    name = name or backend_name()
    return _Rjieba() if name == "rjieba" else _jieba()


@cache
def _jieba() -> _Jieba:
    return _Jieba()


_rjieba_default_taken = False


class Tokenizer:
    """Segments short windows of normalised text, with lexicon phrases as words.

    :meth:`splits_word` only objects to a cut through a token that is not itself a lexicon
    phrase of the dictionary (this pack's, or with jieba every pack's loaded so far).
    """

    def __init__(self, words: Iterable[str] = (), backend_name: str | None = None) -> None:
        self._words = {w for w in words if len(w) > 1}
        self._backend_name = backend_name
        self._backend: Backend | None = None
        self._phrases: set[str] = set()  # the lexicon phrases of the dictionary in use
        self._memo: dict[str, tuple[int, ...]] = {}

    def _prepare(self) -> Backend:
        if self._backend is None:
            found = backend(self._backend_name)
            self._phrases = _JIEBA_PHRASES if found.shared else set()
            found.add_words(sorted(self._words - self._phrases))  # each shifts the next's freq
            self._phrases.update(self._words)
            self._backend = found
        return self._backend

    def cut(self, text: str) -> list[str]:
        # a lone surrogate (a YAML/JSON escape) cannot cross into Rust; U+FFFD stands in for
        # it one for one, so token lengths still add up to offsets in ``text``
        return self._prepare().cut(_SURROGATE.sub("\ufffd", text))

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
        word = text[cuts[i - 1] : cuts[i]]
        if len(word) == 2 and offset == cuts[i - 1] + 1 and word[0] in _LEADING_ADVERBS:
            return False  # 会上你家: the segmenter reads 会上 ("at the meeting"), meant 会 | 上
        self._prepare()
        return word not in self._phrases


# a modal or adverb the segmenter may join to the verb after it as a two-character word
# (会上 "at the meeting", 就去, 又来): the verb still starts a word there
_LEADING_ADVERBS = frozenset("会要将就都也还再又才便")

# every lexicon phrase added to the process's jieba dictionary
_JIEBA_PHRASES: set[str] = set()
