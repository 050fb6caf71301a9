"""Named word lists of a pack (``lists:``), merged along ``extends`` and checked where used.

A list is a concept (people who are not the debtor, contact verbs, threat conditions) that
many rules share: a rule names it as ``$name`` where it takes words, and a user's pack that
extends a shipped one edits the list once (``add``/``remove``) for every rule using it.
Entries are normalised here, once, as texts are (simplified, half-width, lower-case), so a
pack may write them in either script and a cached pack holds them ready.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from smslint.core.errors import SmslintError
from smslint.privacy.masking import quote

REFERENCE = re.compile(r"\$([a-z][a-z0-9_]*)")
# rule options whose strings may name a list (``frames`` holds slots and conditions)
REFERRING_OPTIONS = (
    "phrases",
    "unless",
    "frames",
    "when",
    "not_before",
    "not_opening",
    "unless_signed",
    "unless_message",
    "about",
)

Lists = dict[str, tuple[str, ...]]


def reference(entry: object) -> str | None:
    """The list name ``entry`` refers to (``$third_party`` -> ``third_party``), else None."""
    if isinstance(entry, str):
        found = REFERENCE.fullmatch(entry)
        if found:
            return found[1]
    return None


def _entries(values: Any, file: str, normal: dict[str, str]) -> list[str]:
    out: list[str] = []
    marks = getattr(values, "item_marks", None) or []
    for i, value in enumerate(values):
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            line, col = marks[i] if i < len(marks) else (None, None)
            raise SmslintError("a list entry must be a non-empty string", file, line, col)
        if reference(text):
            line, col = marks[i] if i < len(marks) else (None, None)
            raise SmslintError(f"a list entry cannot name a list ({text})", file, line, col)
        out.append(_normal(text, normal))
    return list(dict.fromkeys(out))


def _normal(text: str, memo: dict[str, str]) -> str:
    found = memo.get(text)
    if found is None:
        from smslint.text.normalize import normalize

        found = memo[text] = normalize(text).text
    return found


def merge(parent: Lists, data: Any, file: str) -> Lists:
    """The lists of a pack: its parent's, with this file's ``lists:`` section applied.

    A plain sequence defines a new list; a mapping ``{add, remove}`` edits an inherited one.
    Defining an inherited name, editing an unknown one, or removing an absent entry is an
    error at its line, so a typo never silently leaves a word in or out."""
    out = dict(parent)
    if not data:
        return out
    marks = getattr(data, "key_marks", {})
    normal: dict[str, str] = {}
    for name, value in data.items():
        line, col = marks.get(name, (None, None))
        if isinstance(value, dict):
            if name not in parent:
                raise SmslintError(
                    f"list {name!r} edits a list the pack does not inherit; "
                    "define it as a sequence of entries",
                    file,
                    line,
                    col,
                )
            entries = list(parent[name])
            vmarks = getattr(value, "key_marks", {})
            for entry in _entries(value.get("remove") or [], file, normal):
                if entry not in entries:
                    rline, rcol = vmarks.get("remove", (line, col))
                    raise SmslintError(
                        f"list {name!r} has no entry {quote(entry)} to remove", file, rline, rcol
                    )
                entries.remove(entry)
            added = _entries(value.get("add") or [], file, normal)
            out[name] = tuple(dict.fromkeys([*entries, *added]))
        else:
            if name in parent:
                raise SmslintError(
                    f"list {name!r} is already defined by the pack this one extends; "
                    "use add/remove to edit it",
                    file,
                    line,
                    col,
                )
            out[name] = tuple(_entries(value, file, normal))
    return out


def merge_not_inside(parent: Lists, data: Any, lists: Lists, file: str) -> Lists:
    """The pack's ``not_inside:`` section: per list, the words that hold one of its entries
    without being one (要求 holds 要, 社会 holds 会), merged as lists are. A name that is not
    one of the pack's lists is an error at its line."""
    marks = getattr(data, "key_marks", {}) if data else {}
    for name in data or {}:
        if name not in lists:
            known = clip_names(", ".join(sorted(lists)) or "none")
            raise SmslintError(
                f"not_inside: {name!r} is not a list of the pack (lists: {known})",
                file,
                *marks.get(name, (None, None)),
            )
    return merge(parent, data, file)


def _strings(value: Any, line: int, col: int | None) -> Iterator[tuple[str, int, int | None]]:
    """Every string inside ``value``, with the position of the item or key that holds it."""
    if isinstance(value, str):
        yield value, line, col
    elif isinstance(value, dict):
        marks = getattr(value, "key_marks", {})
        for key, item in value.items():
            yield from _strings(item, *marks.get(key, (line, col)))
    elif isinstance(value, list):
        marks = getattr(value, "item_marks", None) or []
        for i, item in enumerate(value):
            yield from _strings(item, *(marks[i] if i < len(marks) else (line, col)))


def check_references(rules: Any, lists: Lists, file: str) -> None:
    """Every ``$name`` in the rules this file writes names a list the pack has."""
    for rule in rules or []:
        marks = getattr(rule, "key_marks", {})
        for option in REFERRING_OPTIONS:
            if option not in rule:
                continue
            line, col = marks.get(option, (getattr(rule, "line", 0) or 1, None))
            _check_strings(rule[option], lists, file, line, col, f"rule {rule.get('id')}")


def check_section(data: Any, section: str, lists: Lists, file: str) -> None:
    """Every ``$name`` in a section of the pack file (``mentions:``) names a list it has."""
    if section in data:
        line, col = getattr(data, "key_marks", {}).get(section, (1, None))
        _check_strings(data[section], lists, file, line, col, section)


def _check_strings(
    value: Any, lists: Lists, file: str, line: int, col: int | None, who: str
) -> None:
    for text, at, at_col in _strings(value, line, col):
        name = reference(text)
        if name is not None and name not in lists:
            known = ", ".join(sorted(lists)) or "none"
            raise SmslintError(
                f"{who}: unknown list ${name} (lists: {clip_names(known)})", file, at, at_col
            )


def clip_names(names: str, limit: int = 200) -> str:
    return names if len(names) <= limit else names[: limit - 1] + "…"


def expand(entries: list[Any], lists: Lists) -> list[Any]:
    """``entries`` with each ``$name`` replaced by the list's entries (already normalised)."""
    out: list[Any] = []
    for entry in entries:
        name = reference(entry)
        out.extend(lists.get(name, ()) if name is not None else [entry])
    return out
