"""The template-file schema shared by YAML and JSON, and the record fields of JSONL and CSV.

YAML and JSON parse into the same ``Node`` tree, so the schema is checked once and both
formats report mistakes at the same places with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from smslint.core.errors import SmslintError
from smslint.core.model import KINDS, Template, TextMap
from smslint.privacy.masking import quote


@dataclass
class Node:
    """A parsed value that remembers its line; strings can decode themselves with a TextMap."""

    value: Any  # a scalar, dict[key, Node] or list[Node]
    line: int
    decode: Callable[[], tuple[str, TextMap]] | None = None

    def plain(self) -> Any:
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


def check_kind(kind: Any, file: str, line: int) -> str | None:
    if optional_str(kind, "kind", file, line) is None:
        return None
    if kind not in KINDS:
        raise SmslintError(
            f"unknown kind {quote(kind)}; expected one of: {', '.join(KINDS)}", file=file, line=line
        )
    return kind


def template_id(value: Any, default: str, file: str, line: int) -> str:
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise SmslintError(f"`id` must be a string, got {_type_name(value)}", file=file, line=line)


def optional_str(value: Any, key: str, file: str, line: int) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise SmslintError(f"`{key}` must be a string, got {_type_name(value)}", file=file, line=line)


def record_ignore(value: Any, file: str, line: int) -> list[dict[str, Any]]:
    """A JSONL record's ``ignore``: a list of ``{rule, reason}`` as in YAML and JSON."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise SmslintError("`ignore` must be a list of {rule, reason}", file, line)
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("rule"), str):
            raise SmslintError("each `ignore` entry needs a `rule` id", file, line)
        optional_str(entry.get("reason"), "reason", file, line)
    return value


def cell_ignore(value: str | None, file: str, line: int) -> list[dict[str, Any]]:
    """A CSV row's ``ignore`` cell: ``RULE: reason`` entries separated by ``;`` (a cell holds
    one string, and a spreadsheet user writes this without quoting JSON)."""
    entries = []
    for part in (value or "").replace("；", ";").split(";"):
        if not part.strip():
            continue
        rule, _, reason = part.replace("：", ":").partition(":")
        rule = rule.strip()
        if not rule or any(c.isspace() for c in rule):
            message = f"`ignore` entry {quote(part.strip())} must be `RULE: reason`"
            raise SmslintError(message, file, line)
        entries.append({"rule": rule, "reason": reason.strip() or None})
    return entries


def _field(node: Node, key: str) -> Node | None:
    child = node.value.get(key)
    return None if child is None or child.value is None else child


def _line(node: Node, key: str) -> int | None:
    child = _field(node, key)
    return None if child is None else child.line


def _str_field(node: Node, key: str, file: str) -> str | None:
    child = _field(node, key)
    return None if child is None else optional_str(child.value, key, file, child.line)


def _kind_field(node: Node, file: str) -> str | None:
    child = _field(node, "kind")
    return None if child is None else check_kind(child.value, file, child.line)


def _mapping_field(node: Node, key: str, file: str) -> dict[str, Any] | None:
    child = _field(node, key)
    if child is None:
        return None
    if not isinstance(child.value, dict):
        raise SmslintError(f"`{key}` must be a mapping", file=file, line=child.line)
    return child.plain()


def _vars(entry: Node, file: str) -> dict[str, dict[str, Any]]:
    node = _field(entry, "vars")
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        raise SmslintError("`vars` must map placeholder names to {max: N}", file, node.line)
    out = {}
    for name, spec in node.value.items():
        if not isinstance(spec.value, dict):
            message = f"`vars` entry {quote(name)} must be a mapping like {{max: 4}}"
            raise SmslintError(message, file, spec.line)
        limit = spec.value.get("max")
        if limit is not None and not (type(limit.value) is int and limit.value >= 0):
            message = f"`max` of `vars` entry {quote(name)} must be a whole number"
            raise SmslintError(message, file, limit.line)
        out[str(name)] = spec.plain()
    return out


def _ignore(entry: Node, file: str) -> list[dict[str, Any]]:
    node = _field(entry, "ignore")
    if node is None:
        return []
    if not isinstance(node.value, list):
        raise SmslintError("`ignore` must be a list of {rule, reason}", file=file, line=node.line)
    for item in node.value:
        rule = item.value.get("rule") if isinstance(item.value, dict) else None
        if rule is None or not isinstance(rule.value, str):
            raise SmslintError("each `ignore` entry needs a `rule` id", file=file, line=item.line)
        _str_field(item, "reason", file)
    return node.plain()


def templates_from_document(file: str, root: Node | None) -> Iterator[Template]:
    """Validate a YAML/JSON template document and yield its templates in file order."""
    if root is None:
        return
    if not isinstance(root.value, dict) or "templates" not in root.value:
        raise SmslintError("expected a mapping with a `templates:` list", file=file, line=root.line)
    entries = root.value["templates"]
    if not isinstance(entries.value, list):
        raise SmslintError("`templates` must be a list", file=file, line=entries.line)
    pack = _str_field(root, "pack", file)
    pack_line = _line(root, "pack")
    kind = _kind_field(root, file)
    schedule = _mapping_field(root, "schedule", file)
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries.value):
        if not isinstance(entry.value, dict):
            raise SmslintError("each template must be a mapping", file=file, line=entry.line)
        id_node = _field(entry, "id") or Node(None, entry.line)
        tid = template_id(id_node.value, str(index + 1), file, id_node.line)
        if tid in seen:
            raise SmslintError(
                f"duplicate template id {quote(tid)} (first at line {seen[tid]})", file, entry.line
            )
        seen[tid] = entry.line
        text = entry.value.get("text")
        if text is None:
            raise SmslintError(f"template {quote(tid)} has no `text`", file=file, line=entry.line)
        if text.decode is None:
            raise SmslintError(
                f"`text` must be a string, got {_type_name(text.value)}", file=file, line=text.line
            )
        own_schedule = _mapping_field(entry, "schedule", file)
        own_pack = _str_field(entry, "pack", file)
        body, tmap = text.decode()
        yield Template(
            file=file,
            id=tid,
            text=body,
            map=tmap,
            kind=_kind_field(entry, file) or kind,
            pack=own_pack or pack,
            vars=_vars(entry, file),
            ignore=_ignore(entry, file),
            schedule=schedule if own_schedule is None else own_schedule,
            line=entry.line,
            pack_line=_line(entry, "pack") if own_pack else pack_line,
        )
