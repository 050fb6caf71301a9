"""A pack's rule examples run as tests: what ``smslint test`` and the test suite both use.

Every rule carries ``examples: {fail: [...], pass: [...]}``. A ``fail`` example must trigger
that very rule (another rule catching it proves nothing about this one), and a ``pass``
example must not. A ``fail`` example written as ``{text, span}`` must also get a finding of
the rule over exactly ``span``: a rule that fires on the wrong words is a rule that will
fire on the wrong messages. One runner serves the command line and the suite, so a pack
author sees the same verdict as CI.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from smslint.core.errors import SmslintError
from smslint.core.model import Finding
from smslint.engine.linter import Linter
from smslint.packs.pack import Rule
from smslint.privacy.masking import redact, redact_span

LABELS = ("fail", "pass")
DEFAULT_KIND = "overdue"


@dataclass(frozen=True)
class Hit:
    """A finding on an example, with the words it matched (identifiers masked)."""

    rule: str
    category: str
    start: int
    end: int
    matched: str

    def shown(self) -> str:
        return f"{self.rule} «{self.matched}»" if self.end > self.start else self.rule


@dataclass
class Outcome:
    """One example's verdict; ``index`` is 1-based within its label, 0 for a missing label."""

    pack: str
    rule: str
    file: str
    line: int
    label: str
    index: int
    kind: str
    text: str  # identifiers masked
    ok: bool
    why: str = ""
    span: str | None = None
    hits: list[Hit] = field(default_factory=list)

    def where(self) -> str:
        if not self.index:
            return f"{self.file}:{self.line}: {self.rule}"
        return (
            f"{self.file}:{self.line}: {self.rule}: {self.label} example {self.index} "
            f"({self.kind}) «{self.text}»"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "pack": self.pack,
            "rule": self.rule,
            "file": self.file,
            "line": self.line,
            "label": self.label,
            "index": self.index,
            "kind": self.kind,
            "text": self.text,
            "span": self.span,
            "ok": self.ok,
            "why": self.why,
            "findings": [hit.__dict__ for hit in self.hits],
        }


def example_kind(rule: Rule, example: str | dict[str, Any]) -> str:
    """The notice kind an example is linted as: its own ``kind``, then the examples' ``kind``,
    then the first kind the rule is limited to, else overdue (where most rules apply)."""
    own = example.get("kind") if isinstance(example, dict) else None
    return own or rule.examples.get("kind") or (rule.kinds[0] if rule.kinds else DEFAULT_KIND)


def select(linter: Linter, rule_ids: Iterable[str] | None = None) -> list[Rule]:
    """The rules whose examples run: every rule not switched off, or those named."""
    rules = [rule for rule in linter.pack.rules if rule.severity != "off"]
    if rule_ids is None:
        return rules
    wanted = set(rule_ids)
    return [rule for rule in rules if rule.id in wanted]


def run(linter: Linter, rule_ids: Iterable[str] | None = None) -> list[Outcome]:
    """The verdict on every example of the selected rules, in pack order."""
    return [outcome for rule in select(linter, rule_ids) for outcome in run_rule(linter, rule)]


def run_rule(linter: Linter, rule: Rule) -> Iterator[Outcome]:
    line = rule.option_lines.get("examples", rule.line)
    for label in LABELS:
        examples = rule.examples.get(label) or []
        if not examples:
            why = f"has no {label} example: every rule needs both"
            yield Outcome(linter.pack.name, rule.id, rule.file, line, label, 0, "", "", False, why)
        for index, example in enumerate(examples, 1):
            yield _verdict(linter, rule, line, label, index, example)


def _verdict(
    linter: Linter, rule: Rule, line: int, label: str, index: int, example: str | dict[str, Any]
) -> Outcome:
    if not isinstance(example, dict):
        example = {"text": example}
    text = example["text"]
    kind = example_kind(rule, example)
    found = linter.lint(text, kind, vars=example.get("vars"), schedule=example.get("schedule"))
    hits = [_hit(text, f) for f in found]
    own = [hit for hit in hits if hit.rule == rule.id]
    span = example.get("span")
    shown_span = None if span is None else redact(span)
    outcome = Outcome(
        linter.pack.name,
        rule.id,
        rule.file,
        line,
        label,
        index,
        kind,
        redact(text),
        True,
        span=shown_span,
        hits=hits,
    )
    if label == "pass":
        if own:
            outcome.ok = False
            outcome.why = "fired on " + ", ".join(f"«{hit.matched}»" for hit in own)
        return outcome
    if not own:
        outcome.ok = False
        outcome.why = "did not fire; " + _instead(hits, rule)
        if not rule.applies_to(kind):
            outcome.why = f"did not fire: the rule applies only to {', '.join(rule.kinds or ())}"
    elif span is not None:
        outcome.ok, outcome.why = _span_verdict(text, span, [f for f in found if f.rule == rule.id])
    return outcome


def _hit(text: str, finding: Finding) -> Hit:
    matched = finding.masked or redact_span(text, finding.start, finding.end)
    return Hit(finding.rule, finding.category, finding.start, finding.end, matched)


def _instead(hits: list[Hit], rule: Rule) -> str:
    """What fired instead, in the rule's category; other categories are only counted (a
    coercion example is rarely a complete notice, and its missing elements are noise)."""
    same = [hit.shown() for hit in hits if hit.category == rule.category]
    others = len(hits) - len(same)
    tail = f" ({others} finding(s) of other categories)" if others else ""
    if same:
        return f"fired instead: {', '.join(dict.fromkeys(same))}{tail}"
    return f"no {rule.category} rule fired{tail}"


def _span_verdict(text: str, span: str, own: list[Finding]) -> tuple[bool, str]:
    if not span or span not in text:
        return False, f"span «{redact(span)}» is not in the example's text"
    if any(text[f.start : f.end] == span for f in own):
        return True, ""
    fired = ", ".join(f"«{redact_span(text, f.start, f.end)}»" for f in own)
    return False, f"fired on {fired}, not exactly on «{redact(span)}»"


def summary(outcomes: list[Outcome]) -> str:
    failed = sum(not outcome.ok for outcome in outcomes)
    return f"{len(outcomes) - failed} passed, {failed} failed"


def unknown_rules(linters: list[Linter], rule_ids: Iterable[str]) -> None:
    """A ``--rule`` that names no rule of any pack given is a typo, not a pass."""
    known = {rule.id for linter in linters for rule in linter.pack.rules}
    missing = [rule_id for rule_id in rule_ids if rule_id not in known]
    if missing:
        names = ", ".join(linter.pack.name for linter in linters)
        raise SmslintError(f"no rule {', '.join(map(repr, missing))} in pack(s) {names}")
