"""Filling a rule's message: the pack author writes the wording, the check supplies the facts.

A message may name ``{match}`` (the offending original text) and ``{detail}`` (what exactly
is wrong, computed by the check). When the author's message has no ``{detail}``, the detail
is appended, so a terse message such as ``签名不规范`` still tells the reader what to fix.
"""

from __future__ import annotations


def fill(message: str, match: str | None = None, detail: str | None = None) -> str:
    if match is not None:
        message = message.replace("{match}", match)
    if detail is None:
        return message
    if "{detail}" in message:
        return message.replace("{detail}", detail)
    return f"{message}：{detail}"
