"""Coercion in wordings the packs' own examples do not use, and lawful wording next to it.

The rule examples pin each sub-group; these sentences pin the base pack's reach across
sub-groups, so a narrowed phrase list or pattern that loses a real threat shows up here.
"""

from __future__ import annotations

from functools import cache

import pytest

from smslint import Linter

THREATS = [
    "你再不还钱，我们明天就去你单位找你领导谈谈。",
    "欠债不还，今晚派人去你家门口蹲你。",
    "已将你列入失信黑名单，你的子女将无法考公务员。",
    "三天内不还清，你的照片会出现在你们小区公告栏。",
    "我们已掌握你所有联系人，逐一通知他们你欠钱不还。",
    "再不处理，后果你自己想清楚。",
    "你这种人就是社会的蛀虫，赶紧还钱。",
    "法院传票已经下发，明天民警会上门将你带走。",
    "你已被列为诈骗嫌疑人，24小时内不还款将被逮捕。",
    "不还钱就让你全家不得安宁。",
    "逾期不还将通报你所在的村委会。",
    "今天下班前不还款，我们会把你的欠款信息发给你的所有微信好友。",
    "您的欠款已转交第三方催收公司，他们的手段您应该清楚。",
    "已将您的案件移交经侦部门，等待您的将是牢狱之灾。",
    "今天是最后期限，过了今天谁也帮不了你。",
    "你妈知道你在外面欠这么多钱吗？",
    "限你两小时内回电，否则立即启动上门程序。",
    "再不还款就等着法院强制执行，房子车子全部拍卖。",
]
LAWFUL = [
    "如您对欠款有异议，可拨打95558或向当地金融监管局反映。",
    "为保障您的权益，请勿向任何个人账户转账。",
    "我行不会通过短信索要验证码，请勿泄露。",
    "请您本人尽快处理，以免对个人信用造成影响。",
    "您可以与家人商量后致电我们协商分期。",
    "本通知仅发送给您本人，我们不会联系您的家人或单位。",
    "废物回收站将于周六开放，请市民分类投放。",
    "依据合同约定，逾期将按日收取罚息。",
    "您的欠款可能被依法报送至金融信用信息基础数据库。",
    "若经法院判决后仍不履行，债权人可依法申请强制执行。",
    "如您无法按时还款，可在App内申请延期或分期。",
]


@cache
def base() -> Linter:
    return Linter("base")


def _coercion(text: str) -> list[str]:
    return [f.rule for f in base().lint(text, kind="overdue") if f.category == "coercion"]


@pytest.mark.parametrize("text", THREATS)
def test_threat_is_coercion(text: str) -> None:
    assert _coercion(text), text


@pytest.mark.parametrize("text", LAWFUL)
def test_lawful_wording_is_not(text: str) -> None:
    assert _coercion(text) == [], text


def test_numbered_placeholders_count_by_their_neighbours() -> None:
    text = "【中信银行】{1}您好，就您的信用卡纠纷，XX调解中心定于{2}在{3}组织调解，联系电话95558。"
    missing = [f.rule for f in base().lint(text, kind="mediation")]
    assert "base.required.time" not in missing and "base.required.venue" not in missing
    vague = "【中信银行】您在{1}的贷款，XX调解中心将组织调解，联系电话95558。"
    assert "base.required.venue" in [f.rule for f in base().lint(vague, kind="mediation")]
