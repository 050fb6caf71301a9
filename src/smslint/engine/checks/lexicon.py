"""``lexicon``: phrase lists and clause patterns, matched so that spelling tricks do not hide them.

Phrases (and the words of the lists a rule names as ``$name``) are found on the
compact view of the text: normalised (simplified, half-width, lower-case) with
separators between CJK characters dropped, so 坐*牢 meets 坐牢; patterns run on
both views. A candidate then has to survive three tests that keep lawful notices
quiet: it must lie on word boundaries (家人 is not in 国家人口), it must not be
negated in its clause (我们不会上门), and its sentence must not carry an
``unless`` context (a fraud warning that quotes what impostors say). Overlapping
or touching hits of one rule make one finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from smslint.core.model import Finding, Fix
from smslint.engine.checks import Check
from smslint.engine.checks.context import (
    in_sentence,
    mentions_of,
    merge_spans,
    negated,
    note_inserted,
    on_boundaries,
    pattern_matches,
    unless_of,
    unless_word,
)
from smslint.engine.document import Document
from smslint.packs.wordlists import expand
from smslint.text.normalize import Normalized
from smslint.text.regexes import compile_pattern

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext


@dataclass
class PhraseHit:
    start: int  # original span
    end: int
    # where it was found in the compact view, when that view dropped characters inside it
    hidden: tuple[int, int] | None = None


def _phrase_hits(doc: Document, rules: dict[str, Lexicon]) -> dict[str, list[PhraseHit]]:
    """Phrase hits of ``rules`` (by id), from the compact view's list hits."""
    hits: dict[str, list[PhraseHit]] = {}
    if not doc.candidates.phrases:
        return hits
    found = doc.candidates.words.found
    if found:
        view: Normalized | None = None
        changed = False
        for start, end, _phrase, owners in found:
            ostart = oend = -1
            for rule_id in owners:
                check = rules.get(rule_id)
                if check is None:
                    continue  # a list entry, a frame literal, or a rule not asked about
                if view is None:  # the compact view's map, built only for a phrase's hit
                    view = doc.compact
                    changed = view is not doc.norm
                if check.boundary and not on_boundaries(doc, view, start, end):
                    continue
                if ostart < 0:
                    ostart, oend = view.to_original(start, end)
                hidden = (start, end) if changed else None
                hits.setdefault(rule_id, []).append(PhraseHit(ostart, oend, hidden))
    return hits


class Lexicon(Check):
    name = "lexicon"
    options = {
        "phrases": list,
        "patterns": list,
        "boundary": bool,
        "negation": bool,
        "unless": list,
    }

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        opts = rule.options
        if not opts.get("phrases") and not opts.get("patterns"):
            raise self.error("a lexicon rule needs `phrases` or `patterns`")
        self.boundary = opts.get("boundary", True)
        self.negation = opts.get("negation", True)
        lists = pack.lists
        self.unless = unless_of(
            opts.get("unless", []), pack, lambda u: self._norm(ctx, u, "unless")
        )
        self.mentions = mentions_of(pack, ctx) if rule.category == "coercion" else None
        for phrase in expand(opts.get("phrases", []), lists):
            ctx.word(self._norm(ctx, phrase, "phrases"), rule.id)
        line = rule.option_lines.get("patterns", rule.line)
        # (number in the pack's pattern set, compiled pattern)
        self.patterns = [
            (ctx.pattern(p, self.name, through=True), compile_pattern(p, rule.file, line))
            for p in opts.get("patterns", [])
        ]

    def _norm(self, ctx: CompileContext, phrase: object, option: str) -> str:
        if not isinstance(phrase, str) or not phrase.strip():
            raise self.error(f"every entry of {option!r} must be a non-empty string", option)
        return ctx.normal_form(phrase.strip())

    def _pattern_hits(self, doc: Document, matched: frozenset[int]) -> Iterator[PhraseHit]:
        for number, pattern in self.patterns:
            if number not in matched:
                continue
            for ostart, oend, hidden in pattern_matches(doc, pattern, self.boundary):
                yield PhraseHit(ostart, oend, hidden)

    def _cancelled(self, doc: Document, hit: PhraseHit) -> bool:
        if self.unless and in_sentence(doc, hit.start, self.unless):
            return True
        if self.negation and negated(doc, hit.start):
            return True
        return bool(self.mentions and self.mentions.reason(doc, hit.start))

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """Phrases and patterns of all the rules are scanned once; only rules with a hit run."""
        rules = [c for c in checks if isinstance(c, Lexicon)]
        by_id = {c.rule.id: c for c in rules}
        owner = {number: c.rule.id for c in rules for number, _ in c.patterns}

        def run(doc: Document) -> Iterable[Finding]:
            matched = doc.candidates.patterns(cls.name) if owner else frozenset()
            if not matched and not doc.candidates.phrases:
                return ()  # nearly every message of a bulk run
            hits = _phrase_hits(doc, by_id)
            due = {owner[n] for n in matched if n in owner}
            due.update(hits)
            if not due:
                return ()  # a word of a pattern, without the pattern: most of the rest
            return [
                f
                for check in rules
                if check.rule.id in due
                for f in check._check(doc, hits.get(check.rule.id, []), matched)
            ]

        return run

    def trace(self, doc: Document) -> list[str]:
        """Each phrase or pattern hit of this rule and why it fires or not (``smslint
        inspect``): a pack author's first question is why a wording passed."""
        lines: list[str] = []
        hits = doc.candidates.words
        spans = [("phrase", start, end) for start, end in hits.of(self.rule.id)]
        seen: set[tuple[int, int]] = set()
        for what, start, end in spans:
            ostart, oend = hits.view.to_original(start, end)
            seen.add((ostart, oend))
            if self.boundary and not on_boundaries(doc, hits.view, start, end):
                verdict = "not on word boundaries"
            else:
                verdict = self._verdict(doc, ostart)
            lines.append(f"{what} «{doc.text[ostart:oend]}» at {ostart}-{oend}: {verdict}")
        for number, pattern in self.patterns:
            for ostart, oend, _ in pattern_matches(doc, pattern, self.boundary):
                if (ostart, oend) not in seen:
                    seen.add((ostart, oend))
                    verdict = self._verdict(doc, ostart)
                    lines.append(
                        f"pattern {number} «{doc.text[ostart:oend]}» at {ostart}-{oend}: {verdict}"
                    )
        return lines

    def _verdict(self, doc: Document, original: int) -> str:
        if self.negation and negated(doc, original):
            return "negated in its clause"
        if self.unless and in_sentence(doc, original, self.unless):
            return (
                f"its sentence holds an `unless` word («{unless_word(doc, original, self.unless)}»)"
            )
        if self.mentions and (why := self.mentions.reason(doc, original)):
            return f"a mention: {why}"
        return "fires"

    def check(self, doc: Document) -> Iterator[Finding]:
        phrases = _phrase_hits(doc, {self.rule.id: self}).get(self.rule.id, [])
        matched = doc.candidates.patterns(self.name) if self.patterns else frozenset()
        return self._check(doc, phrases, matched)

    def _check(
        self, doc: Document, phrases: list[PhraseHit], matched: frozenset[int]
    ) -> Iterator[Finding]:
        hits = list(phrases)
        if self.patterns:
            hits.extend(self._pattern_hits(doc, matched))
        kept = [hit for hit in hits if not self._cancelled(doc, hit)]
        for hit in kept:
            if hit.hidden is not None:
                note_inserted(doc, doc.compact, *hit.hidden)
        replacement = self.rule.replacement
        for start, end in merge_spans(((hit.start, hit.end) for hit in kept), doc):
            fix = None if replacement is None else Fix(start, end, replacement)
            message = self.rule.message.replace("{match}", doc.text[start:end])
            yield self.finding(start, end, message, fix=fix)
