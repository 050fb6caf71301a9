"""The engine: one pack compiled once, applied to any number of templates or messages.

This is also the library API for sending platforms: ``Linter(pack="citic")``
then ``lint(text, kind="overdue")`` per rendered message, or ``lint_many`` over
a stream.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smslint.core.errors import SmslintError
from smslint.core.model import KINDS, Finding, Template, TextMap
from smslint.core.tuning import LINT_MANY_BATCH
from smslint.engine import checks, packcache, suppressions
from smslint.engine.document import Document
from smslint.engine.suppressions import Suppression
from smslint.packs.pack import Pack, Rule, extends_of, is_name, resolve, shipped_dir
from smslint.packs.selection import Selection
from smslint.prefilter import Prefilter
from smslint.privacy.masking import quote
from smslint.text.length import Length

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _without_fallbacks(found: list[Finding], fallbacks: dict[str, str]) -> list[Finding]:
    """Findings less those of fallback rules whose category another rule found something in."""
    precise = {f.category for f in found if f.rule not in fallbacks}
    return [f for f in found if fallbacks.get(f.rule) not in precise]


def _finding_order(f: Finding) -> tuple[int, int, int, str]:
    return f.start, f.end, SEVERITY_ORDER.get(f.severity, 3), f.rule


@dataclass(slots=True)
class Result:
    """Everything a report needs about one template."""

    template: Template
    pack: str
    kind: str | None
    length: Length
    findings: list[Finding] = field(default_factory=list)
    # ignore entries of the template that acted, and findings a --baseline hid from reports
    suppressed: list[Suppression] = field(default_factory=list)
    baselined: list[Finding] = field(default_factory=list)


def _known_kind(kind: str | None) -> str | None:
    """``kind`` if it is a notice kind: a typo would silently drop the kind's required-element
    checks, so the library refuses it as the CLI does."""
    if kind is not None and kind not in KINDS:
        raise SmslintError(f"unknown kind {quote(kind)}; expected one of: {', '.join(KINDS)}")
    return kind


def _template(text: str, kind: str | None = None, id: str = "-") -> Template:
    return Template(file="-", id=id, text=text, map=TextMap.single_line(text), kind=kind)


def _as(check: checks.Check, rule: Rule) -> checks.Check:
    """``check`` reporting as ``rule``, its rule re-levelled or switched off by a selection:
    a rule compiles the same at any level, so the compiled pack is shared."""
    if check.rule is rule:
        return check
    check = copy.copy(check)
    check.rule = rule
    return check


class Linter:
    """Lints messages against one rule pack; build it once and reuse it."""

    def __init__(
        self,
        pack: str | Pack = "base",
        kind: str | None = None,
        *,
        selection: Selection | None = None,
    ) -> None:
        # a pack named by reference comes compiled through the pack cache (see packcache)
        if isinstance(pack, str):
            compiled = packcache.compiled(pack)
        else:
            compiled = packcache.compile_pack(pack)
        self.pack: Pack = compiled.pack
        self.kind = _known_kind(kind)
        self.selection = None if selection is None or selection.trivial else selection
        rules = compiled.checks
        if self.selection is not None:
            self.pack = self.selection.apply(self.pack)
            rules = [_as(check, rule) for check, rule in zip(rules, self.pack.rules, strict=True)]
        self.prefilter: Prefilter = compiled.prefilter
        self.checks = [c for c in rules if c.rule.severity != "off"]
        self._fallbacks = {c.rule.id: c.rule.category for c in self.checks if c.rule.fallback}
        self._plans: dict[str | None, checks.Plan] = {}

    def _plan(self, kind: str | None) -> checks.Plan:
        found = self._plans.get(kind)
        if found is None:
            found = self._plans[kind] = checks.plan(self.checks, kind)
        return found

    def check(self, template: Template, kind: str | None = None) -> Result:
        """Lint one template; findings come sorted by position, then severity."""
        kind = template.kind or kind or self.kind
        doc = Document(template, kind, self.pack, self.prefilter)
        return self._result(doc, [f for step in self._plan(kind) for f in step(doc)])

    def check_many(self, templates: Sequence[Template]) -> list[Result]:
        """``check`` of each template, in order.

        Each rule kind runs over the whole batch before the next one does: the kind's code and
        data then stay in the processor's caches, which on a bulk run of short messages is
        about a quarter faster than running every kind on one message after another.
        """
        docs = [Document(t, t.kind or self.kind, self.pack, self.prefilter) for t in templates]
        found: list[list[Finding]] = [[] for _ in docs]
        by_kind: dict[str | None, list[int]] = {}
        for i, doc in enumerate(docs):
            by_kind.setdefault(doc.kind, []).append(i)
        for kind, indexes in by_kind.items():
            for step in self._plan(kind):
                for i in indexes:
                    found[i].extend(step(docs[i]))
        return [self._result(doc, doc_found) for doc, doc_found in zip(docs, found, strict=True)]

    def _result(self, doc: Document, found: list[Finding]) -> Result:
        if self._fallbacks and found:
            found = _without_fallbacks(found, self._fallbacks)
        found, suppressed = suppressions.apply(doc.template, found, self.pack)
        if self.selection is not None:
            found = self.selection.keep(doc.template.file, found)
        if len(found) > 1:
            found.sort(key=_finding_order)
        return Result(doc.template, self.pack.name, doc.kind, doc.length, found, suppressed)

    def lint(
        self,
        text: str,
        kind: str | None = None,
        *,
        vars: dict[str, dict[str, Any]] | None = None,
        schedule: dict[str, Any] | None = None,
    ) -> list[Finding]:
        """Findings for one message; ``vars`` and ``schedule`` as in a template file."""
        template = _template(text, _known_kind(kind))
        template.vars = vars or {}
        template.schedule = schedule
        return self.check(template, kind).findings

    def lint_many(
        self, messages: Iterable[str | tuple[str, str | None]], kind: str | None = None
    ) -> Iterator[list[Finding]]:
        """Findings per message, in input order; items are texts or (text, kind) pairs.

        Messages are linted in batches (see :meth:`check_many`), which is what makes this
        faster than ``lint`` in a loop."""
        batch: list[Template] = []
        _known_kind(kind)
        for item in messages:
            text, item_kind = (item, kind) if isinstance(item, str) else item
            batch.append(_template(text, _known_kind(item_kind)))
            if len(batch) == LINT_MANY_BATCH:
                yield from (result.findings for result in self.check_many(batch))
                batch = []
        if batch:
            yield from (result.findings for result in self.check_many(batch))


def _within(real: str, root: str) -> bool:
    try:
        inside = real == root or os.path.commonpath([real, root]) == root
    except ValueError:  # another drive (Windows)
        return False
    return inside and ".git" not in Path(os.path.relpath(real, root)).parts


class Linters:
    """Linters by pack reference, so templates naming different packs share compiled packs.

    ``roots``: the trees being linted. When given, a template's ``pack:`` may name a shipped
    pack or a pack file whose resolved path (and whose ``extends`` chain) lies in one of them,
    nothing else; without them (library use) any pack file is loaded. ``lock``: a template's
    ``pack:`` naming another pack than ``default_pack`` is an error, so no file can swap the
    gate's pack for one that switches rules off.
    """

    def __init__(
        self,
        default_pack: str,
        kind: str | None = None,
        roots: Iterable[str | Path] | None = None,
        lock: bool = False,
        selection: Selection | None = None,
    ) -> None:
        self.default_pack = default_pack
        self.kind = kind
        self.selection = selection
        self.roots = None if roots is None else tuple(os.path.realpath(r) for r in roots)
        self.lock = lock
        self._cache: dict[str, Linter] = {}
        self._refs: dict[tuple[str, str], str] = {}  # (template's folder, pack:) -> reference

    def for_template(self, template: Template) -> Linter:
        if not template.pack:
            return self.load(self.default_pack)
        folder = os.path.dirname(template.file) if template.file != "-" else "."
        ref = self._refs.get((folder, template.pack))
        if ref is None:
            ref = self._template_ref(template, folder)
            self._refs[folder, template.pack] = ref
        return self.load(ref)

    def _template_ref(self, template: Template, folder: str) -> str:
        """The reference a template's ``pack:`` stands for, once checked against the roots
        and the lock; an error names the template's file and the line of its ``pack:``."""
        name = template.pack or ""
        line = template.pack_line or template.line

        def refuse(message: str) -> SmslintError:
            return SmslintError(message, template.file, line)

        if is_name(name):
            try:
                resolve(name)
            except SmslintError as exc:
                raise refuse(exc.message) from None
            ref = name
        else:
            path = Path(folder) / name
            if not path.is_file() and Path(name).is_file():
                path = Path(name)  # relative to the working folder, as smslint 0.1 read it
            if self.roots is not None and not self._in_roots(str(path)):
                raise refuse(
                    f"pack {quote(name)} is outside the tree being linted (a template may name "
                    "a shipped pack or a pack file in the tree)"
                )
            if not path.is_file():
                raise refuse(f"pack file not found: {quote(name)}")
            ref = str(path)
        if self.lock and not self._same(ref, self.default_pack):
            raise refuse(
                f"pack {quote(name)} is not the locked pack {quote(self.default_pack)}; "
                "remove this `pack:` (the gate locks the pack)"
            )
        if self.roots is not None and not is_name(ref):
            self._check_chain(Path(ref), name, refuse)
        return ref

    def _check_chain(self, path: Path, name: str, refuse: Callable[[str], SmslintError]) -> None:
        """Each pack ``path`` extends lies in the trees (or is shipped), checked before the
        next is opened: a file outside is never read, nor its content echoed in an error."""
        seen: set[str] = set()
        while os.path.realpath(path) not in seen:
            seen.add(os.path.realpath(path))
            parent = extends_of(path)
            if parent is None or is_name(parent):
                return
            target = Path(parent) if Path(parent).is_absolute() else path.parent / parent
            if not self._in_roots(str(target), shipped=True):
                raise refuse(f"pack {quote(name)} extends a pack outside the tree being linted")
            path = target

    def _in_roots(self, path: str, shipped: bool = False) -> bool:
        """Whether ``path`` resolves into a root (or the shipped packs), and not into a
        ``.git`` folder of it, where a checkout keeps its credentials."""
        real = os.path.realpath(path)
        roots = self.roots or ()
        if shipped:
            roots = (*roots, os.path.realpath(shipped_dir()))
        return any(_within(real, root) for root in roots)

    @staticmethod
    def _same(ref: str, other: str) -> bool:
        try:
            return os.path.samefile(resolve(ref), resolve(other))
        except (OSError, SmslintError):
            return False

    def load(self, ref: str) -> Linter:
        """The linter of a pack reference, compiled on first use."""
        if ref not in self._cache:
            self._cache[ref] = Linter(ref, self.kind, selection=self.selection)
        return self._cache[ref]

    def check(self, template: Template) -> Result:
        return self.for_template(template).check(template)

    def check_many(self, templates: Sequence[Template]) -> list[Result]:
        """``check`` of each template, in order; consecutive templates of one pack are linted
        together (see :meth:`Linter.check_many`)."""
        if not templates:
            return []
        if not any(template.pack for template in templates):  # a log: one pack for all
            return self.load(self.default_pack).check_many(templates)
        results: list[Result] = []
        run: list[Template] = []
        current: Linter | None = None
        for template in templates:
            linter = self.for_template(template)
            if linter is not current and run:
                results += current.check_many(run)  # type: ignore[union-attr]
                run = []
            current = linter
            run.append(template)
        if run:
            results += current.check_many(run)  # type: ignore[union-attr]
        return results

    def packs(self) -> list[Pack]:
        """The packs loaded so far, first used first: reports describe their rules."""
        return [linter.pack for linter in self._cache.values()]
