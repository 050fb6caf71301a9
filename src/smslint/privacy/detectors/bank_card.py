"""Payment card numbers: 16 to 19 digits passing the Luhn check, with a card network's prefix.

Luhn alone passes one random number in ten, so the number must also start with an issuer prefix
(IIN) of a card network whose cards circulate in China and have a length that network issues.
This drops order numbers and timestamps (1…, 20xx…), SIM card serials (ICCID, 89…), and
18-digit numbers shaped like a resident ID whose check digit is wrong (most provinces' codes
are no card network's prefix, and Visa and Mastercard issue no 18-digit cards).
"""

from __future__ import annotations

from collections.abc import Iterator

from smslint.privacy.detectors import digits
from smslint.privacy.detectors.base import Detector, Hit, register

# (first prefix, last prefix, lengths issued): the networks' ranges as tabled in Wikipedia's
# "Payment card number" (ISO/IEC 7812 issuer identification numbers), restricted to 16-19
# digits, plus the domestic cards Chinese banks issued before UnionPay (9558… of ICBC, 95599…).
ISSUERS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("62", "62", (16, 17, 18, 19)),  # UnionPay (622126-622925 also Discover)
    ("81", "81", (16, 17, 18, 19)),  # UnionPay
    ("60", "60", (16, 17, 18, 19)),  # UnionPay debit of domestic banks (601382…), Discover 6011
    ("65", "65", (16, 17, 18, 19)),  # Discover
    ("644", "649", (16, 17, 18, 19)),  # Discover
    ("4", "4", (16, 19)),  # Visa
    ("51", "55", (16,)),  # Mastercard
    ("2221", "2720", (16,)),  # Mastercard
    ("3528", "3589", (16, 17, 18, 19)),  # JCB
    ("36", "36", (16, 17, 18, 19)),  # Diners Club International
    ("300", "305", (16, 17, 18, 19)),  # Diners Club
    ("3095", "3095", (16, 17, 18, 19)),  # Diners Club
    ("38", "39", (16, 17, 18, 19)),  # Diners Club
    ("9", "9", (16, 17, 18, 19)),  # domestic cards before UnionPay
)


def _card_prefix(value: str) -> bool:
    size = len(value)
    for first, last, lengths in ISSUERS:
        if size in lengths and first <= value[: len(first)] <= last:
            return True
    return False


def is_card(value: str) -> bool:
    """``value`` normalised (see digits.normalise): a plausible bank card number."""
    if not (16 <= len(value) <= 19 and value.isascii() and value.isdigit()):
        return False
    # imported on first use: python-stdnum pulls in ssl and pydoc, a fifth of a hook run
    from stdnum import luhn

    return _card_prefix(value) and luhn.is_valid(value)


def _accept(value: str, _groups: tuple[digits.Group, ...]) -> bool:
    return is_card(value)


@register
class BankCard(Detector):
    name = "bank_card"
    label = "银行卡号 (bank card number)"
    priority = 1
    trigger = digits.TRIGGER
    python_trigger = digits.PYTHON_TRIGGER

    def find(self, text: str, wary: bool = False) -> Iterator[Hit]:
        for groups in digits.runs(text):
            for i, j, value in digits.pick(groups, 16, 19, _accept, wary=wary):
                if wary or not digits.in_code(text, groups, i, j):
                    yield self.hit(groups[i].start, groups[j - 1].end, value)

    def validate(self, value: str) -> bool:
        return is_card(digits.normalise(value))

    def normalise(self, value: str) -> str:
        return digits.normalise(value)
