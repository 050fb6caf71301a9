"""CSV template sheets, streamed, with a scanner that remembers where each field came from.

The ``csv`` module cannot say where a field's characters were, and quoted fields with ``""``
and embedded line breaks shift every column after them, so this reads RFC 4180 itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from smslint.core.errors import SmslintError
from smslint.core.model import Template, TextMap
from smslint.sources.document import cell_ignore, check_kind, template_id
from smslint.sources.files import iter_lines, without_line_end
from smslint.sources.positions import LineIndex, MapBuilder


@dataclass
class _Field:
    start: int  # file offset of the value's first character (after the quote, if quoted)
    pieces: list[tuple[str, int, bool]] = field(default_factory=list)  # (text, offset, produced)

    @property
    def value(self) -> str:
        return "".join(piece[0] for piece in self.pieces)

    def text_map(self, lines: LineIndex) -> tuple[str, TextMap]:
        out = MapBuilder(lines, self.start)
        for text, offset, produced in self.pieces:
            (out.emit if produced else out.copy)(text, offset)
        return out.build()


@dataclass
class _Record:
    line: int
    lines: LineIndex
    fields: list[_Field]


def _records(file: str, lines: Iterator[tuple[int, int, str]]) -> Iterator[_Record]:
    """Split lines into records; a quoted field may run over several lines."""
    record: _Record | None = None
    quoted = False
    current: _Field  # the field being read; set before ``quoted`` is
    for number, offset, line in lines:
        body = without_line_end(line)
        if record is None:
            if not body:
                continue  # blank line between records
            record = _Record(number, LineIndex([offset], number), [])
        else:
            record.lines.starts.append(offset)
        i = 0
        while True:
            if not quoted:
                current = _Field(offset + i)
                if body.startswith('"', i):
                    quoted, quote_line = True, number
                    i += 1
                    current.start += 1
                else:
                    comma = body.find(",", i)
                    end = len(body) if comma < 0 else comma
                    current.pieces.append((body[i:end], offset + i, False))
                    record.fields.append(current)
                    if comma < 0:
                        yield record
                        record = None
                        break
                    i = comma + 1
                    continue
            quote = body.find('"', i)
            if quote < 0:  # the field goes on to the next line
                current.pieces.append((body[i:], offset + i, False))
                if len(body) < len(line):
                    current.pieces.append(("\n", offset + len(line) - 1, False))
                break
            current.pieces.append((body[i:quote], offset + i, False))
            if body.startswith('"', quote + 1):
                current.pieces.append(('"', offset + quote, True))
                i = quote + 2
                continue
            quoted, i = False, quote + 1
            record.fields.append(current)
            if i == len(body):
                yield record
                record = None
                break
            if body[i] != ",":
                raise SmslintError(
                    "unexpected character after a closing quote", file, number, i + 1
                )
            i += 1
    if quoted:
        raise SmslintError("quoted field is never closed", file, quote_line)


def read_csv(path: Path, encoding: str = "utf-8") -> Iterator[Template]:
    file = str(path)
    header: list[str] | None = None
    for record in _records(file, iter_lines(path, encoding)):
        values = [f.value for f in record.fields]
        if header is None:
            header = [name.strip().lower() for name in values]
            if "text" not in header:
                raise SmslintError("CSV header must name a `text` column", file, record.line)
            text_column = header.index("text")
            continue
        if len(values) != len(header):
            raise SmslintError(
                f"row has {len(values)} fields but the header has {len(header)}"
                " (an unquoted comma?)",
                file,
                record.line,
            )
        row = dict(zip(header, values, strict=True))
        text, tmap = record.fields[text_column].text_map(record.lines)
        yield Template(
            file=file,
            id=template_id(row.get("id"), str(record.line), file, record.line),
            text=text,
            map=tmap,
            kind=check_kind(row.get("kind") or None, file, record.line),
            pack=row.get("pack") or None,
            ignore=cell_ignore(row.get("ignore"), file, record.line),
            line=record.line,
        )
