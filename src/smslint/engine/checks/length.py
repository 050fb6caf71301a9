"""``length``: warn when a template bills more segments than its pack allows for its kind."""

from __future__ import annotations

from collections.abc import Iterator

from smslint.core.model import Finding
from smslint.engine.checks import Check
from smslint.engine.document import Document


def _limit_chars(max_segments: int, encoding: str) -> int:
    single, multi = (160, 153) if encoding == "GSM-7" else (70, 67)
    return single if max_segments == 1 else multi * max_segments


class LengthCheck(Check):
    name = "length"
    options = {"max_segments": int}

    def check(self, doc: Document) -> Iterator[Finding]:
        limit = self.rule.options.get("max_segments")
        if limit is None:
            limit = (doc.pack.kinds.get(doc.kind or "") or {}).get("max_segments")
        if not limit:
            return
        length = doc.length
        if length.segments <= limit:
            return
        allowed = _limit_chars(limit, length.encoding)
        over = length.chars - allowed
        detail = (
            f"{length.chars} 字符，{length.segments} 条计费短信"
            f"（上限 {limit} 条，{allowed} 字符），"
            f"超出 {over} 字符 / {length.chars} chars, {length.segments} segments "
            f"(limit {limit}), {over} chars over"
        )
        message = self.rule.message.replace("{detail}", detail)
        if "{detail}" not in self.rule.message:
            message = f"{message}: {detail}"
        yield self.finding(0, 0, message)
