"""Element recognisers: the wordings issue 16 quotes count, the near misses do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.errors import SmslintError
from smslint.engine.linter import Linter
from smslint.engine.recognisers import RECOGNISERS, find, recognise
from smslint.text.normalize import normalize

from .conftest import loaded_pack as _pack


def _found(name: str, text: str, pack: str = "base") -> list[str]:
    norm = normalize(text)
    return [s.text for s in find(name, norm.text, _pack(pack))]


PRESENT = [
    # the wordings quoted in the issue
    ("money", "欠款4,600块"),
    ("money", "还欠1.2万"),
    ("money", "人民币贰仟元整"),
    ("money", "¥1,230.00"),
    ("overdue", "已逾期三个月"),
    ("overdue", "逾期快40天了"),
    ("overdue", "拖了两个多月"),
    ("overdue", "逾期已达三周"),
    ("deadline", "请于本月25日前"),
    ("deadline", "今天下午6点前"),
    ("deadline", "三日内"),
    ("deadline", "下周一前"),
    ("deadline", "9月30日24时前"),
    ("venue", "在朝阳区人民法院诉调对接中心（建国路88号）"),
    ("way", "调解员将致电与您沟通"),
    ("way", "视频调解"),
    ("way", "请通过“移动微法院”参加"),
    # what else the brief names
    ("money", "欠款４６００元"),  # full-width digits
    ("money", "500-1000元"),
    ("money", "人民幣貳仟元整"),  # traditional script
    ("date", "下周三下午2点30分"),
    ("duration", "半年"),
    ("duration", "两个月零五天"),
    ("salutation", "尊敬的客户"),
    ("salutation", "${name}先生，您的账单已出"),
    ("participants", "请您本人或委托代理人参加"),
    ("materials", "请携带身份证原件"),
    ("channel", "可通过手机银行、网上银行或柜台还款"),
    ("channel", "到期自动扣款"),
    ("app", "关注官方公众号"),
]


@pytest.mark.parametrize(("name", "text"), PRESENT)
def test_wording_counts(name: str, text: str) -> None:
    assert _found(name, text), f"{name} should find a mention in {text}"


ABSENT = [
    ("money", "请致电95558"),  # a hotline
    ("money", "您尾号1234的信用卡"),  # a card's tail digits
    ("money", "请联系13800138000"),  # a mobile number
    ("money", "请千万不要轻信他人"),
    ("deadline", "您于2023年5月1日开户的账户"),  # an account-opening date
    ("deadline", "请尽快还款"),
    ("deadline", "您的借款已于5月1日到期"),  # gone by
    ("overdue", "请于3日内还清，以免逾期"),
    ("duration", "2024年您的账户共消费12笔"),  # a year
    ("venue", "经朝阳区人民法院委派"),  # the delegating court is no venue
    ("venue", "【XX调解中心】您好"),  # the sender
    ("way", "详询95558"),
    ("salutation", "${name}，您的欠款已逾期"),  # a bare name
    ("salutation", "调解员王女士将与您联系"),
    ("participants", "请携带本人身份证"),  # a document
    ("materials", "您身份证尾号1234的账户"),
    ("channel", "请勿点击陌生链接，切勿下载第三方App"),
]


@pytest.mark.parametrize(("name", "text"), ABSENT)
def test_near_miss_does_not_count(name: str, text: str) -> None:
    assert _found(name, text) == []


@pytest.mark.parametrize(
    ("pack", "text"),
    [
        ("citic", "可在动卡空间还款"),
        ("spdb", "可登录浦大喜奔查询"),
        ("jd", "请登录京东金融APP还款"),
        ("mybank", "请通过支付宝还款"),
        ("mybank", "请打开网商银行APP"),
        ("suning", "请打开苏宁金融APP还款"),
        ("citic", "可在動卡空間還款"),
    ],
)
def test_institution_apps_are_channels(pack: str, text: str) -> None:
    assert _found("app", text, pack)
    assert _found("channel", text, pack)


def test_an_app_is_the_packs_own() -> None:
    assert _found("app", "可在动卡空间还款", "base") == []
    # an app named like the institution counts only as an app, not as the sender's name
    assert _found("app", "【网商银行】您的网商贷已到期", "mybank") == []


def test_dongka_counts_as_repayment_channel_and_contact() -> None:
    pack = _pack("citic")
    norm = normalize("【中信银行】您的账单已出，可在动卡空间还款。")
    for element in ("repay_channel", "contact"):
        assert [s.text for s in recognise(element, norm, pack)] == ["动卡空间"]


def test_a_users_pack_adds_its_own_app(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nextends: base\ninstitution:\n  name: 某银行\n  apps: [招财猫]\n",
        encoding="utf-8",
    )
    linter = Linter(str(path))
    text = "【某银行】您本期应还500元，请于5月10日前在招财猫还款。"
    assert "base.required.repay-channel" not in {f.rule for f in linter.lint(text, "reminder")}
    assert "base.required.repay-channel" in {f.rule for f in Linter("base").lint(text, "reminder")}


def test_recognise_reports_what_counted() -> None:
    pack = _pack("base")
    norm = normalize("【招商银行】您本期应还${amount}元，到期还款日5月10日，详询95555。")
    kinds = {s.recogniser for s in recognise("amount", norm, pack)}
    assert kinds == {"money", "pattern", "placeholder"}
    due = recognise("due_date", norm, pack)
    assert {s.recogniser for s in due} == {"keyword", "deadline"}
    assert [s.text for s in recognise("contact", norm, pack) if s.recogniser == "pattern"]
    signature = recognise("signature", norm, pack)
    assert [(s.start, s.text) for s in signature] == [(0, "【招商银行】")]


def test_recognise_takes_plain_normalised_text() -> None:
    spans = recognise("amount", "欠款4,600块", _pack("base"))
    assert [(s.start, s.end, s.recogniser) for s in spans] == [(2, 8, "money")]


def test_unknown_names_are_errors() -> None:
    with pytest.raises(SmslintError, match="unknown element recogniser"):
        find("nope", "text")
    with pytest.raises(SmslintError, match="unknown element"):
        recognise("nope", "text", _pack("base"))


def test_pack_naming_an_unknown_recogniser_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: p\nelements:\n  e: {recognisers: [monies]}\nrules:\n"
        "  - id: p.r\n    kind: required\n    category: required-element\n"
        "    severity: error\n    message: m\n    element: e\n",
        encoding="utf-8",
    )
    with pytest.raises(SmslintError, match="unknown recogniser 'monies'") as err:
        Linter(str(path))
    assert (err.value.file, err.value.line) == (str(path), 10)


def test_materials_only_for_mediation_in_person() -> None:
    linter = Linter("citic")
    head = "【中信银行】尊敬的客户，您好，就您的信用卡纠纷，诚邀您本人于6月1日10点"
    tail = "，详询95558，谢谢。"
    rules = {f.rule for f in linter.lint(head + "到调解室参加调解" + tail, "mediation")}
    assert "citic.required.materials" in rules
    for way in ("参加视频调解", "参加电话调解", "通过“移动微法院”参加线上调解"):
        rules = {f.rule for f in linter.lint(head + way + tail, "mediation")}
        assert "citic.required.materials" not in rules, way


TEXT = st.text(
    alphabet=st.sampled_from(
        list("0123456789,.元块万¥人民币逾期天个月前日内于请到路号楼您好尊敬的，。【】\ue000 ")
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_spans_lie_in_the_text(text: str) -> None:
    for name in RECOGNISERS:
        for span in find(name, text, _pack("citic")):
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text
