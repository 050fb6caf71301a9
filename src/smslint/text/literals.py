"""The literal strings a regex cannot match without, so one automaton pass can tell which
patterns of a pack are worth running on a message.

Rule patterns are mostly alternations of words joined by short gaps
(``(移交|移送)[^，]{0,4}(公安|警方)``); every match holds one of a few words. Those words go
into the pack's screen (``prefilter.screen.Screen``) next to the lexicon phrases, and a pattern
runs only when its words occurred. In a bulk run few messages hold them all, so most
patterns never run. Neighbouring words join into longer, rarer strings, an optional one as
itself or nothing: ``(联系|找)(到|上)?(你|您)`` needs one of 联系你, 联系到你, 找您 ….

:func:`required_literals` answers from the pattern's syntax tree, read by Python's own regex
parser; RE2 syntax Python does not know (``\\x{E000}``, ``\\pN``, POSIX classes) gives None,
and such a pattern simply runs on every message.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

from smslint.core.tuning import MAX_CLASS, MAX_STRINGS

Literals = frozenset[str]

# RE2 syntax Python reads differently or not at all, and flags that change what matches
_UNSUPPORTED = re.compile(r"\[:[a-z]+:\]|\\[pPCQEz]|\(\?[imsux-]*[ims]")
_HEX_ESCAPE = re.compile(r"(?<!\\)\\x\{([0-9a-fA-F]{1,6})\}")  # RE2's \x{E000}


def required_literals(pattern: str) -> list[Literals]:
    """Sets of non-empty strings such that every match of ``pattern`` contains one string of
    each set; empty when nothing useful can be read off the pattern."""
    if _UNSUPPORTED.search(pattern):
        return []
    try:
        tree = parser.parse(_HEX_ESCAPE.sub(lambda m: re.escape(chr(int(m[1], 16))), pattern))
    except (re.error, RecursionError, OverflowError):
        return []
    factors, whole = _factors(list(tree))
    return [whole] if whole is not None and "" not in whole else factors


# A node's answer: (strings, exact). ``exact`` means the node matches exactly one of the strings
# and nothing else, so neighbours can be joined to it; otherwise each match merely contains one.
Answer = tuple[Literals, bool] | None


def _node(op: Any, av: Any) -> Answer:
    if op is c.LITERAL:
        return frozenset([chr(av)]), True
    if op is c.IN:
        return _char_class(av)
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _sequence(list(sub))
    if op is c.BRANCH:
        return _branch(av[1])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _sequence(list(sub))
        if inner is None:
            return None
        strings, exact = inner
        if low == 0:
            # an optional word (``(到|上)?``) joins its neighbours as one of its strings or
            # nothing: 联系(到|上)?你 needs one of 联系你, 联系到你, 联系上你
            return (strings | {""}, True) if high == 1 and exact else None
        return strings, exact and low == high == 1
    if op is c.AT:
        return frozenset([""]), True  # an anchor matches no characters
    return None


def _char_class(items: list[tuple[Any, Any]]) -> Answer:
    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(cp) for cp in range(av[0], av[1] + 1))
        else:
            return None  # a negation, a category (\d), a wide range
    if not chars or len(chars) > MAX_CLASS:
        return None
    return frozenset(chars), True


def _branch(alternatives: list[Any]) -> Answer:
    strings: set[str] = set()
    exact = True
    for alternative in alternatives:
        found = _sequence(list(alternative))
        if found is None:
            return None
        strings.update(found[0])
        exact = exact and found[1]
    if len(strings) > MAX_STRINGS:
        return None
    return frozenset(strings), exact


def _sequence(items: list[tuple[Any, Any]]) -> Answer:
    factors, whole = _factors(items)
    if whole is not None:
        return whole, True
    if not factors:
        return None
    return max(factors, key=rarity), False


def _factors(items: list[tuple[Any, Any]]) -> tuple[list[Literals], Literals | None]:
    """The requirements of a sequence of nodes, each a set of strings one of which every match
    holds, with runs of exact neighbours joined into longer strings; or, when the whole
    sequence is one exact run, its strings as the second item."""
    factors: list[Literals] = []
    run: Literals | None = None  # the strings of the current run of exact nodes
    whole = True  # every node so far exact and joined into one run
    for op, av in items:
        found = _node(op, av)
        if found is not None and found[1] and run is not None:
            joined = frozenset(a + b for a in run for b in found[0])
            if len(joined) <= MAX_STRINGS:
                run = joined
                continue
        if run is not None:
            factors.append(run)
            whole = False
        run = None
        if found is None:
            whole = False
        elif found[1]:
            run = found[0]
        else:
            factors.append(found[0])
            whole = False
    if whole:
        return [], frozenset([""]) if run is None else run
    if run is not None:
        factors.append(run)
    return [f for f in factors if "" not in f], None


def rarity(strings: Literals) -> tuple[int, int]:
    """Longer shortest strings are rarer in text; among equals, fewer strings."""
    return min(map(len, strings)), -len(strings)
