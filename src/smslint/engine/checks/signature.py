"""``signature``: the 【…】 sender signature, as carriers parse it.

Carriers read the text in 【】 at the start or the end of a message as the sender's
signature and reject or misfile messages with two of them; a 【提醒】 in the middle of the text
is read as a second signature. So a message has at most one 【…】, at its start or end, of
``min_length``–``max_length`` characters (2–12 by default), and no 〖…〗 look-alike. A missing
signature is the ``required`` kind's business (element ``signature``); whose signature it is,
the ``institution`` kind's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from smslint.core.model import Finding
from smslint.engine.checks import Check
from smslint.engine.checks.wording import fill
from smslint.engine.document import Document
from smslint.text.brackets import signatures

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext

_LOOKALIKES = re.compile("[〖〗]")


class Signature(Check):
    name = "signature"
    options = {"min_length": int, "max_length": int}

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        self.min = rule.options.get("min_length", 2)
        self.max = rule.options.get("max_length", 12)
        if not 1 <= self.min <= self.max:
            raise self.error("need 1 <= min_length <= max_length", "min_length")

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        pairs, stray = doc.brackets
        signed = signatures(text, pairs) if pairs else []
        for i in stray:
            yield self._found(doc, i, i + 1, f"“{text[i]}”没有配对的括号")
        for b in pairs:
            if b not in signed:
                shown = text[b.start : b.end]
                detail = f"正文中的“{shown}”会被当作{'第二个' if signed else ''}签名"
                yield self._found(doc, b.start, b.end, detail)
        if len(signed) == 2:
            second = signed[1]
            yield self._found(doc, second.start, second.end, "开头和结尾各有一个签名，只能保留一个")
        for b in signed:
            size = len(b.content(text))
            if not self.min <= size <= self.max:
                detail = (
                    f"签名“{text[b.start : b.end]}”有 {size} 个字，应为 {self.min}–{self.max} 个字"
                )
                yield self._found(doc, b.start, b.end, detail)
        if "〖" not in text and "〗" not in text:
            return
        for m in _LOOKALIKES.finditer(text):
            yield self._found(doc, m.start(), m.end(), f"“{m[0]}”不是签名括号，签名请用【】")

    def _found(self, doc: Document, start: int, end: int, detail: str) -> Finding:
        return self.finding(start, end, fill(self.rule.message, doc.text[start:end], detail))
