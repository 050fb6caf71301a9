"""``required``: an element a notice of its kind must carry (amount, due date, hotline …).

An element is present when the text says it (a keyword or pattern on the
normalised text, or a mention one of its ``recognisers`` finds: 欠款4,600块, 请于本月25日前,
可在动卡空间还款) or when a placeholder will insert it: by name (``${amount}``,
``{还款日期}``), or, for numbered placeholders such as ``{2}``, by the words
around it (应还{2}元). The ``signature`` element is structural: a 【…】 of
2–12 characters at the very start or end.

A rule may require an element only where others are present (``if_present``): 中信银行 asks
for materials to bring only when the mediation is in person.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from smslint.core.errors import SmslintError
from smslint.core.model import Finding
from smslint.engine.checks import Check
from smslint.engine.document import Document
from smslint.engine.recognisers import (
    CONTEXT_CHARS,
    RECOGNISERS,
    SIGNATURE_ELEMENT,
    any_found,
    has_signature,
)
from smslint.text.regexes import compile_pattern

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext


class Element:
    """How one element is recognised, compiled from the pack's ``elements`` entry.

    Its keywords and patterns are one pattern of the pack's, its wordings as alternatives:
    whether the element is said is one search per message, not one per wording.
    """

    def __init__(
        self,
        name: str,
        spec: dict[str, Any],
        file: str,
        line: int,
        pack: Pack,
        ctx: CompileContext,
    ) -> None:
        self.name = name
        self.label = spec.get("label", name)
        self.hint = spec.get("hint")
        self.placeholders = [p.lower() for p in spec.get("placeholders", [])]
        self.keywords = [k.lower() for k in spec.get("keywords", [])]
        self.patterns = [compile_pattern(p, file, line) for p in spec.get("patterns", [])]
        self.context = [c.lower() for c in spec.get("context", [])]
        self.recognisers = tuple(spec.get("recognisers", []))
        unknown = [r for r in self.recognisers if r not in RECOGNISERS]
        if unknown:
            known = ", ".join(RECOGNISERS)
            raise SmslintError(
                f"element {name!r}: unknown recogniser {unknown[0]!r} (known: {known})", file, line
            )
        self.pack = pack
        import re2

        wordings = [p.pattern for p in self.patterns] + [re2.escape(k) for k in self.keywords]
        # a group per element: only the elements a notice kind needs are ever matched
        self.group = f"required:{name}"
        either = "|".join(f"(?:{wording})" for wording in wordings)
        self.number = ctx.pattern(either, self.group) if wordings else None

    def present(self, doc: Document) -> bool:
        if self.number in doc.candidates.patterns(self.group):
            return True
        text = doc.norm.text
        for index, ph in doc.norm.placeholders.items():
            name = ph.name.lower()
            if name.isdigit():
                around = text[max(0, index - CONTEXT_CHARS) : index + 1 + CONTEXT_CHARS]
                if any(c in around for c in self.context):
                    return True
            elif any(fnmatchcase(name, p) for p in self.placeholders):
                return True
        # the grammars last: keywords and placeholders settle most templates
        return bool(self.recognisers) and any_found(self.recognisers, text, self.pack)

    def spans(self, doc: Document) -> list[tuple[int, int, str]]:
        """Where the element is said, as (start, end, how) in the original text: what
        ``smslint inspect`` shows, so a reviewer sees which words made a notice complete."""
        text = doc.norm.text
        norm_spans = [
            (m.start(), m.end(), "pattern") for p in self.patterns for m in p.finditer(text)
        ]
        for keyword in self.keywords:
            at = text.find(keyword)
            while keyword and at >= 0:
                norm_spans.append((at, at + len(keyword), f"keyword {keyword}"))
                at = text.find(keyword, at + 1)
        for index, ph in doc.norm.placeholders.items():
            name = ph.name.lower()
            if name.isdigit():
                around = text[max(0, index - CONTEXT_CHARS) : index + 1 + CONTEXT_CHARS]
                words = [c for c in self.context if c in around]
                if words:
                    norm_spans.append((index, index + 1, f"numbered placeholder by {words[0]}"))
            elif any(fnmatchcase(name, p) for p in self.placeholders):
                norm_spans.append((index, index + 1, "placeholder"))
        found = [(*doc.norm.to_original(s, e), how) for s, e, how in norm_spans if e > s]
        return sorted(found)


class Required(Check):
    name = "required"
    options = {"element": str, "if_present": list}
    required_options = ("element",)

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        self.element = self._element(rule.options["element"], "element", ctx)
        self.message = rule.message.replace("{element}", self.element.label)
        self.if_present = [
            self._element(n, "if_present", ctx) for n in rule.options.get("if_present", [])
        ]

    def _element(self, name: object, option: str, ctx: CompileContext) -> Element:
        if name == SIGNATURE_ELEMENT and name not in self.pack.elements:
            spec: dict[str, Any] = {}
        elif isinstance(name, str) and name in self.pack.elements:
            spec = self.pack.elements[name]
        else:
            known = ", ".join(sorted(self.pack.elements)) or "none"
            raise self.error(f"unknown element {name!r} (the pack defines: {known})", option)
        line = self.rule.option_lines.get(option, self.rule.line)
        return Element(str(name), spec, self.rule.file, line, self.pack, ctx)

    def check(self, doc: Document) -> Iterable[Finding]:
        # a tuple, not a generator: most messages of a bulk run miss an element or two
        if self.element.name == SIGNATURE_ELEMENT:
            if has_signature(doc.text):
                return ()
        elif self.element.present(doc):
            return ()
        # the conditions last: they hold for most templates that reach here
        if self.if_present and not all(e.present(doc) for e in self.if_present):
            return ()
        rule = self.rule
        suggestion = self.element.hint or rule.suggestion
        return (
            Finding(
                rule.id, rule.category, rule.severity, self.message, 0, 0, rule.basis, suggestion
            ),
        )
