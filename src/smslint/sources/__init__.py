"""Template sources: find template files and read them into Templates with exact positions.

Every reader maps each character of a template's text back to its line, column and offset in
the original file, so findings point at what the author wrote, escapes and folds included.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path

from smslint.errors import SmslintError
from smslint.model import Template
from smslint.sources.csv_source import read_csv
from smslint.sources.files import read_text
from smslint.sources.json_source import read_json
from smslint.sources.jsonl_source import read_jsonl
from smslint.sources.txt_source import read_txt, text_template

__all__ = [
    "READERS",
    "iter_files",
    "read_path",
    "read_stdin_text",
    "read_text",
    "template_from_text",
]

Reader = Callable[[Path, str], Iterator[Template]]


def read_yaml(path: Path, encoding: str = "utf-8") -> Iterator[Template]:
    # PyYAML is imported only when there is YAML to read: a hook on a .txt skips its import
    from smslint.sources.yaml_source import read_yaml as read

    return read(path, encoding)


READERS: dict[str, Reader] = {
    ".yaml": read_yaml,
    ".yml": read_yaml,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
    ".txt": read_txt,
}


def read_path(path: str | Path, encoding: str = "utf-8") -> Iterator[Template]:
    """Templates of one file, in file order; the reader is picked by extension."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(READERS)
        raise SmslintError(f"not a template file (expected one of {known})", file=str(path))
    return reader(path, encoding)


def read_stdin_text(text: str, file: str = "-") -> Template:
    """One message piped in: like a .txt file, the final newline from echo is dropped."""
    return text_template(text, file, "-", strip_final_newline=True)


def template_from_text(text: str, file: str = "-", id: str = "-") -> Template:
    """One message given verbatim, e.g. by --text."""
    return text_template(text, file, id, strip_final_newline=False)


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatchcase(rel, p) or fnmatchcase(name, p) for p in patterns)


def iter_files(
    paths: Iterable[str | Path],
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> Iterator[Path]:
    """Template files under ``paths``, in a stable order.

    Folders are walked in name order, skipping hidden entries and files of unknown type, and
    each real folder is entered once, so a symlink loop cannot recurse forever. Globs match the
    path relative to the folder given, or the bare name; ``exclude`` also prunes folders. Files
    named explicitly are always read.
    """
    include, exclude = list(include or ()), list(exclude or ())
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, path, include, exclude, seen)
        elif path.exists():
            yield path
        else:
            raise SmslintError("no such file or folder", file=str(raw))


def _walk(
    root: Path, folder: Path, include: list[str], exclude: list[str], seen: set[str]
) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as err:
        raise SmslintError(f"cannot list folder: {err.strerror}", file=str(folder)) from None
    for entry in entries:
        path = Path(entry.path)
        rel = path.relative_to(root).as_posix()
        if entry.name.startswith(".") or _matches(rel, entry.name, exclude):
            continue
        if entry.is_dir():
            yield from _walk(root, path, include, exclude, seen)
        elif (
            entry.is_file()
            and path.suffix.lower() in READERS
            and (not include or _matches(rel, entry.name, include))
        ):
            yield path
