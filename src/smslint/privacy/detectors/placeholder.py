"""Placeholders that will insert a full identifier (`${id_no}`, `{{mobile}}`, `{银行卡号}`).

A template holds no number yet, but the rendered message will: a placeholder named for an ID,
card, phone or e-mail puts the full value in every message sent. Names that say the value is
masked (`card_last4`, `mobileMasked`, `卡号后四位`) are fine. Names are compared as words, so
`idCardNo`, `ID_CARD_NO` and `id-card-no` read alike and `order_id` or `hotel` do not match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from smslint.core.placeholders import find_placeholders
from smslint.privacy.detectors.base import Detector, Hit, register

# Word sequences (joined without separators) naming a full identifier.
_ID_WORDS = frozenset(
    {
        "idno", "idnum", "idnumber", "idcard", "idcardno", "idcardnum", "idcardnumber",
        "identity", "identityno", "identitycard", "identitynumber", "certno", "certnum",
        "certid", "certnumber", "certificateno", "certificatenumber", "sfz", "sfzh", "sfzhm",
        "shenfenzheng"
    }
)  # fmt: skip
_CARD_WORDS = frozenset(
    {
        "cardno", "cardnum", "cardnumber", "bankcard", "bankcardno", "bankcardnum",
        "bankcardnumber", "accountno", "accountnum", "accountnumber", "acctno", "acctnum",
        "accno", "yinhangka", "kahao"
    }
)  # fmt: skip
_PHONE_WORDS = frozenset(
    {
        "mobile", "mobileno", "mobilenum", "mobilenumber", "phone", "phoneno", "phonenum",
        "phonenumber", "tel", "telno", "telephone", "cellphone", "cellphoneno", "cell",
        "cellno", "shouji", "shoujihao"
    }
)  # fmt: skip
_EMAIL_WORDS = frozenset({"email", "emailaddress", "mail", "mailbox"})
_WORDS = _ID_WORDS | _CARD_WORDS | _PHONE_WORDS | _EMAIL_WORDS
_LONGEST = 3  # words in the longest entry above (`bank card number`, `id card no`)

_CJK_ID = ("身份证", "证件号")
_CJK_CARD = ("银行卡", "卡号", "账号", "帐号", "账户号")
_CJK_PHONE = ("手机", "电话", "联系方式")
_CJK_EMAIL = ("邮箱", "邮件地址", "电子邮件")

# Names saying only part of the value is inserted.
_MASKED = (
    "last4", "lastfour", "tail", "mask", "suffix", "end4", "hidden", "partial",
    "尾号", "后四位", "后4位", "脱敏", "掩码",
)  # fmt: skip
# A phone placeholder for the institution's own line (`${service_tel}`, `{客服电话}`).
_INSTITUTION = (
    "service", "hotline", "kefu", "official", "company", "bank", "branch", "office",
    "客服", "热线", "官方", "服务", "公司", "银行", "网点",
)  # fmt: skip

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_A-Za-z]+")


def _words(name: str) -> list[str]:
    """`idCardNo`, `ID_CARD_NO`, `id-card.no` → ['id', 'card', 'no']."""
    return [w.lower() for w in _WORD.findall(name)]


def _identifier(words: list[str]) -> tuple[str, list[str]] | None:
    """The identifier word sequence found in ``words`` and the words around it."""
    for size in range(_LONGEST, 0, -1):
        for i in range(len(words) - size + 1):
            key = "".join(words[i : i + size])
            if key in _WORDS:
                return key, words[:i] + words[i + size :]
    return None


@lru_cache(maxsize=4096)
def names_full_identifier(name: str) -> bool:
    """Whether a placeholder called ``name`` inserts an unmasked identifier.

    Cached: a bulk run sees the same few dozen names in every template.
    """
    words = _words(name)
    joined = "".join(words)
    if any(m in joined for m in _MASKED):
        return False
    found = _identifier(words)
    if found is not None:
        key, rest = found
        around = "".join(rest)
        return not (key in _PHONE_WORDS and any(m in around for m in _INSTITUTION))
    for phrase in _CJK_ID + _CJK_CARD + _CJK_EMAIL:
        if phrase in joined:
            return True
    return any(p in joined for p in _CJK_PHONE) and not any(m in joined for m in _INSTITUTION)


@register
class IdentifierPlaceholder(Detector):
    name = "placeholder"
    label = "未脱敏的证件/账号占位符 (placeholder inserting a full identifier)"
    priority = 4
    trigger = r"\{"

    def find(self, text: str, wary: bool = False) -> Iterator[Hit]:
        for p in find_placeholders(text):
            if names_full_identifier(p.name):
                # The placeholder itself discloses nothing: its masked form is its own text.
                yield Hit(self.name, p.start, p.end, p.name, text[p.start : p.end], self.label)

    def validate(self, value: str) -> bool:
        return names_full_identifier(value)

    def allows(self, hit: Hit, entries: Iterable[str]) -> bool:
        """Entries are placeholder names, compared as words (`cardNo` covers `card_no`)."""
        return any(_words(e) == _words(hit.value) for e in entries)
