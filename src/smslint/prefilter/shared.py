"""What the rules of one pack share once compiled: one phrase automaton, one pattern index.

Lexicon rules register their phrases here instead of each scanning the text, and every rule
kind registers its regexes, so a message is scanned once per view whatever the number of
rules: in bulk runs most messages match nothing, and one scan is all they cost.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable, Collection, Iterable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from smslint.core.tuning import SCREEN_AFTER, SCREEN_MEMORY, SET_MAX_TEXT
from smslint.text.literals import rarity, required_literals
from smslint.text.normalize import Normalized, compact_text, is_cjk, normalize, squeeze
from smslint.text.regexes import Pattern, compile_pattern
from smslint.text.tokenize import Tokenizer

if TYPE_CHECKING:
    from smslint.engine.document import Document


class PhraseIndex:
    """One Aho-Corasick automaton over every word of a pack: lexicon phrases (owned by their
    rule ids), list entries (owned by ``$name``) and frame literals (owned by ``=literal``).

    Words are kept in their compact form (no separators between CJK characters), as the
    compact view they are found in: a word hidden as 通-讯-录 is one scan away."""

    def __init__(self) -> None:
        self._owners: dict[str, list[str]] = {}
        self._bits: dict[str, int] = {}  # owner -> its bit in a document's ListHits.mask
        self._automaton: Any = None

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

    def mask(self, owners: Iterable[str]) -> int:
        """The bits of ``owners`` (0 for an owner without words, such as an empty list)."""
        bits = 0
        for owner in owners:
            bits |= self._bits.get(owner, 0)
        return bits

    @property
    def phrases(self) -> list[str]:
        """The words some lexicon rule owns (what the screen looks for)."""
        return [p for p, owners in self._owners.items() if any(map(_is_rule, owners))]

    def terms(self) -> list[str]:
        """The words no lexicon rule owns: list entries and frame literals."""
        return [p for p, owners in self._owners.items() if not any(map(_is_rule, owners))]

    def words(self) -> list[str]:
        """What word boundaries are judged by, besides the dictionary: the lexicon phrases,
        and the list entries and frame literals of two characters or more."""
        return [p for p, owners in self._owners.items() if len(p) > 1 or any(map(_is_rule, owners))]

    def fingerprint(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What the automaton is built from: a cached automaton is used only if this matches."""
        return tuple((phrase, tuple(owners)) for phrase, owners in self._owners.items())

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

    def use(self, automaton: Any) -> None:
        """Adopt an automaton built earlier from the same phrases (see :meth:`fingerprint`)."""
        self._automaton = automaton

    def hits(self, doc: Document) -> ListHits:
        """Every occurrence in ``doc``'s compact view, overlaps included; use
        ``doc.list_hits``, computed once."""
        found: list[tuple[int, int, str, tuple[str, ...]]] = []
        mask = 0
        if self._owners:
            for end, (length, phrase, owners, bits) in self.automaton().iter(doc.compact_text):
                found.append((end + 1 - length, end + 1, phrase, owners))
                mask |= bits
        return ListHits(doc, found, mask)


def _is_rule(owner: str) -> bool:
    return owner[:1] not in ("$", "=")


def compact_word(text: str) -> str:
    """A normalised word as the compact view spells it (no separators between CJK)."""
    if text.isascii():
        return text
    return compact_text(Normalized(text, range(len(text)), range(1, len(text) + 1)))


class ListHits:
    """Where a pack's words occur in one document, in compact-view positions.

    Computed once per document (``doc.list_hits``) by one scan of :class:`PhraseIndex`'s
    automaton; the kinds read it and never scan for words themselves. Clause and sentence
    bounds are on the compact text too: it keeps every clause punctuation mark."""

    __slots__ = ("_by_owner", "doc", "found", "mask", "text")

    def __init__(
        self, doc: Document, found: list[tuple[int, int, str, tuple[str, ...]]], mask: int
    ) -> None:
        # a weak reference: the document holds its hits, and a cycle would outlive the
        # document until a garbage collection (which bulk runs keep rare)
        self.doc = weakref.proxy(doc)
        self.text = doc.compact_text
        self.found = found  # (start, end, word, owners), in order of their ends
        # the owners with a word here, as PhraseIndex.mask bits: a frame whose every slot has
        # a bit set may match, any other cannot (what most messages learn in a few int tests)
        self.mask = mask
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
            self._by_owner = by_owner
        return self._by_owner

    def of(self, owner: str) -> list[tuple[int, int]]:
        """Spans of the words of ``owner`` (``$name``, ``=literal`` or a rule id), by start."""
        return self._spans().get(owner, [])

    def clause(self, index: int) -> tuple[int, int]:
        """The clause around compact index ``index``."""
        return self.doc.clause(index, compact=True)

    def sentence(self, index: int) -> tuple[int, int]:
        return self.doc.sentence(index, compact=True)


def _strong(literal: str) -> bool:
    """Rare enough in messages to be worth screening for (not ``年``, ``13``, ``.``)."""
    return len(literal) >= 3 or (len(literal) == 2 and any(map(str.isalpha, literal)))


Probes = tuple[tuple[str, ...], ...]  # factors tested with ``in``: one string of each must occur
ScreenedEntry = tuple[int, frozenset[int], Probes, Pattern]


class _Group:
    """The patterns of one group and view, sorted by how a document is tested for them."""

    __slots__ = ("probed", "probed_cjk", "rest", "screened", "screened_keys")

    def __init__(self) -> None:
        # screened factor id -> (number, ids of all its screened factors, its other factors,
        # pattern) of the patterns whose rarest factor it is: run only when the screen saw
        # every one of its screened factors (or cannot screen, then its factors are probed)
        self.screened: dict[int, list[ScreenedEntry]] = {}
        self.screened_keys: frozenset[int] = frozenset()
        # (number, factors, pattern) whose factors are too common to screen for (``年``, ``!``)
        self.probed: list[tuple[int, Probes, Pattern]] = []
        self.rest: list[tuple[int, str]] = []  # no useful factor: one RE2 set per group
        # the probed ones with a CJK factor: separators between CJK characters can hide them
        self.probed_cjk: list[tuple[int, Probes, Pattern]] = []


class PatternIndex:
    """The RE2 patterns of every rule, answering per document which of a group match.

    A rule registers each pattern and gets a number back; per document, :meth:`matched` tells
    which patterns of a group match somewhere, so a rule runs its own pattern (to find where)
    only when it can match at all. Each rule kind (or narrower part of one) is its own group,
    so rules that do not apply to a notice kind cost nothing.

    Most patterns on the normalised text need words: every match of
    ``(移交|移送)[^，]{0,4}(公安|警方)`` holds one of 移交/移送 and one of 公安/警方
    (:func:`~smslint.text.literals.required_literals`). Such word sets ("factors") are looked for
    by the pack's :class:`Screen`, and a pattern runs only when each of its factors was seen,
    which in bulk runs is rare. Factors too common to be worth screening for are tested with
    ``in``; the patterns without any are matched by one RE2 set per group.
    """

    VIEWS = ("normalized", "compact", "original")

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], _Group] = {}
        self._matchers: dict[tuple[str, str], tuple[Any, list[int]] | None] = {}
        self._count = 0
        self._through: set[str] = set()  # groups whose normalised patterns see through separators
        self.factors: dict[frozenset[str], int] = {}  # a screened set of strings -> its id
        self.literals: dict[str, list[frozenset[str]]] = {}  # pattern -> required_literals

    def add(self, pattern: str, group: str, view: str = "normalized", through: bool = False) -> int:
        """Register an RE2 pattern (already validated by ``regexes.compile_pattern``);
        ``through``: the group's patterns on the normalised view also answer for the compact
        view (the rules that must see through separators; a required element need not)."""
        if view not in self.VIEWS:
            raise ValueError(f"unknown view {view!r}")
        if through and view == "normalized":
            self._through.add(group)
        number = self._count
        self._count += 1
        entry = self._groups.setdefault((view, group), _Group())
        factors = self._factors_of(pattern) if view == "normalized" else []
        screenable = [f for f in factors if all(_strong(s) and squeeze(s) == s for s in f)]
        if screenable:
            ids = {f: self.factors.setdefault(f, len(self.factors)) for f in screenable}
            rarest = max(screenable, key=rarity)
            others = tuple(tuple(sorted(f)) for f in factors if f != rarest)
            compiled = compile_pattern(pattern, "", 0)
            screened = (number, frozenset(ids.values()), others, compiled)
            entry.screened.setdefault(ids[rarest], []).append(screened)
            entry.screened_keys = frozenset(entry.screened)
        elif factors and not any(s.isdigit() for f in factors for s in f):
            # digit factors (``13``, ``0``) occur in most messages: the set does better
            probes = tuple(tuple(sorted(f)) for f in factors)
            entry.probed.append((number, probes, compile_pattern(pattern, "", 0)))
            if any(is_cjk(c) for probe in probes for s in probe for c in s):
                entry.probed_cjk.append(entry.probed[-1])
        else:
            entry.rest.append((number, pattern))
            self._matchers.pop((view, group), None)
        return number

    def _matcher(self, key: tuple[str, str]) -> tuple[Any, list[int]] | None:
        """The group's RE2 set and pattern numbers; None if RE2 cannot build one (then each
        pattern is searched on its own, as without a set)."""
        if key not in self._matchers:
            import re2

            rest = self._groups[key].rest
            try:
                matcher = re2.Set.SearchSet(_re2_options())
                for _, pattern in rest:
                    matcher.Add(pattern)
                matcher.Compile()
            except re2.error:
                self._matchers[key] = None
            else:
                self._matchers[key] = (_set_match(matcher), [n for n, _ in rest])
        return self._matchers[key]

    def _factors_of(self, pattern: str) -> list[frozenset[str]]:
        """``required_literals(pattern)``, remembered: reading them off a pack's hundred
        patterns takes a hook run tens of milliseconds, so the pack cache keeps this memo."""
        found = self.literals.get(pattern)
        if found is None:
            found = self.literals[pattern] = required_literals(pattern)
        return found

    def quiet(self, doc: Document, group: str, view: str = "normalized") -> bool:
        """True when the screen alone shows that no pattern of ``group`` matches ``doc``."""
        entry = self._groups.get((view, group))
        if entry is None:
            return True
        if entry.probed or entry.rest:
            return False
        screened = doc.shared.screen(doc)
        if screened is None:
            return False
        seen = screened.factors
        return not any(
            need <= seen
            for factor in seen.intersection(entry.screened_keys)
            for _, need, _, _ in entry.screened[factor]
        )

    def matched(self, doc: Document, group: str, view: str = "normalized") -> frozenset[int] | None:
        """Numbers of the patterns of ``group`` that match ``doc``; None means "search each"."""
        key = (view, group)
        memo = doc.pattern_sets
        if key in memo:
            return memo[key]
        entry = self._groups.get(key)
        if entry is None:
            memo[key] = _NONE
            return _NONE
        text = "" if view != "normalized" else doc.norm.text
        result = self._with_rest(doc, key, entry, view, self._search(doc, entry, view, text))
        # the normalised view's patterns see through separators too: those with words to look
        # for also run on the compact text, where it differs (通-讯-录 is 通讯录 there); a
        # pattern without any (``[!！]{2,}``) has no word to hide
        if (
            view == "normalized"
            and group in self._through
            and result is not None
            and _compact_due(doc, entry)
        ):
            compact = doc.compact_text
            if compact != doc.norm.text:
                result |= self._search(doc, entry, "compact", compact, through=True)
        memo[key] = result
        return result

    def _search(
        self, doc: Document, entry: _Group, view: str, text: str, through: bool = False
    ) -> frozenset[int]:
        """The screened and probed patterns of ``entry`` that match one text of ``doc``:
        ``view`` names the text the sets search; ``through``: only the patterns with words,
        on the compact text."""
        found: list[int] = []
        if entry.screened:
            screened = doc.shared.screen(doc)
            keys = entry.screened_keys
            if screened is None:
                for factor in keys:
                    _confirm(doc, view, text, entry.screened[factor], found)
            else:
                seen = screened.factors
                for factor in seen.intersection(keys):
                    due = [e for e in entry.screened[factor] if e[1] <= seen]
                    if due:
                        _confirm(doc, view, text, due, found)
        probed = entry.probed_cjk if through else entry.probed
        if probed:
            _confirm(doc, view, text, probed, found)
        return frozenset(found) if found else _NONE

    def _with_rest(
        self, doc: Document, key: tuple[str, str], entry: _Group, view: str, found: frozenset[int]
    ) -> frozenset[int] | None:
        """``found`` and the patterns of ``entry`` only a set matcher runs (``rest``) that
        match ``doc``'s ``view``; None ("search each") when that view cannot be matched so."""
        if not entry.rest:
            return found
        data = _encoded(doc, view)
        matcher = None if data is None else self._matcher(key)
        if data is None or matcher is None:
            return None
        match, numbers = matcher
        hits = match(data)  # nearly always none
        if hits:
            return found.union([numbers[i] for i in hits])
        return found


_NONE: frozenset[int] = frozenset()


def _compact_due(doc: Document, entry: _Group) -> bool:
    """Whether a pattern of ``entry`` with words may match the compact view of ``doc``."""
    if entry.probed_cjk:
        return True
    if not entry.screened:
        return False
    screened = doc.shared.screen(doc)
    return screened is None or not screened.factors.isdisjoint(entry.screened_keys)


def _confirm(
    doc: Document,
    view: str,
    text: str,
    entries: list[ScreenedEntry] | list[tuple[int, Probes, Pattern]],
    found: list[int],
) -> None:
    """Add to ``found`` the numbers of the entries whose probes all occur in ``text`` and whose
    pattern matches. (Plain loops: a bulk run does this for every message.)"""
    for number, *_, probes, pattern in entries:
        for probe in probes:
            for literal in probe:
                if literal in text:
                    break
            else:
                break  # no string of this factor: the pattern cannot match
        else:
            data = _encoded(doc, view)
            if pattern.search(text) if data is None else pattern.occurs_in(data):
                found.append(number)


class Screened:
    """What the screen saw in one document: a superset of what occurs."""

    __slots__ = ("factors", "mask", "phrases", "words")

    def __init__(
        self,
        phrases: bool,
        factors: set[int] | frozenset[int],
        words: bool = False,
        mask: int = 0,
    ) -> None:
        self.phrases = phrases  # a lexicon phrase may occur in the normalised or compact view
        self.factors = factors  # ids of the pattern factors that may occur (a superset)
        self.words = words or phrases  # a word of the phrase index may (list entries too)
        self.mask = mask  # the owner bits of the words that may occur: a superset of ListHits


class Screen:
    """One pass per message over every lexicon phrase and screened pattern factor.

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
        factors: dict[frozenset[str], int],
        words: Iterable[str] = (),
        bits: Callable[[str], int] = lambda word: 0,
    ) -> None:
        """``words``: the phrase index's other words (list entries, frame literals); ``bits``:
        the owner bits of a word, so a screened document tells which lists may occur."""
        known = set(phrases)
        others = [word for word in words if word not in known and squeeze(word)]
        members = [[squeeze(phrase)] for phrase in phrases] + [[squeeze(w)] for w in others]
        self._bits = [bits(word) for word in [*phrases, *others]]
        self._phrases = len(phrases)
        self._words = len(members)
        self._factor_ids = [0] * self._words
        for factor, factor_id in factors.items():
            members.append(sorted(factor))
            self._factor_ids.append(factor_id)
        self._match = _hyperscan_set(members) or _re2_set(members)

    def __call__(self, doc: Document) -> Screened | None:
        """What may occur in ``doc``; None when it cannot be screened."""
        text = doc.norm.text
        if self._match is None or len(text) > SET_MAX_TEXT:
            return None
        try:
            data = squeeze(text).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return None
        hits = self._match(data)
        if not hits:
            return _CLEAR
        last = self._phrases
        words = self._words
        ids = self._factor_ids
        bits = self._bits
        mask = 0
        for i in hits:
            if i < words:
                mask |= bits[i]
        return Screened(
            any(i < last for i in hits),
            {ids[i] for i in hits if i >= words},
            any(i < words for i in hits),
            mask,
        )


Matcher = Callable[[bytes], Collection[int] | None]  # indexes of the members found, or none


def _hyperscan_set(members: list[list[str]]) -> Matcher | None:
    """A Hyperscan database of the members (each reported once a scan); None without it.

    Compiling one for a pack's thousands of words takes a fifth of a second, paid by every
    process of a bulk run; the compiled database is kept next to the pack cache, under a
    key made of the members and Hyperscan's version, and loaded in milliseconds."""
    try:
        import hyperscan
    except ImportError:
        return None
    database = _cached_database(hyperscan, members)
    if database is None:
        return None
    scan = database.scan

    def match(data: bytes) -> list[int]:
        found: list[int] = []
        scan(data, match_event_handler=_collect, context=found)
        return found

    return match


def _cached_database(hyperscan: Any, members: list[list[str]]) -> Any:
    """The kept database of these members if it works here, else a new one (then kept).
    A kept one is loaded only once the pack cache has authenticated it (a planted database
    would silently drop findings)."""
    from smslint.core import store

    version = getattr(hyperscan, "__version__", "")
    digest = hashlib.sha256(repr((version, members)).encode("utf-8", "surrogatepass"))
    name = f"screen-{digest.hexdigest()[:40]}.hs"
    kept = store.read(name)
    try:
        if kept is not None:
            database = hyperscan.loadb(kept, hyperscan.HS_MODE_BLOCK)
            database.scratch = hyperscan.Scratch(database)
            if not members or _finds_first_member(database, members):
                return database
    except Exception:  # corrupt, or built for another processor: compile it
        pass
    expressions = [_bytes_literal(s).encode() for strings in members for s in strings]
    ids = [index for index, strings in enumerate(members) for _ in strings]
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        database.compile(
            expressions=expressions,
            ids=ids,
            elements=len(ids),
            flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(ids),
        )
        database.scratch = hyperscan.Scratch(database)
    except hyperscan.error:  # no members, or a platform Hyperscan cannot run on
        return None
    with suppress(Exception):
        store.write(name, hyperscan.dumpb(database))
    return database


def _finds_first_member(database: Any, members: list[list[str]]) -> bool:
    """A loaded database at work: it scans, and finds what it was built to find."""
    found: list[int] = []
    database.scan(members[0][0].encode("utf-8", "surrogatepass"), _collect, context=found)
    return 0 in found


def _collect(member: int, start: int, end: int, flags: int, found: list[int]) -> None:
    found.append(member)


def _re2_set(members: list[list[str]]) -> Matcher | None:
    """An RE2 set of the members, in Latin-1 mode (bytes as bytes); None if RE2 cannot build
    one. RE2 reports no match when its DFA cannot get memory; for a set that happens only
    when the budget cannot hold a handful of states (a search otherwise flushes the cache and
    goes on), so a set that does not find its own first member when built is not used."""
    import re2

    options = _re2_options()
    options.max_mem = SCREEN_MEMORY
    options.encoding = re2.Options.Encoding.LATIN1
    matcher = re2.Set.SearchSet(options)
    try:
        for strings in members:
            matcher.Add("|".join(_bytes_literal(string) for string in strings))
        matcher.Compile()
    except re2.error:
        return None
    if members and 0 not in (matcher.Match(members[0][0].encode("utf-8", "surrogatepass")) or ()):
        return None
    return matcher.Match


def _bytes_literal(string: str) -> str:
    """A pattern (RE2 in Latin-1 mode, or Hyperscan) matching the UTF-8 bytes of ``string``."""
    return "".join(f"\\x{byte:02x}" for byte in string.encode("utf-8", "surrogatepass"))


_CLEAR = Screened(False, frozenset())


def _re2_options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False
    return options


def _set_match(matcher: Any) -> Callable[[bytes], Any]:
    """The set's search below the binding's Python wrapper (a bulk run asks it of every
    message), where that layer answers as the wrapper does: a list of member numbers."""
    inner = getattr(getattr(matcher, "_set", None), "Match", None)
    try:
        if inner is not None and inner(b"") == (matcher.Match(b"") or []):
            return inner
    except Exception:  # another version of the binding: its public API
        pass
    return matcher.Match


def _encoded(doc: Document, view: str) -> bytes | None:
    """UTF-8 of a view, once per document; None when a set cannot be trusted with it."""
    memo = doc.encoded_views
    if view not in memo:
        if view == "normalized":
            text = doc.norm.text
        elif view == "compact":
            text = doc.compact_text
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
        self._screen: Screen | None = None
        self._unscreened = 0  # documents seen before the screen was built

    def screen(self, doc: Document) -> Screened | None:
        """The pack's :class:`Screen` applied to ``doc``, once per document; None (every view
        and pattern is then tried) for the first SCREEN_AFTER documents, as building the
        screen costs a hook run more than scanning a few hundred templates in full."""
        return doc.screened

    def apply_screen(self, doc: Document) -> Screened | None:
        """:meth:`screen` done (``Document.screened`` asks once per document)."""
        if self._screen is None:
            self._unscreened += 1
            if self._unscreened <= SCREEN_AFTER:
                return None
            index = self.phrases
            self._screen = Screen(
                index.phrases, self.patterns.factors, index.terms(), index.word_bits
            )
        return self._screen(doc)

    def normal_form(self, phrase: str) -> str:
        """``normalize(phrase).text``, remembered."""
        found = self.normalized.get(phrase)
        if found is None:
            found = self.normalized[phrase] = normalize(phrase).text
        return found

    @property
    def tokenizer(self) -> Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(self.words | set(self.phrases.words()))
        return self._tokenizer
