"""Sealed files in the user's cache folder: what a run may keep for the next one.

The pack cache and the tokeniser's dictionary both keep work here. The folder is trusted
with nothing: it lives only in a folder of the user's own (see :func:`folder`), and every file
carries an HMAC under a per-user key kept beside it with 0600 permissions, checked before the
caller sees a byte (:func:`read`). A folder or file that is not as smslint made it reads as
no cache at all.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

MAGIC = b"smslint-cache-1\n"
KEY_BYTES = 32
_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*")
# What the folder may hold before the least recently used entries go: a compiled pack is about
# 10 MB and every change of smslint's code or of a pack's files makes a new one.
DEFAULT_BUDGET_MB = 256


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
    if not hmac.compare_digest(mac, _mac(key, name, payload)):
        return None
    with suppress(OSError):
        os.utime(where / name)  # used: the budget keeps what was used last (see _prune)
    return payload


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
    _prune(where, name)
    return True


def budget() -> int:
    """The bytes the folder's entries may take: ``SMSLINT_CACHE_MAX_MB`` (a whole number of
    megabytes) or 256 MB; a value that is not a whole number is the default."""
    raw = os.environ.get("SMSLINT_CACHE_MAX_MB", "")
    megabytes = int(raw) if raw.strip().isdigit() else DEFAULT_BUDGET_MB
    return megabytes * 1024 * 1024


def _prune(where: Path, written: str) -> None:
    """Remove the least recently used entries until the folder fits :func:`budget`. Only
    entries may go (names this module writes, regular files; never the key nor the entry just
    written, which counts all the same); a cache that cannot be listed or a file that cannot
    be removed is left as it is. Runs after a write only: a cache miss, not every run."""
    limit = budget()
    entries: list[tuple[int, int, str]] = []
    total = 0
    try:
        with os.scandir(where) as found:
            for item in found:
                if item.name == "key" or not _NAME.fullmatch(item.name):
                    continue
                info = item.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    total += info.st_size
                    if item.name != written:
                        entries.append((info.st_mtime_ns, info.st_size, item.name))
    except OSError:
        return
    for _used, size, name in sorted(entries):
        if total <= limit:
            break
        with suppress(OSError):
            os.unlink(where / name)
            total -= size
