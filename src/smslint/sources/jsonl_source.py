"""JSONL message logs: one object a line, streamed so millions of lines stay cheap."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from smslint.errors import SmslintError
from smslint.model import Template
from smslint.sources.document import check_kind, optional_str, template_id
from smslint.sources.files import iter_lines
from smslint.sources.json_source import decode_string, member_starts
from smslint.sources.positions import LineIndex


def read_jsonl(path: Path, encoding: str = "utf-8") -> Iterator[Template]:
    file = str(path)
    for number, offset, line in iter_lines(path, encoding):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise SmslintError(f"invalid JSON: {err.msg}", file, number, err.colno) from None
        except RecursionError:
            raise SmslintError("JSON nested too deeply", file, number) from None
        if not isinstance(record, dict):
            raise SmslintError("expected one JSON object per line", file, number)
        if not isinstance(record.get("text"), str):
            raise SmslintError("each line needs a `text` string", file, number)
        start = member_starts(line)["text"]
        text, tmap = decode_string(line, start, LineIndex([offset], number), offset)
        yield Template(
            file=file,
            id=template_id(record.get("id"), str(number), file, number),
            text=text,
            map=tmap,
            kind=check_kind(record.get("kind"), file, number),
            pack=optional_str(record.get("pack"), "pack", file, number),
            line=number,
        )
