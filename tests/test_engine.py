from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from smslint.core.errors import SmslintError
from smslint.engine.linter import Linter

from .conftest import DATA

MINI = str(DATA / "packs" / "mini.yaml")


@cache
def mini() -> Linter:
    return Linter(MINI)


def rules_hit(text: str, kind: str = "notification") -> list[str]:
    return [f.rule for f in mini().lint(text, kind=kind)]


@pytest.mark.parametrize(
    "text",
    [
        "你再不还就去坐牢",
        "坐*牢",
        "坐 牢",
        "坐.牢",
        "通-讯-录",
        "通訊錄",
        "上 门",
        "ＺＵＯ坐\u200b牢",
    ],
)
def test_spelling_tricks_still_match(text: str) -> None:
    assert "mini.coercion.jail" in rules_hit(text)


@pytest.mark.parametrize(
    "text",
    [
        "国家人口普查",  # 家人 inside another word
        "我们不会上门打扰您",  # negated
        "我们绝不会派人上门",
        "谨防冒充法院要求你坐牢的骗子",  # unless context in the sentence
        "马上，门口见",  # compact view does not cross clause punctuation
    ],
)
def test_lawful_wording_passes(text: str) -> None:
    assert "mini.coercion.jail" not in rules_hit(text)


def test_negation_does_not_cover_a_condition() -> None:
    assert "mini.coercion.jail" in rules_hit("如不还款就上门")


def test_unless_is_scoped_to_the_sentence() -> None:
    assert "mini.coercion.jail" in rules_hit("再不还就让你坐牢。谨防冒充客服的骗子。")


def test_span_maps_to_the_original_characters() -> None:
    text = "【中信银行】再不還款就讓你坐*牢"
    finding = next(f for f in mini().lint(text) if f.rule == "mini.coercion.jail")
    assert text[finding.start : finding.end] == "坐*牢"
    assert "坐*牢" in finding.message


def test_required_element_by_placeholder_keyword_and_context() -> None:
    assert "mini.required.amount" in rules_hit("您已逾期", "overdue")
    assert "mini.required.amount" not in rules_hit("您已逾期，应还${repay_amount}", "overdue")
    assert "mini.required.amount" not in rules_hit("您已逾期，应还{还款金额}", "overdue")
    assert "mini.required.amount" not in rules_hit("您已逾期，应还{2}", "overdue")
    assert "mini.required.amount" in rules_hit("您已逾期，详见{2}", "overdue")
    # rules scoped to other kinds do not run
    assert "mini.required.amount" not in rules_hit("您已逾期", "reminder")


def test_missing_element_points_at_the_start() -> None:
    finding = next(f for f in mini().lint("您已逾期", kind="overdue"))
    assert (finding.start, finding.end) == (0, 0)
    assert "金额" in finding.message
    assert finding.suggestion == "写明应还金额。"


def test_overridden_rule_is_off() -> None:
    child = Linter(str(DATA / "packs" / "child.yaml"))
    rules = [f.rule for f in child.lint("请立即还款")]
    assert "mini.format.hurry" not in rules
    assert any(f.severity == "error" for f in child.lint("将通知你的单位"))


def test_lint_many_keeps_order() -> None:
    out = list(mini().lint_many(["坐牢", "您好", ("您已逾期", "overdue")]))
    assert [[f.rule for f in fs] for fs in out] == [
        ["mini.coercion.jail"],
        [],
        ["mini.required.amount"],
    ]


def test_lint_many_lints_as_lint_does_past_a_batch() -> None:
    """lint_many lints in batches; each message's findings are those lint gives it."""
    texts = ["坐牢", "您好", "再不还款就让你坐牢", "您已逾期，请还款100元", "【测试银行】您好"]
    items = [(t, "overdue" if i % 3 else None) for i, t in enumerate(texts * 120)]
    linter = mini()
    assert list(linter.lint_many(items)) == [linter.lint(t, k) for t, k in items]


def _pack(tmp_path: Path, rule: str) -> str:
    path = tmp_path / "p.yaml"
    path.write_text("name: p\nrules:\n" + rule, encoding="utf-8")
    return str(path)


BASE_RULE = "  - id: p.r\n    category: format\n    severity: info\n    message: m\n"


def test_invalid_regex_names_pack_line(tmp_path: Path) -> None:
    path = _pack(tmp_path, BASE_RULE + "    kind: regex\n    pattern: '(a)\\1'\n")
    with pytest.raises(SmslintError, match="invalid regex") as err:
        Linter(path)
    assert (err.value.file, err.value.line) == (path, 8)


def test_catastrophic_pattern_cannot_hang(tmp_path: Path) -> None:
    path = _pack(tmp_path, BASE_RULE + "    kind: regex\n    pattern: '(a+)+$'\n")
    findings = Linter(path).lint("a" * 200_000 + "b")
    assert findings == []


def test_unknown_rule_kind(tmp_path: Path) -> None:
    path = _pack(tmp_path, BASE_RULE + "    kind: magic\n")
    with pytest.raises(SmslintError, match="unknown rule kind 'magic'") as err:
        Linter(path)
    assert err.value.line == 3


def test_unknown_option(tmp_path: Path) -> None:
    path = _pack(tmp_path, BASE_RULE + "    kind: regex\n    pattern: x\n    patern: y\n")
    with pytest.raises(SmslintError, match="unknown option 'patern'") as err:
        Linter(path)
    assert err.value.line == 9


def test_unknown_element(tmp_path: Path) -> None:
    path = _pack(tmp_path, BASE_RULE + "    kind: required\n    element: nope\n")
    with pytest.raises(SmslintError, match="unknown element"):
        Linter(path)
