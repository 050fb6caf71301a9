"""Personal-data detectors: what must be found, with which span, and what must pass."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.privacy.detectors import DETECTORS, Hit, detect, digits
from tests.idgen import INSTITUTION_DOMAINS, IdGen, id_check, is_card_like, luhn_digit, luhn_ok

ID = "110101199003071233"
ID_X = "11010119900307002X"
LEGACY = "110101900307123"  # 1990-03-07, issued before 2004
CARD16 = "6222021234567894"
CARD17 = "62170012345678907"
CARD18 = "622202123456789012"
CARD19 = "6228480012345678903"
MOBILE = "13800138000"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def found(text: str, **kw: object) -> list[tuple[str, str, str]]:
    """(detector, value, original span) for each hit."""
    return [(h.detector, h.value, text[h.start : h.end]) for h in detect(text, **kw)]


def test_registry_holds_every_detector_with_its_api() -> None:
    assert set(DETECTORS) == {"resident_id", "bank_card", "mobile", "email", "placeholder"}
    for name, d in DETECTORS.items():
        assert d.name == name
        assert "(" in d.label and any("\u4e00" <= c <= "\u9fff" for c in d.label)
        assert callable(d.find) and callable(d.validate)


def test_hit_carries_label_and_masked_form() -> None:
    (hit,) = detect(f"身份证号{ID}已登记")
    label = DETECTORS["resident_id"].label
    assert hit == Hit("resident_id", 4, 22, ID, "110101********1233", label)


# -- resident ID ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelt", "value"),
    [
        (ID, ID),
        (ID_X, ID_X),
        (ID_X.lower(), ID_X),
        (ID_X[:-1] + "Ｘ", ID_X),
        (ID.translate(FULL_WIDTH), ID),
        ("110101 19900307 1233", ID),
        ("110101-19900307-1233", ID),
        ("1101\u200b0119900307\u200d1233", ID),
        ("110101\ufeff 19900307 123\u2060", None),  # 17 digits: not an ID
        (LEGACY, LEGACY),
        ("110101 900307 123", LEGACY),
    ],
)
def test_resident_id_spellings(spelt: str, value: str | None) -> None:
    text = f"您的身份证号：{spelt}，请核对。"
    expected = [("resident_id", value, spelt)] if value else []
    assert found(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        "11010119900307123X",  # check digit should be 3
        ID[:-1] + "4",  # wrong check digit
        "99010119900307123" + id_check("99010119900307123"),  # no such province
        "16010119900307123" + id_check("16010119900307123"),
        "11010119900230123" + id_check("11010119900230123"),  # 30 February
        "11010118991231001" + id_check("11010118991231001"),  # before 1900
        "32010220301231001" + id_check("32010220301231001"),  # born in the future
        "110101901301123",  # legacy, month 13
        "990101900307123",  # legacy, no such province
    ],
)
def test_resident_id_rejects(value: str) -> None:
    assert not DETECTORS["resident_id"].validate(value)
    assert not any(d == "resident_id" for d, _, _ in found(f"证件号{value}。"))


def test_resident_id_validate_sees_through_spelling() -> None:
    assert DETECTORS["resident_id"].validate("110101 19900307 1233")
    assert DETECTORS["resident_id"].validate(ID_X.lower())


def test_id_inside_a_longer_number_is_not_an_id() -> None:
    assert found(f"流水号8{ID}7。") == []
    assert found(f"流水号{ID}0。") == []


def test_digits_inside_letter_codes_are_not_ids_or_cards() -> None:
    # booking and tracking references (`fzp` + 15 digits that happen to read as a legacy ID)
    assert found(f"您的订单fzp{LEGACY}已出票，卡{CARD16}AB") == []
    assert found(f"电话{MOBILE}qq12345") == [("mobile", MOBILE, MOBILE)]


# -- bank card --------------------------------------------------------------------------------


@pytest.mark.parametrize("card", [CARD16, CARD17, CARD18, CARD19, "4111111111111111"])
def test_luhn_valid_cards_of_16_to_19_digits(card: str) -> None:
    assert luhn_ok(card)
    assert found(f"您的卡号{card}已绑定") == [("bank_card", card, card)]


@pytest.mark.parametrize(
    "spelt",
    ["6228 4800 1234 5678 903", "6228-4800-1234-5678-903", CARD19.translate(FULL_WIDTH)],
)
def test_card_spellings(spelt: str) -> None:
    assert found(f"卡号 {spelt} 已绑定") == [("bank_card", CARD19, spelt)]


def test_card_failing_luhn_is_a_contract_number() -> None:
    bad = CARD19[:-1] + "4"
    assert not luhn_ok(bad)
    assert found(f"合同编号{bad}") == []


def test_card_inside_a_25_digit_order_number_is_not_a_card() -> None:
    order = "202403150" + CARD16
    assert len(order) == 25 and luhn_ok(order[9:])
    assert found(f"订单号{order}已发货") == []


def test_spaced_number_failing_luhn_is_not_cut_down_to_a_card() -> None:
    # 18 digits written 4-4-4-4-2 that fail Luhn, though the first 16 pass: one number.
    tail = next(t for t in (f"{k:02d}" for k in range(100)) if not luhn_ok(CARD16 + t))
    spelt = " ".join([CARD16[:4], CARD16[4:8], CARD16[8:12], CARD16[12:], tail])
    assert found(f"编号 {spelt}。") == []


@pytest.mark.parametrize(
    "partial",
    ["101010123456789", "202403151234567", "898601123456789012", "700012345678901"],
)
def test_luhn_valid_numbers_without_a_card_prefix_pass(partial: str) -> None:
    # order numbers and timestamps (1…, 20xx…), SIM serials (89…), petroleum cards (7…)
    number = partial + luhn_digit(partial)
    assert luhn_ok(number)
    assert found(f"单号{number}") == []


def test_id_shaped_number_with_a_wrong_check_digit_is_no_card() -> None:
    # Guangdong (44): Luhn-valid by chance, but Visa issues no 18-digit cards
    value = "440306199003070009"
    assert luhn_ok(value) and id_check(value[:17]) != value[17]
    assert found(f"编号{value}") == []


@pytest.mark.parametrize(
    ("number", "card"),
    [
        ("4111111111111111", True),  # Visa 16
        ("411111111111111118", False),  # Visa issues no 18 digits
        ("5555555555554444", True),  # Mastercard
        ("2221000000000009", True),  # Mastercard 2-series
        ("3530111333300000", True),  # JCB
        ("6011000990139424", True),  # Discover
        ("3100000000000003", False),  # no network starts with 31
    ],
)
def test_card_needs_an_issuer_prefix_and_length(number: str, card: bool) -> None:
    assert luhn_ok(number)
    assert DETECTORS["bank_card"].validate(number) is card


def test_digits_and_format_characters_are_those_of_unicode() -> None:
    import sys
    import unicodedata

    every = [chr(c) for c in range(sys.maxunicode + 1)]
    assert {c for c in every if c.isdecimal()} == set(digits._chars(digits.DIGIT_RANGES))
    assert {c for c in every if unicodedata.category(c) == "Cf"} == set(digits.INVISIBLE)
    spaces = {c for c in every if unicodedata.category(c) == "Zs"}
    assert spaces <= set(digits.SEPARATORS)


@pytest.mark.parametrize(
    "spelt",
    [
        "138\u20090013\u20098000",  # thin space
        "138\u202f0013\u202f8000",  # narrow no-break space
        "1380\u00ad0138000",  # soft hyphen
        "138\u200e0013\u200f8000",  # LRM, RLM
        "138\u202e0013\u202c8000",  # bidi override and pop
        "138\u20660013\u20698000",  # bidi isolate
        "\u0661\u0663\u0668\u0660\u0660\u0661\u0663\u0668\u0660\u0660\u0660",  # Arabic-Indic
        "\U0001d7cf\U0001d7d1\U0001d7d6\U0001d7ce\U0001d7ce\U0001d7cf\U0001d7d1\U0001d7d6"
        "\U0001d7ce\U0001d7ce\U0001d7ce",  # mathematical bold
        "138/0013/8000",
        "138_0013_8000",
        "138\u00b70013\u00b78000",
        "138,0013,8000",
        "1380 0138 000",  # 4-4-3
    ],
)
def test_mobile_however_spelt(spelt: str) -> None:
    assert found(f"请联系{spelt}。") == [("mobile", MOBILE, spelt)]


def test_the_tail_of_a_number_in_fours_is_no_mobile() -> None:
    # 19 digits written 4-4-4-4-3, failing Luhn: its last three groups read 1650 8953 478
    assert not luhn_ok("6228482716508953478")
    assert found("编号 6228 4827 1650 8953 478。") == []


# -- mobile -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelt",
    [
        MOBILE,
        "138 0013 8000",
        "138-0013-8000",
        MOBILE.translate(FULL_WIDTH),
        "138\u200b0013\u200c8000",
        "+8613800138000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "＋86 13800138000",
        "86 13800138000",
        "0086 138 0013 8000",
        "008613800138000",
    ],
)
def test_mobile_spellings(spelt: str) -> None:
    assert found(f"请致电{spelt}联系") == [("mobile", MOBILE, spelt)]


def test_two_mobiles_side_by_side() -> None:
    assert found("联系电话：13800138000 13900139000。") == [
        ("mobile", MOBILE, MOBILE),
        ("mobile", "13900139000", "13900139000"),
    ]


def test_mobile_after_a_date() -> None:
    assert found("2024-03-15 138 0013 8000") == [("mobile", MOBILE, "138 0013 8000")]


@pytest.mark.parametrize(
    "text",
    [
        "客服热线95558",
        "请致电400-820-8888",
        "投诉电话12378",
        "座机010-12345678",
        "座机0755-88888888",
        "电话12345678901",  # no 12x mobile segment
        "号码138001380001",  # 12 digits
        "号码1380013800",  # 10 digits
        "时间戳1710460800123",
    ],
)
def test_not_mobiles(text: str) -> None:
    assert found(text) == []


# -- e-mail -----------------------------------------------------------------------------------


def test_personal_email_found_and_masked() -> None:
    (hit,) = detect("请发送至邮箱Zhang.San@QQ.com，谢谢")
    assert (hit.value, hit.masked) == ("zhang.san@qq.com", "z***@qq.com")


def test_email_allow_list_covers_domain_and_subdomains_only() -> None:
    allow = {"email": ["citicbank.com"]}
    assert found("发送至zhang.wei@citicbank.com", allow=allow) == []
    assert found("发送至zhang.wei@cs.citicbank.com", allow=allow) == []
    assert [d for d, _, _ in found("发送至zhang.wei@notciticbank.com", allow=allow)] == ["email"]


def test_masked_email_passes() -> None:
    assert found("您的账号c***g@126.com已修改密码，zh**an@qq.com") == []


def test_role_mailboxes_are_not_personal() -> None:
    assert found("投诉请发送至service@example.com或kefu@jd.com") == []


def test_email_wins_over_the_mobile_in_its_local_part() -> None:
    assert found("邮箱13800138000@139.com") == [
        ("email", "13800138000@139.com", "13800138000@139.com")
    ]


# -- placeholders -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "id_no", "idcard", "id_card", "IDCardNo", "identity", "cert_no", "card_no", "cardno",
        "bank_card", "bankCardNumber", "account_no", "acct_no", "mobile", "customerMobile",
        "phone", "phone_no", "PHONE-NO", "tel", "cellphone", "email", "user.email",
        "身份证号", "身份证", "证件号", "银行卡号", "卡号", "手机号", "手机号码", "电话", "邮箱",
    ],
)  # fmt: skip
@pytest.mark.parametrize("syntax", ["${%s}", "{{%s}}", "{%s}", "{{ %s }}"])
def test_placeholders_inserting_a_full_identifier(name: str, syntax: str) -> None:
    token = syntax % name
    assert found(f"您的信息{token}已登记") == [("placeholder", name, token)]


@pytest.mark.parametrize(
    "name",
    [
        "card_last4", "cardNoLast4", "card_tail", "mobile_mask", "mobileMasked", "phone_suffix",
        "卡号尾号", "身份证后四位", "service_tel", "hotlinePhone", "客服电话", "客服热线phone",
        "name", "amount", "order_id", "hotel", "due_date", "1",
    ],
)  # fmt: skip
def test_placeholders_that_pass(name: str) -> None:
    assert found(f"尊敬的客户，信息${{{name}}}已登记") == []


def test_placeholder_allow_list_compares_words() -> None:
    assert found("联系${contact_phone}", allow={"placeholder": ["contactPhone"]}) == []


# -- detect(): selection, overlaps, errors ----------------------------------------------------


def test_id_wins_over_the_card_reading_of_the_same_digits() -> None:
    value = "620102199003070069"  # Gansu (62) is also UnionPay's prefix
    assert DETECTORS["bank_card"].validate(value) and DETECTORS["resident_id"].validate(value)
    assert found(f"证件{value}") == [("resident_id", value, value)]


def test_enabled_limits_detectors() -> None:
    text = f"身份证{ID}，手机{MOBILE}"
    assert [d for d, _, _ in found(text)] == ["resident_id", "mobile"]
    assert [d for d, _, _ in found(text, enabled=["mobile"])] == ["mobile"]
    assert found(text, enabled=[]) == []


def test_allow_list_of_values() -> None:
    assert found(f"手机{MOBILE}", allow={"mobile": ["+86 138-0013-8000"]}) == []


def test_unknown_detector_names_are_user_errors() -> None:
    with pytest.raises(ValueError, match="unknown personal-data detector 'passport'"):
        detect("x", enabled=["passport"])
    with pytest.raises(ValueError, match="passport"):
        detect("x", allow={"passport": []})


@pytest.mark.parametrize(
    "text",
    [
        "您尾号1234的信用卡",
        "卡号6222****1234",
        "手机138****5678",
        "证件110101********123X",
        "卡号6222 **** **** 1234",
        "日期20240315",
        "日期2024-03-15",
        "应还12,345.67元",
        "应还1,234,567.00元，客服95558，热线400-820-8888，投诉12378，座机010-12345678",
    ],
)
def test_masked_forms_hotlines_dates_amounts_pass(text: str) -> None:
    assert found(text) == []


MESSY_PIECES = ["您好", "，", " ", "-", ".", "\u200b", "+86", "@", "qq.com", "${id_no}", ID]
MESSY_PIECES += [CARD19, MOBILE, "95558", "2024-03-15", "１３８", "X"]


@st.composite
def _messy_text(draw: st.DrawFn) -> str:
    pieces = st.sampled_from(MESSY_PIECES)
    return "".join(draw(st.lists(st.one_of(pieces, st.text("0123456789", max_size=20)))))


@settings(max_examples=300, deadline=None)
@given(_messy_text())
def test_hits_are_sorted_disjoint_and_spell_their_value(text: str) -> None:
    hits = detect(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))
    for h in hits:
        assert DETECTORS[h.detector].validate(h.value)
        if h.detector in ("resident_id", "bank_card", "mobile"):
            assert digits.normalise(text[h.start : h.end]).endswith(h.value)
            assert text[h.start].isdigit() or text[h.start] in "+＋"


# -- generated identifiers and look-alikes ------------------------------------------------------


@pytest.fixture(scope="module")
def generated() -> tuple[list, list]:
    return IdGen(seed=20240315).cases(positives=1500, decoys=3000)


def test_every_generated_identifier_is_found_with_its_span(generated: tuple[list, list]) -> None:
    positives, _ = generated
    missed = []
    for case in positives:
        hits = detect(case.text)
        want = (case.kind, case.start, case.end, case.value.upper())
        got = [(h.detector, h.start, h.end, h.value.upper()) for h in hits]
        if got != [want]:
            missed.append((case.variant, case.kind, got))
    assert missed == []
    assert {c.variant for c in positives} >= {"plain", "spaced", "dashed", "fullwidth"} | {
        "zerowidth",
        "plus86",
    }


def test_generated_lookalikes_rarely_alarm(generated: tuple[list, list]) -> None:
    _, decoys = generated
    for case in decoys:
        if case.value.isdigit():
            assert not is_card_like(case.value)
    alarms = [c for c in decoys if detect(c.text, allow={"email": INSTITUTION_DOMAINS})]
    assert len(alarms) <= 0.02 * len(decoys)
