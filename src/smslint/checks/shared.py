"""What the rules of one pack share once compiled: one phrase automaton, one pattern set per view.

Lexicon rules register their phrases here instead of each scanning the text, and every rule
kind registers its regexes, so a message is scanned once per view whatever the number of
rules: in bulk runs most messages match nothing, and one scan is all they cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from ..normalize import normalize
from ..tokenize import Tokenizer

if TYPE_CHECKING:
    from ..document import Document

# Past this many characters a text is searched pattern by pattern: a set's DFA can run out of
# memory on a long text, and RE2::Set then reports no match rather than an error.
SET_MAX_TEXT = 4096


class PhraseIndex:
    """One Aho-Corasick automaton over every lexicon phrase of a pack."""

    def __init__(self) -> None:
        self._owners: dict[str, list[str]] = {}
        self._automaton: Any = None

    def add(self, phrase: str, rule_id: str) -> None:
        self._owners.setdefault(phrase, []).append(rule_id)
        self._automaton = None

    @property
    def phrases(self) -> list[str]:
        return list(self._owners)

    def fingerprint(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What the automaton is built from: a cached automaton is used only if this matches."""
        return tuple((phrase, tuple(owners)) for phrase, owners in self._owners.items())

    def automaton(self) -> Any:
        """The compiled automaton; picklable, so the pack cache can keep it."""
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for phrase, owners in self._owners.items():
                automaton.add_word(phrase, (len(phrase), phrase, tuple(owners)))
            if self._owners:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def use(self, automaton: Any) -> None:
        """Adopt an automaton built earlier from the same phrases (see :meth:`fingerprint`)."""
        self._automaton = automaton

    def find(self, text: str) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
        """Every occurrence (start, end, phrase, owning rule ids), overlaps included."""
        if not self._owners:
            return
        for end, (length, phrase, owners) in self.automaton().iter(text):
            yield end + 1 - length, end + 1, phrase, owners


class PatternIndex:
    """The RE2 patterns of every rule, matched per document in one call per group and view.

    A rule registers each pattern and gets a number back; per document, :meth:`matched`
    answers in one pass which patterns of a group match somewhere, so a rule runs its own
    pattern (to find where) only when it can match at all. Each rule kind is its own group,
    so a kind whose rules do not apply to a notice kind costs nothing, and each group gets
    the matcher that suits its patterns:

    - an RE2 set, one DFA for all patterns: fast for a few dense patterns (digits, dates);
    - for ``sparse`` groups, RE2's literal prefilter (FilteredRE2): patterns that each need
      a rare phrase (``(移交|移送)[^，]{0,4}(公安|警方)``) make a set's DFA so large that RE2
      keeps flushing it, while the prefilter only looks for the phrases and then runs the
      few patterns whose phrases occur.
    """

    VIEWS = ("normalized", "compact", "original")

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
        self._sparse: set[str] = set()
        self._matchers: dict[tuple[str, str], tuple[Any, list[int]] | None] = {}
        self._count = 0

    def add(self, pattern: str, group: str, view: str = "normalized", sparse: bool = False) -> int:
        """Register an RE2 pattern (already validated by ``regexes.compile_pattern``)."""
        if view not in self.VIEWS:
            raise ValueError(f"unknown view {view!r}")
        if sparse:
            self._sparse.add(group)
        number = self._count
        self._count += 1
        self._groups.setdefault((view, group), []).append((number, pattern))
        self._matchers.pop((view, group), None)
        return number

    def _matcher(self, key: tuple[str, str]) -> tuple[Any, list[int]] | None:
        """The group's compiled matcher and pattern numbers; None if RE2 cannot build one
        (then each pattern is searched on its own, as without a set)."""
        if key not in self._matchers:
            import re2

            options = re2.Options()
            options.log_errors = False
            patterns = [pattern for _, pattern in self._groups[key]]
            try:
                if key[1] in self._sparse:
                    matcher = re2.Filter()
                    for pattern in patterns:
                        matcher.Add(pattern, options)
                    matcher.Compile()
                    match = partial(matcher.Match, potential=False)
                else:
                    matcher = re2.Set.SearchSet(options)
                    for pattern in patterns:
                        matcher.Add(pattern)
                    matcher.Compile()
                    match = matcher.Match
            except re2.error:
                self._matchers[key] = None
            else:
                self._matchers[key] = (match, [n for n, _ in self._groups[key]])
        return self._matchers[key]

    def matched(self, doc: Document, group: str, view: str = "normalized") -> frozenset[int] | None:
        """Numbers of the patterns of ``group`` that match ``doc``; None means "search each"."""
        key = (view, group)
        memo = doc.__dict__.get("_pattern_sets")
        if memo is None:
            memo = doc.__dict__["_pattern_sets"] = {}
        elif key in memo:
            return memo[key]
        found: frozenset[int] | None = frozenset()
        if key in self._groups:
            data = _encoded(doc, view)
            matcher = None if data is None else self._matcher(key)
            if matcher is None:
                found = None
            else:
                match, numbers = matcher
                hits = match(data)  # nearly always none
                found = frozenset(numbers[i] for i in hits) if hits else frozenset()
        memo[key] = found
        return found


def _encoded(doc: Document, view: str) -> bytes | None:
    """UTF-8 of a view, once per document; None when a set cannot be trusted with it."""
    memo = doc.__dict__.get("_encoded_views")
    if memo is None:
        memo = doc.__dict__["_encoded_views"] = {}
    if view not in memo:
        if view == "normalized":
            text = doc.norm.text
        elif view == "compact":
            text = doc.compact.text
        else:
            text = doc.text
        try:
            # a lone surrogate cannot be encoded: each pattern's own search then decides
            data: bytes | None = text.encode("utf-8")
        except UnicodeEncodeError:
            data = None
        memo[view] = None if len(text) > SET_MAX_TEXT else data
    return memo[view]


class Shared:
    def __init__(self) -> None:
        self.phrases = PhraseIndex()
        self.patterns = PatternIndex()
        self.words: set[str] = set()
        self.lexicon_rules: dict[str, Any] = {}  # rule id -> compiled lexicon check
        # phrase -> its normalised text; a pack's thousand phrases take a third of a hook
        # run to normalise, so the pack cache keeps this memo
        self.normalized: dict[str, str] = {}
        self._tokenizer: Tokenizer | None = None

    def normal_form(self, phrase: str) -> str:
        """``normalize(phrase).text``, remembered."""
        found = self.normalized.get(phrase)
        if found is None:
            found = self.normalized[phrase] = normalize(phrase).text
        return found

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(self.words | set(self.phrases.phrases))
        return self._tokenizer
