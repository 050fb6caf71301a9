"""Rule packs: find, load, validate and merge them along their ``extends`` chain.

A pack is data. This module turns a pack file (and the packs it extends) into
one flat :class:`Pack` whose rules are ready for the check kinds to compile.
Every error names the pack file and the line of the offending key, because
packs are written by hand by compliance teams, not generated.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from smslint.core.errors import SmslintError
from smslint.packs.wordlists import (
    Lists,
    check_references,
    check_section,
    merge,
    merge_not_inside,
)
from smslint.privacy.masking import clip, quote

COMMON_RULE_FIELDS = frozenset(
    {
        "id",
        "kind",
        "category",
        "severity",
        "kinds",
        "message",
        "basis",
        "suggestion",
        "replacement",
        "fallback",
        "examples",
    }
)
MERGED_SECTIONS = (
    "institution",
    "known_institutions",
    "kinds",
    "placeholder_lengths",
    "elements",
    "detectors",
    "timing",
    "mentions",
)
LIST_SECTIONS = ("known_placeholders",)  # a child pack's list extends its parent's


@dataclass
class Rule:
    id: str
    kind: str
    category: str
    severity: str
    message: str
    file: str
    line: int
    kinds: tuple[str, ...] | None = None
    basis: str | None = None
    suggestion: str | None = None
    replacement: str | None = None
    # reported only when no other rule of its category finds anything in the template: a
    # catch-all adds nothing where a precise rule already says what is wrong
    fallback: bool = False
    examples: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    # positions of option keys, so a check kind can report a bad option at its line
    option_lines: dict[str, int] = field(default_factory=dict)

    def applies_to(self, kind: str | None) -> bool:
        return self.severity != "off" and (self.kinds is None or kind in self.kinds)


@dataclass
class Pack:
    name: str
    file: str
    chain: tuple[str, ...]  # pack names from this one up to the root
    digest: str  # content hash of every file in the chain: the compile-cache key
    rules: list[Rule]
    title: str = ""
    institution: dict[str, Any] = field(default_factory=dict)
    known_institutions: dict[str, Any] = field(default_factory=dict)
    kinds: dict[str, Any] = field(default_factory=dict)
    placeholder_lengths: dict[str, int] = field(default_factory=dict)
    elements: dict[str, Any] = field(default_factory=dict)
    detectors: dict[str, Any] = field(default_factory=dict)
    timing: dict[str, Any] = field(default_factory=dict)
    known_placeholders: list[str] = field(default_factory=list)
    # named word lists (``lists:``), entries normalised, merged along ``extends``
    lists: Lists = field(default_factory=dict)
    # per list, words that hold an entry without being one (``not_inside:``, normalised)
    not_inside: Lists = field(default_factory=dict)
    # what makes a coercive word a mention rather than a use (``mentions:``; see
    # engine.checks.context.Mentions): word lists by part, as written ($name or words)
    mentions: dict[str, Any] = field(default_factory=dict)
    # resolved paths of this pack's file and of those it extends: what the compile cache reads
    files: tuple[str, ...] = ()
    # rules on where they were defined that this pack or its chain switches off: a pack
    # extending a shipped one to quiet it shows in the report what it quieted
    disabled: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def shipped_dir() -> Path:
    """Where the shipped packs live: inside the wheel, or at the repository root in a checkout."""
    here = Path(__file__).resolve().parents[1]  # the smslint package
    inside = here / "rules"
    return inside if inside.is_dir() else here.parents[1] / "rules"


def shipped_names() -> list[str]:
    return sorted(p.stem for p in shipped_dir().glob("*.yaml"))


def is_name(ref: str) -> bool:
    """Whether ``ref`` names a shipped pack rather than a pack file."""
    return "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml"))


def is_shipped(pack: Pack) -> bool:
    """Whether ``pack`` was loaded from the packs smslint ships."""
    return Path(pack.file).resolve().parent == shipped_dir().resolve()


def resolve(ref: str, relative_to: Path | None = None) -> Path:
    """A shipped pack name or a path (relative to the referring pack's folder)."""
    if is_name(ref):
        path = shipped_dir() / f"{ref}.yaml"
        if not path.is_file():
            known = ", ".join(shipped_names())
            raise SmslintError(f"unknown pack {quote(ref)} (shipped packs: {known})")
        return path
    path = Path(ref)
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    if not path.is_file():
        raise SmslintError(f"pack file not found: {quote(ref)}")
    return path


@cache
def _schema() -> dict[str, Any]:
    return json.loads((shipped_dir() / "pack.schema.json").read_text(encoding="utf-8"))


def _read(path: Path) -> tuple[Any, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SmslintError("pack is not valid UTF-8", str(path)) from None
    except OSError as exc:
        raise SmslintError(f"cannot read pack: {exc.strerror}", str(path)) from None
    from smslint.packs import yamlpos

    return yamlpos.load(text, str(path)), text


def _validate(data: Any, file: str) -> None:
    if not isinstance(data, dict):
        raise SmslintError("a pack must be a YAML mapping", file, getattr(data, "line", 1) or 1)
    import jsonschema  # only on a cache miss: packs are validated once per content digest

    validator = jsonschema.Draft7Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        from smslint.packs import yamlpos

        err = errors[0]
        path = list(err.absolute_path)
        line, col = yamlpos.position(data, path)
        where = ".".join(str(p) for p in path) or "pack"
        raise SmslintError(f"invalid pack: {where}: {clip(err.message)}", file, line, col)


def _rule(data: dict[str, Any], file: str) -> Rule:
    marks = getattr(data, "key_marks", {})
    line = getattr(data, "line", 0) or 1
    for key in ("kind", "category", "severity", "message"):
        if key not in data:
            raise SmslintError(f"rule {data['id']!r} has no {key!r}", file, line)
    kinds = data.get("kinds")
    return Rule(
        id=data["id"],
        kind=data["kind"],
        category=data["category"],
        severity=data["severity"],
        message=data["message"],
        file=file,
        line=line,
        kinds=tuple(kinds) if kinds else None,
        basis=data.get("basis"),
        suggestion=data.get("suggestion"),
        replacement=data.get("replacement"),
        fallback=bool(data.get("fallback", False)),
        examples=dict(data.get("examples") or {}),
        options={k: v for k, v in data.items() if k not in COMMON_RULE_FIELDS},
        option_lines={k: v[0] for k, v in marks.items()},
    )


def _override(base: Rule, data: dict[str, Any], file: str) -> Rule:
    """A repeated id replaces the fields it names and keeps the rest."""
    line = getattr(data, "line", 0) or 1
    if "kind" in data and data["kind"] != base.kind:
        raise SmslintError(
            f"rule {base.id!r} overrides a {base.kind!r} rule with kind {data['kind']!r}",
            file,
            line,
        )
    merged = {
        "id": base.id,
        "kind": base.kind,
        "category": base.category,
        "severity": base.severity,
        "message": base.message,
        "kinds": list(base.kinds) if base.kinds else None,
        "basis": base.basis,
        "suggestion": base.suggestion,
        "replacement": base.replacement,
        "fallback": base.fallback,
        "examples": base.examples,
        **base.options,
    }
    merged.update(data)
    rule = _rule(merged, file)
    rule.line = line
    return rule


def _merge_section(parent: Any, child: Any) -> Any:
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = _merge_section(parent.get(key), value) if key in parent else value
        return out
    return child


def extends_of(path: Path) -> str | None:
    """What the pack file at ``path`` extends (a shipped name or a path as written), read
    without loading anything further: a gate checks each link of the chain before it opens
    the next. None when it extends nothing or cannot be read (loading it then says why)."""
    try:
        data, _ = _read(path)
    except (OSError, SmslintError):
        return None
    target = data.get("extends") if isinstance(data, dict) else None
    return target if isinstance(target, str) else None


def _load(path: Path, stack: tuple[Path, ...]) -> Pack:
    real = path.resolve()
    data, text = _read(path)
    file = str(path)
    _validate(data, file)
    parent: Pack | None = None
    if "extends" in data:
        line, col = data.key_marks["extends"]
        try:
            target = resolve(data["extends"], path.parent)
            if target.resolve() in (*stack, real):
                chain = " -> ".join(p.stem for p in (*stack, real, target.resolve()))
                raise SmslintError(f"pack extends itself ({chain})", file, line, col)
            parent = _load(target, (*stack, real))
        except SmslintError as exc:
            if exc.file is None:  # e.g. unknown shipped name: say which pack asked for it
                raise SmslintError(exc.message, file, line, col) from None
            raise
    lists = merge(parent.lists if parent else {}, data.get("lists"), file)
    check_references(data.get("rules"), lists, file)
    check_section(data, "mentions", lists, file)
    not_inside = merge_not_inside(
        parent.not_inside if parent else {}, data.get("not_inside"), lists, file
    )
    rules: dict[str, Rule] = {r.id: r for r in parent.rules} if parent else {}
    own: set[str] = set()
    for item in data.get("rules") or []:
        rid = item["id"]
        line = getattr(item, "line", 0) or 1
        if rid in own:
            raise SmslintError(f"duplicate rule id {rid!r}", file, line)
        own.add(rid)
        rules[rid] = _override(rules[rid], item, file) if rid in rules else _rule(item, file)
    disabled = {*(parent.disabled if parent else ())} - {
        r for r in own if rules[r].severity != "off"
    }
    if parent:
        disabled.update(
            r.id
            for r in parent.rules
            if r.id in own and rules[r.id].severity == "off" and r.severity != "off"
        )
    digest = hashlib.sha256(text.encode("utf-8"))
    if parent:
        digest.update(parent.digest.encode())
    sections = {
        name: _merge_section(getattr(parent, name) if parent else {}, data.get(name, {}))
        for name in MERGED_SECTIONS
    }
    for name in LIST_SECTIONS:
        inherited = getattr(parent, name) if parent else []
        sections[name] = [*inherited, *(x for x in data.get(name, []) if x not in inherited)]
    return Pack(
        name=data["name"],
        file=file,
        chain=(data["name"], *(parent.chain if parent else ())),
        digest=digest.hexdigest(),
        files=(str(real), *(parent.files if parent else ())),
        disabled=tuple(sorted(disabled)),
        rules=list(rules.values()),
        title=data.get("title", ""),
        lists=lists,
        not_inside=not_inside,
        **sections,
    )


def load_pack(ref: str) -> Pack:
    """Load a pack by shipped name or path, with everything it extends merged in."""
    return _load(resolve(ref), ())
