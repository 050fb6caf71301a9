"""Compiled packs cached on disk, so a hook run neither parses YAML nor validates a schema.

Loading the base pack means parsing about a thousand lines of YAML with positions and
validating them against the JSON Schema (importing jsonschema alone is a tenth of a second):
more than everything else a one-template run does. A pack file changes far less often than
it is used, so the loaded :class:`~smslint.packs.Pack` (validated, merged along ``extends``)
and the Aho-Corasick automaton of its phrases are pickled in the user's cache folder.

The key is the pack's content: smslint's version, a stamp of the code that shapes a Pack,
and the bytes of every file in the ``extends`` chain. A small hint per pack path remembers
which files that chain holds, so a lookup reads those files (no parsing), hashes them and
unpickles one entry. A changed file, a changed parent, an edited ``extends`` all change the
key; a missing, corrupt or unwritable cache only means the pack is loaded from its files.

The cache is trusted with nothing (see :func:`folder`, :func:`read` and :func:`write`): it lives
only in a folder of the user's own, and every file carries an HMAC under a per-user key kept
beside it with 0600 permissions, checked before anything in it is unpickled or loaded. A
folder or file that is not as smslint made it means running without the cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import re
import secrets
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .packs import Pack, load_pack, resolve

if TYPE_CHECKING:
    from .checks.shared import Shared

FORMAT = 5  # bump when the entry layout changes
# files whose content decides what an entry holds (a Pack, normalised phrases)
_CODE = (
    "packs.py",
    "wordlists.py",
    "packcache.py",
    "yamlpos.py",
    "normalize.py",
    "literals.py",
    "tuning.py",  # MAX_STRINGS and MAX_CLASS shape what literals.py finds
    "rules/pack.schema.json",
)


@dataclass
class Entry:
    """A loaded pack and what was compiled from it, as stored in the cache."""

    pack: Pack
    key: str
    phrases: tuple[Any, ...] | None = None  # PhraseIndex.fingerprint() the automaton is for
    automaton: Any = None
    normalized: dict[str, str] | None = None  # Shared.normalized after compiling the pack
    literals: dict[str, Any] | None = None  # and PatternIndex.literals

    def prime(self, shared: Shared) -> None:
        """Before the pack's rules compile: what compiling them computed last time."""
        shared.normalized.update(self.normalized or {})
        shared.patterns.literals.update(self.literals or {})

    def share(self, shared: Shared) -> None:
        """After they compile: give ``shared`` the cached automaton when it was built from the
        same phrases, else build it now; store whatever changed for the next run."""
        fingerprint = shared.phrases.fingerprint()
        changed = shared.normalized != self.normalized or shared.patterns.literals != self.literals
        if self.automaton is not None and self.phrases == fingerprint:
            shared.phrases.use(self.automaton)
        else:
            self.phrases = fingerprint
            self.automaton = shared.phrases.automaton()
            changed = True
        if changed:
            self.normalized = dict(shared.normalized)
            self.literals = dict(shared.patterns.literals)
            _store(self)


MAGIC = b"smslint-cache-1\n"
KEY_BYTES = 32
_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*")


def _root() -> Path | None:
    explicit = os.environ.get("SMSLINT_CACHE_DIR")
    if explicit:
        return Path(os.path.abspath(explicit))
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):  # a relative one is to be ignored (XDG spec)
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no password entry
            return None
    return Path(base) / "smslint"


def folder() -> Path | None:
    """The user's cache folder, made with 0700 if missing; None when it cannot be trusted.

    It must be a real folder (not a link) owned by this user and writable by nobody else,
    in a parent where nobody else may swap it (not world-writable unless sticky). There is
    no fallback: a shared temporary folder would let another user plant files in it.
    """
    root = _root()
    if root is None or not hasattr(os, "geteuid"):  # no owner to check: no cache
        return None
    try:
        root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        parent = os.stat(root.parent)
        if parent.st_mode & stat.S_IWOTH and not parent.st_mode & stat.S_ISVTX:
            return None
        with suppress(FileExistsError):
            os.mkdir(root, 0o700)
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            info = os.fstat(fd)
            if info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None  # someone else may have written in it
            if stat.S_IMODE(info.st_mode) != 0o700:  # readable by others (an older smslint's)
                os.fchmod(fd, 0o700)
        finally:
            os.close(fd)
    except OSError:  # a link, not a folder, not ours to make
        return None
    return root


def _read_private(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of this user's that nobody else may
    read or write (never through a link, never blocking on a FIFO); else None."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & 0o077
            or (limit is not None and info.st_size > limit)
        ):
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            return stream.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _secret(where: Path) -> bytes | None:
    """The per-user HMAC key, made on first use; None when it is not as smslint made it."""
    path = where / "key"
    if not os.path.lexists(path):
        with suppress(OSError):
            fd, temporary = tempfile.mkstemp(dir=where, prefix=".key-")  # 0600
            try:
                with os.fdopen(fd, "wb") as stream:
                    stream.write(secrets.token_bytes(KEY_BYTES))
                os.link(temporary, path)  # never replaces a key another process made
            except FileExistsError:
                pass
            finally:
                os.unlink(temporary)
    key = _read_private(path, KEY_BYTES)
    return key if key is not None and len(key) == KEY_BYTES else None


def _mac(key: bytes, name: str, payload: bytes) -> bytes:
    """Bound to the file's name, so a valid entry cannot stand in for another."""
    return hmac.new(key, name.encode() + b"\0" + payload, hashlib.sha256).digest()


def read(name: str) -> bytes | None:
    """What :func:`write` kept under ``name``, once its HMAC is checked; None for anything
    else (no cache, no such file, a file not made by this user's smslint)."""
    where = folder()
    if where is None or not _NAME.fullmatch(name):
        return None
    key = _secret(where)
    sealed = None if key is None else _read_private(where / name)
    if sealed is None or key is None or not sealed.startswith(MAGIC):
        return None
    mac = sealed[len(MAGIC) : len(MAGIC) + hashlib.sha256().digest_size]
    payload = sealed[len(MAGIC) + len(mac) :]
    return payload if hmac.compare_digest(mac, _mac(key, name, payload)) else None


def write(name: str, payload: bytes) -> bool:
    """Keep ``payload`` under ``name``, sealed with the user's key; replaced atomically
    (parallel workers may write the same entry) from a temporary file of unpredictable name.
    False when there is no cache to write to."""
    where = folder()
    key = None if where is None or not _NAME.fullmatch(name) else _secret(where)
    if where is None or key is None:
        return False
    try:
        fd, temporary = tempfile.mkstemp(dir=where, prefix=".tmp-")  # 0600
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(MAGIC + _mac(key, name, payload) + payload)
        os.replace(temporary, where / name)
    except BaseException as err:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(err, OSError):  # e.g. a full disk: the cache is simply not used
            return False
        raise
    return True


def _code_stamp() -> str:
    from .packs import shipped_dir

    here = Path(__file__).resolve().parent
    parts = [__version__, str(FORMAT)]
    for name in _CODE:
        path = shipped_dir() / "pack.schema.json" if name.startswith("rules/") else here / name
        try:
            st = path.stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:missing")
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
