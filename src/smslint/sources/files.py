"""Reading template files as text, with errors a user can act on.

Bank template files often come out of Windows tools saved as GBK or with a BOM, so a decode
failure says where the first bad byte is and which encoding the file probably uses.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from smslint.core.errors import SmslintError

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _is_utf8(encoding: str) -> bool:
    try:
        info = codecs.lookup(encoding)
        if not getattr(info, "_is_text_encoding", True):  # rot13, base64: bytes to bytes
            raise LookupError(encoding)
        return info.name in ("utf-8", "utf-8-sig")
    except LookupError:
        raise SmslintError(f"unknown or non-text encoding {encoding!r}") from None


def _looks_like_gbk(data: bytes) -> bool:
    """True when the bytes decode as GB18030 into mostly Chinese characters and punctuation."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    cjk = sum(1 for c in wide if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return bool(wide) and cjk >= 0.8 * len(wide)


def decode(data: bytes, file: str, encoding: str = "utf-8", first_line: int = 1) -> str:
    """Decode file bytes (or one line of them, starting at ``first_line``); drops a leading BOM."""
    utf8 = _is_utf8(encoding)
    if utf8 and first_line == 1 and data.startswith(_UTF16_BOMS):
        raise SmslintError("UTF-16 encoded; re-save as UTF-8 or pass --encoding utf-16", file, 1)
    if utf8 and b"\0" in data:
        line = first_line + data.count(b"\n", 0, data.index(b"\0"))
        raise SmslintError("binary file, not a template", file=file, line=line)
    try:
        text = data.decode("utf-8" if utf8 else encoding)
    except UnicodeDecodeError as err:
        raise _decode_error(data, err, file, encoding, utf8, first_line) from None
    if not utf8 and "\0" in text:
        raise SmslintError("binary file, not a template", file=file)
    return text[1:] if first_line == 1 and text.startswith("\ufeff") else text


def _decode_error(
    data: bytes, err: UnicodeDecodeError, file: str, encoding: str, utf8: bool, first_line: int
) -> SmslintError:
    line_start = data.rfind(b"\n", 0, err.start) + 1
    line = first_line + data.count(b"\n", 0, err.start)
    column = len(data[line_start : err.start].decode(encoding, errors="replace")) + 1
    if not utf8:
        message = f"not valid {encoding}"
    elif _looks_like_gbk(data):
        message = (
            "not valid UTF-8 (looks like GBK/GB18030?); re-save as UTF-8 or pass --encoding gb18030"
        )
    else:
        message = "not valid UTF-8; re-save as UTF-8 or pass --encoding with the file's encoding"
    return SmslintError(message, file=file, line=line, column=column)


def without_line_end(line: str) -> str:
    """``line`` without one final LF or CRLF."""
    return line.removesuffix("\n").removesuffix("\r") if line.endswith("\n") else line


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """The decoded content of a file; offsets into it are the file offsets of every TextMap."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise SmslintError(f"cannot read: {err.strerror}", file=str(path)) from None
    return decode(data, str(path), encoding)


def iter_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, int, str]]:
    """Stream (line number, file offset of the line, line with its terminator).

    Streaming matters for JSONL logs of millions of messages. Encodings where a newline is not
    the single byte 0x0A (UTF-16/32) cannot be split in bytes, so those files are read whole.
    """
    file = str(path)
    _is_utf8(encoding)
    if "a\n".encode(encoding) != b"a\n":
        content = read_text(path, encoding)
        start = number = 0
        while start < len(content):
            end = content.find("\n", start) + 1 or len(content)
            number += 1
            yield number, start, content[start:end]
            start = end
        return
    offset = 0
    try:
        with open(path, "rb") as stream:
            for number, raw in enumerate(stream, 1):
                line = decode(raw, file, encoding, first_line=number)
                yield number, offset, line
                offset += len(line)
    except OSError as err:
        raise SmslintError(f"cannot read: {err.strerror}", file=file) from None
