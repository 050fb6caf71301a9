"""``regex``: one RE2 pattern on the normalised text, for rules no phrase list can express."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ..document import Document
from ..model import Finding, Fix
from ..regexes import compile_pattern
from . import Check, register

if TYPE_CHECKING:
    from ..packs import Pack, Rule
    from .shared import Shared


@register
class Regex(Check):
    name = "regex"
    options = {"pattern": str, "view": str}
    required_options = ("pattern",)

    def __init__(self, rule: Rule, pack: Pack, shared: Shared) -> None:
        super().__init__(rule, pack, shared)
        line = rule.option_lines.get("pattern", rule.line)
        self.pattern = compile_pattern(rule.options["pattern"], rule.file, line)
        self.view = rule.options.get("view", "normalized")
        if self.view not in ("normalized", "compact", "original"):
            raise self.error("view must be one of normalized, compact, original", "view")
        self.number = shared.patterns.add(rule.options["pattern"], self.name, self.view)

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """One question to the pattern index per view; only rules whose pattern matched run."""
        views = {check.view for check in checks if isinstance(check, Regex)}

        def run(doc: Document) -> Iterator[Finding]:
            due: set[int] | None = set()
            for view in views:
                matched = doc.shared.patterns.matched(doc, cls.name, view)
                if matched is None:
                    due = None
                    break
                due.update(matched)
            if due is None or due:
                for check in checks:
                    yield from check.check(doc)

        return run

    def check(self, doc: Document) -> Iterator[Finding]:
        matched = doc.shared.patterns.matched(doc, self.name, self.view)
        if matched is not None and self.number not in matched:
            return
        view = {"normalized": doc.norm, "compact": doc.compact}.get(self.view)
        text = doc.text if view is None else view.text
        for m in self.pattern.finditer(text):
            if m.end() == m.start():
                continue
            start, end = (m.start(), m.end()) if view is None else view.to_original(*m.span())
            matched = doc.text[start:end]
            replacement = self.rule.replacement
            yield self.finding(
                start,
                end,
                self.rule.message.replace("{match}", matched),
                fix=None if replacement is None else Fix(start, end, replacement),
            )
