from __future__ import annotations

from pathlib import Path

import pytest

from smslint.core.errors import SmslintError
from smslint.engine.linter import Linter

from .conftest import DATA
from .formatpack import found, write_pack

SIG = "format.format.foreign-signature"
HOT = "format.format.foreign-hotline"
OPEN = DATA / "packs" / "format_open.yaml"


def spans(rule: str, text: str, **kw: object) -> list[str]:
    return [text[f.start : f.end] for f in found(rule, text, **kw)]


def test_another_institutions_signature_anywhere() -> None:
    assert spans(SIG, "【别家银行】还款") == ["【别家银行】"]
    assert spans(SIG, "【测试银行】详见【别家】") == ["【别家】"]
    assert "别家银行" in found(SIG, "【别家】还款")[0].message


def test_a_signature_that_is_not_the_packs_own() -> None:
    (f,) = found(SIG, "【某某贷】还款")
    assert "测试银行" in f.message and (f.start, f.end) == (0, 5)
    assert spans(SIG, "【某某贷】还款【某某贷】") == ["【某某贷】", "【某某贷】"]


def test_with_the_own_signature_in_place_a_second_unknown_one_is_left_to_signature() -> None:
    assert found(SIG, "【测试银行】还款【提醒】") == []
    assert found(SIG, "【提醒】还款【测试银行】") == []
    assert found("format.format.signature", "【提醒】还款【测试银行】") != []


@pytest.mark.parametrize(
    "text",
    [
        "【测试银行】还款",
        "还款【测试银行信用卡】",
        "【測試銀行】还款",
        "【测试银行】详见【提醒】公告",
        "还款",
    ],
)
def test_own_signatures_pass(text: str) -> None:
    assert found(SIG, text) == []


def test_a_known_institution_sharing_the_hotline_is_not_foreign() -> None:
    assert found(HOT, "【测试银行】详询95000") == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("详询95111", "95111"),
        ("详询95111。", "95111"),
        ("电话：４００-８００-１２３４", "４００-８００-１２３４"),
        ("电话4008001234", "4008001234"),
        ("如有疑问，95111，谢谢", "95111"),
    ],
)
def test_foreign_hotline_smallest(text: str, span: str) -> None:
    assert spans(HOT, text) == [span]


@pytest.mark.parametrize(
    "text", ["应还951110元", "尾号195111", "应还95111元", "余额95111.50", "95000"]
)
def test_foreign_hotline_digits_inside_other_numbers_pass(text: str) -> None:
    assert found(HOT, text) == []


def test_without_a_pack_institution_the_signature_names_the_sender() -> None:
    assert spans("open.format.foreign-hotline", "【甲银行】详询95222", pack=OPEN) == ["95222"]
    assert found("open.format.foreign-hotline", "【某贷】详询95222", pack=OPEN) == []
    # the signature of a known institution is its own; a second known one is foreign
    assert spans("open.format.foreign-signature", "【乙行】见【甲银行】", pack=OPEN) == [
        "【甲银行】"
    ]
    assert found("open.format.foreign-signature", "【乙行】见【乙银行】", pack=OPEN) == []


def test_institutions_sharing_a_signature_are_one() -> None:
    # 乙银行集团 shares 95222 with 乙银行 but not a signature: only the hotline is the sender's
    assert found("open.format.foreign-hotline", "【乙行】详询95222", pack=OPEN) == []


def _pack(options: str) -> str:
    return (
        "institution: {name: 甲}\nknown_institutions:\n  甲: {hotlines: ['95111']}\n"
        "  乙: {hotlines: ['95222']}\nrules:\n  - id: p.inst\n    kind: institution\n"
        f"    category: format\n    severity: error\n    message: m\n{options}"
    )


def test_allow_treats_a_listed_institution_as_own(tmp_path: Path) -> None:
    plain = Linter(write_pack(tmp_path, _pack("    check: hotline\n"), "a"))
    allowed = Linter(write_pack(tmp_path, _pack("    check: hotline\n    allow: [乙]\n"), "b"))
    assert [f.rule for f in plain.lint("详询95222")] == ["p.inst"]
    assert allowed.lint("详询95222") == []


@pytest.mark.parametrize(
    ("options", "words", "line"),
    [
        ("    check: phone\n", "check must be one of", 12),
        ("    check: hotline\n    allow: [丙]\n", "unknown institutions: 丙", 13),
        ("    check: hotline\n    allow: [{a: 1}]\n", "must be an institution name", 13),
    ],
)
def test_bad_options(tmp_path: Path, options: str, words: str, line: int) -> None:
    path = write_pack(tmp_path, _pack(options))
    with pytest.raises(SmslintError, match=words) as err:
        Linter(path)
    assert err.value.line == line
