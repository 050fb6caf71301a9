"""``frame``: a threat said as a short sequence of words from named lists.

One frame such as ``[$contact_verb, $third_party]`` stands for every contact verb with
every person who is not the debtor, where a regex would enumerate a slice of them. Slots are
found in the document's list hits (one automaton scan per document, see
:class:`~smslint.prefilter.ListHits`), on the compact view, so 通-讯-录 is 通讯录. A
frame matches when each slot has a word, in order (or any order), each within ``gap``
characters of the previous one, all in one clause (or sentence), and then the rule's
conditions hold: a ``when`` word in the sentence, no ``not_before`` word (the recipient as
actor) earlier in the clause unless a threat's condition stands between (请立即处理否则将派人
上门), the clause not opened by a ``not_opening`` word (如身体不适，可联系您的家人: no subject, the
reader may) unless a threat stands before it in the sentence (如仍不处理，可以联系你的家人), the
first slot not negated, no ``unless`` word in the sentence since its last contrast (如遇暴力催收
请报警，但再不还我们就上门 fires), no ``unless_message`` word anywhere in the message.
A frame's ``when_kinds`` lets the notice kind stand for its ``when``: a collection notice is
about a debt by what it is, so words that are a threat only beside a debt need no debt word
there (晚上回家路上注意安全, sent as an overdue notice). A rule's ``about`` narrows the whole rule
instead: its words count only in a notice of ``about.kinds`` or in one holding an ``about.words``
word anywhere (联系您的家人 is what a safety app or a care reminder says too). A rule's
``unless_signed`` names the senders whose own notice says its words lawfully: a court or the
police signing 【XX人民法院】 or 【XX派出所】 a notification states a status it decides or a step
it takes (你已被纳入失信被执行人名单, 民警已上门劝阻), which a lender or a collector may only
claim; an overdue notice under a court's signature is still one.

:func:`trace` tells, for a text, which frame of each frame rule matched or at which slot or
condition it stopped: what ``smslint inspect`` shows a pack author.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise, permutations
from typing import TYPE_CHECKING, Any, NamedTuple

from smslint.core.model import KINDS, Finding, Fix
from smslint.engine.checks import Check
from smslint.engine.checks.context import (
    in_sentence,
    mentions_of,
    merge_spans,
    negated,
    negated_between,
    note_inserted,
    on_boundaries,
    unless_of,
    unless_word,
)
from smslint.engine.document import Document
from smslint.engine.recognisers import signature_span
from smslint.packs.wordlists import expand, reference
from smslint.prefilter import compact_word

if TYPE_CHECKING:
    from smslint.engine.linter import Linter
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext, ListHits

DEFAULT_GAP = 6
SCOPES = ("clause", "sentence")
WHEN_SCOPES = ("sentence", "message")
ORDERS = ("fixed", "any")
FRAME_KEYS = frozenset({"slots", "gap", "scope", "order", "when", "when_scope", "when_kinds"})
MAX_SLOTS = 6
MAX_ANY_SLOTS = 4  # order: any tries every permutation of the slots

Span = tuple[int, int]  # in the compact view


# the longest heading before a colon read as a signature (澳门初级法院执行案件通知：), and the
# pronouns that make one a sentence instead (我们已找法院：)
HEADING = 16
PRONOUNS = "我你您他她"


class Signers(NamedTuple):
    """A rule's ``unless_signed``: see :meth:`FrameRule._unless_signed`."""

    kinds: frozenset[str]
    words: tuple[str, ...]
    voice: tuple[str, ...]
    not_with: tuple[str, ...]


@dataclass(frozen=True)
class FrameSpec:
    """One compiled frame: for each slot, the owners (``$list`` or ``=literal``) of its words."""

    slots: tuple[tuple[str, ...], ...]
    gap: int
    scope: str
    order: str
    when: tuple[str, ...] | None  # None: the rule's own ``when``
    # where a ``when`` word may sit: the match's sentence, or anywhere in a short message
    # (垃圾！还钱！ splits an insult from its debt at the exclamation mark)
    when_scope: str
    # notice kinds in which the condition holds without a ``when`` word
    when_kinds: frozenset[str]
    written: tuple[str, ...]  # each slot as the pack wrote it, for traces


@dataclass
class FrameTrace:
    """How one frame fared on a document.

    ``matched``: the original span of its first match, or None; then ``stopped_at`` is the
    0-based slot it could not fill (None when every slot was filled but a condition failed)
    and ``reason`` says why, in words."""

    frame: int
    slots: tuple[str, ...]
    matched: tuple[int, int] | None = None
    stopped_at: int | None = None
    reason: str = ""


@dataclass
class RuleTrace:
    """The frames of one frame rule on a document, and the findings they made."""

    rule: str
    frames: list[FrameTrace] = field(default_factory=list)
    findings: list[tuple[int, int]] = field(default_factory=list)


def _after_space(search: _Search, start: int, end: int) -> int:
    """Where the last space between compact ``start`` and ``end`` ends, else ``start``.

    Informal messages put a space where a comma goes (请你今天还钱 否则我们就上门), and the
    compact view drops it; the recipient's request before it must not count as the actor of
    the threat after it."""
    view = search.view
    first = view.to_original(start, start)[0]
    last = view.to_original(end, end)[0]
    text = search.doc.text
    cut = max(text.rfind(space, first, last) for space in _SPACES)
    return max(start, search.doc.compact_index(cut + 1)) if cut >= 0 else start


_SPACES = (" ", "\u3000", "\u00a0")


class _Search:
    """The per-document state of one rule's evaluation: memoised boundary checks."""

    __slots__ = ("boundaries", "doc", "hits", "view", "whole_words")

    def __init__(self, doc: Document, whole_words: bool = True) -> None:
        self.doc = doc
        self.whole_words = whole_words
        self.hits: ListHits = doc.candidates.words
        self.view = self.hits.view
        self.boundaries: dict[tuple[Span, bool, bool], bool] = {}

    def word(self, span: Span, left: bool = True, right: bool = True) -> bool:
        """Whether ``span`` starts (``left``) and ends (``right``) on word boundaries. A match's
        outer edges are asked, and the edges of slots apart; not those of touching slots, as
        去|你|家 may be one word to the segmenter."""
        if not self.whole_words:
            return True
        key = (span, left, right)
        found = self.boundaries.get(key)
        if found is None:
            found = self.boundaries[key] = on_boundaries(self.doc, self.view, *span, left, right)
        return found

    def spans(self, owners: tuple[str, ...]) -> list[Span]:
        if len(owners) == 1:
            return self.hits.of(owners[0])
        return sorted({span for owner in owners for span in self.hits.of(owner)})


class FrameRule(Check):
    name = "frame"
    options = {
        "phrases": list,
        "frames": list,
        "when": list,
        "not_before": (list, dict),
        "not_opening": dict,
        "negation": bool,
        "boundary": bool,
        "unless": list,
        "about": dict,
        "unless_signed": dict,
        "unless_message": list,
    }

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        opts = rule.options
        self._ctx = ctx
        self._lists = pack.lists
        phrases = opts.get("phrases", [])
        if not phrases and not opts.get("frames"):
            raise self.error("a frame rule needs `phrases` or at least one frame", "frames")
        # phrases are threats by themselves: one frame of one slot, with no condition
        specs = [{"slots": [phrases], "when": []}] if phrases else []
        self.frames = [self._frame(f) for f in [*specs, *opts.get("frames", [])]]
        self.boundary = opts.get("boundary", True)
        self.when = self._terms(opts.get("when", []), "when")
        about = opts.get("about")  # the pack schema checks the shape of these three options
        self.about_kinds = frozenset[str](about.get("kinds", ())) if about else frozenset()
        self.about_words = self._terms(about["words"], "about") if about else ()
        # what a match needs in the document (see Candidates.fillable)
        self.number = ctx.frames(self._needs(frame) for frame in self.frames)
        self.not_before, self.before_unless = self._guarded(opts.get("not_before"), "not_before")
        self.not_opening, self.opening_unless = self._guarded(
            opts.get("not_opening"), "not_opening"
        )
        self.negation = opts.get("negation", True)
        self.unless = unless_of(opts.get("unless", []), pack, lambda u: self._text(u, "unless"))
        self.mentions = mentions_of(pack, ctx) if rule.category == "coercion" else None
        self.signers = self._unless_signed(opts.get("unless_signed"))
        self.disclaimers = unless_of(
            opts.get("unless_message", []), pack, lambda u: self._text(u, "unless_message")
        )

    def _guarded(self, spec: Any, option: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The words of ``not_before`` or ``not_opening`` and their ``unless``: the reader is
        the one who acts after them (请您…, a clause opened by a bare 可), unless a threat's
        condition makes what follows the sender's consequence (请立即处理否则将派人上门, 如仍不
        处理，可以联系你的家人). ``not_before`` may also be a bare list of words."""
        if spec is None:
            return (), ()
        if isinstance(spec, list):
            return self._terms(spec, option), ()
        return self._terms(spec["words"], option), self._terms(spec.get("unless", []), option)

    def _needs(self, frame: FrameSpec) -> list[tuple[str, ...]]:
        """What a match of ``frame`` needs in a document, as slots of owners: a word of each of
        its slots; a word of its condition list, or a notice kind that stands for it
        (``when_kinds``); one of the rule's ``about`` words, or a notice kind (or none stated)
        that is about a debt by itself (see :meth:`_not_about`)."""
        needs = list(frame.slots)
        when = self.when if frame.when is None else frame.when
        if when:
            needs.append((*when, *map(self._ctx.kind, frame.when_kinds)))
        if self.about_words:
            needs.append((*self.about_words, *map(self._ctx.kind, (None, *self.about_kinds))))
        return needs

    def _not_about(self, doc: Document) -> str:
        """Why the rule has nothing to say on ``doc``, or "" when it applies.

        Words such as 联系您的家人 are pressure only where a debt is: a safety app and a care
        reminder say them too. A message of no stated kind counts as about a debt, since a
        collection linter that cannot tell must show its reviewer the threat."""
        if (
            not self.about_words
            or doc.kind is None
            or doc.kind in self.about_kinds
            or doc.candidates.words.holds(self.about_words)
        ):
            return ""
        return f"about: a {doc.kind} notice holding none of the rule's `about` words"

    def _unless_signed(self, spec: Any) -> Signers:
        """The rule's ``unless_signed``: kinds (default: every stated kind), signer words, voice
        words and ``not_with`` words. A court or the police states in its own notice what a
        lender may only claim; the kinds keep a lender's overdue notice signed as a court
        within the rule, the voice (本院, a case number's 民初) keeps out a collector who signs
        as one, and ``not_with`` one who speaks as a collector all the same (2小时内, 全家)."""
        if spec is None:
            return Signers(frozenset(), (), (), ())

        def words(key: str) -> tuple[str, ...]:
            expanded = expand(spec.get(key, []), self._lists)
            return tuple(self._text(w, "unless_signed") for w in expanded)

        kinds = frozenset[str](spec.get("kinds", list(KINDS)))
        return Signers(kinds, words("words"), words("voice"), words("not_with"))

    def _signed(self, doc: Document) -> str:
        """The reason a signer of ``unless_signed`` may say the rule's words, or "". Only the
        【…】 signature counts, not a court named in the body, which any sender can write;
        with ``voice`` words, a heading before the first colon (澳门初级法院执行案件通知：)
        counts too, and the notice must speak in that voice somewhere and in no collector's."""
        signers = self.signers
        if not signers.words or doc.kind not in signers.kinds:
            return ""
        text = doc.norm.text
        span = signature_span(doc.text)
        if span is not None:
            signature = text[doc.norm_index(span[0]) : doc.norm_index(span[1])]
        elif signers.voice:
            colon = text.find(":")
            signature = text[:colon] if 0 < colon <= HEADING else ""
            if any(p in signature for p in PRONOUNS):
                signature = ""
        else:
            return ""
        word = next((w for w in signers.words if w in signature), None)
        if word is None:
            return ""
        if signers.voice:
            voice = next((v for v in signers.voice if v in text), None)
            if voice is None or any(w in text for w in signers.not_with):
                return ""
            return f"unless_signed: a {doc.kind} notice signed by «{word}» in its voice («{voice}»)"
        return f"unless_signed: a {doc.kind} notice signed by «{word}»"

    def _disclaimed(self, doc: Document) -> str:
        """The reason a word of ``unless_message`` anywhere in the message puts the rule
        outside it, or "": an emergency contact told in one sentence that they owe nothing
        is asked in another to pass on a call-back request, which is lawful (also after a
        但: 您无需承担任何还款责任，但烦请转告他回电)."""
        if not self.disclaimers:
            return ""
        word = self.disclaimers.first(doc.norm.text) or self.disclaimers.first(doc.compact_text)
        return "" if word is None else f"unless_message: the message carries «{word}»"

    def _text(self, value: object, option: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"every entry of {option!r} must be a non-empty string", option)
        return self._ctx.normal_form(value.strip())

    def _owner(self, value: object, option: str) -> str:
        """The automaton owner of a slot alternative or condition word, registered once."""
        name = reference(value)
        if name is not None:
            owner = f"${name}"
            self._ctx.words(self._lists.get(name, ()), owner)
            return owner
        word = compact_word(self._text(value, option))
        owner = f"={word}"
        self._ctx.word(word, owner)
        return owner

    def _terms(self, values: object, option: str) -> tuple[str, ...]:
        if not isinstance(values, list):
            raise self.error(f"{option!r} must be a list", option)
        return tuple(dict.fromkeys(self._owner(v, option) for v in values))

    def _frame(self, spec: Any) -> FrameSpec:
        if not isinstance(spec, dict):
            raise self.error("each frame must be a mapping with `slots`", "frames")
        unknown = set(spec) - FRAME_KEYS
        if unknown:
            allowed = ", ".join(sorted(FRAME_KEYS))
            first = sorted(unknown)[0]
            raise self.error(f"unknown frame key {first!r} (allowed: {allowed})", "frames")
        slots = spec.get("slots")
        if not isinstance(slots, list) or not 1 <= len(slots) <= MAX_SLOTS:
            raise self.error(f"a frame needs `slots`: a list of 1 to {MAX_SLOTS}", "frames")
        gap = spec.get("gap", DEFAULT_GAP)
        if not isinstance(gap, int) or isinstance(gap, bool) or gap < 0:
            raise self.error("a frame's `gap` must be a whole number of characters", "frames")
        scope = spec.get("scope", "clause")
        order = spec.get("order", "fixed")
        if scope not in SCOPES:
            raise self.error(f"a frame's `scope` must be one of {', '.join(SCOPES)}", "frames")
        if order not in ORDERS:
            raise self.error(f"a frame's `order` must be one of {', '.join(ORDERS)}", "frames")
        when_scope = spec.get("when_scope", "sentence")
        if when_scope not in WHEN_SCOPES:
            raise self.error(
                f"a frame's `when_scope` must be one of {', '.join(WHEN_SCOPES)}", "frames"
            )
        when_kinds = spec.get("when_kinds", [])
        if not isinstance(when_kinds, list) or not set(when_kinds) <= set(KINDS):
            raise self.error(
                f"a frame's `when_kinds` must be a list of notice kinds ({', '.join(KINDS)})",
                "frames",
            )
        if order == "any" and len(slots) > MAX_ANY_SLOTS:
            raise self.error(f"`order: any` takes at most {MAX_ANY_SLOTS} slots", "frames")
        owners = []
        for slot in slots:
            alternatives = slot if isinstance(slot, list) else [slot]
            if not alternatives:
                raise self.error("a slot must name a list or a word", "frames")
            owners.append(tuple(dict.fromkeys(self._owner(a, "frames") for a in alternatives)))
        when = spec.get("when")
        return FrameSpec(
            slots=tuple(owners),
            gap=gap,
            scope=scope,
            order=order,
            when=None if when is None else self._terms(when, "frames"),
            when_scope=when_scope,
            when_kinds=frozenset(when_kinds),
            written=tuple("|".join(map(str, s)) if isinstance(s, list) else str(s) for s in slots),
        )

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """Rules run only on documents holding a word of every slot of one of their frames."""
        rules = [c for c in checks if isinstance(c, FrameRule)]

        def run(doc: Document) -> list[Finding]:
            fillable = doc.candidates.fillable()
            if not fillable:
                return []  # most messages
            return [f for check in rules if check.number in fillable for f in check.check(doc)]

        return run

    def check(self, doc: Document) -> Iterator[Finding]:
        replacement = self.rule.replacement
        for start, end in self._evaluate(doc, None):
            message = self.rule.message.replace("{match}", doc.text[start:end])
            fix = None if replacement is None else Fix(start, end, replacement)
            yield self.finding(start, end, message, fix=fix)

    def _evaluate(self, doc: Document, trace: RuleTrace | None) -> list[tuple[int, int]]:
        """The merged original spans of this rule's matches; fills ``trace`` when given."""
        hits = doc.candidates.words
        search: _Search | None = None
        found: list[tuple[int, int]] = []
        outside = self._not_about(doc) or self._signed(doc) or self._disclaimed(doc)
        for number, frame in enumerate(self.frames):
            record = None if trace is None else FrameTrace(number, frame.written)
            if trace is not None:
                trace.frames.append(record)  # type: ignore[arg-type]
            if outside:
                if record is not None:
                    record.reason = outside
                continue
            missing = next((i for i, slot in enumerate(frame.slots) if not hits.holds(slot)), None)
            if missing is not None:
                if record is not None:
                    record.stopped_at = missing
                    record.reason = f"no word of slot {missing + 1} ({frame.written[missing]})"
                continue
            if search is None:
                search = _Search(doc, self.boundary)
            for chain in self._matches(search, frame, record):
                start, end = chain[0][0], max(e for _, e in chain)
                ostart, oend = search.view.to_original(start, end)
                if record is not None and record.matched is None:
                    record.matched = (ostart, oend)
                    record.stopped_at = None
                    record.reason = ""
                note_inserted(doc, search.view, start, end)
                found.append((ostart, oend))
        merged = merge_spans(found, doc)
        if trace is not None:
            trace.findings = merged
        return merged

    def _matches(
        self, search: _Search, frame: FrameSpec, record: FrameTrace | None
    ) -> Iterator[list[Span]]:
        """Chains of slot spans (in text order) that fill the frame and meet the conditions."""
        orders: Iterable[tuple[int, ...]]
        count = len(frame.slots)
        orders = permutations(range(count)) if frame.order == "any" else [tuple(range(count))]
        deepest: list[Any] = [0, ""]  # slots filled at best, and the reason the next was not
        for order in orders:
            candidates = [search.spans(frame.slots[i]) for i in order]
            for first in candidates[0]:
                if not search.word(first, right=count == 1):
                    _deeper(deepest, 0, "slot 1 is not a word of its own")
                    continue
                failed = None
                for chain in self._extend(search, frame, candidates, [first], deepest):
                    if failed is None:  # the conditions depend on where the frame starts
                        failed = self._condition_fails(search, frame, chain)
                        if failed:
                            _deeper(deepest, count, failed)
                    if failed:
                        break
                    yield chain
        if record is not None and record.matched is None:
            filled, why = deepest
            record.stopped_at = None if filled >= count else int(filled)
            record.reason = str(why) or "no match"

    def _extend(
        self,
        search: _Search,
        frame: FrameSpec,
        candidates: list[list[Span]],
        chain: list[Span],
        deepest: list[Any],
    ) -> Iterator[list[Span]]:
        """Every way to fill the remaining slots after ``chain``."""
        index = len(chain)
        if index == len(candidates):
            yield chain
            return
        hits = search.hits
        start = chain[0][0]
        _, scope_end = hits.clause(start) if frame.scope == "clause" else hits.sentence(start)
        previous = chain[-1][1]
        reason = f"no word of slot {index + 1} within {frame.gap} characters in the {frame.scope}"
        filled = False
        for span in candidates[index]:
            if span[0] < previous:
                continue
            if span[0] - previous > frame.gap or span[1] > scope_end:
                break
            last = index == len(candidates) - 1
            if last and not search.word(span, left=False):
                reason = f"slot {index + 1} ends inside a word"
                continue
            # slots apart are words apart (信用|卡 is no 信用); touching ones may share one (去你家)
            if span[0] > previous and not (
                search.word(chain[-1], left=False) and search.word(span, right=False)
            ):
                reason = f"slot {index} or {index + 1} is not a word of its own"
                continue
            for found in self._extend(search, frame, candidates, [*chain, span], deepest):
                filled = True
                yield found
        if not filled:
            _deeper(deepest, index, reason)

    def _condition_fails(self, search: _Search, frame: FrameSpec, chain: list[Span]) -> str:
        """Why a filled frame does not count, or "" when it does."""
        hits = search.hits
        doc = search.doc
        start = chain[0][0]
        if self.not_before:
            # before the first slot in its clause, and before each later slot in a clause of
            # its own (你的逾期情况我们已记录，建议你与家人商量: the recipient acts there too)
            previous = -1
            for slot in chain:
                if previous < 0 or hits.clause(slot[0])[0] > previous:
                    clause_start = _after_space(search, hits.clause(slot[0])[0], slot[0])
                    for owner in self.not_before:
                        for span in hits.of(owner):
                            if (
                                clause_start <= span[0]
                                and span[1] <= slot[0]
                                and search.word(span)
                                and not self._between(hits, self.before_unless, span[1], slot[0])
                            ):
                                return "not_before: the recipient acts (" + owner + ")"
                previous = slot[1]
        if self.not_opening:
            # the first slot's clause opens with the word, before it: no one else is the subject,
            # unless a threat's condition earlier in the sentence makes the act the consequence
            opening = _after_space(search, hits.clause(start)[0], start)
            sentence_start = hits.sentence(start)[0]
            threat = self._between(hits, self.opening_unless, sentence_start, opening)
            for owner in () if threat else self.not_opening:
                for span in hits.of(owner):
                    if span[0] == opening and span[1] <= start and search.word(span):
                        return "not_opening: the clause gives the reader the act (" + owner + ")"
        when = self.when if frame.when is None else frame.when
        if when and doc.kind not in frame.when_kinds:
            whole = frame.when_scope == "message"
            s, e = (0, len(search.view.text)) if whole else hits.sentence(start)
            if not any(
                s <= span[0] and span[1] <= e  # a condition may be part of a word: 现已, 即将
                for owner in when
                for span in hits.of(owner)
            ):
                where = "message" if whole else "sentence"
                reason = f"when: no condition or intent in the {where}"
                if frame.when_kinds:
                    kinds = ", ".join(sorted(frame.when_kinds))
                    reason += f" (and a {doc.kind} notice is none of {kinds})"
                return reason
        if self.negation or self.unless:
            original = search.view.to_original(start, start + 1)[0]
            if self.negation:
                if negated(doc, original):
                    return "negation: the first slot is negated"
                for number, (before, slot) in enumerate(pairwise(chain), 2):
                    if slot[0] > before[1] and negated_between(
                        doc,
                        search.view.to_original(*before),
                        search.view.to_original(slot[0], slot[0] + 1)[0],
                    ):
                        return f"negation: slot {number} is negated"
            if self.unless and in_sentence(doc, original, self.unless):
                word = unless_word(doc, original, self.unless)
                return f"unless: the sentence carries an unless word («{word}»)"
        if self.mentions:
            why = self.mentions.reason(doc, search.view.to_original(start, start + 1)[0])
            if why:
                return f"mention: {why}"
        return ""

    @staticmethod
    def _between(hits: ListHits, owners: tuple[str, ...], start: int, end: int) -> bool:
        """Whether a word of ``owners`` lies within ``start``..``end``."""
        return any(
            start <= span[0] and span[1] <= end for owner in owners for span in hits.of(owner)
        )

    def record(self, doc: Document) -> RuleTrace:
        """Which frame matched on ``doc``, or where each stopped (see :func:`trace`)."""
        record = RuleTrace(self.rule.id)
        self._evaluate(doc, record)
        return record

    def trace(self, doc: Document) -> list[str]:
        """The record as lines, for ``smslint inspect`` (matched text masked there)."""
        lines = []
        for frame in self.record(doc).frames:
            slots = " + ".join(frame.slots)
            if frame.matched is not None:
                start, end = frame.matched
                lines.append(f"frame {frame.frame + 1} [{slots}] matched «{doc.text[start:end]}»")
            else:
                lines.append(f"frame {frame.frame + 1} [{slots}] stopped: {frame.reason}")
        return lines


def _deeper(deepest: list[Any], filled: int, reason: str) -> None:
    if filled >= deepest[0]:
        deepest[0], deepest[1] = filled, reason


def trace(linter: Linter, text: str, kind: str | None = None) -> list[RuleTrace]:
    """For each frame rule of ``linter``'s pack that applies to ``kind``, how its frames fared
    on ``text``: the first match of each frame (original span), or the 0-based slot where the
    search stopped and why, or the condition that failed (when, not_before, not_opening,
    negation, unless, a mention; for the whole rule about and unless_signed).
    """
    from smslint.engine.linter import _template

    doc = Document(_template(text), kind or linter.kind, linter.pack, linter.prefilter)
    return [
        check.record(doc)
        for check in linter.checks
        if isinstance(check, FrameRule) and check.rule.applies_to(doc.kind)
    ]
