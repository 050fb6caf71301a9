"""What the rules of one pack share once compiled: one phrase automaton and the word list.

Lexicon rules register their phrases here instead of each scanning the text,
so a message is scanned once per view whatever the number of lexicon rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..tokenize import Tokenizer


class PhraseIndex:
    """One Aho-Corasick automaton over every lexicon phrase of a pack."""

    def __init__(self) -> None:
        self._owners: dict[str, list[str]] = {}
        self._automaton = None

    def add(self, phrase: str, rule_id: str) -> None:
        self._owners.setdefault(phrase, []).append(rule_id)
        self._automaton = None

    @property
    def phrases(self) -> list[str]:
        return list(self._owners)

    def _built(self):  # type: ignore[no-untyped-def]
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for phrase, owners in self._owners.items():
                automaton.add_word(phrase, (len(phrase), phrase, tuple(owners)))
            if self._owners:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def find(self, text: str) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
        """Every occurrence (start, end, phrase, owning rule ids), overlaps included."""
        if not self._owners:
            return
        for end, (length, phrase, owners) in self._built().iter(text):
            yield end + 1 - length, end + 1, phrase, owners


class Shared:
    def __init__(self) -> None:
        self.phrases = PhraseIndex()
        self.words: set[str] = set()
        self.lexicon_rules: dict[str, Any] = {}  # rule id -> compiled lexicon check
        self._tokenizer: Tokenizer | None = None

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(self.words | set(self.phrases.phrases))
        return self._tokenizer
