"""The JSON report pinned by the interface spec; other tools parse it, so its shape is fixed.

Entries are spooled as they come (``jsondoc``), so a report on a log of millions of messages
is written in constant memory. Such a report is mostly findings that differ in a few fields
(the same missing signature, message after message), so an entry is written as one string
from pieces encoded once: per file, per rule's fixed texts and per span of the message. An
entry holding a value of another type than the usual goes through the general serialiser.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import partial
from json.encoder import encode_basestring  # the C encoder when available, as json.dumps uses
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from smslint.core.version import __version__
from smslint.privacy.masking import redact, unmasked
from smslint.report import Summary, Writer, excerpt, location
from smslint.report.catalog import pack_entries, packs
from smslint.report.fingerprint import fingerprints
from smslint.report.jsondoc import INDENT, Spool, Stashed, dump, dumps

if TYPE_CHECKING:
    from smslint.engine.linter import Result

CACHE_SIZE = 4096  # distinct files, rules' texts, … kept encoded; a log rarely has more


class Layout(NamedTuple):
    """Where an entry's fields break: the report and JSON Lines differ only in this."""

    opening: str
    separator: str
    closing: str
    entry: Callable[[Any], str]  # the general serialiser, for what the fast path refuses
    field: Callable[[Any], str]  # the same for a value nested in an entry


_INNER = "\n" + " " * (INDENT * (Spool.ENTRY_LEVEL + 1))
INDENTED = Layout(
    "{" + _INNER,
    "," + _INNER,
    "\n" + " " * (INDENT * Spool.ENTRY_LEVEL) + "}",
    lambda value: dumps(value, Spool.ENTRY_LEVEL),
    lambda value: dumps(value, Spool.ENTRY_LEVEL + 1),
)
_ONE_LINE = partial(json.dumps, ensure_ascii=False)
ONE_LINE = Layout("{", ", ", "}", _ONE_LINE, _ONE_LINE)


def finding_dict(
    result: Result, finding: Any, shown: str | None = None, fingerprint: str | None = None
) -> dict[str, Any]:
    """A finding's entry; ``shown`` is its excerpt when already made."""
    line, col, end_line, end_col = location(result, finding)
    out: dict[str, Any] = {
        "file": _masked(result.template.file),
        "template": _masked(result.template.id),
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "rule": _masked(finding.rule),
        "category": _masked(finding.category),
        "severity": _masked(finding.severity),
        "message": _masked(finding.message),
        "excerpt": excerpt(result, finding) if shown is None else shown,
    }
    if finding.basis:
        out["basis"] = _masked(finding.basis)
    if finding.suggestion:
        out["suggestion"] = _masked(finding.suggestion)
    if fingerprint is not None:
        out["fingerprint"] = fingerprint
    return out


def _masked(value: Any) -> Any:
    """A string field masked (``masking.redact``); a value of another type is the general
    serialiser's to write as it is."""
    return redact(value) if type(value) is str else value


def template_dict(result: Result) -> dict[str, Any]:
    return {
        "file": _masked(result.template.file),
        "id": _masked(result.template.id),
        "pack": _masked(result.pack),
        "kind": _masked(result.kind),
        "length": result.length.as_dict(),
    }


def suppression_dicts(result: Result) -> list[dict[str, Any]]:
    return [
        {
            "file": _masked(result.template.file),
            "template": _masked(result.template.id),
            "line": result.template.line,
            "rule": _masked(s.rule),
            "reason": redact(s.reason) if s.reason else None,
            "findings": len(s.findings),
        }
        for s in result.suppressed
    ]


_FIXED = attrgetter("rule", "category", "severity", "message", "basis", "suggestion")
_SPAN = attrgetter("start", "end")


class Entries:
    """A layout's entries, each one string built from pieces that repeat across entries.

    A piece is what the layout's general serialiser writes for the same values. Pieces are
    made only from strings (and integers for positions), checked by type, not by equality:
    ``True == 1``, and json writes them differently.

    ``binary`` entries are UTF-8 bytes, as the CLI's streams encode (a lone surrogate as a
    visible escape): the pieces a rule repeats (its basis and suggestion, most of an entry's
    bytes) are then encoded once, not with every entry of a bulk run.
    """

    def __init__(self, layout: Layout, binary: bool = False) -> None:
        self.layout = layout
        self.binary = binary
        closing = '"' + layout.closing  # after a fingerprint: hex digits, nothing to escape
        self._closing: Any = _utf8(closing) if binary else closing
        self._heads: dict[tuple[str, str], str] = {}
        self._fixed: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self._rests: dict[tuple[Any, ...], str] = {}

    def findings(self, result: Result, chunk: Chunk) -> list[Any]:
        """The entries of the result's findings, fingerprints included; ``chunk``: what is
        known of the results made together with this one (see :func:`chunk_facts`)."""
        if not result.findings:
            return []
        template = result.template
        cwd, unmasked, named = chunk
        head = self._head(template.file, "template")
        if head is not None and type(template.id) is str:
            head = f"{head}{encode_basestring(named)}{self.layout.separator}"
        else:
            head = None
        spans: dict[tuple[int, int], tuple[Any, str, Any]] = {}  # as ``_where`` makes them
        known = self._fixed
        entries = []
        prints = fingerprints(result, cwd=cwd, masked_id=named)
        for i, finding in enumerate(result.findings):  # zip(strict=True) costs more than this
            fingerprint = prints[i]
            span = _SPAN(finding)
            where = spans.get(span)
            if where is None:
                where = spans[span] = self._where(result, finding, head, unmasked)
            fixed: tuple[Any, Any] | None
            try:
                fixed = known[_FIXED(finding)]
            except (KeyError, TypeError):  # TypeError: an unhashable value, never cached
                fixed = self._fixed_texts(finding)
            if where[0] is None or fixed is None:
                entry = self.layout.entry(finding_dict(result, finding, where[1], fingerprint))
                entries.append(_utf8(entry) if self.binary else entry)
            elif self.binary:
                pieces = (where[0], fixed[0], where[2], fixed[1], fingerprint.encode())
                entries.append(b"".join(pieces) + self._closing)
            else:
                entries.append(
                    f"{where[0]}{fixed[0]}{where[2]}{fixed[1]}{fingerprint}{self._closing}"
                )
        return entries

    def template(self, result: Result, chunk: Chunk) -> Any:
        """The entry of the result's template (``chunk`` as for :meth:`findings`)."""
        template, pack, kind = result.template, result.pack, result.kind
        head = self._head(template.file, "id")
        plain = type(template.id) is type(pack) is str and (kind is None or type(kind) is str)
        rest = self._template_rest(pack, kind, result.length) if head and plain else None
        if rest is None:
            entry = self.layout.entry(template_dict(result))
        else:
            entry = f"{head}{encode_basestring(chunk[2])}{rest}"
        return _utf8(entry) if self.binary else entry

    def _template_rest(self, pack: str, kind: str | None, length: Any) -> str | None:
        """A template entry after its id: a bulk log has few packs, kinds and lengths."""
        key = (pack, kind, length)  # a Length's fields are typed: equal ones encode alike
        try:
            rest = self._rests.get(key)
        except TypeError:  # an unhashable length
            return None
        if rest is None:
            sep = self.layout.separator
            rest = (
                f'{sep}"pack": {encode_basestring(redact(pack))}'
                f'{sep}"kind": {"null" if kind is None else encode_basestring(redact(kind))}'
                f'{sep}"length": {self.layout.field(length.as_dict())}{self.layout.closing}'
            )
            _remember(self._rests, key, rest)
        return rest

    def _head(self, file: Any, next_key: str) -> str | None:
        """The entry's opening up to ``next_key``'s value: the file's name, encoded once."""
        if type(file) is not str:
            return None
        head = self._heads.get((file, next_key))
        if head is None:
            sep = self.layout.separator
            head = (
                f'{self.layout.opening}"file": {encode_basestring(redact(file))}{sep}"{next_key}": '
            )
            _remember(self._heads, (file, next_key), head)
        return head

    def _where(
        self, result: Result, finding: Any, head: str | None, unmasked: bool
    ) -> tuple[Any, str, Any]:
        """For a span: the entry up to the rule (None if the fast path cannot write it), the
        excerpt and the excerpt encoded (both pieces as bytes for ``binary`` entries)."""
        shown = excerpt(result, finding, unmasked)
        line, column, end_line, end_column = location(result, finding)
        if (
            head is None
            or not type(line) is type(column) is type(end_line) is type(end_column) is int
        ):
            return None, shown, ""
        sep = self.layout.separator
        opening = (
            f'{head}"line": {line}{sep}"column": {column}{sep}"end_line": {end_line}'
            f'{sep}"end_column": {end_column}{sep}"rule": '
        )
        if self.binary:
            return _utf8(opening), shown, _utf8(encode_basestring(shown))
        return opening, shown, encode_basestring(shown)

    def _fixed_texts(self, finding: Any) -> tuple[Any, Any] | None:
        """The encoded fields a rule repeats: those before the excerpt, those after it."""
        rule, category, severity, message, basis, suggestion = key = _FIXED(finding)
        if not type(rule) is type(category) is type(severity) is type(message) is str:
            return None
        if any(value is not None and type(value) is not str for value in (basis, suggestion)):
            return None
        sep = self.layout.separator
        before = (
            f"{encode_basestring(redact(rule))}{sep}"
            f'"category": {encode_basestring(redact(category))}{sep}'
            f'"severity": {encode_basestring(redact(severity))}{sep}'
            f'"message": {encode_basestring(redact(message))}{sep}"excerpt": '
        )
        after = "".join(
            f'{sep}"{name}": {encode_basestring(redact(value))}'
            for name, value in (("basis", basis), ("suggestion", suggestion))
            if value
        )
        after = f'{after}{sep}"fingerprint": "'
        found = (_utf8(before), _utf8(after)) if self.binary else (before, after)
        _remember(self._fixed, key, found)
        return found


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= CACHE_SIZE:  # bounded: a log of distinct files or messages must not grow it
        cache.clear()
    cache[key] = value


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "backslashreplace")


_ENTRIES = Entries(INDENTED)
_ENCODED = Entries(INDENTED, binary=True)

# What the results of one chunk share, found once for all of them: the working folder (each
# fingerprint names the file relative to it) and, per result, whether its text holds no
# identifier (then its excerpts need no masking) and its id masked, which its template entry,
# its findings' entries and their fingerprints all print or hash.
Chunk = tuple[str, bool, str]


def chunk_facts(results: list[Result]) -> list[Chunk]:
    """Each result's :data:`Chunk`."""
    cwd = os.getcwd()
    clean = unmasked([r.template.text for r in results])
    return [(cwd, c, redact(r.template.id)) for r, c in zip(results, clean, strict=True)]


def prepare(result: Result) -> tuple[str, list[str], list[str]]:
    """A result's entries, serialised: the template, its findings, its suppressions."""
    suppressions = suppression_dicts(result) if result.suppressed else []
    (chunk,) = chunk_facts([result])
    return (
        _ENTRIES.template(result, chunk),
        _ENTRIES.findings(result, chunk),
        [dumps(entry, Spool.ENTRY_LEVEL) for entry in suppressions],
    )


# entries joined and encoded (Spool.block), and how many; a worker may send the bytes as a file
Block = tuple[bytes | Stashed, int]


def render(results: list[Result]) -> tuple[Block, Block, Block]:
    """Many results' entries, list by list, as ``prepare`` makes them but encoded and joined
    where they were linted (most of a JSON report's cost: in a ``--jobs`` run, the workers'),
    so that the process writing the report adds them in three writes and never decodes or
    re-encodes them."""
    templates: list[bytes] = []
    findings: list[bytes] = []
    suppressions: list[bytes] = []
    for result, chunk in zip(results, chunk_facts(results), strict=True):
        templates.append(_ENCODED.template(result, chunk))
        if result.findings:
            findings += _ENCODED.findings(result, chunk)
        if result.suppressed:
            level = Spool.ENTRY_LEVEL
            suppressions += [_utf8(dumps(e, level)) for e in suppression_dicts(result)]
    return (
        (Spool.block(templates), len(templates)),
        (Spool.block(findings), len(findings)),
        (Spool.block(suppressions), len(suppressions)),
    )


class JsonEncoder:
    """The JSON report's :class:`~smslint.report.Encoder`."""

    def encode(self, results: list[Result]) -> tuple[Block, Block, Block]:
        return render(results)


class JsonWriter(Writer):
    encoder = JsonEncoder()

    def start(self) -> None:
        self.templates = Spool()
        self.findings = Spool()
        self.suppressions = Spool()

    def add(self, result: Result) -> None:
        template, findings, suppressions = prepare(result)
        self.templates.append_serialized(template)
        if findings:
            self.findings.extend_serialized(findings)
        if suppressions:
            self.suppressions.extend_serialized(suppressions)

    def add_encoded(self, encoded: tuple[Block, Block, Block]) -> None:
        templates, findings, suppressions = encoded
        self.templates.extend_block(*templates)
        self.findings.extend_block(*findings)
        self.suppressions.extend_block(*suppressions)

    def finish(self, summary: Summary) -> None:
        report: dict[str, Any] = {
            "version": 1,
            "tool": {"name": "smslint", "version": __version__},
            "summary": {
                "files": summary.files,
                "templates": summary.templates,
                "findings": summary.findings,
                "by_severity": summary.by_severity,
            },
            "templates": self.templates,
            "findings": self.findings,
            "suppressions": self.suppressions,  # an extension of the spec's report
            "packs": pack_entries(packs(self.options)),  # an extension too
        }
        if summary.baseline is not None:
            report["baseline"] = {**summary.baseline, "file": redact(summary.baseline["file"])}
        dump(report, self.stream)
        self.stream.write("\n")
