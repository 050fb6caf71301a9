"""Template sources: find template files and read them into Templates with exact positions.

Every reader maps each character of a template's text back to its line, column and offset in
the original file, so findings point at what the author wrote, escapes and folds included.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatchcase
from pathlib import Path

from smslint.core.errors import SmslintError
from smslint.core.model import Template
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


def shown_path(path: str | Path) -> str:
    """A path for a one-line message: identifiers masked, control characters and undecodable
    bytes (surrogate escapes) as visible escapes, so a file name cannot forge output lines."""
    from smslint.privacy.masking import redact

    text = redact(os.fspath(path))
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def warn_stderr(message: str) -> None:
    print(f"smslint: warning: {message}", file=sys.stderr)


_SKIPPED = "skipped (--follow-links reads it)"


def _inside(real: str, root: str) -> bool:
    """Whether the resolved ``real`` lies in the tree ``root``, through no hidden folder
    (the walk never enters those: a link must not reach ``.git`` where the walk would not)."""
    try:
        if real != root and os.path.commonpath([real, root]) != root:
            return False
    except ValueError:  # another drive (Windows)
        return False
    return not any(part.startswith(".") for part in Path(os.path.relpath(real, root)).parts[:-1])


def _undecodable(name: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in name)


def iter_files(
    paths: Iterable[str | Path],
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    *,
    follow_links: bool = False,
    warn: Callable[[str], None] = warn_stderr,
    errors: list[SmslintError] | None = None,
) -> Iterator[Path]:
    """Template files under ``paths``, in a stable order.

    Folders are walked in name order, skipping hidden entries and files of unknown type, and
    each real folder is entered once, so a symlink loop cannot recurse forever. Globs match the
    path relative to the folder given, or the bare name; ``exclude`` also prunes folders. Files
    named explicitly are always read.

    The walk stays in the tree given: a symlink whose target resolves outside the folder given
    (or into a hidden folder of it) is skipped with a warning, unless ``follow_links``; so is a
    path given whose last part is a symlink out of the working folder. FIFOs, devices and
    sockets are skipped with a warning (reading one could block forever); named explicitly,
    they are an error, as is a file name that is not valid UTF-8. Errors go to ``errors`` and
    the walk goes on; without that list the first one is raised.
    """
    include, exclude = list(include or ()), list(exclude or ())
    seen: set[str] = set()

    def fail(message: str, where: str | Path) -> None:
        error = SmslintError(message, file=shown_path(where))
        if errors is None:
            raise error
        errors.append(error)

    cwd = os.path.realpath(os.getcwd())
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except (OSError, ValueError):
            fail("no such file or folder", raw)
            continue
        if _undecodable(str(raw)):
            fail("file name is not valid UTF-8; rename the file", raw)
            continue
        if path.is_symlink() and not follow_links and not _inside(os.path.realpath(path), cwd):
            warn(f"{shown_path(raw)}: symlink out of the working folder, {_SKIPPED}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, include, exclude, seen, follow_links, warn, fail)
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            fail("not a regular file (a FIFO, device or socket); not read", raw)


def _walk(
    root: Path,
    include: list[str],
    exclude: list[str],
    seen: set[str],
    follow_links: bool,
    warn: Callable[[str], None],
    fail: Callable[[str, str | Path], None],
) -> Iterator[Path]:
    """Depth first in name order, with a stack rather than recursion: a tree thousands of
    folders deep is walked, not a RecursionError."""
    tree = os.path.realpath(root)
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in seen:
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as err:
            fail(f"cannot list folder: {err.strerror}", folder)
            return
        stack.append(iter(entries))

    enter(root)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        rel = path.relative_to(root).as_posix()
        if entry.name.startswith(".") or _matches(rel, entry.name, exclude):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
            if entry.is_symlink() and not follow_links:
                if not os.path.exists(path):
                    continue  # a dangling link: nothing to read
                if not _inside(os.path.realpath(path), tree):
                    if is_dir or path.suffix.lower() in READERS:
                        warn(f"{shown_path(path)}: symlink out of the tree, {_SKIPPED}")
                    continue
        except OSError:
            continue
        if not is_dir and path.suffix.lower() not in READERS:
            continue
        if _undecodable(entry.name):
            fail("file name is not valid UTF-8; rename it", path)
        elif is_dir:
            enter(path)
        elif not is_file:
            warn(f"{shown_path(path)}: not a regular file (a FIFO, device or socket), skipped")
        elif not include or _matches(rel, entry.name, include):
            yield path
