"""The RE2 patterns of a pack's rules, answering per document which of a group match."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smslint.prefilter import backends
from smslint.text.literals import rarity, required_literals
from smslint.text.normalize import is_cjk, squeeze
from smslint.text.regexes import Pattern, compile_pattern

if TYPE_CHECKING:
    from smslint.prefilter.candidates import Candidates


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
        # no useful factor: one RE2 set per group (each pattern searched where a set cannot be)
        self.rest: list[tuple[int, str, Pattern]] = []
        # the probed ones with a CJK factor: separators between CJK characters can hide them
        self.probed_cjk: list[tuple[int, Probes, Pattern]] = []


class PatternIndex:
    """The RE2 patterns of every rule, answering per document which of a group match.

    A rule registers each pattern and gets a number back; per document, :meth:`matched` tells
    exactly which patterns of a group match somewhere, so a rule runs its own pattern (to find
    where) only when it can match at all. Each rule kind (or narrower part of one) is its own group,
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
        self._matchers: dict[tuple[str, str], backends.Matcher | None] = {}
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
            entry.rest.append((number, pattern, compile_pattern(pattern, "", 0)))
            self._matchers.pop((view, group), None)
        return number

    def _matcher(self, key: tuple[str, str]) -> backends.Matcher | None:
        """The group's RE2 set (by position in ``rest``); None if RE2 cannot build one (then
        each pattern is searched on its own)."""
        if key not in self._matchers:
            self._matchers[key] = backends.re2_set([p for _, p, _ in self._groups[key].rest])
        return self._matchers[key]

    def _factors_of(self, pattern: str) -> list[frozenset[str]]:
        """``required_literals(pattern)``, remembered: reading them off a pack's hundred
        patterns takes a hook run tens of milliseconds, so the pack cache keeps this memo."""
        found = self.literals.get(pattern)
        if found is None:
            found = self.literals[pattern] = required_literals(pattern)
        return found

    def matched(self, found: Candidates, group: str, view: str = "normalized") -> frozenset[int]:
        """Numbers of the patterns of ``group`` that match the document ``found`` is about
        (``Candidates.patterns`` asks once per group and view)."""
        key = (view, group)
        entry = self._groups.get(key)
        if entry is None:
            return _NONE
        doc = found.doc
        text = "" if view != "normalized" else doc.norm.text
        result = self._with_rest(found, key, entry, view, self._search(found, entry, view, text))
        # the normalised view's patterns see through separators too: those with words to look
        # for also run on the compact text, where it differs (通-讯-录 is 通讯录 there); a
        # pattern without any (``[!！]{2,}``) has no word to hide
        if view == "normalized" and group in self._through and _compact_due(found, entry):
            compact = doc.compact_text
            if compact != doc.norm.text:
                result |= self._search(found, entry, "compact", compact, through=True)
        return result

    def _search(
        self, found: Candidates, entry: _Group, view: str, text: str, through: bool = False
    ) -> frozenset[int]:
        """The screened and probed patterns of ``entry`` that match one text of the document:
        ``view`` names the text the sets search; ``through``: only the patterns with words,
        on the compact text."""
        numbers: list[int] = []
        if entry.screened:
            screened = found.screened
            keys = entry.screened_keys
            if screened is None:
                for factor in keys:
                    _confirm(text, entry.screened[factor], numbers)
            else:
                seen = screened.factors
                for factor in seen.intersection(keys):
                    due = [e for e in entry.screened[factor] if e[1] <= seen]
                    if due:
                        _confirm(text, due, numbers)
        probed = entry.probed_cjk if through else entry.probed
        if probed:
            _confirm(text, probed, numbers)
        return frozenset(numbers) if numbers else _NONE

    def _with_rest(
        self,
        found: Candidates,
        key: tuple[str, str],
        entry: _Group,
        view: str,
        numbers: frozenset[int],
    ) -> frozenset[int]:
        """``numbers`` and the patterns of ``entry`` without factors (``rest``) that match the
        document's ``view``: by the group's set, or where a set cannot be trusted with the text
        (too long, a lone surrogate) or cannot be built, by each pattern's own search."""
        if not entry.rest:
            return numbers
        data = found.encoded(view)
        match = None if data is None else self._matcher(key)
        if data is None or match is None:
            return numbers.union(self._each(found, key, entry, view))
        hits = match(data)  # nearly always none
        if hits:
            return numbers.union([entry.rest[i][0] for i in hits])
        return numbers

    def _each(self, found: Candidates, key: tuple[str, str], entry: _Group, view: str) -> set[int]:
        """The ``rest`` patterns that a search of their own finds, on the compact text too for
        a group that sees through separators."""
        doc = found.doc
        texts = [doc.text if view == "original" else doc.norm.text]
        if view == "compact":
            texts = [doc.compact_text]
        elif view == "normalized" and key[1] in self._through:
            texts.append(doc.compact_text)
        return {n for n, _, pattern in entry.rest if any(pattern.search(t) for t in texts)}


_NONE: frozenset[int] = frozenset()


def _compact_due(found: Candidates, entry: _Group) -> bool:
    """Whether a pattern of ``entry`` with words may match the compact view of the document."""
    if entry.probed_cjk:
        return True
    if not entry.screened:
        return False
    screened = found.screened
    return screened is None or not screened.factors.isdisjoint(entry.screened_keys)


def _confirm(
    text: str,
    entries: list[ScreenedEntry] | list[tuple[int, Probes, Pattern]],
    numbers: list[int],
) -> None:
    """Add to ``numbers`` the numbers of the entries whose probes all occur in ``text`` and whose
    pattern matches. (Plain loops: a bulk run does this for every message.)"""
    for number, *_, probes, pattern in entries:
        for probe in probes:
            for literal in probe:
                if literal in text:
                    break
            else:
                break  # no string of this factor: the pattern cannot match
        else:
            if pattern.search(text):
                numbers.append(number)
