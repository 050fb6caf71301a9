"""The JSON report in constant memory, byte for byte what ``json.dump(indent=2)`` would write.

A report on a log of millions of messages has millions of entries, and its summary, which
comes first, is known only at the end. So each list of entries is serialised as it grows and
kept in a :class:`Spool` (memory up to a limit, a temporary file beyond it), and
:func:`dump` writes the document when the run is over, copying each spool into place.
Entries are formatted by :func:`dumps`, a serialiser for the shapes reports use (mappings,
lists, strings, numbers) that is several times faster than ``json``'s indenting encoder,
which is pure Python; anything else is handed to ``json`` itself.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from json.encoder import encode_basestring  # the C encoder when available, as json.dumps uses
from typing import IO, Any, TextIO

INDENT = 2
SPOOL_CHARS = 1 << 20  # characters a spool keeps in memory before it moves to a temporary file


def dumps(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` as nested ``level`` deep."""
    out: list[str] = []
    _encode(value, level, out)
    return "".join(out)


def _encode(value: Any, level: int, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        _encode_dict(value, level, out)
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = "\n" + " " * (INDENT * (level + 1))
        for i, item in enumerate(value):
            out.append(("[" if i == 0 else ",") + inner)
            _encode(item, level + 1, out)
        out.append("\n" + " " * (INDENT * level) + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:  # floats, subclasses, …: json's own rules; its output never holds a raw newline
        text = json.dumps(value, ensure_ascii=False, indent=INDENT)
        out.append(text.replace("\n", "\n" + " " * (INDENT * level)))


def _encode_dict(value: dict[Any, Any], level: int, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    heads = _heads(tuple(value), level)
    if heads is None:  # a key that is not a string: json converts it, so let json do it all
        text = json.dumps(value, ensure_ascii=False, indent=INDENT)
        out.append(text.replace("\n", "\n" + " " * (INDENT * level)))
        return
    for head, item in zip(heads, value.values(), strict=True):
        inline = _INLINE.get(type(item))
        if inline is not None:  # most values are strings, integers and nulls: written inline
            out.append(head + inline(item))
        else:
            out.append(head)
            _encode(item, level + 1, out)
    out.append("\n" + " " * (INDENT * level) + "}")


_INLINE: dict[type, Any] = {str: encode_basestring, int: int.__repr__, type(None): lambda _: "null"}

_HEADS: dict[tuple[tuple[Any, ...], int], tuple[str, ...] | None] = {}


def _heads(keys: tuple[Any, ...], level: int) -> tuple[str, ...] | None:
    """What precedes each value of a mapping with these keys: ``{`` or ``,``, the newline and
    indent, the key and ``: ``. Reports write thousands of mappings of a few shapes, so each
    shape's heads are made once."""
    found = _HEADS.get((keys, level), ())
    if found == ():
        if all(type(key) is str for key in keys):
            inner = "\n" + " " * (INDENT * (level + 1))
            found = tuple(
                ("{" if i == 0 else ",") + inner + encode_basestring(key) + ": "
                for i, key in enumerate(keys)
            )
        else:
            found = None
        if len(_HEADS) < 256:  # bounded: key sets are few, but nothing promises it
            _HEADS[keys, level] = found
    return found


class Spool:
    """The entries of one list of a JSON document, serialised on arrival.

    Holds up to :data:`SPOOL_CHARS` characters in memory, then moves them to an anonymous
    temporary file (deleted when closed), so memory stays flat however long the list gets.
    """

    ENTRY_LEVEL = 2  # nesting level of the entries of a list in a report's top-level mapping

    def __init__(self, level: int = 1, limit: int = SPOOL_CHARS) -> None:
        self.level = level  # nesting level of the list itself
        self._written = 0  # entries moved to the temporary file
        self._limit = limit
        self._parts: list[str] = []  # entries not yet written to the file
        self._size = 0
        self._file: IO[bytes] | None = None
        self._pad = "\n" + " " * (INDENT * (level + 1))

    def append(self, entry: Any) -> None:
        self.append_serialized(dumps(entry, self.level + 1))

    def append_serialized(self, serialized: str) -> None:
        """Append an entry already serialised by ``dumps(entry, level + 1)``."""
        self._parts.append(serialized)
        self._size += len(serialized)
        if self._size > self._limit:
            self._spill()

    def extend_serialized(self, serialized: list[str]) -> None:
        """``append_serialized`` of each entry."""
        self._parts += serialized
        self._size += sum(map(len, serialized))
        if self._size > self._limit:
            self._spill()

    @staticmethod
    def block(entries: list[str] | list[bytes], level: int = 1) -> bytes:
        """Entries serialised for a list at nesting ``level`` (as text, or already encoded),
        joined as the list joins them and encoded: what :meth:`extend_block` takes, made where
        the entries were (a worker)."""
        between = "," + "\n" + " " * (INDENT * (level + 1))
        if entries and isinstance(entries[0], bytes):
            return between.encode().join(entries)  # type: ignore[arg-type]
        return between.join(entries).encode("utf-8", "backslashreplace")  # type: ignore[arg-type]

    def extend_block(self, block: bytes | Stashed, count: int) -> None:
        """Append ``count`` entries made into one :meth:`block`; they go straight to the
        temporary file, after what the spool already holds."""
        if count == 0:
            return
        self._spill()
        assert self._file is not None
        self._file.write((self._pad if self._written == 0 else "," + self._pad).encode())
        if isinstance(block, bytes):
            self._file.write(block)
        else:
            self._file.flush()
            with block.opened() as source:
                if not _sendfile(source, self._file):
                    shutil.copyfileobj(source, self._file)
            self._file.seek(0, os.SEEK_END)  # the kernel wrote past the file object's buffer
        self._written += count

    def extend(self, entries: Any) -> None:
        for entry in entries:
            self.append(entry)

    @property
    def count(self) -> int:
        return self._written + len(self._parts)

    def __len__(self) -> int:
        return self.count

    def _joined(self) -> str:
        """The parts with the separators a list puts before each entry; entries are joined
        only here, as a bulk run's millions of entries are cheaper to join than to prefix."""
        between = "," + self._pad
        text = (self._pad if self._written == 0 else between) + between.join(self._parts)
        self._written += len(self._parts)
        self._parts = []
        self._size = 0
        return text

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        if self._parts:
            # as the CLI's output streams encode: a lone surrogate becomes a visible escape
            self._file.write(self._joined().encode("utf-8", "backslashreplace"))

    def write_to(self, stream: TextIO) -> None:
        """Write the list (``[...]``, or ``[]`` when empty) and release the temporary file."""
        if len(self) == 0:
            stream.write("[]")
            return
        stream.write("[")
        if self._file is not None:
            self._file.seek(0)
            _copy_utf8(self._file, stream)
            self._file.close()
            self._file = None
        if self._parts:
            stream.write(self._joined())
        stream.write("\n" + " " * (INDENT * self.level) + "]")


class Stashed:
    """Bytes a worker process wrote to a file of its own rather than send them back through a
    pipe: a chunk of a log makes megabytes of report entries, and a pipe copies them over and
    over in the process that writes the report, which in a ``--jobs`` run then slows the
    workers it shares the processors with. The file is read once, then deleted."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    @classmethod
    def write(cls, data: bytes, folder: str, name: str) -> Stashed:
        path = os.path.join(folder, name)
        with open(path, "wb") as stash:
            stash.write(data)
        return cls(path)

    @contextmanager
    def opened(self) -> Iterator[IO[bytes]]:
        try:
            with open(self.path, "rb") as source:
                yield source
        finally:
            os.unlink(self.path)


def write_utf8(data: bytes | Stashed, stream: TextIO) -> None:
    """Write UTF-8 ``data`` (encoded as by :meth:`Spool.block`) to a text stream."""
    if isinstance(data, bytes):
        _copy_utf8(io.BytesIO(data), stream)
        return
    with data.opened() as source:
        _copy_utf8(source, stream)


def _sendfile(source: IO[bytes], target: Any) -> bool:
    """Copy the rest of ``source`` into ``target`` inside the kernel when both are files
    (``os.sendfile``); False, having copied nothing, when that is not possible."""
    sendfile = getattr(os, "sendfile", None)
    try:
        source_fd, target_fd = source.fileno(), target.fileno()
    except (AttributeError, OSError, ValueError):  # io.BytesIO and the like
        return False
    if sendfile is None:
        return False
    offset = source.tell()
    size = os.fstat(source_fd).st_size
    try:
        while offset < size:
            sent = sendfile(target_fd, source_fd, offset, size - offset)
            if sent == 0:
                break
            offset += sent
    except OSError:
        if offset == source.tell():
            return False  # nothing sent: the caller copies
        raise
    source.seek(offset)
    return True


def _copy_utf8(source: IO[bytes], stream: TextIO) -> None:
    """Copy spooled bytes to a text stream: byte for byte into the buffer of a stream that
    would encode them alike (a report on a million messages is hundreds of megabytes, not
    worth decoding to encode again), else decoded."""
    buffer = getattr(stream, "buffer", None)
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if buffer is not None and encoding == "utf8" and stream.errors == "backslashreplace":
        stream.flush()
        buffer.flush()
        if not _sendfile(source, buffer):
            shutil.copyfileobj(source, buffer)
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := source.read(1 << 20):
        stream.write(decoder.decode(chunk))
    stream.write(decoder.decode(b"", final=True))


def dump(document: dict[str, Any], stream: TextIO) -> None:
    """Write ``document`` as ``json.dump(document, stream, ensure_ascii=False, indent=2)``
    would, with each :class:`Spool` in it (at any depth; or another object that has a
    ``write_to(stream)``, made for its place) written as the list it holds."""
    _dump(document, 0, stream)


def _dump(value: Any, level: int, stream: TextIO) -> None:
    if hasattr(value, "write_to"):
        value.write_to(stream)
        return
    if not _holds_spool(value):
        stream.write(dumps(value, level))
        return
    inner = "\n" + " " * (INDENT * (level + 1))
    if type(value) is dict:
        for i, (key, item) in enumerate(value.items()):
            stream.write(("{" if i == 0 else ",") + inner + encode_basestring(key) + ": ")
            _dump(item, level + 1, stream)
        stream.write("\n" + " " * (INDENT * level) + "}")
        return
    for i, item in enumerate(value):
        stream.write(("[" if i == 0 else ",") + inner)
        _dump(item, level + 1, stream)
    stream.write("\n" + " " * (INDENT * level) + "]")


def _holds_spool(value: Any) -> bool:
    """Whether a mapping or list holds, at some depth, a value written by its ``write_to``."""
    items: Iterable[Any]
    if type(value) is dict:
        items = value.values()
    elif type(value) is list or type(value) is tuple:
        items = value
    else:
        return False
    return any(hasattr(item, "write_to") or _holds_spool(item) for item in items)
