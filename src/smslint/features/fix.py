"""``check --fix``: apply the replacements rules offer by editing template files in place.

Template files are written by people and reviewed in diffs, so a fix may change the flagged
characters and nothing else: comments, quoting, key order, line endings, BOM and encoding stay
byte for byte. Fixes are spliced into the decoded file at the offsets the TextMap records and
the untouched pieces keep their original bytes. A fix is applied only where the flagged text is
written verbatim in the file (not through an escape or a fold), and only when the edited file,
read back with the same reader, holds exactly the expected templates; otherwise the finding
says to fix it by hand. Rounds repeat until no applicable fix is left, so a second run changes
nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import difflib
import json
import os
import secrets
import stat
import tempfile
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from smslint.core.errors import SmslintError
from smslint.core.model import Finding, Template, TextMap
from smslint.engine.linter import Result
from smslint.privacy.masking import redact, redact_content, visible
from smslint.report.text import MAX_FILE_BYTES as ECHOED_BYTES
from smslint.sources import read_path
from smslint.sources.files import decode
from smslint.sources.jsonl_source import records

MAX_ROUNDS = 4  # a fix can uncover another (an overlap, a context change); more means a loop
MIN_STUTTER = 2  # a replacement does not repeat this many characters already before the span

# how a replacement may be spelled inside each file type, most literal first; the read-back
# decides which spelling (if any) yields exactly the intended text
_SPELLINGS: dict[str, tuple[Callable[[str], str], ...]] = {
    ".json": (lambda r: json.dumps(r, ensure_ascii=False)[1:-1],),
    ".jsonl": (lambda r: json.dumps(r, ensure_ascii=False)[1:-1],),
    ".yaml": (
        lambda r: r,
        lambda r: r.replace("\\", "\\\\").replace('"', '\\"'),
        lambda r: r.replace("'", "''"),
    ),
    ".csv": (lambda r: r, lambda r: r.replace('"', '""')),
    ".txt": (lambda r: r,),
}
_SPELLINGS[".yml"] = _SPELLINGS[".yaml"]

ESCAPED = "the text is written with escapes or line folds in the file here"
UNVERIFIED = "the file would not read back as the intended text"


@dataclass
class _Edit:
    """One fix located in the file: text span of template ``index`` and its file offsets."""

    index: int  # position of the template's result in the file's results
    finding: int  # position of the finding in that result
    start: int  # span in the template text
    end: int
    text: str  # what the span becomes in the template text
    offset: int  # span in the decoded file content
    offset_end: int
    spellings: tuple[str, ...]  # how ``text`` may be written in the file, to be tried in order
    spelling: str = ""

    def overlaps(self, other: _Edit) -> bool:
        return self.offset < other.offset_end and other.offset < self.offset_end


@dataclass
class FileFix:
    """What fixing one file did; ``results`` are what the report shows (re-linted if changed)."""

    file: str
    before: bytes
    after: bytes
    applied: int
    results: list[Result]
    left: int  # fixable findings that had to be left to the author
    diff: str = ""


class _Refused(Exception):
    """The whole file cannot be fixed safely; the message says why."""


@dataclass
class _Source:
    """A file's bytes split the way the readers decoded them."""

    path: Path
    raw: bytes
    codec: str
    bom: str
    content: str

    @classmethod
    def read(cls, path: Path, encoding: str) -> _Source:
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise SmslintError(f"cannot read: {err.strerror}", file=str(path)) from None
        content = decode(raw, str(path), encoding)  # the same decoding as every reader
        codec = codecs.lookup(encoding).name
        codec = "utf-8" if codec == "utf-8-sig" else codec
        bom = "\ufeff" if raw.decode(codec).startswith("\ufeff") else ""
        return cls(path, raw, codec, bom, content)

    def splice(self, edits: list[_Edit]) -> tuple[str, bytes]:
        """New content and bytes; every byte outside the edited spans is the original byte."""
        pieces: list[str] = []
        cursor = 0
        for edit in edits:
            pieces += [
                self.content[cursor : edit.offset],
                self.content[edit.offset : edit.offset_end],
            ]
            cursor = edit.offset_end
        pieces.append(self.content[cursor:])
        pieces[0] = self.bom + pieces[0]
        old = _encode(pieces, self.codec)
        if b"".join(old) != self.raw:
            raise _Refused(f"the file does not re-encode byte for byte as {self.codec}")
        for k, edit in enumerate(edits):
            pieces[2 * k + 1] = edit.spelling
        new = _encode(pieces, self.codec)
        if any(new[k] != old[k] for k in range(0, len(pieces), 2)):
            raise _Refused(f"{self.codec} cannot splice the file without changing other bytes")
        return "".join(pieces)[len(self.bom) :], b"".join(new)


def _encode(pieces: list[str], codec: str) -> list[bytes]:
    encoder = codecs.getincrementalencoder(codec)()
    out = [encoder.encode(piece) for piece in pieces]
    out[-1] += encoder.encode("", final=True)
    return out


def _key(template: Template) -> tuple[object, ...]:
    return (
        template.id,
        template.text,
        template.kind,
        template.pack,
        template.vars,
        template.ignore,
        template.schedule,
    )


def _read_back(data: bytes, name: str, encoding: str) -> list[Template]:
    """The templates a file with ``data`` would hold, read by the same reader as the original."""
    with tempfile.TemporaryDirectory(prefix="smslint-fix-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_path(path, encoding))


def _verbatim(template: Template, content: str, start: int, end: int) -> bool:
    """The span's characters sit one after another in the file, exactly as in the text."""
    tmap = template.map
    if not tmap.exact:
        return False
    offset = tmap.offset(start)
    if tmap.offset(end - 1) - offset != end - 1 - start:
        return False
    return content[offset : offset + end - start] == template.text[start:end]


def _unstuttered(text: str, start: int, replacement: str) -> str:
    """``尾号1234`` right after an existing ``尾号`` drops its own prefix instead of doubling it."""
    for k in range(len(replacement) - 1, MIN_STUTTER - 1, -1):
        if text.endswith(replacement[:k], 0, start):
            return replacement[k:]
    return replacement


def _plan(
    results: list[Result], content: str, suffix: str, codec: str
) -> tuple[list[_Edit], dict[tuple[int, int], str]]:
    """Edits the findings offer, and the reason for each fix that cannot be tried."""
    edits: list[_Edit] = []
    refused: dict[tuple[int, int], str] = {}
    spell = _SPELLINGS.get(suffix, (lambda r: r,))
    for index, result in enumerate(results):
        template = result.template
        text = template.text
        for k, finding in enumerate(result.findings):
            fix = finding.fix
            if fix is None:
                continue
            reason = None
            if not 0 <= fix.start < fix.end <= len(text):
                reason = "the fix does not replace a span of the text"
            elif any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in fix.replacement):
                reason = "the replacement holds a line break or control character"
            elif not _verbatim(template, content, fix.start, fix.end):
                reason = ESCAPED
            if reason is None:
                replacement = _unstuttered(text, fix.start, fix.replacement)
                if replacement == text[fix.start : fix.end]:
                    reason = "the rule's replacement is the flagged text itself"
            if reason is None:
                spellings = tuple(dict.fromkeys(f(replacement) for f in spell))
                spellings = tuple(s for s in spellings if _encodable(s, codec))
                if not spellings:
                    reason = f"the replacement cannot be written in {codec}"
            if reason is not None:
                refused[index, k] = reason
                continue
            offset = template.map.offset(fix.start)
            edits.append(
                _Edit(index, k, fix.start, fix.end, replacement, offset,
                      offset + fix.end - fix.start, spellings)
            )  # fmt: skip
    edits.sort(key=lambda e: (e.offset, e.index, e.finding))
    return edits, refused


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _expected(results: list[Result], edits: list[_Edit]) -> list[tuple[object, ...]]:
    """The templates the file should read back as: each text with its own edits applied."""
    by_template: dict[int, list[_Edit]] = {}
    for edit in edits:
        by_template.setdefault(edit.index, []).append(edit)
    keys = []
    for index, result in enumerate(results):
        text = result.template.text
        for edit in sorted(by_template.get(index, ()), key=lambda e: -e.start):
            text = text[: edit.start] + edit.text + text[edit.end :]
        keys.append(_key(dataclasses.replace(result.template, text=text)))
    return keys


@dataclass
class _Outcome:
    content: str
    data: bytes
    templates: list[Template]


class _Round:
    """One pass of fixes over a file: try them all, then one by one if the batch fails."""

    def __init__(self, source: _Source, results: list[Result], encoding: str):
        self.source = source
        self.results = results
        self.encoding = encoding

    def attempt(self, edits: list[_Edit]) -> _Outcome | None:
        """The new file if ``edits`` read back exactly as intended."""
        content, data = self.source.splice(edits)  # sorted, none overlapping
        try:
            templates = self.read_back(data)
        except SmslintError:
            return None
        if [_key(t) for t in templates] != _expected(self.results, edits):
            return None
        return _Outcome(content, data, templates)

    def read_back(self, data: bytes) -> list[Template]:
        return _read_back(data, self.source.path.name, self.encoding)

    def run(
        self, edits: list[_Edit], refused: dict[tuple[int, int], str]
    ) -> tuple[list[_Edit], _Outcome | None]:
        """The edits that read back as intended, and the file they make.

        Edits that overlap are tried after the one they overlap is refused; once it is
        accepted, they wait for the next round, which sees the text that edit made.
        """
        accepted: list[_Edit] = []
        outcome = None
        remaining = edits  # sorted by offset
        while remaining:
            starts = [e.offset for e in accepted]
            batch: list[_Edit] = []
            deferred: list[_Edit] = []
            for edit in remaining:
                i = bisect_right(starts, edit.offset)
                if (i and accepted[i - 1].overlaps(edit)) or (
                    i < len(accepted) and accepted[i].overlaps(edit)
                ):
                    continue
                (deferred if batch and batch[-1].overlaps(edit) else batch).append(edit)
            accepted, settled = self._settle(accepted, batch, refused)
            outcome = settled or outcome
            remaining = deferred
        return accepted, outcome

    def _settle(
        self, accepted: list[_Edit], batch: list[_Edit], refused: dict[tuple[int, int], str]
    ) -> tuple[list[_Edit], _Outcome | None]:
        """``accepted`` plus as much of ``batch`` as reads back: halves are tried until each
        bad edit stands alone, so one bad fix costs a few read-backs, not one per fix."""
        if not batch:
            return accepted, None
        for edit in batch:
            edit.spelling = edit.spellings[0]
        merged = sorted([*accepted, *batch], key=lambda e: e.offset)
        outcome = self.attempt(merged)
        if outcome is not None:
            return merged, outcome
        if len(batch) == 1:
            edit = batch[0]
            for spelling in edit.spellings[1:]:
                edit.spelling = spelling
                outcome = self.attempt(merged)
                if outcome is not None:
                    return merged, outcome
            refused[edit.index, edit.finding] = UNVERIFIED
            return accepted, None
        middle = len(batch) // 2
        accepted, first = self._settle(accepted, batch[:middle], refused)
        accepted, second = self._settle(accepted, batch[middle:], refused)
        return accepted, second or first


def fix_file(
    results: list[Result], relint: Callable[[Template], Result], encoding: str = "utf-8"
) -> FileFix:
    """Fix one file's findings in memory; the caller decides whether to write the outcome."""
    file = results[0].template.file
    path = Path(file)
    source = first_source = _Source.read(path, encoding)
    first = results
    try:
        current = list(read_path(path, encoding))
    except SmslintError:
        return _unfixed(first_source.raw, first, "the file has errors")
    if [_key(t) for t in current] != [_key(r.template) for r in results]:
        return _unfixed(first_source.raw, first, "the file changed while it was checked")
    try:
        source, results, applied, refused = _rounds(source, results, relint, encoding)
    except _Refused as err:
        return _unfixed(first_source.raw, first, str(err))
    annotated = [_annotate(r, i, refused) for i, r in enumerate(results)]
    diff = ""
    if applied:
        before = redact_content(first_source.content, [r.template for r in first])
        after = redact_content(source.content, [r.template for r in results])
        diff = _diff(file, before, after)
    return FileFix(file, first_source.raw, source.raw, applied, annotated, len(refused), diff)


def _rounds(
    source: _Source,
    results: list[Result],
    relint: Callable[[Template], Result],
    encoding: str,
    kind: type[_Round] = _Round,
) -> tuple[_Source, list[Result], int, dict[tuple[int, int], str]]:
    """Rounds of fixes until none is left to apply: the edited source, its results, how many
    fixes were applied and why the others were not."""
    applied = 0
    for _ in range(MAX_ROUNDS):
        edits, refused = _plan(results, source.content, source.path.suffix.lower(), source.codec)
        done, outcome = kind(source, results, encoding).run(edits, refused)
        if outcome is None:
            return source, results, applied, refused
        applied += len(done)
        source = dataclasses.replace(source, raw=outcome.data, content=outcome.content)
        results = [
            _relinted(r, dataclasses.replace(t, file=r.template.file), relint)
            for t, r in zip(outcome.templates, results, strict=True)
        ]
    raise _Refused("the fixes do not settle (a replacement is flagged again)")


def _relinted(old: Result, template: Template, relint: Callable[[Template], Result]) -> Result:
    """Lint an edited template again; an untouched one keeps its findings but takes the new
    map, as an edit earlier in the file moves where its text sits."""
    if _key(template) == _key(old.template):
        return dataclasses.replace(old, template=template)
    return relint(template)


def _unfixed(raw: bytes, results: list[Result], reason: str) -> FileFix:
    refused = {
        (i, k): reason
        for i, r in enumerate(results)
        for k, f in enumerate(r.findings)
        if f.fix is not None
    }
    annotated = [_annotate(r, i, refused) for i, r in enumerate(results)]
    return FileFix(results[0].template.file, raw, raw, 0, annotated, len(refused))


def _annotate(result: Result, index: int, refused: dict[tuple[int, int], str]) -> Result:
    findings: list[Finding] = []
    for k, finding in enumerate(result.findings):
        reason = refused.get((index, k))
        if reason is not None:
            message = f"{finding.message} (not fixed: {reason}; fix it by hand)"
            finding = dataclasses.replace(finding, message=message)
        findings.append(finding)
    return dataclasses.replace(result, findings=findings)


def _diff(file: str, before: str, after: str) -> str:
    """A unified diff of two masked contents (``masking.redact_content``: the old lines may hold
    what the fix removed, an identifier may be folded over lines or spelt with escapes), so no
    line of it can show an identifier a line-by-line masking would miss, nor drive a terminal."""
    name = visible(redact(file))
    lines = []
    for line in difflib.unified_diff(_lines(before), _lines(after), f"a/{name}", f"b/{name}", n=1):
        body = line.rstrip("\r\n")
        shown = visible(body) + line[len(body) :]  # control characters shown, line ends kept
        if line.endswith("\n"):
            lines.append(shown)
        else:
            lines.append(shown + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _lines(content: str) -> list[str]:
    parts = content.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


class Skipped(SmslintError):
    """A file ``--fix`` leaves alone on purpose; reported as a warning, its findings stay."""


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file without a moment of half a file, or refuse it (:class:`Skipped`).

    Refused: a symbolic link (writing through it would edit a file elsewhere, perhaps outside
    the tree), a file with hard links (replacing it would silently split them, and writing in
    place could leave half a file), a read-only file (no write bit: root ignores the mode, so
    it is checked here), anything but a regular file. The new content is written and synced
    before it gets a name: on Linux an unnamed ``O_TMPFILE`` file is linked in only once
    complete, so a kill -9 leaves nothing behind; elsewhere a ``mkstemp`` file of the same
    folder, removed on any error. Either way ``os.replace`` then swaps it in, which never
    follows a link in the file's own name.
    """
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        reason = "a symbolic link; not fixed (smslint never writes through a link)"
    elif not stat.S_ISREG(info.st_mode):
        reason = "not a regular file; not fixed"
    elif info.st_nlink > 1:
        reason = (
            f"has {info.st_nlink} hard links; not fixed (replacing it would split them, "
            "writing in place could leave half a file)"
        )
    elif not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        reason = "read-only; not fixed"
    else:
        reason = None
    if reason is not None:
        raise Skipped(reason, file=str(path))
    folder = os.path.dirname(os.path.abspath(path))
    temp = _complete(folder, path.name, data, info)
    try:
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _complete(folder: str, name: str, data: bytes, info: os.stat_result) -> str:
    """A file of ``folder`` holding ``data`` with the mode and owner of ``info``; it has a
    name only once it is complete where the system allows (see :func:`write_atomically`)."""
    unnamed = getattr(os, "O_TMPFILE", 0)
    if unnamed:
        try:
            fd = os.open(folder, unnamed | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        except OSError:  # a filesystem without it
            fd = -1
        if fd >= 0:
            try:
                _fill(fd, data, info)
                temp = os.path.join(folder, f".{name}.{secrets.token_hex(8)}.smslint")
                if _link(fd, temp):
                    return temp
            finally:
                os.close(fd)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".smslint")
    try:
        _fill(fd, data, info)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    return temp


def _fill(fd: int, data: bytes, info: os.stat_result) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only the owner's group, or root, may give it back
            os.fchown(fd, info.st_uid, info.st_gid)
    os.fsync(fd)


def _link(fd: int, name: str) -> bool:
    """Give the unnamed file ``fd`` the name ``name``: linkat through /proc, or with
    AT_EMPTY_PATH where /proc does not allow it; False when neither can."""
    try:
        os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)
        return True
    except OSError:
        pass
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, at_empty_path = -100, 0x1000
        return libc.linkat(fd, b"", at_fdcwd, os.fsencode(name), at_empty_path) == 0
    except (OSError, AttributeError):
        return False


@dataclass
class Fixer:
    """Sits between linting and reporting: fixes each file once all its results are in."""

    relint: Callable[[Template], Result]
    encoding: str = "utf-8"
    write: bool = True
    files: list[FileFix | LogFix] = field(default_factory=list)
    errors: list[SmslintError] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)  # files left alone on purpose

    def run(self, results: Iterable[Result]) -> Iterator[Result]:
        group: list[Result] = []
        log: _Log | None = None
        for result in results:
            if log is not None and result.template.file != log.fixed.file:
                yield from self._close(log)
                log = None
            if group and result.template.file != group[0].template.file:
                yield from self._file(group)
                group = []
            if log is None and not group and streamed(result.template.file, self.encoding):
                log = _Log(result.template.file, self.relint, self.encoding, self.write)
            if log is None:
                group.append(result)
            elif log.held is None:
                yield log.add(result)
            else:
                log.held.append((result, log.add(result)))
        if log is not None:
            yield from self._close(log)
        if group:
            yield from self._file(group)

    def _close(self, log: _Log) -> list[Result]:
        """Finish a log; the results it held back, as fixed if it was written, else as they
        came."""
        error = log.close()
        if error is not None:
            self.errors.append(error)
        elif log.fixed.applied or log.fixed.left:
            self.files.append(log.fixed)
        return [shown if error is None else result for result, shown in log.held or ()]

    def _file(self, results: list[Result]) -> list[Result]:
        file = results[0].template.file
        if file == "-" or not any(f.fix for r in results for f in r.findings):
            return results
        try:
            outcome = fix_file(results, self.relint, self.encoding)
            if outcome.applied and self.write:
                if Path(file).read_bytes() != outcome.before:
                    raise SmslintError("changed while it was fixed; not written", file=file)
                write_atomically(Path(file), outcome.after)
        except Skipped as err:
            self.warnings.append(err)
            return results
        except SmslintError as err:
            self.errors.append(err)
            return results
        except OSError as err:
            self.errors.append(SmslintError(f"cannot write the fix: {err.strerror}", file=file))
            return results
        self.files.append(outcome)
        return outcome.results if self.write else results  # a preview reports the files as they are

    @property
    def changed(self) -> list[FileFix | LogFix]:
        return [f for f in self.files if f.applied]

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)

    @property
    def left(self) -> int:
        return sum(f.left for f in self.files)

    def diff(self) -> str:
        return "".join(f.diff for f in self.files)


# --fix on a JSONL log, record by record: a log of millions of messages is never held whole.


@dataclass
class LogFix:
    """What fixing a JSONL log record by record did: counts and the diff, no bytes or results."""

    file: str
    applied: int = 0
    left: int = 0
    diff: str = ""


def streamed(file: str, encoding: str) -> bool:
    """Whether ``file`` is a JSONL log fixed record by record: its lines can be cut as bytes."""
    from smslint.run.chunks import chunkable

    return file != "-" and chunkable(Path(file), encoding)


class _LineRound(_Round):
    """A round over one line of a log, read back by the JSONL reader as the line it is."""

    def read_back(self, data: bytes) -> list[Template]:
        number = self.results[0].template.line
        file = str(self.source.path)
        text = decode(data, file, self.encoding, first_line=number)
        return list(records(file, [(number, 0, text)]))


class _Log:
    """A JSONL log fixed as its results arrive, in file order, one line a record.

    Each record's line is fixed as a file of that one line would be (the same rounds, the
    read-back by the JSONL reader) and written to a temporary file in the log's folder, made
    at the first change; the lines before it are copied there then, and every later line as
    it is read. Once the last result is in, the rest of the log is copied and the temporary
    file replaces it: memory holds one line at a time. Lines without a result must be blank,
    else the run could not lint them (an error, reported by the run) and nothing is written.
    Results are shown fixed as they stream by: a log not written in the end gets an error,
    and the run exits with 2.
    """

    def __init__(self, file: str, relint: Callable[[Template], Result], encoding: str, write: bool):
        self.path = Path(file)
        self.relint = relint
        self.encoding = encoding
        self.write = write
        self.codec = codecs.lookup(encoding).name
        self.codec = "utf-8" if self.codec == "utf-8-sig" else self.codec
        self.fixed = LogFix(file)
        self.number = 0  # lines read
        self.position = 0  # bytes read
        self.offset = 0  # characters of the new content before the next line
        self.temp: tuple[str, IO[bytes]] | None = None
        self.hunks = None if write else _Hunks(file)
        self.broken: SmslintError | None = None
        self.source: IO[bytes] | None = None
        # (result, as shown) pairs kept until the log is written, for a log small enough that
        # the text report echoes its lines: it reads them when the log's first result comes,
        # and must see the fixed ones
        self.held: list[tuple[Result, Result]] | None = None
        try:
            self.source = open(self.path, "rb")  # noqa: SIM115
            self.before = os.fstat(self.source.fileno())
        except OSError as err:
            self.broken = SmslintError(f"cannot read: {err.strerror}", file=file)
        else:
            if write and self.before.st_size <= ECHOED_BYTES:
                self.held = []

    def add(self, result: Result) -> Result:
        """The result as the report shows it: the record's fixed line linted again, or the
        result itself when writing nothing (a preview, or a log that cannot be fixed)."""
        if self.broken is not None:
            return result
        try:
            raw = self._read_to(result.template.line)
            text = decode(raw, str(self.path), self.encoding, first_line=self.number)
            if not any(f.fix for f in result.findings):
                self._put(raw, text, raw, text)
                return result
            shown, data, content = self._fix(result, raw, text)
            self._put(raw, text, data, content)
        except SmslintError as err:
            self._break(err)
            return result
        except OSError as err:
            self._break(SmslintError(f"cannot write the fix: {err.strerror}", file=str(self.path)))
            return result
        return shown if self.write else result

    def _fix(self, result: Result, raw: bytes, text: str) -> tuple[Result, bytes, str]:
        """The record's result as the report shows it, and the line's new bytes and text."""
        file = str(self.path)
        first = self.number == 1 and raw.decode(self.codec).startswith("\ufeff")
        bom = "\ufeff" if first else ""
        source = _Source(self.path, raw, self.codec, bom, text)
        current = list(records(file, [(self.number, 0, text)]))
        if [_key(t) for t in current] != [_key(result.template)]:
            return self._unfixed(result, "the file changed while it was checked"), raw, text
        local = dataclasses.replace(result, template=current[0])  # the map into this line
        try:
            source, fixed, applied, refused = _rounds(
                source, [local], self.relint, self.encoding, _LineRound
            )
        except _Refused as err:
            return self._unfixed(result, str(err)), raw, text
        self.fixed.applied += applied
        self.fixed.left += len(refused)
        shown = _annotate(fixed[0], 0, refused)
        return _moved(shown, self.offset), source.raw, source.content

    def _unfixed(self, result: Result, reason: str) -> Result:
        annotated = _unfixed(b"", [result], reason)
        self.fixed.left += annotated.left
        return annotated.results[0]

    def _read_to(self, number: int) -> bytes:
        """The raw line ``number``, after the lines before it (which must be blank)."""
        assert self.source is not None
        while True:
            raw = self.source.readline()
            if not raw:
                raise SmslintError("changed while it was fixed; not written", file=str(self.path))
            self.number += 1
            self.position += len(raw)
            if self.number == number:
                return raw
            self._blank(raw)

    def _blank(self, raw: bytes) -> None:
        """Copy a line that had no result, which must be blank (see the class doc)."""
        text = decode(raw, str(self.path), self.encoding, first_line=self.number)
        if text and not text.isspace():
            raise SmslintError("the file has errors; fixes not written", file=str(self.path))
        self._put(raw, text, raw, text)

    def _put(self, raw: bytes, text: str, data: bytes, content: str) -> None:
        """Write the line (``data``, its new bytes) to the temporary file, made at the first
        change with a copy of the lines before; and to the diff, when one is wanted."""
        if self.hunks is not None:
            self.hunks.add(self.number, text, content)
        elif data != raw and self.temp is None:
            self._start(self.position - len(raw))
        if self.temp is not None:
            self.temp[1].write(data)
        self.offset += len(content)

    def _start(self, size: int) -> None:
        """Make the temporary file beside the log and copy its first ``size`` bytes there."""
        reason = _refusal(self.path)
        if reason is not None:
            raise SmslintError(reason, file=str(self.path))
        folder = os.path.dirname(os.path.abspath(self.path))
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".smslint")
        self.temp = (name, os.fdopen(fd, "wb"))
        with open(self.path, "rb") as head:
            while size > 0:
                block = head.read(min(size, 1 << 20))
                if not block:
                    break
                self.temp[1].write(block)
                size -= len(block)

    def _break(self, err: SmslintError) -> None:
        self.broken = err
        self._discard()

    def _discard(self) -> None:
        if self.temp is not None:
            name, stream = self.temp
            self.temp = None
            stream.close()
            Path(name).unlink(missing_ok=True)

    def close(self) -> SmslintError | None:
        """Copy the rest of the log and put the temporary file in its place; the error that
        left the log as it was, if any."""
        try:
            if self.broken is None and self.source is not None:
                while raw := self.source.readline():
                    self.number += 1
                    self._blank(raw)
                if self.temp is not None:
                    self._replace()
        except SmslintError as err:
            self.broken = err
        except OSError as err:
            self.broken = SmslintError(f"cannot write the fix: {err.strerror}", file=str(self.path))
        finally:
            self._discard()
            if self.source is not None:
                self.source.close()
        if self.hunks is not None:
            self.fixed.diff = self.hunks.text()
        return self.broken

    def _replace(self) -> None:
        assert self.temp is not None
        name, stream = self.temp
        now = os.stat(self.path)
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (
            self.before.st_ino,
            self.before.st_size,
            self.before.st_mtime_ns,
        ):
            raise SmslintError("changed while it was fixed; not written", file=str(self.path))
        info = self.before
        os.fchmod(stream.fileno(), stat.S_IMODE(info.st_mode))
        if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only the owner's group, or root, may give it back
                os.fchown(stream.fileno(), info.st_uid, info.st_gid)
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        os.replace(name, self.path)  # never follows a link in the log's own name
        self.temp = None


def _refusal(path: Path) -> str | None:
    """Why a log is not to be replaced, if it is not: a symbolic link (writing through it
    would edit a file elsewhere), a file with hard links (replacing it would split them), a
    read-only file (root ignores the mode, so it is checked here), anything but a file."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link; not fixed (smslint never writes through a link)"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file; not fixed"
    if info.st_nlink > 1:
        return f"has {info.st_nlink} hard links; not fixed (replacing it would split them)"
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        return "read-only; not fixed"
    return None


def _moved(result: Result, offset: int) -> Result:
    """The result with its template's map moved by ``offset`` characters: from its line to
    the file."""
    tmap = result.template.map
    runs = [(i, line, column, start + offset) for i, line, column, start in tmap.runs]
    template = dataclasses.replace(result.template, map=TextMap(runs, tmap.length, tmap.exact))
    return dataclasses.replace(result, template=template)


class _Hunks:
    """The unified diff of a log whose lines are replaced one for one, built as the lines
    stream by: what ``_diff`` (``difflib.unified_diff``, one line of context) gives for such
    a change, hunk by hunk, without holding either file."""

    CONTEXT = 1

    def __init__(self, file: str) -> None:
        self.file = file
        self.out: list[str] = []
        self.previous: tuple[int, str] | None = None  # the last unchanged line
        self.hunk: list[tuple[str, str]] = []  # (old, new) lines of the open hunk
        self.start = 0  # line number of the hunk's first line
        self.after = 0  # unchanged lines at the hunk's end

    def add(self, number: int, old: str, new: str) -> None:
        if old == new:
            if self.hunk:
                self.hunk.append((old, new))
                self.after += 1
                if self.after > 2 * self.CONTEXT:
                    self._close()
            self.previous = (number, old)
            return
        if not self.hunk:
            self.start = number
            if self.previous is not None and self.previous[0] == number - 1:
                self.start -= 1
                self.hunk.append((self.previous[1], self.previous[1]))
        self.hunk.append((old, new))
        self.after = 0

    def _close(self) -> None:
        """Write the open hunk, with its one line of context after the last change."""
        if not self.hunk:
            return
        keep = len(self.hunk) - self.after + min(self.after, self.CONTEXT)
        lines = self.hunk[:keep]
        if not self.out:
            self.out += [f"--- a/{self.file}\n", f"+++ b/{self.file}\n"]
        span = str(self.start) if len(lines) == 1 else f"{self.start},{len(lines)}"
        self.out.append(f"@@ -{span} +{span} @@\n")
        i = 0
        while i < len(lines):
            old, new = lines[i]
            if old == new:
                self.out.append(" " + old)
                i += 1
                continue
            j = i
            while j < len(lines) and lines[j][0] != lines[j][1]:
                j += 1
            self.out += ["-" + o for o, _ in lines[i:j]] + ["+" + n for _, n in lines[i:j]]
            i = j
        self.hunk = []
        self.after = 0

    def text(self) -> str:
        self._close()
        lines = []
        for line in self.out:
            # escapes decoded before masking: a record may spell an identifier with \u0031…
            shown = redact_content(line, [])
            if line.endswith("\n"):
                lines.append(shown)
            else:
                lines.append(shown + "\n\\ No newline at end of file\n")
        return "".join(lines)
