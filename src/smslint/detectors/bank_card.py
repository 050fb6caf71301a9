"""Payment card numbers: 16 to 19 digits passing the Luhn check, with a bank-card prefix.

Luhn alone passes one random number in ten, so the first digits must also be those of a payment
card (ISO/IEC 7812 industry 3-6, the 2221-2720 Mastercard range, and 9 for old domestic cards
such as 9558). This drops order numbers and timestamps, which start with 1 or 20xx, and SIM
card serials (ICCID, 89...), which are Luhn-valid but no bank card.
"""

from __future__ import annotations

from collections.abc import Iterator

from smslint.detectors import digits
from smslint.detectors.base import Detector, Hit, register


def _card_prefix(value: str) -> bool:
    return value[0] in "34569" or 2221 <= int(value[:4]) <= 2720


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

    def find(self, text: str) -> Iterator[Hit]:
        for groups in digits.runs(text):
            for i, j, value in digits.pick(groups, 16, 19, _accept):
                if not digits.in_code(text, groups, i, j):
                    yield self.hit(groups[i].start, groups[j - 1].end, value)

    def validate(self, value: str) -> bool:
        return is_card(digits.normalise(value))

    def normalise(self, value: str) -> str:
        return digits.normalise(value)
