"""The RE2 patterns of a pack's rules, answering per document which of a group match."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smslint.text.literals import required_literals
from smslint.text.normalize import is_cjk, squeeze
from smslint.text.regexes import Pattern, compile_pattern

if TYPE_CHECKING:
    from smslint.prefilter.views import Views

Probes = tuple[tuple[str, ...], ...]  # factors tested with ``in``: one string of each must occur
Entry = tuple[int, Probes, Pattern]  # a pattern's number, its factors, the pattern


class _Group:
    """The patterns of one group and view."""

    __slots__ = ("entries", "hidden")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        # those with a CJK factor (separators between CJK characters can hide them), with
        # their factors squeezed (what occurs in the compact view occurs squeezed)
        self.hidden: list[tuple[Entry, Probes]] = []


class PatternIndex:
    """The RE2 patterns of every rule, answering per document which of a group match.

    A rule registers each pattern and gets a number back; per document, :meth:`matched` tells
    exactly which patterns of a group match somewhere, so a rule runs its own pattern (to find
    where) only when it can match at all. Each rule kind (or narrower part of one) is its own
    group, so rules that do not apply to a notice kind cost nothing.

    Most patterns on the normalised text need words: every match of
    ``(移交|移送)[^，]{0,4}(公安|警方)`` holds one of 移交/移送 and one of 公安/警方
    (:func:`~smslint.text.literals.required_literals`). A pattern is searched only where a
    string of each such factor occurs, which ``in`` tells for a few strings in less time than
    one search takes to start; in bulk runs one of them is nearly always missing.
    """

    VIEWS = ("normalized", "compact", "original")

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], _Group] = {}
        self._count = 0
        self._through: set[str] = set()  # groups whose normalised patterns see through separators

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
        group_of = self._groups.setdefault((view, group), _Group())
        factors = required_literals(pattern) if view == "normalized" else []
        probes = tuple(tuple(sorted(f)) for f in factors)
        entry = (number, probes, compile_pattern(pattern, "", 0))
        group_of.entries.append(entry)
        if any(is_cjk(c) for probe in probes for s in probe for c in s):
            group_of.hidden.append((entry, tuple(tuple(map(squeeze, p)) for p in probes)))
        return number

    def matched(
        self, doc: Views, squeezed: str, group: str, view: str = "normalized"
    ) -> frozenset[int]:
        """Numbers of the patterns of ``group`` that match the document (``squeezed``: its
        normalised text without separators; ``Candidates.patterns`` asks once per group and
        view)."""
        entry = self._groups.get((view, group))
        if entry is None:
            return _NONE
        if view == "original":
            text = doc.text
        else:
            text = doc.compact_text if view == "compact" else doc.norm.text
        numbers: list[int] = []
        _confirm(text, entry.entries, numbers)
        # the normalised view's patterns see through separators too: those with CJK words to
        # look for also run on the compact text, where it differs (通-讯-录 is 通讯录 there),
        # if their words occur in the squeezed text (what occurs in the compact text does)
        if view == "normalized" and group in self._through:
            hidden = [e for e, probes in entry.hidden if _probed(squeezed, probes)]
            compact = doc.compact_text if hidden else text
            if compact != text:
                _confirm(compact, hidden, numbers)
        return frozenset(numbers) if numbers else _NONE


_NONE: frozenset[int] = frozenset()


def _probed(text: str, probes: Probes) -> bool:
    """Whether a string of each factor occurs in ``text``. (Plain loops: a bulk run does this
    for every message.)"""
    for probe in probes:
        for literal in probe:
            if literal in text:
                break
        else:
            return False  # no string of this factor: the pattern cannot match
    return True


def _confirm(text: str, entries: list[Entry], numbers: list[int]) -> None:
    """Add to ``numbers`` the numbers of the entries whose probes all occur in ``text`` and whose
    pattern matches."""
    for number, probes, pattern in entries:
        if _probed(text, probes) and pattern.search(text):
            numbers.append(number)
