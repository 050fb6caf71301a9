"""Required literals: every match of a pattern holds one string of each factor."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.engine.linter import Linter
from smslint.text.literals import required_literals
from smslint.text.regexes import compile_pattern

PACKS = ("base", "citic", "spdb", "jd", "mybank", "suning")


@cache
def _pack_patterns() -> list[str]:
    found: set[str] = set()
    for name in PACKS:
        pack = Linter(name).pack
        for rule in pack.rules:
            for key in ("pattern", "patterns"):
                value = rule.options.get(key)
                found.update([value] if isinstance(value, str) else value or [])
        for spec in pack.elements.values():
            found.update(spec.get("patterns") or [])
    return sorted(found)


@pytest.mark.parametrize(
    ("pattern", "factors"),
    [
        ("坐牢|拘留", [{"坐牢", "拘留"}]),
        ("(移交|移送)[^，]{0,4}(公安|警方)", [{"移交", "移送"}, {"公安", "警方"}]),
        ("上门(催收|拜访)", [{"上门催收", "上门拜访"}]),
        (r"x(?:a|)y", [{"xy", "xay"}]),
        (r"(^|[^\d])9[56]\d{3}", [{"95", "96"}]),
        (r"\x{E000}\s*元", [{"\ue000"}, {"元"}]),
        (r"[!！]{2,}", [{"!", "！"}]),
    ],
)
def test_factors(pattern: str, factors: list[set[str]]) -> None:
    assert [set(f) for f in required_literals(pattern)] == factors


@pytest.mark.parametrize(
    "pattern",
    [
        "a*",  # matches the empty string
        "",
        r"\d{11}",  # a class, no literal
        "[[:digit:]]+年",  # POSIX class: Python would read it as a set of characters
        "(?i)abc",  # case-insensitive: the literal's case is not required
        r"\pN+元",  # RE2 syntax Python does not parse
        "a|b*",  # one alternative needs nothing
    ],
)
def test_no_factors_when_nothing_is_required(pattern: str) -> None:
    assert required_literals(pattern) == []


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_match_of_a_pack_pattern_holds_each_factor(data: st.DataObject) -> None:
    patterns = _pack_patterns()
    pattern = data.draw(st.sampled_from(patterns))
    factors = required_literals(pattern)
    pieces = sorted({s for f in factors for s in f} | {"你", "的", "，", "1", " ", "\ue000"})
    text = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=12)))
    compiled = compile_pattern(pattern, "test", 1)
    for m in compiled.finditer(text):
        matched = m.group(0)
        for factor in factors:
            assert any(s in matched for s in factor), (pattern, matched, factor)
