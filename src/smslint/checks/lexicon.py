"""``lexicon``: phrase lists and clause patterns, matched so that spelling tricks do not hide them.

Phrases are found on two views of the text: the normalised one (simplified,
half-width, lower-case) and the compact one (separators between CJK
characters dropped, so 坐*牢 meets 坐牢). A candidate then has to survive
three tests that keep lawful notices quiet: it must lie on word boundaries
(家人 is not in 国家人口), it must not be negated in its clause (我们不会上门),
and its sentence must not carry an ``unless`` context (a fraud warning that
quotes what impostors say).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..document import CLAUSE_PUNCT, Document
from ..model import Finding, Fix
from ..normalize import Normalized, is_cjk
from ..regexes import compile_pattern
from . import Check, register

if TYPE_CHECKING:
    from ..packs import Pack, Rule
    from .shared import Shared

WINDOW = 12  # characters of context on each side that decide a word boundary
NEGATORS = frozenset(
    "不 不会 不再 不要 不用 不必 不得 不能 不可 绝不 决不 绝不会 决不会 从不 从未 并不 并未 并非 "
    "没 没有 未 无需 无须 勿 切勿 请勿 禁止 严禁 杜绝 拒绝 避免 防止 谨防 非".split()
)
NEGATOR_CHARS = frozenset("".join(NEGATORS))
_NEGATOR_CHAR = re.compile(f"[{re.escape(''.join(sorted(NEGATOR_CHARS)))}]")
NEGATION_REACH = 8  # tokens back from a hit that a negator may stand
# after 不, these make a condition on the borrower (再不还钱…) rather than a negation
COMPLY = frozenset(
    "还 还款 还钱 归还 偿还 处理 回复 联系 配合 理会 接 接听 履行 结清 缴 缴纳 按时 及时 主动 "
    "理睬 回电".split()
)
# words that start the consequence of a condition: 不还款就上门 is a threat, not a negation
CONSEQUENCE = frozenset(["就", "则", "将", "便", "否则", "那么", "立即", "马上", "会", "要", "再"])


@dataclass
class _Hit:
    start: int  # original span
    end: int
    norm_start: int  # in the normalised view, for clause and sentence context


def _on_boundaries(doc: Document, view: Normalized, start: int, end: int) -> bool:
    text = view.text
    left_open = start > 0 and is_cjk(text[start - 1])
    right_open = end < len(text) and is_cjk(text[end])
    if not (left_open or right_open):
        return True  # neighbours are not CJK: the phrase is a word of its own
    lo = max(0, start - WINDOW)
    hi = min(len(text), end + WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in CLAUSE_PUNCT:
            lo = i + 1
            break
    for i in range(end, hi):
        if text[i] in CLAUSE_PUNCT:
            hi = i
            break
    tokenizer = doc.shared.tokenizer
    window = text[lo:hi]
    return not (
        tokenizer.splits_word(window, start - lo) or tokenizer.splits_word(window, end - lo)
    )


def _occurrences(doc: Document, word: str) -> list[int]:
    """Where ``word`` starts in the normalised text, found once per document: whether a
    sentence or clause holds it is then a bisection, however long the sentence and however
    many hits it holds (a scan of the sentence per hit is quadratic on a long one)."""
    memo = doc.__dict__.setdefault("_occurrences", {})
    found = memo.get(word)
    if found is None:
        text = doc.norm.text
        found = memo[word] = []
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    return found


def _holds(starts: list[int], length: int, start: int, end: int) -> bool:
    """Whether an occurrence (of ``length`` characters, starting at one of ``starts``) lies
    within ``start:end``; the first one starting there is the one that may fit."""
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] + length <= end


def _negator_marks(doc: Document) -> list[int]:
    """Where characters of negators stand in the normalised text, once per document."""
    marks = doc.__dict__.get("_negator_marks")
    if marks is None:
        marks = doc.__dict__["_negator_marks"] = [
            m.start() for m in _NEGATOR_CHAR.finditer(doc.norm.text)
        ]
    return marks


def _negated(doc: Document, norm_start: int) -> bool:
    """A negator earlier in the clause, with no condition or consequence in between."""
    clause_start, _ = doc.clause(norm_start)
    if not _holds(_negator_marks(doc), 1, clause_start, norm_start):
        return False
    before = doc.norm.text[max(clause_start, norm_start - NEGATION_REACH * 3) : norm_start]
    tokens = doc.shared.tokenizer.cut(before)[-NEGATION_REACH:]
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        if token in CONSEQUENCE:
            return False
        if token in NEGATORS:
            # 不还款…: a condition on the borrower, not a negation of what follows
            return i + 1 >= len(tokens) or tokens[i + 1] not in COMPLY
    return False


def _candidates(doc: Document) -> dict[str, list[_Hit]]:
    """Phrase hits of every lexicon rule, from both views, computed once per document."""
    cached = doc.__dict__.get("_lexicon_hits")
    if cached is not None:
        return cached
    hits: dict[str, list[_Hit]] = {}
    screened = doc.shared.screen(doc)
    if screened is not None and not screened.phrases:
        doc.__dict__["_lexicon_hits"] = hits
        return hits
    phrases = doc.shared.phrases
    norm = doc.norm
    found = phrases.find(norm.text)
    views = [(norm, found)]
    compact_text = doc.compact_text
    if compact_text != norm.text:
        # the compact view's map is built only when its text holds a phrase
        in_compact = phrases.find(compact_text)
        if in_compact:
            views.append((doc.compact, in_compact))
    if found or len(views) > 1:
        seen: set[tuple[str, int, int]] = set()
        for view, occurrences in views:
            for start, end, _phrase, owners in occurrences:
                ostart, oend = view.to_original(start, end)
                for rule_id in owners:
                    key = (rule_id, ostart, oend)
                    if key in seen:
                        continue
                    if not _boundary_ok(doc, view, start, end, rule_id):
                        continue
                    seen.add(key)
                    hits.setdefault(rule_id, []).append(_Hit(ostart, oend, doc.norm_index(ostart)))
    doc.__dict__["_lexicon_hits"] = hits
    return hits


def _boundary_ok(doc: Document, view: Normalized, start: int, end: int, rule_id: str) -> bool:
    check = doc.shared.lexicon_rules.get(rule_id)
    return check is None or not check.boundary or _on_boundaries(doc, view, start, end)


@register
class Lexicon(Check):
    name = "lexicon"
    options = {
        "phrases": list,
        "patterns": list,
        "boundary": bool,
        "negation": bool,
        "unless": list,
    }

    def __init__(self, rule: Rule, pack: Pack, shared: Shared) -> None:
        super().__init__(rule, pack, shared)
        opts = rule.options
        if not opts.get("phrases") and not opts.get("patterns"):
            raise self.error("a lexicon rule needs `phrases` or `patterns`")
        self.boundary = opts.get("boundary", True)
        self.negation = opts.get("negation", True)
        self.unless = [self._norm(shared, u, "unless") for u in opts.get("unless", [])]
        for phrase in opts.get("phrases", []):
            shared.phrases.add(self._norm(shared, phrase, "phrases"), rule.id)
        line = rule.option_lines.get("patterns", rule.line)
        # (number in the pack's pattern set, compiled pattern)
        self.patterns = [
            (shared.patterns.add(p, self.name), compile_pattern(p, rule.file, line))
            for p in opts.get("patterns", [])
        ]
        shared.lexicon_rules[rule.id] = self

    def _norm(self, shared: Shared, phrase: object, option: str) -> str:
        if not isinstance(phrase, str) or not phrase.strip():
            raise self.error(f"every entry of {option!r} must be a non-empty string", option)
        return shared.normal_form(phrase.strip())

    def _pattern_hits(self, doc: Document, matched: frozenset[int] | None) -> Iterator[_Hit]:
        for number, pattern in self.patterns:
            if matched is not None and number not in matched:
                continue
            for m in pattern.finditer(doc.norm.text):
                if m.end() == m.start():
                    continue
                if self.boundary and not _on_boundaries(doc, doc.norm, m.start(), m.end()):
                    continue
                ostart, oend = doc.norm.to_original(m.start(), m.end())
                yield _Hit(ostart, oend, m.start())

    def _cancelled(self, doc: Document, hit: _Hit) -> bool:
        if self.unless:
            s, e = doc.sentence(hit.norm_start)
            memo = doc.__dict__.setdefault("_unless", {})  # a sentence's hits ask alike
            key = (self.rule.id, s)
            cancelled = memo.get(key)
            if cancelled is None:
                cancelled = memo[key] = any(
                    _holds(_occurrences(doc, word), len(word), s, e) for word in self.unless
                )
            if cancelled:
                return True
        return self.negation and _negated(doc, hit.norm_start)

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """Phrases and patterns of all the rules are scanned once; only rules with a hit run."""
        rules = [c for c in checks if isinstance(c, Lexicon)]
        owner = {number: c.rule.id for c in rules for number, _ in c.patterns}

        def run(doc: Document) -> Iterable[Finding]:
            screened = doc.shared.screen(doc)
            if (
                screened is not None
                and not screened.phrases
                and (not owner or doc.shared.patterns.quiet(doc, cls.name))
            ):
                return ()  # nearly every message of a bulk run
            hits = _candidates(doc)
            matched = doc.shared.patterns.matched(doc, cls.name) if owner else frozenset()
            if matched is None:
                due = {c.rule.id for c in rules if c.patterns} | hits.keys()
            else:
                due = {owner[n] for n in matched if n in owner}
                due.update(hits)
                if not due:
                    return ()  # a word of a pattern, without the pattern: most of the rest
            return [
                f for check in rules if check.rule.id in due for f in check._check(doc, matched)
            ]

        return run

    def trace(self, doc: Document) -> list[str]:
        """Each phrase or pattern hit of this rule and why it fires or not (``smslint
        inspect``): a pack author's first question is why a wording passed."""
        from ..masking import redact_span

        lines: list[str] = []
        candidates: list[tuple[str, Normalized, int, int]] = []  # (what, view, start, end)
        views = [("normalized", doc.norm)]
        if doc.compact_text != doc.norm.text:
            views.append(("compact", doc.compact))
        for name, view in views:
            for start, end, phrase, owners in doc.shared.phrases.find(view.text):
                if self.rule.id in owners:
                    candidates.append((f"phrase «{phrase}» ({name})", view, start, end))
        for number, pattern in self.patterns:
            for m in pattern.finditer(doc.norm.text):
                if m.end() > m.start():
                    candidates.append((f"pattern {number}", doc.norm, m.start(), m.end()))
        seen: set[tuple[int, int]] = set()
        for what, view, start, end in candidates:
            ostart, oend = view.to_original(start, end)
            if (ostart, oend) in seen:
                continue
            seen.add((ostart, oend))
            hit = _Hit(ostart, oend, doc.norm_index(ostart))
            if self.boundary and not _on_boundaries(doc, view, start, end):
                verdict = "not on word boundaries"
            elif self.negation and _negated(doc, hit.norm_start):
                verdict = "negated in its clause"
            elif self._cancelled(doc, hit):
                verdict = "its sentence holds an `unless` word"
            else:
                verdict = "fires"
            matched = redact_span(doc.text, ostart, oend)
            lines.append(f"{what} «{matched}» at {ostart}-{oend}: {verdict}")
        return lines

    def check(self, doc: Document) -> Iterator[Finding]:
        return self._check(
            doc, doc.shared.patterns.matched(doc, self.name) if self.patterns else None
        )

    def _check(self, doc: Document, matched: frozenset[int] | None) -> Iterator[Finding]:
        hits = list(_candidates(doc).get(self.rule.id, ()))
        if self.patterns:
            hits.extend(self._pattern_hits(doc, matched))
        reach = -1  # furthest end of the hits taken; each of them starts at or before this hit
        for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
            if hit.end <= reach:
                continue  # inside a longer hit of the same rule
            if self._cancelled(doc, hit):
                continue
            reach = max(reach, hit.end)
            matched = doc.text[hit.start : hit.end]
            replacement = self.rule.replacement
            fix = None if replacement is None else Fix(hit.start, hit.end, replacement)
            yield self.finding(
                hit.start, hit.end, self.rule.message.replace("{match}", matched), fix=fix
            )
