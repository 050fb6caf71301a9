"""Compiled packs cached on disk, so a hook run neither parses YAML nor validates a schema.

Loading the base pack means parsing about a thousand lines of YAML with positions and
validating them against the JSON Schema (importing jsonschema alone is a tenth of a second):
more than everything else a one-template run does. A pack file changes far less often than
it is used, so an :class:`Entry` is pickled in the user's cache folder: the loaded
:class:`~smslint.packs.pack.Pack` (validated, merged along ``extends``) and what compiling its
rules computed (:class:`~smslint.prefilter.Compiled`: the automaton of its words, normalised
phrases, the literals of its patterns).

The key is the entry's format, smslint's version, a stamp of the code that shapes an entry
(every module of the packs, text and prefilter layers, and this one) and the bytes of every
file in the ``extends`` chain. A small hint per pack path remembers
which files that chain holds, so a lookup reads those files (no parsing), hashes them and
unpickles one entry. A changed file, a changed parent, an edited ``extends`` all change the
key; a missing, corrupt or unwritable cache only means the pack is loaded from its files.

Entries are kept as sealed files (:mod:`smslint.core.store`): nothing is unpickled before its
HMAC is checked.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from smslint.core.store import read, write
from smslint.core.version import __version__
from smslint.packs.pack import Pack, load_pack, resolve
from smslint.prefilter import Compiled

FORMAT = 6  # bump when the entry layout changes
# the code whose behaviour an entry holds the results of: the packs (a Pack), text (normalised
# phrases, a pattern's literals) and prefilter (the automaton) layers whole, and a few modules
_LAYERS = ("packs", "text", "prefilter")
_MODULES = ("engine/packcache.py", "core/store.py", "core/tuning.py")


@dataclass
class Entry:
    """A loaded pack and what was compiled from it, as stored in the cache."""

    pack: Pack
    key: str  # what it is stored under (see _key)
    compiled: Compiled | None = None  # None until the pack's rules were compiled once


def keep(entry: Entry, compiled: Compiled) -> None:
    """Store what compiling ``entry``'s rules computed, when it differs from what it holds."""
    if compiled != entry.compiled:
        entry.compiled = compiled
        _store(entry)


def _code_stamp() -> str:
    """Sizes and modification times of the code that shapes an entry: a stat per file, so a
    hook run pays a fraction of a millisecond for it."""
    from smslint.packs.pack import shipped_dir

    here = Path(__file__).resolve().parents[1]
    files = [here / name for name in _MODULES]
    for layer in _LAYERS:
        files.extend(sorted((here / layer).glob("*.py")))
    files.append(shipped_dir() / "pack.schema.json")
    parts = [__version__, str(FORMAT)]
    for path in files:
        try:
            st = path.stat()
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:missing")
    return "|".join(parts)


def _spelled(ref: str) -> str:
    """How the pack's path is written; relative paths depend on the working folder, and so
    do the file names a loaded pack reports errors with."""
    path = resolve(ref)
    return str(path) if path.is_absolute() else f"{os.getcwd()}\0{path}"


def _hint_name(spelled: str) -> str:
    return f"chain-{hashlib.sha256(spelled.encode()).hexdigest()[:32]}.json"


def _key(spelled: str, files: list[str]) -> str | None:
    """The content key of a pack whose chain is ``files``; None when one cannot be read."""
    digest = hashlib.sha256(_code_stamp().encode())
    digest.update(spelled.encode() + b"\0")
    for file in files:
        try:
            data = Path(file).read_bytes()
        except OSError:
            return None
        digest.update(f"{file}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _entry_name(key: str) -> str:
    return f"pack-{key[:40]}.pickle"


def _lookup(spelled: str) -> Entry | None:
    try:
        hint = read(_hint_name(spelled))
        if hint is None:
            return None
        key = _key(spelled, [str(f) for f in json.loads(hint)])
        data = None if key is None else read(_entry_name(key))
        if data is None:
            return None
        entry = pickle.loads(data)  # authenticated: written by this user's smslint
    except Exception:  # corrupt, or from another version: load from the files
        return None
    if not (isinstance(entry, Entry) and isinstance(entry.pack, Pack) and entry.key == key):
        return None
    if entry.compiled is not None and not isinstance(entry.compiled, Compiled):
        return None
    return entry


def _store(entry: Entry) -> None:
    if not entry.key:
        return
    try:
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # e.g. an automaton payload that does not pickle
        return
    write(_entry_name(entry.key), data)


def _plain(value: Any) -> Any:
    """``value`` with the YAML loader's position-carrying containers turned into plain ones:
    positions only serve errors while loading, and unpickling them would import PyYAML."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _plain(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, str):
        return str(value)
    return value


def load(ref: str) -> Entry:
    """The pack ``ref`` (a shipped name or a path), from the cache when its files are unchanged."""
    spelled = _spelled(ref)
    found = _lookup(spelled)
    if found is not None:
        return found
    pack = _plain(load_pack(ref))  # parses and validates; raises SmslintError on a bad pack
    key = _key(spelled, list(pack.files))
    entry = Entry(pack, key or "")
    if key is not None and write(_hint_name(spelled), json.dumps(list(pack.files)).encode()):
        _store(entry)
    return entry
