"""Seeded generator of personal identifiers and look-alikes, each inside a realistic notice.

Positives are valid by construction (region, date and check digit; Luhn; mobile segment) and
decoys are checked against the same rules to be sure they are not identifiers by accident. The
checks here are written independently of smslint's detectors, so a detector bug cannot hide
behind the same bug in its test data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
PROVINCES += [50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 91]
NOT_PROVINCES = [0, 10, 16, 19, 20, 24, 29, 30, 38, 40, 47, 49, 55, 60, 66, 70, 80, 90, 99]
# (issuer prefix, lengths that network issues): UnionPay, Visa, Mastercard, old domestic cards
ANY_LENGTH = (16, 17, 18, 19)
CARD_PREFIXES = [("62", ANY_LENGTH), ("622202", ANY_LENGTH), ("621700", ANY_LENGTH)]
CARD_PREFIXES += [("622848", ANY_LENGTH), ("4", (16, 19)), ("436742", (16, 19)), ("52", (16,))]
CARD_PREFIXES += [("55", (16,)), ("524094", (16,)), ("9558", ANY_LENGTH)]
MOBILE_SEGMENTS = ["13", "14", "15", "16", "17", "18", "19"]
INSTITUTION_DOMAINS = ["citicbank.com", "95559.com.cn"]
POSITIVE_KINDS = ["resident_id", "resident_id", "bank_card", "bank_card", "mobile", "mobile"]
POSITIVE_KINDS += ["email", "placeholder"]
PLACEHOLDER_NAMES = ["id_no", "idCard", "ID_CARD_NO", "cert-no", "card_no", "cardNo", "bankCard"]
PLACEHOLDER_NAMES += ["acct_no", "mobile", "phoneNo", "tel", "cellphone", "email", "custMobile"]
PLACEHOLDER_NAMES += ["身份证号", "银行卡号", "手机号码", "user.idCardNo"]
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_FULL = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

# Notices with a slot (◆) for the identifier and a word ({what}) saying what it is. The
# surroundings hold the numbers real notices hold (amounts, dates, hotlines, masked card tails),
# never touching the slot.
SENTENCES = [
    "【中信银行】尊敬的${name}，您的{what}◆已登记，本期应还12,345.67元，请于2024-03-15前还款。",
    "【浦发银行】您尾号1234的信用卡已逾期，登记{what}：◆，如有疑问请致电95528。",
    "尊敬的客户，您在我司的借款已到期，{what}为◆，请尽快处理，客服热线400-820-8888。",
    "【京东金融】您好，系统查询到{what} ◆ 关联账户未按期还款，详询95118。",
    "您好！您的诉前调解案件已受理（{what}◆），调解员将于3个工作日内与您联系。",
    "【网商银行】提醒：{what}◆于2024年3月15日产生应还款项1,200.00元，请按时还款，退订回T",
    "您好，根据合同约定，请核对{what}:◆,核对无误后请于7日内还款。",
    "【苏宁金融】尊敬的用户，您的{what}「◆」账单金额为3,000.00元，到期日为03月20日。",
    "调解中心通知：请携带{what}（◆）于工作日9:00-17:00到场，咨询电话010-12345678。",
    "您好，{what}◆的账户本月最低还款额为580.00元，如已还款请忽略。",
]
WHAT = {
    "resident_id": ["身份证号", "证件号码", "身份证"],
    "bank_card": ["卡号", "银行卡号", "还款账号"],
    "mobile": ["手机号", "联系电话", "预留手机"],
    "email": ["邮箱", "电子邮箱"],
    "placeholder": ["身份证号", "卡号", "手机号"],
    None: ["订单号", "合同编号", "流水号", "日期", "金额", "客服热线", "编号", "参考号"],
}


@dataclass(frozen=True)
class Case:
    """One generated message; ``kind`` is the detector that must report [start, end) or None."""

    text: str
    kind: str | None
    value: str  # positives: the normalised identifier; decoys: the look-alike as written
    start: int
    end: int
    variant: str


def id_check(body17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(body17, _ID_WEIGHTS, strict=True)) % 11]


def luhn_ok(number: str) -> bool:
    total = 0
    for k, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if k % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def luhn_digit(partial: str) -> str:
    return next(d for d in "0123456789" if luhn_ok(partial + d))


def is_valid_id(value: str) -> bool:
    """The generator's own reading of GB 11643, used to keep decoys honest."""
    if len(value) not in (15, 18) or int(value[:2]) not in PROVINCES:
        return False
    born = "19" + value[6:12] if len(value) == 15 else value[6:14]
    try:
        day = date(int(born[:4]), int(born[4:6]), int(born[6:8]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= day <= date.today():
        return False
    return len(value) == 15 or id_check(value[:17]) == value[17]


def is_card_like(value: str) -> bool:
    """Any 16-19 digit Luhn-valid number counts: decoys must not be one, whatever the prefix."""
    return 16 <= len(value) <= 19 and value.isdigit() and luhn_ok(value)


class IdGen:
    def __init__(self, seed: int = 20240315) -> None:
        self.rng = random.Random(seed)

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def _region(self, provinces: list[int] = PROVINCES) -> str:
        rng = self.rng
        return f"{rng.choice(provinces):02d}{rng.randint(1, 30):02d}{rng.randint(1, 40):02d}"

    def _birth(self, start: int = 1930, end: int = 2010) -> date:
        first = date(start, 1, 1)
        return first + timedelta(days=self.rng.randrange((date(end, 12, 31) - first).days))

    # -- identifiers -------------------------------------------------------------------------

    def resident_id(self) -> str:
        body = self._region() + self._birth().strftime("%Y%m%d") + self._digits(3)
        return body + id_check(body)

    def legacy_id(self) -> str:
        return self._region() + self._birth(1930, 1999).strftime("%y%m%d") + self._digits(3)

    def card(self, length: int | None = None) -> str:
        prefix, lengths = self.rng.choice(
            [(p, n) for p, n in CARD_PREFIXES if length is None or length in n]
        )
        length = length or self.rng.choice(lengths)
        partial = prefix + self._digits(length - len(prefix) - 1)
        return partial + luhn_digit(partial)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_SEGMENTS) + self.rng.choice("0123456789") + self._digits(8)

    def email(self) -> str:
        rng = self.rng
        local = rng.choice(["zhang.san", "lihua", "wang_wei", "chen88", "liu.yang.2001", "xm"])
        local += rng.choice(["", str(rng.randint(1, 999))])
        if rng.random() < 0.3:
            local = self._digits(rng.randint(6, 10)).lstrip("0") or "12345"
        return f"{local}@{rng.choice(['qq.com', '163.com', 'gmail.com', 'sina.cn', 'foxmail.com'])}"

    # -- look-alikes ---------------------------------------------------------------------------

    def _not_identifier(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if not is_valid_id(value) and not is_card_like(value):
                return value

    def id_wrong_check(self) -> str:
        def make() -> str:
            good = self.resident_id()
            return good[:17] + self.rng.choice([c for c in "0123456789X" if c != good[17]])

        return self._not_identifier(make)

    def id_bad_date(self) -> str:
        def make() -> str:
            y, m, d = self.rng.choice(
                [(1990, 13, 1), (1985, 2, 30), (2001, 4, 31), (1899, 12, 31), (2091, 5, 5),
                 (1975, 0, 12), (1988, 6, 0)]
            )  # fmt: skip
            body = self._region() + f"{y:04d}{m:02d}{d:02d}" + self._digits(3)
            return body + id_check(body)

        return self._not_identifier(make)

    def id_bad_region(self) -> str:
        def make() -> str:
            body = self._region(NOT_PROVINCES) + self._birth().strftime("%Y%m%d") + self._digits(3)
            return body + id_check(body)

        return self._not_identifier(make)

    def card_bad_luhn(self) -> str:
        def make() -> str:
            good = self.card()
            return good[:-1] + self.rng.choice([d for d in "0123456789" if d != good[-1]])

        return self._not_identifier(make)

    def order_number(self) -> str:
        """20-25 digits: holds 16-19 digit stretches that pass Luhn, but is one number."""
        day = self._birth(2020, 2025).strftime("%Y%m%d")
        return day + self._digits(self.rng.randint(12, 17))

    def contract_number(self) -> str:
        return self._not_identifier(lambda: self._digits(self.rng.choice([15, 16, 17, 18, 19])))

    # -- spellings -----------------------------------------------------------------------------

    def _groups(self, value: str, kind: str | None) -> list[str]:
        sizes = {"resident_id": [6, 8, 4], "mobile": [3, 4, 4]}.get(kind or "", [4] * 5)
        if kind == "resident_id" and len(value) == 15:
            sizes = [6, 6, 3]
        parts, k = [], 0
        for size in sizes:
            if k < len(value):
                parts.append(value[k : k + size])
                k += size
        if k < len(value):
            parts.append(value[k:])
        return parts

    def spell(self, value: str, kind: str | None, variant: str) -> str:
        rng = self.rng
        if variant == "plain":
            return value.lower() if value.endswith("X") and rng.random() < 0.3 else value
        if variant in ("spaced", "dashed"):
            return (" " if variant == "spaced" else "-").join(self._groups(value, kind))
        if variant == "fullwidth":
            return value.translate(_FULL)
        if variant == "zerowidth":
            chars = list(value)
            for _ in range(rng.randint(1, 4)):
                chars.insert(rng.randint(1, len(chars) - 1), rng.choice(INVISIBLE))
            return "".join(chars)
        if variant == "plus86":
            prefix = rng.choice(["+86 ", "+86", "+86-", "0086 ", "86 ", "＋86 "])
            body = value if rng.random() < 0.5 else " ".join(self._groups(value, kind))
            return prefix + body
        raise ValueError(variant)

    def _embed(self, spelt: str, what: str) -> tuple[str, int]:
        sentence = self.rng.choice(SENTENCES).replace("{what}", what)
        start = sentence.index("◆")
        return sentence.replace("◆", spelt), start

    # -- cases ---------------------------------------------------------------------------------

    def positive(self) -> Case:
        rng = self.rng
        kind = rng.choice(POSITIVE_KINDS)
        variants = ["plain", "spaced", "dashed", "fullwidth", "zerowidth"]
        if kind == "resident_id":
            value = self.resident_id() if rng.random() < 0.85 else self.legacy_id()
        elif kind == "bank_card":
            value = self.card()
        elif kind == "mobile":
            value = self.mobile()
            variants.append("plus86")
        elif kind == "email":
            value, variants = self.email(), ["plain"]
        else:
            value = rng.choice(PLACEHOLDER_NAMES)
            variants = ["plain"]
        variant = rng.choice(variants)
        if kind == "placeholder":
            spelt = rng.choice(["${%s}", "{{%s}}", "{%s}", "{{ %s }}"]) % value
        else:
            spelt = self.spell(value, kind, variant)
        text, start = self._embed(spelt, rng.choice(WHAT[kind]))
        # A country code (`+86 `, `0086 `) belongs to the hit: the whole spelling is the span.
        return Case(text, kind, value, start, start + len(spelt), variant)

    def decoy(self) -> Case:
        """A look-alike that no detector may report (with INSTITUTION_DOMAINS allowed)."""
        rng = self.rng
        maker = rng.choice(
            [
                self.id_wrong_check, self.id_bad_date, self.id_bad_region, self.card_bad_luhn,
                self.order_number, self.contract_number, self.legacy_bad_date,
                self._fixed_decoy, self._fixed_decoy, self._fixed_decoy, self._mobile_like,
            ]
        )  # fmt: skip
        value = maker()
        numeric = value.isdigit() or value[:-1].isdigit()
        variant = "plain"
        if numeric:
            options = ["plain", "fullwidth", "zerowidth"]
            if maker not in (self.order_number, self.contract_number):
                options += ["spaced", "dashed"]
            variant = rng.choice(options)
        id_shaped = (
            self.id_wrong_check,
            self.id_bad_date,
            self.id_bad_region,
            self.legacy_bad_date,
        )
        kind = "resident_id" if maker in id_shaped else None  # spelt in ID groups, 6-8-4
        spelt = self.spell(value, kind, variant) if numeric else value
        text, start = self._embed(spelt, rng.choice(WHAT[None]))
        return Case(text, None, value, start, start + len(spelt), variant)

    def legacy_bad_date(self) -> str:
        def make() -> str:
            yymmdd = self.rng.choice(["901301", "850230", "010431", "750012", "880600", "991232"])
            return self._region() + yymmdd + self._digits(3)

        return self._not_identifier(make)

    def _mobile_like(self) -> str:
        rng = self.rng
        return rng.choice(
            [
                "1" + rng.choice("012") + self._digits(9),  # no such mobile segment
                self.mobile() + self._digits(1),  # 12 digits
                self.mobile()[:10],  # 10 digits
                "0" + rng.choice(["10", "21", "755", "571"]) + self._digits(8),  # landline
                str(rng.randint(1_600_000_000, 1_760_000_000)) + self._digits(3),  # ms timestamp
            ]
        )

    def _fixed_decoy(self) -> str:
        rng = self.rng
        return rng.choice(
            [
                "95558", "95588", "400-820-8888", "4008208888", "12378", "12363", "010-12345678",
                "021-6123 4567", "0755-88888888", "800-830-8888",
                "20240315", "2024-03-15", "2024.03.15", "2024年03月15日", "2025/01/31",
                "12,345.67元", "1,234,567.00元", "¥3,000.00", "580.00元", "100,000,000.00",
                "尾号1234", "6222****1234", "138****5678", "110101********123X",
                "6222 **** **** 1234", "138 **** 5678", "6222********1234", "1381234****",
                f"service@{rng.choice(INSTITUTION_DOMAINS)}",
                f"zhang.wei@cs.{rng.choice(INSTITUTION_DOMAINS)}",
                "kefu@jd.com", "noreply@alipay.com",
                "${card_last4}", "{{mobile_tail}}", "{cardNoLast4}", "${mobileMasked}",
                "{身份证后四位}", "${service_tel}", "{客服电话}", "${name}", "{1}", "${order_id}",
            ]
        )  # fmt: skip

    def cases(self, positives: int, decoys: int) -> tuple[list[Case], list[Case]]:
        return [self.positive() for _ in range(positives)], [self.decoy() for _ in range(decoys)]
