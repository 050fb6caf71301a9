"""In-template suppressions: ``ignore: [{rule: ID, reason: "…"}]`` on a template entry.

A compliance exception is a decision someone must be able to defend later, so an exception
without a reason is itself reported, and so is one that no longer silences anything (the
template was fixed, or the rule renamed): a stale exception would silently cover the next real
problem. Every report lists the suppressions that acted, with their reasons, for the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from smslint.core.model import Finding, Template
from smslint.packs.pack import Pack, Rule

NO_REASON = "smslint.suppression.no-reason"
UNUSED = "smslint.suppression.unused"
_BASIS = "smslint policy: every exception to a compliance rule carries a recorded, current reason."

# Built in, not part of any pack: the report writers describe them like pack rules.
RULES = {
    NO_REASON: Rule(
        id=NO_REASON,
        kind="suppression",
        category="format",
        severity="warning",
        message="A suppression gives no reason.",
        file="smslint",
        line=0,
        basis=_BASIS,
        suggestion='Add `reason: "…"` saying why the finding is acceptable, or remove the entry.',
    ),
    UNUSED: Rule(
        id=UNUSED,
        kind="suppression",
        category="format",
        severity="warning",
        message="A suppression silences nothing.",
        file="smslint",
        line=0,
        basis=_BASIS,
        suggestion="Remove the `ignore` entry.",
    ),
}


@dataclass
class Suppression:
    """One ``ignore`` entry of a template and the findings it silenced."""

    rule: str
    reason: str | None
    findings: list[Finding] = field(default_factory=list)


def _finding(rule_id: str, message: str) -> Finding:
    rule = RULES[rule_id]
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=message,
        start=0,
        end=0,
        basis=rule.basis,
        suggestion=rule.suggestion,
    )


def apply(
    template: Template, findings: list[Finding], pack: Pack
) -> tuple[list[Finding], list[Suppression]]:
    """Findings left after the template's ``ignore`` entries, plus findings about the entries.

    An entry without a reason still suppresses (its author's intent is plain) but is reported;
    ``--fail-on warning`` turns that into a failing gate. Findings about suppressions are never
    themselves suppressible, so an entry cannot hide its own problem.
    """
    if not template.ignore:
        return findings, []
    kept = list(findings)
    suppressions: list[Suppression] = []
    extra: list[Finding] = []
    for entry in template.ignore:
        rule_id = str(entry.get("rule"))
        raw_reason = entry.get("reason")
        reason = raw_reason.strip() if isinstance(raw_reason, str) and raw_reason.strip() else None
        silenced = [f for f in kept if f.rule == rule_id and f.rule not in RULES]
        kept = [f for f in kept if not (f.rule == rule_id and f.rule not in RULES)]
        suppressions.append(Suppression(rule_id, reason, silenced))
        if reason is None:
            extra.append(_finding(NO_REASON, f"suppression of {rule_id} gives no reason"))
        if not silenced:
            if pack.rule(rule_id) is None:
                message = f"suppression of {rule_id}: pack {pack.name} has no such rule"
            else:
                message = f"suppression of {rule_id} silences nothing in this template"
            extra.append(_finding(UNUSED, message))
    return extra + kept, suppressions
