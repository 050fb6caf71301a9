from __future__ import annotations

from pathlib import Path

import pytest

from smslint.core.errors import SmslintError
from smslint.engine.linter import Linter
from smslint.text.brackets import Bracket, scan, signatures

from .formatpack import found, write_pack

RULE = "format.format.signature"


def spans(text: str) -> list[str]:
    return [text[f.start : f.end] for f in found(RULE, text)]


@pytest.mark.parametrize(
    "text", ["【测试】", "【测试】请还款", "请还款【测试】", "  【测试】请还款\n", "请还款"]
)
def test_one_signature_at_start_or_end_passes(text: str) -> None:
    assert spans(text) == []


def test_a_signature_at_both_ends_is_one_too_many() -> None:
    assert spans("【测试】还【测试】") == ["【测试】"]
    (f,) = found(RULE, "【测试】还【测试】")
    assert f.start == 5


def test_brackets_in_the_body_read_as_a_signature() -> None:
    assert spans("【测试】【提醒】还") == ["【提醒】"]
    assert spans("还【提醒】款") == ["【提醒】"]
    assert "第二个" in found(RULE, "【测试】还【提醒】款")[0].message


@pytest.mark.parametrize(("text", "bad"), [("【测】还", True), ("【测试】还", False)])
def test_length_lower_bound(text: str, bad: bool) -> None:
    assert bool(spans(text)) is bad


@pytest.mark.parametrize(("size", "bad"), [(12, False), (13, True), (0, True)])
def test_length_upper_bound_and_empty(size: int, bad: bool) -> None:
    text = "【" + "测" * size + "】还款"
    assert bool(spans(text)) is bad


@pytest.mark.parametrize(
    ("text", "span"), [("【测试还款", "【"), ("测试】还款", "】"), ("〖测试〗还", "〖")]
)
def test_stray_and_lookalike_brackets(text: str, span: str) -> None:
    assert spans(text)[0] == span


def test_scan_pairs_and_strays() -> None:
    pairs, stray = scan("【a【b】c】")
    assert pairs == [Bracket(2, 5)] and stray == [0, 6]
    text = " 【a】x【b】 "
    pairs, _ = scan(text)
    assert signatures(text, pairs) == pairs


def test_length_options(tmp_path: Path) -> None:
    body = (
        "rules:\n  - id: p.sig\n    kind: signature\n    min_length: 3\n    max_length: 4\n"
        "    category: format\n    severity: error\n    message: m\n"
    )
    linter = Linter(write_pack(tmp_path, body))
    assert [f.rule for f in linter.lint("【测试】还")] == ["p.sig"]
    assert linter.lint("【测试行】还") == []
    bad = write_pack(tmp_path, body.replace("min_length: 3", "min_length: 5"), "q")
    with pytest.raises(SmslintError, match="min_length") as err:
        Linter(bad)
    assert err.value.line == 5  # the min_length key
