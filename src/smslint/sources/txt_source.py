"""Plain-text templates: the whole file is one message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from smslint.core.model import Template
from smslint.sources.files import read_text, without_line_end
from smslint.sources.positions import LineIndex, MapBuilder


def text_template(content: str, file: str, id: str, strip_final_newline: bool) -> Template:
    """One template from raw text; CRLF reads as LF, and an editor's final newline is not
    part of the message."""
    if strip_final_newline:
        content = without_line_end(content)
    out = MapBuilder(LineIndex.of(content), 0)
    out.copy_lines(content, 0)
    text, tmap = out.build()
    return Template(file=file, id=id, text=text, map=tmap)


def read_txt(path: Path, encoding: str = "utf-8") -> Iterator[Template]:
    yield text_template(read_text(path, encoding), str(path), path.stem, strip_final_newline=True)
