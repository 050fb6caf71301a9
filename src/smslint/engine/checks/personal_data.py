"""``personal-data``: an unmasked identifier in a notice, or a placeholder that would insert one.

Detection runs once per message for all detectors (``smslint.privacy.detectors``);
each rule keeps the hits of its own detector, so a pack can set severity and
allow-list per identifier type. Reports print only the masked form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from smslint.core.model import Finding, Fix
from smslint.engine.checks import Check
from smslint.engine.document import Document
from smslint.privacy.detectors import DETECTORS, Hit, detect

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext

# identifiers a fixer may replace by their last four digits (尾号 + last four)
TAIL_FIXABLE = frozenset({"resident_id", "bank_card"})
# a phone number reads naturally masked in place (联系138****5678), not as 尾号5678
MASK_FIXABLE = frozenset({"mobile"})


class PersonalData(Check):
    name = "personal-data"
    options = {"detector": str, "allow": list}
    required_options = ("detector",)

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        name = rule.options["detector"]
        if name not in DETECTORS:
            known = ", ".join(sorted(DETECTORS))
            raise self.error(f"unknown detector {name!r} (known: {known})", "detector")
        self.detector = DETECTORS[name]
        config = pack.detectors.get(name) or {}
        allow = [*rule.options.get("allow", []), *(config.get("allow") or [])]
        if name == "email":  # the institution's own mailboxes are not personal data
            allow += pack.institution.get("email_domains") or []
        self.allow = [str(a) for a in allow]

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """One detection pass for all the rules; most messages hold no identifier at all."""

        def run(doc: Document) -> Iterable[Finding]:
            if not identifiers(doc):  # one trigger search when there is nothing
                return ()
            return [finding for check in checks for finding in check.check(doc)]

        return run

    def check(self, doc: Document) -> Iterator[Finding]:
        for hit in identifiers(doc):
            if hit.detector != self.detector.name:
                continue
            if self.allow and self.detector.allows(hit, self.allow):
                continue
            message = (
                self.rule.message.replace("{label}", hit.label)
                .replace("{masked}", hit.masked)
                .replace("{match}", hit.masked)
            )
            fix = None
            if hit.detector in TAIL_FIXABLE and doc.template.map.exact:
                fix = Fix(hit.start, hit.end, f"尾号{hit.value[-4:]}")
            elif hit.detector in MASK_FIXABLE and doc.template.map.exact:
                fix = Fix(hit.start, hit.end, hit.masked)
            yield self.finding(hit.start, hit.end, message, fix=fix, masked=hit.masked)


def identifiers(doc: Document) -> list[Hit]:
    """The identifiers in the document's text, found once for all the rules (read-only)."""
    if doc.identifiers is None:
        doc.identifiers = detect(doc.text)
    return doc.identifiers
