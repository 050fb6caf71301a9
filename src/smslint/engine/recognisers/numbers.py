"""Number grammar shared by the money, date and duration recognisers.

Chinese numerals are recognised, not evaluated: an element is present or not, its value never
matters to a required-element check, so a character class covers 二十五, 贰仟 and 三万五千.
"""

from __future__ import annotations

from smslint.text.normalize import SENTINEL

# Arabic: 4600, 4,600, 1,230.00, 1.2 (full-width digits are ASCII after normalisation)
ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# the digits of financial (大写) and ordinary Chinese numerals, with their multipliers
CHINESE_DIGIT = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CHINESE = f"[{CHINESE_DIGIT}十百千万亿拾佰仟]+"
# a small count: 三, 十五, 二十, 两 (days, weeks, months)
COUNT = f"(?:\\d{{1,4}}|[{CHINESE_DIGIT}十]{{1,4}}|{SENTINEL})"
# no digit right before a number: 尾号1234 must not be read from its middle
NO_DIGIT_BEFORE = r"(?<![\d.,])"
NO_DIGIT_AFTER = r"(?![\d])"
