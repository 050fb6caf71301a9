"""``placeholders``: template syntax mistakes that a customer would read verbatim.

A sending platform fills only the names and the syntax it knows; anything else reaches the
phone as literal text (``尊敬的${nmae}``). Each rule runs one ``check`` so that a pack can give
each problem its own severity and examples:

- ``braces``: unbalanced or malformed braces (``${amount``, ``{}``, ``{{a}``);
- ``mixed``: more than one placeholder style in one template (``${amount}`` with ``{1}``);
- ``unknown``: a named placeholder that neither the pack's ``known_placeholders`` (plus the
  rule's ``known``) nor the template's ``vars`` lists. A near miss of a known name is a likely
  typo and gets the rule's severity with a did-you-mean (``${amout}`` → ``${amount}``); any
  other unknown name is reported as ``info`` (register it in the pack);
- ``unused``: a ``vars`` entry the template never uses (usually a renamed placeholder);
- ``empty``: a template with no text at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from difflib import get_close_matches
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from smslint.core.model import Finding, Fix
from smslint.core.placeholders import Placeholder, find_brace_problems, numbered
from smslint.engine.checks import Check
from smslint.engine.checks.placeholder_spelling import respelled
from smslint.engine.checks.wording import fill
from smslint.engine.document import Document

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext

CHECKS = ("braces", "mixed", "unknown", "unused", "empty")
STYLES = {"dollar": "${…}", "double": "{{…}}", "brace": "{…}"}
GLOB_CHARS = frozenset("*?[")


def style(p: Placeholder) -> str:
    """Numbered `{1}` counts as its own style: platforms fill either names or positions."""
    return "{数字}" if numbered(p) else STYLES[p.syntax]


class Placeholders(Check):
    name = "placeholders"
    options = {"check": str, "known": list}
    required_options = ("check",)

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        self.which = self.choice("check", CHECKS)
        if "known" in rule.options and self.which != "unknown":
            raise self.error("option 'known' only applies to check 'unknown'", "known")
        known = [*pack.known_placeholders, *rule.options.get("known", [])]
        if any(not isinstance(k, str) or not k.strip() for k in known):
            raise self.error("every known placeholder must be a non-empty string", "known")
        if self.which == "unknown" and not known:
            raise self.error(
                "check 'unknown' needs the pack's known_placeholders or the option 'known'",
                "check",
            )
        self.known = [k.strip().lower() for k in known]
        # suggestions must be names one can write: literal entries, and globs such as
        # `*amount*` read as the name they are built around
        stems = {k.strip("*") for k in self.known}
        self.names = sorted(n for n in stems if n and not GLOB_CHARS & set(n))
        self.run = {
            "braces": self._braces,
            "mixed": self._mixed,
            "unknown": self._unknown,
            "unused": self._unused,
            "empty": self._empty,
        }[self.which]

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """Every check needs a brace, a ``vars`` entry or an empty text, and in bulk runs
        nearly no message has any: one look settles them all."""

        def run(doc: Document) -> Iterator[Finding]:
            text = doc.text
            if "{" in text or "}" in text or doc.template.vars or not text.strip():
                for check in checks:
                    yield from check.check(doc)

        return run

    def check(self, doc: Document) -> Iterator[Finding]:
        return self.run(doc)

    def _braces(self, doc: Document) -> Iterator[Finding]:
        for problem in find_brace_problems(doc.text):
            shown = doc.text[problem.start : problem.end]
            message = fill(self.rule.message, shown, problem.message)
            fixed = respelled(shown)  # only when one placeholder can have been meant
            fix = None if fixed is None else Fix(problem.start, problem.end, fixed)
            yield self.finding(problem.start, problem.end, message, fix=fix)

    def _mixed(self, doc: Document) -> Iterator[Finding]:
        placeholders = doc.placeholders
        if len({style(p) for p in placeholders}) < 2:
            return
        first = placeholders[0]
        first_text = doc.text[first.start : first.end]
        for p in placeholders:
            if style(p) != style(first):
                shown = doc.text[p.start : p.end]
                detail = f"{shown}（{style(p)}）与 {first_text}（{style(first)}）写法不同"
                yield self.finding(p.start, p.end, fill(self.rule.message, shown, detail))

    def _unknown(self, doc: Document) -> Iterator[Finding]:
        declared = {name.lower() for name in doc.template.vars}
        for p in doc.placeholders:
            name = p.name.lower()
            if numbered(p) or name in declared or any(fnmatchcase(name, k) for k in self.known):
                continue
            shown = doc.text[p.start : p.end]
            detail = f"未知占位符 {shown}"
            close = get_close_matches(name, self.names, n=1, cutoff=0.7)
            finding = self.finding(p.start, p.end, "")
            if close:
                suggested = shown.replace(p.name, close[0], 1)
                detail += f"，是否应为 {suggested}？"
            else:
                # no near miss: more likely a name the pack has not listed than a typo
                finding.severity = "info"
            finding.message = fill(self.rule.message, shown, detail)
            yield finding

    def _unused(self, doc: Document) -> Iterator[Finding]:
        used = {p.name for p in doc.placeholders}
        for name in doc.template.vars:
            if name not in used:
                detail = f"vars 声明了 {name}，模板中却没有这个占位符"
                yield self.finding(0, 0, fill(self.rule.message, name, detail))

    def _empty(self, doc: Document) -> Iterator[Finding]:
        if not doc.text.strip():
            yield self.finding(0, 0, fill(self.rule.message, ""))
