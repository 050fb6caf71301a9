"""JSON templates (same schema as YAML), positions included.

``json.loads`` validates first, so errors carry its line and column; then a small scanner
walks the now-known-good text again to note where each value starts, and text strings are
decoded escape by escape so ``\\u5750`` maps to its backslash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import cast

from smslint.core.errors import SmslintError
from smslint.core.model import Template, TextMap
from smslint.sources.document import Node, templates_from_document
from smslint.sources.files import read_text
from smslint.sources.positions import LineIndex, MapBuilder

# matches at every position (if only the empty string): its match is never None
_ws = cast("Callable[[str, int], re.Match[str]]", re.compile(r"[ \t\n\r]*").match)
_DECODER = json.JSONDecoder()
# the C string scanner json itself uses; typeshed does not declare it, hence getattr
scanstring: Callable[[str, int], tuple[str, int]]
scanstring = getattr(json.decoder, "scanstring")  # noqa: B009
# searched only inside a string json.loads accepted, which has its closing quote
_special = cast("Callable[[str, int], re.Match[str]]", re.compile(r'["\\]').search)
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def decode_string(src: str, p: int, lines: LineIndex, base: int) -> tuple[str, TextMap]:
    """Decode the JSON string whose opening quote is at ``src[p]``; ``base`` offsets ``src``."""
    q = p + 1
    close = src.find('"', q)
    if src.find("\\", q, close) < 0:  # the common case: no escapes, one run
        return src[q:close], TextMap([(0, *lines.position(base + q), base + q)], close - q)
    out = MapBuilder(lines, base + q)
    while True:
        k = _special(src, q).start()
        out.copy(src[q:k], base + q)
        if src[k] == '"':
            return out.build()
        if src[k + 1] != "u":
            out.emit(_ESCAPES[src[k + 1]], base + k)
            q = k + 2
            continue
        code, q = int(src[k + 2 : k + 6], 16), k + 6
        if 0xD800 <= code < 0xDC00 and src.startswith("\\u", q):
            low = int(src[q + 2 : q + 6], 16)
            if 0xDC00 <= low < 0xE000:
                code, q = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), q + 6
        out.emit(chr(code), base + k)


def member_starts(src: str) -> dict[str, int]:
    """Where each member's value starts in a valid JSON object; cheaper than a full walk."""
    starts: dict[str, int] = {}
    p = _ws(src, 0).end() + 1
    while True:
        p = _ws(src, p).end()
        if src[p] == "}":
            return starts
        key, p = scanstring(src, p + 1)
        p = _ws(src, _ws(src, p).end() + 1).end()  # past ':'
        starts[key] = p
        p = _ws(src, _DECODER.raw_decode(src, p)[1]).end()
        if src[p] == ",":
            p += 1


class _Walker:
    """Re-reads validated JSON, building Nodes with lines and lazy text decoders."""

    def __init__(self, src: str, lines: LineIndex):
        self.src = src
        self.lines = lines

    def value(self, p: int) -> tuple[Node, int]:
        src = self.src
        p = _ws(src, p).end()
        line = self.lines.position(p)[0]
        if src[p] == '"':
            value, end = scanstring(src, p + 1)
            return Node(value, line, partial(decode_string, src, p, self.lines, 0)), end
        if src[p] == "{":
            items = {}
            p = _ws(src, p + 1).end()
            while src[p] != "}":
                p = _ws(src, p).end()
                key, end = scanstring(src, p + 1)
                items[key], p = self.value(_ws(src, end).end() + 1)  # past ':'
                p = _ws(src, p).end()
                if src[p] == ",":
                    p += 1
            return Node(items, line), p + 1
        if src[p] == "[":
            children = []
            p = _ws(src, p + 1).end()
            while src[p] != "]":
                child, p = self.value(p)
                children.append(child)
                p = _ws(src, p).end()
                if src[p] == ",":
                    p = _ws(src, p + 1).end()
            return Node(children, line), p + 1
        value, end = _DECODER.raw_decode(src, p)
        return Node(value, line), end


def parse_json(content: str, file: str) -> Node:
    try:
        json.loads(content)
        return _Walker(content, LineIndex.of(content)).value(0)[0]
    except json.JSONDecodeError as err:
        raise SmslintError(f"invalid JSON: {err.msg}", file, err.lineno, err.colno) from None
    except RecursionError:
        raise SmslintError("JSON nested too deeply", file) from None


def read_json(path: Path, encoding: str = "utf-8") -> Iterator[Template]:
    file = str(path)
    content = read_text(path, encoding)
    if content.strip():
        yield from templates_from_document(file, parse_json(content, file))
