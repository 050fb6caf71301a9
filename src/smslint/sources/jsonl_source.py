"""JSONL message logs: one object a line, streamed so millions of lines stay cheap."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import orjson

from smslint.core.errors import SmslintError
from smslint.core.model import Template, TextMap
from smslint.sources.document import check_kind, optional_str, record_ignore, template_id
from smslint.sources.files import iter_lines
from smslint.sources.json_source import decode_string, member_starts
from smslint.sources.positions import LineIndex

# matches at every position (if only the empty string): its match is never None
_ws = cast("Callable[[str, int], re.Match[str]]", re.compile(r"[ \t\n\r]*").match)


def _text(line: str, number: int, offset: int, text: str) -> tuple[str, TextMap]:
    """The record's text and its map. Most log lines have no escapes; then the text is a
    verbatim slice of the line and the one `"text"` in it is the key (a quote cannot occur
    inside a string without a backslash), so the full member scan is skipped."""
    if "\\" not in line:
        key = line.find('"text"')
        if key >= 0 and line.find('"text"', key + 6) < 0:
            if line.startswith('": "', key + 5):  # json.dumps' spacing
                quote = key + 8
            else:
                colon = _ws(line, key + 6).end()
                quote = _ws(line, colon + 1).end()
            return text, TextMap.one_run(number, quote + 2, offset + quote + 1, len(text))
    start = member_starts(line)["text"]
    return decode_string(line, start, LineIndex([offset], number), offset)


def _loads(line: str) -> Any:
    """``json.loads(line)``, by orjson (about three times faster) when that gives the same:
    an object of strings, as log records are. orjson reads big integers as floats and
    refuses lone surrogates, NaN and the like, which ``json`` takes; those lines, and any
    orjson refuses, are read by ``json`` itself, so results and errors stay ``json``'s."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)
    if type(record) is not dict:
        return json.loads(line)
    for value in record.values():  # a loop: a generator costs more on two values
        if type(value) is not str:
            return json.loads(line)
    return record


def read_jsonl(path: Path, encoding: str = "utf-8") -> Iterator[Template]:
    return records(str(path), iter_lines(path, encoding))


def records(file: str, lines: Iterable[tuple[int, int, str]]) -> Iterator[Template]:
    """Templates from (line number, file offset, line) triples of ``file``: the whole file,
    or one chunk of it that another process read (see ``smslint.run.chunks``)."""
    for number, offset, line in lines:
        if not line or line.isspace():
            continue
        try:
            record = _loads(line)
        except json.JSONDecodeError as err:
            raise SmslintError(f"invalid JSON: {err.msg}", file, number, err.colno) from None
        except RecursionError:
            raise SmslintError("JSON nested too deeply", file, number) from None
        if not isinstance(record, dict):
            raise SmslintError("expected one JSON object per line", file, number)
        if not isinstance(record.get("text"), str):
            raise SmslintError("each line needs a `text` string", file, number)
        text, tmap = _text(line, number, offset, record["text"])
        if len(record) == 1:  # a bare {"text": …}, as most logs are: nothing else to check
            yield Template(file, str(number), text, tmap, line=number)
            continue
        if len(record) == 2 and type(record.get("id")) is str and record["id"]:
            yield Template(file, record["id"], text, tmap, line=number)  # the other usual shape
            continue
        yield Template(
            file=file,
            id=template_id(record.get("id"), str(number), file, number),
            text=text,
            map=tmap,
            kind=check_kind(record.get("kind"), file, number),
            pack=optional_str(record.get("pack"), "pack", file, number),
            ignore=record_ignore(record.get("ignore"), file, number),
            line=number,
        )
