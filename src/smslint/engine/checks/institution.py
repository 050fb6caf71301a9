"""``institution``: a message must speak for one institution only, the one that sends it.

A template copied from another bank keeps its 【招商银行】 or its 95555, and the borrower
then calls the wrong bank; a fraudster's template does the same on purpose. The sender is
the pack's ``institution``; in a pack without one (``base``) it is the known institution
whose signature opens or closes the message, and nothing is judged when there is none.
Every other entry of ``known_institutions`` (``{名称: {hotlines, signatures}}``, signatures
defaulting to the name) is foreign, except those the rule lists in ``allow``.

- ``check: signature``: a 【…】 anywhere holding a foreign institution's signature, and a
  signature (start or end) that is not the sender's own;
- ``check: hotline``: a foreign hotline as a whole digit run (not inside a longer number
  or an amount); a hotline the sender shares (网商银行 and 支付宝: 95188) is the sender's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from smslint.core.model import Finding
from smslint.engine.checks import Check
from smslint.engine.checks.wording import fill
from smslint.engine.document import Document
from smslint.text.brackets import signatures
from smslint.text.normalize import normalize

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext

CHECKS = ("signature", "hotline")


@lru_cache(maxsize=4096)
def key(signature: str) -> str:
    """Signatures compare as normalised text without spaces: 中信銀行 and 中信 银行 are 中信银行."""
    return "".join(normalize(signature).text.split())


def digits(hotline: str) -> str:
    return "".join(ch for ch in hotline if ch.isdigit())


@dataclass(frozen=True)
class Sender:
    name: str
    signatures: frozenset[str]  # keys
    hotlines: frozenset[str]  # digits


@dataclass(frozen=True)
class _Plan:
    signatures: dict[str, str]  # foreign signature key -> institution
    hotlines: dict[str, str]  # foreign hotline digits -> institution
    pattern: re.Pattern[str] | None


def _hotline_pattern(numbers: list[str]) -> re.Pattern[str]:
    """Whole digit runs, optionally split by `-` or a space; never part of a number or amount."""
    alternatives = ["[- ]?".join(n) for n in sorted(numbers, key=len, reverse=True)]
    return re.compile(rf"(?<![\d.¥])(?:{'|'.join(alternatives)})(?!\d|\.\d|\s*元)")


class Institution(Check):
    name = "institution"
    options = {"check": str, "allow": list}
    required_options = ("check",)

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        self.which = self.choice("check", CHECKS)
        known: dict[str, Any] = pack.known_institutions
        allow = rule.options.get("allow", [])
        if not all(isinstance(name, str) for name in allow):
            raise self.error("every entry of 'allow' must be an institution name", "allow")
        self.allow = set(allow)
        unknown = sorted(self.allow - set(known))
        if unknown:
            raise self.error(f"allow names unknown institutions: {', '.join(unknown)}", "allow")
        self.institutions = {
            name: Sender(
                name,
                frozenset(key(s) for s in (spec or {}).get("signatures") or [name]),
                frozenset(digits(h) for h in (spec or {}).get("hotlines") or []),
            )
            for name, spec in known.items()
        }
        self.by_signature = {s: i.name for i in self.institutions.values() for s in i.signatures}
        self.own = self._pack_sender(pack.institution)
        self._plans: dict[str, _Plan] = {}

    def _pack_sender(self, spec: dict[str, Any]) -> Sender | None:
        if not spec.get("name") and not spec.get("signatures"):
            return None
        name = spec.get("name") or spec["signatures"][0]
        listed = self.institutions.get(name)
        sigs = {key(s) for s in spec.get("signatures") or [name]}
        lines = {digits(h) for h in spec.get("hotlines") or []}
        if listed:
            sigs |= listed.signatures
            lines |= listed.hotlines
        return Sender(name, frozenset(sigs), frozenset(lines))

    def _sender(self, doc: Document) -> Sender | None:
        if self.own is not None:
            return self.own
        pairs, _ = doc.brackets
        if not pairs:
            return None
        for b in signatures(doc.text, pairs):
            name = self.by_signature.get(key(b.content(doc.text)))
            if name is not None:
                return self.institutions[name]
        return None

    def _plan(self, sender: Sender) -> _Plan:
        """What is foreign for this sender, computed once per sender."""
        plan = self._plans.get(sender.name)
        if plan is None:
            foreign = [
                i
                for i in self.institutions.values()
                if i.name not in self.allow
                and i.name != sender.name
                and not (i.signatures & sender.signatures)
            ]
            hotlines = {h: i.name for i in foreign for h in i.hotlines if h not in sender.hotlines}
            plan = self._plans[sender.name] = _Plan(
                {s: i.name for i in foreign for s in i.signatures},
                hotlines,
                _hotline_pattern(list(hotlines)) if hotlines else None,
            )
        return plan

    def check(self, doc: Document) -> Iterator[Finding]:
        sender = self._sender(doc)
        if sender is None:
            return
        if self.which == "signature":
            yield from self._signatures(doc, sender)
        else:
            yield from self._hotlines(doc, sender)

    def _signatures(self, doc: Document, sender: Sender) -> Iterator[Finding]:
        text = doc.text
        owners = self._plan(sender).signatures
        pairs, _ = doc.brackets
        signed = signatures(text, pairs)
        # with the sender's own signature in place, a second one is the signature kind's
        # business (one signature only), unless it names another institution
        unsigned = not any(key(b.content(text)) in sender.signatures for b in signed)
        for b in pairs:
            shown = text[b.start : b.end]
            sig = key(b.content(text))
            if sig in owners:
                detail = f"“{shown}”是{owners[sig]}的签名，本短信由{sender.name}发送"
            elif unsigned and b in signed:
                detail = f"签名“{shown}”不是{sender.name}的签名"
            else:
                continue
            yield self.finding(b.start, b.end, fill(self.rule.message, shown, detail))

    def _hotlines(self, doc: Document, sender: Sender) -> Iterator[Finding]:
        plan = self._plan(sender)
        if plan.pattern is None:
            return
        owners = plan.hotlines
        for m in plan.pattern.finditer(doc.norm.text):
            start, end = doc.norm.to_original(m.start(), m.end())
            shown = doc.text[start:end]
            detail = f"{shown} 是{owners[digits(m[0])]}的客服电话，本短信由{sender.name}发送"
            yield self.finding(start, end, fill(self.rule.message, shown, detail))
