"""Compiled packs cached on disk, so a hook run neither parses YAML nor compiles rules.

Loading the base pack means parsing about a thousand lines of YAML with positions and
validating them against the JSON Schema (importing jsonschema alone is a tenth of a second);
compiling its rules then registers some 20,000 words, builds 600 frames and an automaton (as
long again as the rest of a hook run). A pack file changes far less often than it is used, so
two entries per pack are pickled in the user's cache folder:

- an :class:`Entry`: the loaded :class:`~smslint.packs.pack.Pack` (validated, merged along
  ``extends``), for what reads rules only (``explain``, checking rule selectors);
- a :class:`Compiled`: the pack with its rules compiled, the rule kinds' objects and the
  :class:`~smslint.prefilter.Prefilter` they registered with, its automaton built: what a
  linter is made of.

An entry's key is its format, smslint's version, a stamp of the code that shapes it (for an
:class:`Entry` every module of the packs, text and prefilter layers and a few more; for a
:class:`Compiled` every module of smslint, as any of them may shape a compiled rule) and the
bytes of every file in the ``extends`` chain. A small hint per pack path remembers which
files that chain holds, so a lookup reads those files (no parsing), hashes them and unpickles
one entry. A changed file, a changed parent, an edited ``extends`` all change the key; a
missing, corrupt or unwritable cache only means the pack is loaded from its files.

Entries are kept as sealed files (:mod:`smslint.core.store`): nothing is unpickled before its
HMAC is checked.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from smslint.core.store import read, write
from smslint.core.version import __version__
from smslint.engine.checks import Check, compile_rule
from smslint.packs.pack import Pack, load_pack, resolve
from smslint.prefilter import Prefilter

FORMAT = 7  # bump when the entry layout changes
# the code whose behaviour an entry holds the results of: the packs (a Pack), text (normalised
# phrases, a pattern's literals) and prefilter (the automaton) layers whole, and a few modules
_LAYERS = ("packs", "text", "prefilter")
_MODULES = ("engine/packcache.py", "core/store.py", "core/tuning.py")


@dataclass
class Entry:
    """A loaded pack, as stored in the cache."""

    pack: Pack
    key: str  # what it is stored under (see _key)


@dataclass
class Compiled:
    """A pack with its rules compiled (every rule, those switched off included), as stored in
    the cache: what a linter is made of."""

    pack: Pack
    checks: list[Check]
    prefilter: Prefilter
    key: str = ""  # what it is stored under (see _key); "" when it cannot be stored


def compile_pack(pack: Pack) -> Compiled:
    """Compile every rule of ``pack``; the prefilter is then built to the point a first
    document would take it, so that the cache keeps that too."""
    prefilter = Prefilter(pack.not_inside)
    context = prefilter.context()
    checks = [compile_rule(rule, pack, context) for rule in pack.rules]
    prefilter.finish()
    return Compiled(pack, checks, prefilter)


def _code_stamp(every: bool = False) -> str:
    """Sizes and modification times of the code that shapes an entry (``every``: every
    module of smslint): a stat per file, so a hook run pays a fraction of a millisecond."""
    from smslint.packs.pack import shipped_dir

    here = Path(__file__).resolve().parents[1]
    if every:
        files = sorted(here.rglob("*.py"))
    else:
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


def _key(spelled: str, files: list[str], every: bool = False) -> str | None:
    """The content key of a pack whose chain is ``files``; None when one cannot be read.
    ``every``: of its compiled form (see :func:`_code_stamp`)."""
    digest = hashlib.sha256(_code_stamp(every).encode())
    digest.update(spelled.encode() + b"\0")
    for file in files:
        try:
            data = Path(file).read_bytes()
        except OSError:
            return None
        digest.update(f"{file}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _entry_name(key: str, kind: type[Entry | Compiled] = Entry) -> str:
    return f"pack-{key[:40]}.{'compiled' if kind is Compiled else 'pickle'}"


def _lookup(spelled: str, kind: type[Entry | Compiled] = Entry) -> Entry | Compiled | None:
    try:
        hint = read(_hint_name(spelled))
        if hint is None:
            return None
        key = _key(spelled, [str(f) for f in json.loads(hint)], kind is Compiled)
        data = None if key is None else read(_entry_name(key, kind))
        if data is None:
            return None
        entry = _unpickle(data)  # authenticated: written by this user's smslint
    except Exception:  # corrupt, or from another version: load from the files
        return None
    if not (isinstance(entry, kind) and isinstance(entry.pack, Pack) and entry.key == key):
        return None
    if isinstance(entry, Compiled) and not isinstance(entry.prefilter, Prefilter):
        return None
    return entry


def _unpickle(data: bytes) -> Any:
    """``pickle.loads`` with the collector paused: a compiled pack is some 60,000 objects, all
    alive, and a full collection the load sets off midway walks them for nothing (a twentieth
    of a hook run)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if paused:
            gc.enable()


def _store(entry: Entry | Compiled) -> None:
    if not entry.key:
        return
    try:
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # e.g. an automaton payload that does not pickle
        return
    write(_entry_name(entry.key, type(entry)), data)


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
    if isinstance(found, Entry):
        return found
    pack = _plain(load_pack(ref))  # parses and validates; raises SmslintError on a bad pack
    key = _key(spelled, list(pack.files))
    entry = Entry(pack, key or "")
    if key is not None and write(_hint_name(spelled), json.dumps(list(pack.files)).encode()):
        _store(entry)
    return entry


def compiled(ref: str) -> Compiled:
    """The pack ``ref`` with its rules compiled, from the cache when its files and smslint's
    code are unchanged."""
    spelled = _spelled(ref)
    found = _lookup(spelled, Compiled)
    if isinstance(found, Compiled):
        return found
    entry = load(ref)
    made = compile_pack(entry.pack)
    if entry.key:
        made.key = _key(spelled, list(entry.pack.files), every=True) or ""
        _store(made)
    return made
