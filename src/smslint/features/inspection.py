"""``smslint inspect``: one message as the checks see it, for pack authors and reviewers.

A rule that does not fire is debugged by looking at what it matched against: the normalised
and compact views (and which characters each dropped or changed), the words jieba cut, the
phrases the pack's automaton found, the elements a notice kind needs, and each rule's own
account of itself. That account is a hook, not a list kept here: a compiled check with a
``trace(doc)`` method returning lines is asked for them, so a new rule kind explains itself
without any change to this module.

Identifiers are masked in everything shown: a view character that comes from an identifier
of the original text is starred out, and every excerpt goes through the report masking.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from smslint.core.model import Template, TextMap
from smslint.engine.document import Document
from smslint.engine.linter import Linter
from smslint.privacy.detectors import detect
from smslint.privacy.masking import mask_text, redact, redact_span
from smslint.text.normalize import SENTINEL, Normalized

PLACEHOLDER_MARK = "◇"  # a placeholder in a view: one character there, as in the checks' view
STAR = "*"


def _visible(text: str) -> str:
    """``text`` on one line with invisible and control characters spelt as ⟨U+XXXX⟩."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("⏎")
        elif ch != " " and (not ch.isprintable() or unicodedata.category(ch) in ("Cf", "Zs")):
            out.append(f"⟨U+{ord(ch):04X}⟩")
        else:
            out.append(ch)
    return "".join(out)


class _Masker:
    """Stars out the characters of a view that come from an identifier in the original."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.hits = detect(text)
        self.secret = [False] * (len(text) + 1)
        for hit in self.hits:
            for i in range(hit.start, hit.end):
                self.secret[i] = True

    def original(self) -> str:
        return mask_text(self.text, self.hits) if self.hits else self.text

    def hidden(self, start: int, end: int) -> bool:
        return any(self.secret[start:end])

    def view(self, view: Normalized) -> str:
        chars = []
        for k, ch in enumerate(view.text):
            if ch == SENTINEL and k in view.placeholders:
                ch = PLACEHOLDER_MARK
            elif self.hidden(view.starts[k], view.ends[k]):
                ch = STAR
            chars.append(ch)
        return "".join(chars)  # as long as the view: tokens are cut from it by offset


def _changes(text: str, view: Normalized, mask: _Masker) -> list[dict[str, Any]]:
    """Original stretches the normalised view spells differently (a placeholder aside)."""
    groups: dict[tuple[int, int], list[str]] = {}
    for k, ch in enumerate(view.text):
        if not (ch == SENTINEL and k in view.placeholders):
            groups.setdefault((view.starts[k], view.ends[k]), []).append(ch)
    out = []
    for (start, end), chars in groups.items():
        before, after = text[start:end], "".join(chars)
        if before != after:
            if mask.hidden(start, end):
                before, after = STAR * len(before), STAR * len(after)
            out.append({"start": start, "end": end, "from": before, "to": after})
    return out


def _dropped(text: str, kept: Normalized, among: range | set[int]) -> list[dict[str, Any]]:
    """Characters of ``among`` (original indexes) that no character of ``kept`` comes from."""
    covered: set[int] = set()
    for start, end in zip(kept.starts, kept.ends, strict=True):
        covered.update(range(start, end))
    return [
        {"at": i, "code": f"U+{ord(text[i]):04X}", "name": unicodedata.name(text[i], "")}
        for i in sorted(among)
        if i not in covered
    ]


def _tokens(linter: Linter, view: Normalized, shown: str) -> list[str]:
    """jieba's cut of a view, each token as the masked view shows it."""
    out, at = [], 0
    for token in linter.prefilter.tokenizer.cut(view.text):
        out.append(redact(shown[at : at + len(token)]))
        at += len(token)
    return out


def _phrases(doc: Document) -> list[dict[str, Any]]:
    """Every word of the pack's automaton in the document (lexicon phrases by rule id, list
    words as ``$name``, frame literals as ``=word``), found on the compact view, before any
    rule's boundary, negation or ``unless`` test (rules' traces say which of those hold)."""
    hits = doc.candidates.words
    seen: set[tuple[str, int, int]] = set()
    out = []
    for start, end, word, owners in hits.found:
        ostart, oend = hits.view.to_original(start, end)
        for owner in owners:
            if (owner, ostart, oend) not in seen:
                seen.add((owner, ostart, oend))
                out.append(
                    {
                        "rule": owner,
                        "phrase": redact(word),
                        "view": "compact",
                        "start": ostart,
                        "end": oend,
                        "matched": redact_span(doc.text, ostart, oend),
                    }
                )
    return sorted(out, key=lambda hit: (hit["start"], hit["end"], hit["rule"]))


def inspect(linter: Linter, text: str, kind: str | None) -> dict[str, Any]:
    """Everything ``smslint inspect`` shows, as data (the JSON output's shape)."""
    from smslint.engine.checks.required import Required

    template = Template(file="-", id="-", text=text, map=TextMap.single_line(text), kind=kind)
    doc = Document(template, kind, linter.pack, linter.prefilter)
    mask = _Masker(text)
    norm, compact = doc.norm, doc.compact
    norm_shown, compact_shown = mask.view(norm), mask.view(compact)
    in_norm = {i for s, e in zip(norm.starts, norm.ends, strict=True) for i in range(s, e)}
    checks = [check for check in linter.checks if check.rule.applies_to(kind)]
    elements, traces = [], []
    for check in checks:
        if isinstance(check, Required):
            spans = [] if check.element.name == "signature" else check.element.spans(doc)
            elements.append(
                {
                    "rule": check.rule.id,
                    "element": check.element.name,
                    "label": check.element.label,
                    "present": not list(check.check(doc)),
                    "spans": [
                        {"start": s, "end": e, "matched": redact_span(text, s, e), "how": how}
                        for s, e, how in spans
                    ],
                }
            )
        trace: Callable[[Document], Any] | None = getattr(check, "trace", None)
        if callable(trace):
            lines = [redact(str(line)) for line in trace(doc)]
            if lines:
                traces.append({"rule": check.rule.id, "kind": check.rule.kind, "lines": lines})
    findings = linter.check(template, kind).findings
    return {
        "pack": linter.pack.name,
        "kind": kind,
        "original": {"text": mask.original(), "length": len(text)},
        "placeholders": [
            {"start": p.start, "end": p.end, "text": text[p.start : p.end]}
            for p in doc.placeholders
        ],
        "normalized": {
            "text": redact(norm_shown),  # a second pass, for what only the view spells out
            "changed": _changes(text, norm, mask),
            "dropped": _dropped(text, norm, range(len(text))),
        },
        "compact": {
            "text": redact(compact_shown),
            "dropped": _dropped(text, compact, in_norm) if compact is not norm else [],
        },
        "tokens": {
            "normalized": _tokens(linter, norm, norm_shown),
            "compact": _tokens(linter, compact, compact_shown) if compact is not norm else None,
        },
        "phrases": _phrases(doc),
        "elements": elements,
        "traces": traces,
        "findings": [
            {
                "rule": f.rule,
                "category": f.category,
                "severity": f.severity,
                "start": f.start,
                "end": f.end,
                "matched": f.masked or redact_span(text, f.start, f.end),
                "message": redact(f.message),
            }
            for f in findings
        ],
    }


def _dropped_line(dropped: list[dict[str, Any]]) -> list[str]:
    """Dropped characters by code point and offset: most are invisible when printed."""
    if not dropped:
        return []
    return ["  dropped  " + "  ".join(f"{d['code']}@{d['at']}" for d in dropped)]


def render(data: dict[str, Any]) -> str:
    """The text form of :func:`inspect`'s data; offsets are code points of the original."""
    out = [f"pack {data['pack']}, kind {data['kind'] or '(none)'}"]
    out.append(f"original    {_visible(data['original']['text'])}")
    for p in data["placeholders"]:
        out.append(f"  placeholder {p['text']} at {p['start']}-{p['end']} ({PLACEHOLDER_MARK})")
    out.append(f"normalised  {_visible(data['normalized']['text'])}")
    changed = [
        f"{_visible(c['from'])}→{_visible(c['to'])}@{c['start']}"
        for c in data["normalized"]["changed"]
    ]
    if changed:
        out.append(f"  changed  {'  '.join(changed)}")
    out.extend(_dropped_line(data["normalized"]["dropped"]))
    if data["tokens"]["compact"] is None:
        out.append("compact     (same as normalised)")
    else:
        out.append(f"compact     {_visible(data['compact']['text'])}")
        out.extend(_dropped_line(data["compact"]["dropped"]))
    for view in ("normalized", "compact"):
        tokens = data["tokens"][view]
        if tokens is not None:
            out.append(f"tokens ({view}): {' / '.join(_visible(t) for t in tokens)}")
    out.append(f"phrases ({len(data['phrases'])})")
    for h in data["phrases"]:
        where = f"at {h['start']}-{h['end']} ({h['view']})"
        out.append(f"  {h['rule']}  «{h['phrase']}» {where}: «{_visible(h['matched'])}»")
    out.append(f"elements ({len(data['elements'])})")
    for e in data["elements"]:
        state = "present" if e["present"] else "MISSING"
        out.append(f"  {e['element']} ({e['label']}) {state}  [{e['rule']}]")
        for s in e["spans"]:
            out.append(f"    {s['how']}: «{_visible(s['matched'])}» at {s['start']}-{s['end']}")
    out.append(f"traces ({len(data['traces'])})")
    for t in data["traces"]:
        out.append(f"  {t['rule']} ({t['kind']})")
        out.extend(f"    {_visible(line)}" for line in t["lines"])
    out.append(f"findings ({len(data['findings'])})")
    for f in data["findings"]:
        span = f"at {f['start']}-{f['end']}"
        shown = f" «{_visible(f['matched'])}»" if f["end"] > f["start"] else ""
        out.append(f"  {f['severity']} {f['rule']} {span}{shown}: {_visible(f['message'])}")
    return "\n".join(out)
