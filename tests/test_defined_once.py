"""Categories, notice kinds and severities are defined once, in ``smslint.core.model``: the pack
schema's enums and the reports' labels must list exactly those, in the same order (the
order reports and the schema present them in)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from smslint.core.model import CATEGORIES, KINDS, SEVERITIES
from smslint.packs.pack import shipped_dir
from smslint.report import catalog


def _enums(node: Any, path: str = "") -> Iterator[tuple[str, list[Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum":
                yield path, value
            else:
                yield from _enums(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _enums(value, f"{path}/{i}")


def test_the_schema_enums_are_the_code_constants() -> None:
    schema = json.loads((shipped_dir() / "pack.schema.json").read_text(encoding="utf-8"))
    expected = {
        "notice kinds": list(KINDS),
        "categories": list(CATEGORIES),
        "severities": [*SEVERITIES, "off"],  # a pack may switch a rule off
    }
    seen = dict.fromkeys(expected, 0)
    for path, values in _enums(schema):
        for what, constant in expected.items():
            if set(values) & set(constant):
                assert values == constant, f"{path}: {values} are not the {what} {constant}"
                seen[what] += 1
    assert seen == {"notice kinds": 1, "categories": 1, "severities": 1}


def test_every_category_and_severity_has_its_report_label() -> None:
    assert tuple(catalog.CATEGORY_LABELS) == CATEGORIES
    assert tuple(catalog.SEVERITY_LABELS) == SEVERITIES
