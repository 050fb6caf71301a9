from __future__ import annotations

from pathlib import Path

import pytest

from smslint.core.errors import SmslintError
from smslint.engine.linter import Linter
from smslint.packs.pack import load_pack

from .conftest import DATA
from .formatpack import found, write_pack

BRACES = "format.format.braces"
MIXED = "format.format.mixed"
UNKNOWN = "format.format.unknown"
UNUSED = "format.format.unused"
EMPTY = "format.format.empty"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("${a", (0, 3)),
        ("{}", (0, 2)),
        ("{{a}", (0, 4)),
        ("a}", (0, 2)),
        ("应还${amount元", (2, 10)),
    ],
)
def test_braces_smallest_failures_point_at_the_construct(text: str, span: tuple[int, int]) -> None:
    (f,) = found(BRACES, text)
    assert (f.start, f.end) == span
    assert f.category == "format" and f.severity == "error"


@pytest.mark.parametrize("text", ["${a}", "{a}", "{{a}}", "{1}", "无占位符"])
def test_braces_nearest_passes(text: str) -> None:
    assert found(BRACES, text) == []


def test_mixed_reports_each_placeholder_in_another_style() -> None:
    text = "${name}应还{{amount}}元，{1}"
    hits = found(MIXED, text)
    assert [text[f.start : f.end] for f in hits] == ["{{amount}}", "{1}"]
    assert "${name}" in hits[0].message


@pytest.mark.parametrize("text", ["${a}{b}", "{a}{1}", "{{a}}${b}"])
def test_mixed_smallest(text: str) -> None:
    assert len(found(MIXED, text)) == 1


@pytest.mark.parametrize("text", ["${a}${b}", "{1}{2}", "{a}{b}", "${a}"])
def test_mixed_nearest_passes(text: str) -> None:
    assert found(MIXED, text) == []


def test_unknown_suggests_the_closest_known_name_in_the_same_syntax() -> None:
    (f,) = found(UNKNOWN, "应还${amout}元")
    assert "${amount}" in f.message and (f.start, f.end) == (2, 10)
    (g,) = found(UNKNOWN, "应还{{ amout }}元")
    assert "{{ amount }}" in g.message


def test_unknown_without_a_close_name_gives_no_suggestion() -> None:
    (f,) = found(UNKNOWN, "${zzz}")
    assert "是否" not in f.message


@pytest.mark.parametrize("text", ["${amount}", "${AMOUNT}", "${card_last4}", "{1}", "{{name}}"])
def test_unknown_nearest_passes_known_names_globs_and_numbers(text: str) -> None:
    assert found(UNKNOWN, text) == []


def test_unused_var_is_reported_by_name() -> None:
    vars_ = {"amount": {"max": 8}, "due_date": {"max": 10}}
    (f,) = found(UNUSED, "应还${amount}元", vars=vars_)
    assert "due_date" in f.message and (f.start, f.end) == (0, 0)
    assert found(UNUSED, "${amount}${due_date}", vars=vars_) == []
    assert found(UNUSED, "${amount}") == []


@pytest.mark.parametrize("text", ["", " ", "\n\t"])
def test_empty(text: str) -> None:
    assert len(found(EMPTY, text)) == 1


@pytest.mark.parametrize("text", ["。", "${a}"])
def test_empty_nearest_passes(text: str) -> None:
    assert found(EMPTY, text) == []


def test_known_placeholders_extend_along_extends(tmp_path: Path) -> None:
    parent = DATA / "packs" / "format.yaml"
    child = write_pack(tmp_path, f"extends: {parent}\nknown_placeholders: [amount, hotline]\n")
    pack = load_pack(child)
    assert pack.known_placeholders == ["amount", "due_date", "*last4*", "name", "hotline"]
    assert found(UNKNOWN, "${hotline}", pack=child) == []
    assert len(found(UNKNOWN, "${hotline}")) == 1


def _rule(options: str) -> str:
    return (
        "known_placeholders: [amount]\nrules:\n  - id: p.x\n    kind: placeholders\n"
        f"    category: format\n    severity: error\n    message: m\n{options}"
    )


@pytest.mark.parametrize(
    ("options", "words", "line"),
    [
        ("    check: nope\n", "check must be one of", 9),
        ("", "needs option 'check'", 4),
        ("    check: braces\n    known: [a]\n", "only applies to check 'unknown'", 10),
        ("    check: unknown\n    known: ['']\n", "non-empty string", 10),
        ("    check: unknown\n    colour: red\n", "unknown option 'colour'", 10),
    ],
)
def test_bad_options_name_the_pack_line(
    tmp_path: Path, options: str, words: str, line: int
) -> None:
    path = write_pack(tmp_path, _rule(options))
    with pytest.raises(SmslintError) as err:
        Linter(path)
    assert words in err.value.message
    assert (err.value.file, err.value.line) == (path, line)


def test_unknown_needs_a_list_of_names(tmp_path: Path) -> None:
    body = _rule("    check: unknown\n").replace("known_placeholders: [amount]\n", "")
    with pytest.raises(SmslintError, match="known_placeholders"):
        Linter(write_pack(tmp_path, body))
