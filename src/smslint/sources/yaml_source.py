"""YAML templates, with every text character traced back to the file.

PyYAML gives decoded scalars but only the start and end of each one. To point findings at the
right column we decode each text scalar again from the raw file slice, mirroring PyYAML's
scanner (plain, quoted and block styles, folding, chomping, escapes) while recording where
each character came from. The result is checked against PyYAML's own value; should the two
ever differ, the map falls back to an approximate alignment marked inexact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import cast

import yaml

from smslint.core.errors import SmslintError
from smslint.core.model import Template, TextMap
from smslint.privacy.masking import clip
from smslint.sources.document import Node, templates_from_document
from smslint.sources.files import read_text
from smslint.sources.positions import LineIndex, MapBuilder

# Aliased subtrees are shared, not copied, while reading; but a consumer walking the values
# (schedule is passed through as-is) would expand them, so cap how much they could add.
ALIAS_BUDGET = 100_000

_MatchAt = Callable[[str, int], re.Match[str]]
_BREAKS = "\r\n\x85\u2028\u2029"
_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
    "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "/": "/",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_PLAIN_GAP = re.compile(r"[ \r\n\x85\u2028\u2029]+")
_QUOTED_TEXT = re.compile(r"[^'\"\\ \t\r\n\x85\u2028\u2029]+")
# these two match at every position (if only the empty string): their match is never None
_line_rest = cast("_MatchAt", re.compile(r"[^\r\n\x85\u2028\u2029]*").match)
_blanks = cast("_MatchAt", re.compile(r"[ \t]*").match)


def _ch(s: str, p: int) -> str:
    return s[p] if p < len(s) else "\0"


def _line_break(s: str, p: int) -> tuple[str, int, int] | None:
    """(character YAML reads, offset it maps to, offset after it) for a line break at ``p``."""
    ch = _ch(s, p)
    if ch == "\r" and _ch(s, p + 1) == "\n":
        return "\n", p + 1, p + 2
    if ch in "\r\n\x85":
        return "\n", p, p + 1
    if ch in "\u2028\u2029":
        return ch, p, p + 1
    return None


class _Mismatch(ValueError):
    """The raw slice does not look like the scalar style PyYAML reported."""


class _ScalarDecoder:
    """Re-decodes one scalar from the raw file, following PyYAML's scanner step by step."""

    def __init__(self, content: str, out: MapBuilder):
        self.s = content
        self.out = out

    def emit_breaks(self, breaks: list[tuple[str, int]]) -> None:
        for char, offset in breaks:
            self.out.emit(char, offset)

    # plain ---------------------------------------------------------------------------------
    def plain(self, start: int, end: int) -> None:
        p = start
        for gap in _PLAIN_GAP.finditer(self.s, start, end):
            self.out.copy(self.s[p : gap.start()], p)
            self.fold(gap.start(), gap.end())
            p = gap.end()
        self.out.copy(self.s[p:end], p)

    def fold(self, start: int, end: int) -> None:
        """Spaces and line breaks between two words of a plain scalar."""
        p = start
        while self.s[p] == " ":
            p += 1
        first = _line_break(self.s, p)
        if first is None:
            self.out.copy(self.s[start:p], start)
            return
        breaks = []
        p = first[2]
        while p < end:
            if self.s[p] == " ":
                p += 1
                continue
            br = _line_break(self.s, p)
            if br is None:
                raise _Mismatch
            breaks.append(br[:2])
            p = br[2]
        self.join_lines(first, breaks)

    def join_lines(self, first: tuple[str, int, int], breaks: list[tuple[str, int]]) -> None:
        """YAML line folding: one break becomes a space, further breaks are kept."""
        if first[0] != "\n":
            self.out.emit(first[0], first[1])
        elif not breaks:
            self.out.emit(" ", first[1])
        self.emit_breaks(breaks)

    # quoted --------------------------------------------------------------------------------
    def quoted(self, start: int) -> None:
        double = self.s[start] == '"'
        p = self.quoted_text(start + 1, double)
        while self.s[p] != self.s[start]:
            p = self.quoted_gap(p)
            p = self.quoted_text(p, double)

    def quoted_text(self, p: int, double: bool) -> int:
        s, out = self.s, self.out
        while True:
            m = _QUOTED_TEXT.match(s, p)
            if m:
                out.copy(m.group(), p)
                p = m.end()
            ch = _ch(s, p)
            if not double and ch == "'" and _ch(s, p + 1) == "'":
                out.emit("'", p)
                p += 2
            elif (double and ch == "'") or (not double and ch in '"\\'):
                out.copy(ch, p)
                p += 1
            elif double and ch == "\\":
                p = self.escape(p)
            else:
                return p

    def escape(self, p: int) -> int:
        code = _ch(self.s, p + 1)
        if code in _ESCAPES:
            self.out.emit(_ESCAPES[code], p)
            return p + 2
        if code in _HEX_ESCAPES:
            width = _HEX_ESCAPES[code]
            self.out.emit(chr(int(self.s[p + 2 : p + 2 + width], 16)), p)
            return p + 2 + width
        br = _line_break(self.s, p + 1)
        if br is None:
            raise _Mismatch
        p, breaks = self.quoted_breaks(br[2])
        self.emit_breaks(breaks)
        return p

    def quoted_gap(self, p: int) -> int:
        blanks_end = _blanks(self.s, p).end()
        first = _line_break(self.s, blanks_end)
        if first is None:
            self.out.copy(self.s[p:blanks_end], p)
            return blanks_end
        p, breaks = self.quoted_breaks(first[2])
        self.join_lines(first, breaks)
        return p

    def quoted_breaks(self, p: int) -> tuple[int, list[tuple[str, int]]]:
        breaks: list[tuple[str, int]] = []
        while True:
            p = _blanks(self.s, p).end()
            br = _line_break(self.s, p)
            if br is None:
                return p, breaks
            breaks.append(br[:2])
            p = br[2]

    # block ---------------------------------------------------------------------------------
    def block(self, start: int, parent_indent: int) -> None:
        s, out = self.s, self.out
        folded = s[start] == ">"
        chomping: bool | None = None
        increment = None
        p = start + 1
        for _ in range(2):
            if s[p] in "+-":
                chomping = s[p] == "+"
            elif s[p] in "123456789":
                increment = int(s[p])
            else:
                break
            p += 1
        p = _line_rest(s, p).end()  # spaces and an optional comment
        header_end = _line_break(s, p)
        p = header_end[2] if header_end else p
        min_indent = max(parent_indent + 1, 1)
        if increment is None:
            p, column, deepest, breaks = self.block_indentation(p)
            indent = max(min_indent, deepest)
        else:
            indent = min_indent + increment - 1
            p, column, breaks = self.block_breaks(p, 0, indent)
        last_break = None
        while column == indent and p < len(s):
            self.emit_breaks(breaks)
            leading_non_space = s[p] not in " \t"
            end = _line_rest(s, p).end()
            out.copy(s[p:end], p)
            last_break = _line_break(s, end)
            p = last_break[2] if last_break else end
            p, column, breaks = self.block_breaks(p, 0, indent)
            if column != indent or p >= len(s) or last_break is None:
                break  # (no line break after a line's text: the end of the file)
            if folded and last_break[0] == "\n" and leading_non_space and s[p] not in " \t":
                if not breaks:
                    out.emit(" ", last_break[1])
            else:
                out.emit(last_break[0], last_break[1])
        if chomping is not False and last_break:
            out.emit(last_break[0], last_break[1])
        if chomping:
            self.emit_breaks(breaks)

    def block_indentation(self, p: int) -> tuple[int, int, int, list[tuple[str, int]]]:
        """Skip leading empty lines; the indentation is the deepest seen, as in PyYAML."""
        breaks: list[tuple[str, int]] = []
        column = deepest = 0
        while _ch(self.s, p) in " " + _BREAKS:
            if self.s[p] == " ":
                p += 1
                column += 1
                deepest = max(deepest, column)
            else:
                br = _line_break(self.s, p)
                if br is None:  # cannot be: every character of _BREAKS starts a line break
                    raise _Mismatch
                breaks.append(br[:2])
                p, column = br[2], 0
        return p, column, deepest, breaks

    def block_breaks(
        self, p: int, column: int, indent: int
    ) -> tuple[int, int, list[tuple[str, int]]]:
        breaks: list[tuple[str, int]] = []
        while True:
            while column < indent and _ch(self.s, p) == " ":
                p += 1
                column += 1
            br = _line_break(self.s, p)
            if br is None:
                return p, column, breaks
            breaks.append(br[:2])
            p, column = br[2], 0


def _scalar_start(content: str, start: int) -> int:
    """Skip an anchor or tag: PyYAML's node marks start at them, not at the scalar."""
    p = start
    while _ch(content, p) in "&!":
        while _ch(content, p) not in " \t\r\n\0":
            p += 1
        while _ch(content, p) in " \t\r\n#":
            p = _line_rest(content, p).end() if content[p] == "#" else p + 1
    return p


def _approximate(content: str, start: int, end: int, value: str, lines: LineIndex) -> TextMap:
    """Align each character with its next occurrence nearby; good enough to report, not to fix."""
    out = MapBuilder(lines, start)
    p = start
    for ch in value:
        found = content.find(ch, p, min(end, p + 64))
        if found < 0:
            out.emit(ch, min(p, max(start, end - 1)))
        else:
            out.copy(ch, found)
            p = found + 1
    return out.build(exact=False)[1]


def decode_scalar(
    content: str, node: yaml.ScalarNode, parent_indent: int, lines: LineIndex
) -> tuple[str, TextMap]:
    """The scalar's value and where each of its characters sits in ``content``."""
    start = _scalar_start(content, node.start_mark.index)
    end = node.end_mark.index
    out = MapBuilder(lines, start)
    decoder = _ScalarDecoder(content, out)
    try:
        if node.style in ("|", ">"):
            decoder.block(start, parent_indent)
        elif node.style in ("'", '"'):
            decoder.quoted(start)
        else:
            decoder.plain(start, end)
        text, tmap = out.build()
    except (ValueError, IndexError, TypeError):
        pass
    else:
        if text == node.value:
            return text, tmap
    return node.value, _approximate(content, start, end, node.value, lines)


class _Converter:
    """Turns composed YAML nodes into Nodes, sharing aliased subtrees instead of copying them."""

    def __init__(self, content: str, file: str, loader: yaml.SafeLoader):
        self.content = content
        self.file = file
        self.loader = loader
        self.lines = LineIndex.of(content)
        self.done: dict[int, tuple[Node, int]] = {}  # id(yaml node) -> (Node, expanded size)
        self.active: set[int] = set()

    def convert(self, node: yaml.Node, indent: int) -> tuple[Node, int]:
        key = id(node)
        if key in self.done:
            return self.done[key]
        line = node.start_mark.line + 1
        if key in self.active:
            raise SmslintError("recursive YAML alias", file=self.file, line=line)
        self.active.add(key)
        size = 1
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # resolve `<<` merge keys
            items = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise SmslintError(
                        "mapping keys must be plain values", self.file, key_node.start_mark.line + 1
                    )
                child, child_size = self.convert(value_node, key_node.start_mark.column)
                items[self.loader.construct_object(key_node)] = child
                size += child_size + 1
            result = Node(items, line)
        elif isinstance(node, yaml.SequenceNode):
            children = []
            for item in node.value:
                child, child_size = self.convert(item, node.start_mark.column)
                children.append(child)
                size += child_size
            result = Node(children, line)
        else:
            value = self.loader.construct_object(node)
            decode = None
            if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
                decode = partial(decode_scalar, self.content, node, indent, self.lines)
            result = Node(value, line, decode)
        self.active.discard(key)
        self.done[key] = (result, size)
        return result, size


def parse_yaml(content: str, file: str) -> Node | None:
    """Compose safely (no object construction beyond plain types) and keep node positions."""
    loader = None
    try:
        loader = yaml.SafeLoader(content)
        root = loader.get_single_node()
        if root is None:
            return None
        converter = _Converter(content, file, loader)
        node, size = converter.convert(root, -1)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = clip(str(err.problem or err.context))
        raise SmslintError(f"invalid YAML: {problem}", file, *where) from None
    except yaml.reader.ReaderError as err:
        line = content.count("\n", 0, err.position) + 1
        message = f"invalid YAML: {err.reason} (U+{err.character:04X})"
        raise SmslintError(message, file, line) from None
    except yaml.YAMLError as err:
        raise SmslintError(f"invalid YAML: {clip(str(err))}", file=file) from None
    except RecursionError:
        raise SmslintError("YAML nested too deeply", file=file) from None
    finally:
        if loader is not None:
            loader.dispose()
    if size - len(converter.done) > ALIAS_BUDGET:
        raise SmslintError("too many YAML aliases (the document would expand too far)", file, 1)
    return node


def read_yaml(path: Path, encoding: str = "utf-8") -> Iterator[Template]:
    file = str(path)
    yield from templates_from_document(file, parse_yaml(read_text(path, encoding), file))
