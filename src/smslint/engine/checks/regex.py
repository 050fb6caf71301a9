"""``regex``: one RE2 pattern on the normalised text, for rules no phrase list can express.

A pattern on the normalised view also runs on the compact view where that differs, so a
word split by separators (上 门) meets it as any phrase does."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from smslint.core.model import Finding, Fix
from smslint.engine.checks import Check
from smslint.engine.checks.context import merge_spans, note_inserted, pattern_matches
from smslint.engine.document import Document
from smslint.text.regexes import compile_pattern

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext


class Regex(Check):
    name = "regex"
    options = {"pattern": str, "view": str}
    required_options = ("pattern",)

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        line = rule.option_lines.get("pattern", rule.line)
        self.pattern = compile_pattern(rule.options["pattern"], rule.file, line)
        self.view = rule.options.get("view", "normalized")
        if self.view not in ("normalized", "compact", "original"):
            raise self.error("view must be one of normalized, compact, original", "view")
        self.number = ctx.pattern(rule.options["pattern"], self.name, self.view, through=True)

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """One question to the candidates per view; only rules whose pattern matched run."""
        views = {check.view for check in checks if isinstance(check, Regex)}

        def run(doc: Document) -> Iterator[Finding]:
            if not any(doc.candidates.patterns(cls.name, view) for view in views):
                return
            for check in checks:
                yield from check.check(doc)

        return run

    def check(self, doc: Document) -> Iterator[Finding]:
        if self.number not in doc.candidates.patterns(self.name, self.view):
            return
        if self.view == "normalized":
            spans = []
            for start, end, hidden in pattern_matches(doc, self.pattern):
                if hidden is not None:
                    note_inserted(doc, doc.compact, *hidden)
                spans.append((start, end))
        else:
            view = doc.compact if self.view == "compact" else None
            text = doc.text if view is None else view.text
            spans = [
                m.span() if view is None else view.to_original(*m.span())
                for m in self.pattern.finditer(text)
                if m.end() > m.start()
            ]
        replacement = self.rule.replacement
        for start, end in merge_spans(spans, doc):
            yield self.finding(
                start,
                end,
                self.rule.message.replace("{match}", doc.text[start:end]),
                fix=None if replacement is None else Fix(start, end, replacement),
            )
