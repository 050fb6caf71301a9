"""The matchers the screen runs on: Hyperscan and RE2 sets of literals, through the bindings'
public APIs, and the screen's Hyperscan database kept between runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from contextlib import suppress
from typing import Any

from smslint.core.tuning import SCREEN_MEMORY

Matcher = Callable[[bytes], Collection[int] | None]  # indexes of the members found, or none


def hyperscan_set(members: list[str]) -> Matcher | None:
    """A Hyperscan database of the literal members (each reported once a scan); None without it.

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


def _cached_database(hyperscan: Any, members: list[str]) -> Any:
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
    expressions = [_bytes_literal(member).encode() for member in members]
    ids = list(range(len(members)))
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


def _finds_first_member(database: Any, members: list[str]) -> bool:
    """A loaded database at work: it scans, and finds what it was built to find."""
    found: list[int] = []
    database.scan(members[0].encode("utf-8", "surrogatepass"), _collect, context=found)
    return 0 in found


def _collect(member: int, start: int, end: int, flags: int, found: list[int]) -> None:
    found.append(member)


def re2_set(members: list[str]) -> Matcher | None:
    """An RE2 set of the literal members, in Latin-1 mode (bytes as bytes) with the screen's
    memory budget; None if RE2 cannot build one. RE2 reports no match when its DFA cannot get
    memory; for a set that happens only when the budget cannot hold a handful of states (a
    search otherwise flushes the cache and goes on), so a set that does not find its first
    member is not used."""
    import re2

    options = re2.Options()
    options.log_errors = False
    options.max_mem = SCREEN_MEMORY
    options.encoding = re2.Options.Encoding.LATIN1
    matcher = re2.Set.SearchSet(options)
    try:
        for member in members:
            matcher.Add(_bytes_literal(member))
        matcher.Compile()
    except re2.error:
        return None
    match = matcher.Match
    probe = members[0].encode("utf-8", "surrogatepass") if members else b""
    return None if members and 0 not in (match(probe) or ()) else match


def _bytes_literal(string: str) -> str:
    """A pattern (RE2 in Latin-1 mode, or Hyperscan) matching the UTF-8 bytes of ``string``."""
    return "".join(f"\\x{byte:02x}" for byte in string.encode("utf-8", "surrogatepass"))
