"""The shipped rule content: lawful wording stays quiet, threats are caught, packs are complete.

Rule examples test each rule alone; these tests look across rules, packs and notice kinds,
where a false alarm actually hurts: a lawful sentence must get no coercion finding from any
rule of any shipped pack, whatever the kind it is sent as.
"""

from __future__ import annotations

from functools import cache

import pytest

from smslint.core.model import KINDS
from smslint.engine.linter import Linter

PACKS = ("base", "citic", "spdb", "jd", "mybank", "suning")
INSTITUTIONS = {
    "citic": ("中信银行", "95558"),
    "spdb": ("浦发银行", "95528"),
    "jd": ("京东金融", "95118"),
    "mybank": ("网商银行", "95188"),
    "suning": ("苏宁金融", "95177"),
}

# The nearest lawful wording to each threat the lexicon targets.
LAWFUL = [
    "逾期将影响您的个人征信记录，请尽快还款。",
    "如仍未还款，我行将依法维护合法权益。",
    "如协商未果，我行可能依法提起诉讼。",
    "经XX市XX区人民法院委派调解，现邀请您参加线上调解。",
    "如对催收方式有异议，您可拨打12378投诉。",
    "我们不会上门打扰您，请通过官方App还款。",
    "如有困难，可与家人商量还款安排后致电客服。",
    "谨防不法分子冒充法院、公安人员以传票、逮捕令为由要求转账。",
    "我行不会向任何第三方透露您的欠款信息。",
    "您的欠款已委托XX公司代为催收，如有疑问请致电客服核实。",
    "对拒不履行生效判决的被执行人，人民法院依法可采取限制高消费措施。",
    "温馨提示：请保护好您和家人的资金安全。",
    "您可登录中国人民银行征信中心官网查询个人信用报告。",
    "按时还款有助于积累良好的信用记录。",
]

THREATS = [
    "再不还款就让你坐牢。",
    "再不還款就讓你坐牢。",
    "再不还款就让你坐*牢。",
    "再不还款就让你坐　牢。",
    "今天不还钱，我们就通知你家人和你单位领导。",
    "逾期未还将上门催收，后果自负。",
    "我们将联系你通讯录里的所有人。",
    "您好，我是市公安局经侦大队的民警，请配合调查。",
    "法院传票已寄往你户籍地。",
    "再不还款将把你列入永久黑名单，子女考公都受影响。",
    "你这个老赖，欠钱不还。",
]


@cache
def _linter(pack: str) -> Linter:
    return Linter(pack)


def _coercion(pack: str, text: str, kind: str) -> list[str]:
    return [f.rule for f in _linter(pack).lint(text, kind=kind) if f.category == "coercion"]


@pytest.mark.parametrize("pack", PACKS)
def test_lawful_wording_gets_no_coercion_finding(pack: str) -> None:
    signature, hotline = INSTITUTIONS.get(pack, ("中信银行", "95558"))
    for sentence in LAWFUL:
        text = f"【{signature}】{sentence}详询{hotline}。"
        for kind in KINDS:
            assert _coercion(pack, text, kind) == [], (pack, kind, text)


@pytest.mark.parametrize("text", THREATS)
def test_threats_get_a_coercion_finding_as_any_kind(text: str) -> None:
    for kind in KINDS:
        assert _coercion("base", text, kind), (kind, text)


def test_base_is_large_enough() -> None:
    pack = _linter("base").pack
    coercion = [r for r in pack.rules if r.category == "coercion"]
    entries = sum(
        len(r.options.get("phrases", [])) + len(r.options.get("patterns", [])) for r in coercion
    )
    assert len(pack.rules) >= 60
    assert entries >= 200


@pytest.mark.parametrize("pack", PACKS)
def test_every_rule_documents_itself(pack: str) -> None:
    for rule in _linter(pack).pack.rules:
        assert rule.message and rule.basis and rule.suggestion, rule.id
        examples = rule.examples
        assert len(examples.get("fail", [])) >= 2 and len(examples.get("pass", [])) >= 2, rule.id
        if rule.category == "coercion":
            assert "{match}" in rule.message, rule.id


@pytest.mark.parametrize("pack", list(INSTITUTIONS))
def test_institution_pack_identity(pack: str) -> None:
    loaded = _linter(pack).pack
    signature, hotline = INSTITUTIONS[pack]
    assert loaded.chain[-1] == "base"
    assert len(loaded.rules) >= 30
    assert signature in loaded.institution["signatures"]
    assert hotline in loaded.institution["hotlines"]
    assert any(r.id.startswith(f"{pack}.") for r in loaded.rules)


def test_shared_ant_group_hotline_is_not_foreign_to_mybank() -> None:
    text = "【网商银行】您的网商贷已逾期5天，欠款3000元，请登录网商银行App还款，客服95188。"
    assert [f.rule for f in _linter("mybank").lint(text, kind="overdue")] == []
