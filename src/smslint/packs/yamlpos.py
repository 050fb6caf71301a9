"""Safe YAML loading that remembers where every key and item came from.

Pack validation errors must name ``file:line:column`` of the offending key,
so mappings and sequences carry the marks of their children. Packs may come
from outside the team: only the safe constructors run, duplicate keys are
refused, and alias expansion is bounded so a "billion laughs" file fails fast.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from smslint.core.errors import SmslintError
from smslint.privacy.masking import clip, quote

MAX_NODES = 200_000  # nodes after alias expansion; real packs have a few thousand


class MarkedDict(dict):
    """A mapping that knows its own position and each key's position (1-based)."""

    line: int = 0
    column: int = 0
    key_marks: dict[Any, tuple[int, int]]


class MarkedList(list):
    line: int = 0
    column: int = 0
    item_marks: list[tuple[int, int]]


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


# libyaml's parser (where PyYAML was built with it) composes the same nodes, marks included,
# about five times faster than the pure-Python one: a cold load of the base pack is mostly
# YAML parsing. Resolution and construction stay in Python (the safe constructors below).
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise SmslintError(
                f"YAML aliases expand to more than {MAX_NODES} nodes; refusing an alias bomb",
                self.file,
                *_mark(node),
            )
        return node


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Node count with every alias expanded, memoised so the walk stays linear."""
    key = id(node)
    if key not in memo:
        memo[key] = 1  # guards recursive structures
        if isinstance(node, yaml.SequenceNode):
            memo[key] += sum(_expanded_size(child, memo) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            memo[key] += sum(
                _expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value
            )
    return memo[key]


# YAML 1.1 reads on/off/yes/no as booleans; in packs `severity: off` must stay a string,
# so only true/false are booleans here, as in YAML 1.2.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.line, result.column = _mark(node)
    result.key_marks = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise SmslintError("mapping keys must be plain scalars", loader.file, *_mark(key_node))
        if key in result.key_marks:
            raise SmslintError(f"duplicate key {quote(key)}", loader.file, *_mark(key_node))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_marks[key] = _mark(key_node)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line, result.column = _mark(node)
    result.item_marks = [_mark(child) for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load(text: str, file: str) -> Any:
    """Parse one YAML document; any YAML problem becomes an SmslintError at its line."""
    loader = _Loader(text, file)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise SmslintError(f"invalid YAML: {clip(problem)}", file, line, col) from None
    except yaml.YAMLError as exc:
        raise SmslintError(f"invalid YAML: {clip(str(exc))}", file) from None
    except RecursionError:
        raise SmslintError("YAML nested too deeply", file) from None
    finally:
        loader.dispose()


def position(data: Any, path: list[Any]) -> tuple[int | None, int | None]:
    """Position for a JSON-Schema path into marked data: the deepest key or item known."""
    line: int | None = getattr(data, "line", None) or None
    col: int | None = getattr(data, "column", None) or None
    node = data
    for step in path:
        if isinstance(node, MarkedDict) and step in node.key_marks:
            line, col = node.key_marks[step]
            node = node[step]
        elif isinstance(node, MarkedList) and isinstance(step, int) and step < len(node):
            line, col = node.item_marks[step]
            node = node[step]
        else:
            break
    return line, col
