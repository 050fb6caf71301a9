"""One view of evasion for every construct, and the finding that reports the evasion."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smslint.engine.linter import Linter
from smslint.text.normalize import is_cjk, normalize

from .conftest import DATA

INSERTED = "base.format.inserted-characters"
# visible separators the compact view drops between CJK characters, and invisible format
# characters the normalised view drops everywhere
SEPARATORS = [" ", "\u3000", "\u00a0", "\u202f", "\u2009", "*", "-", "_", ".", "·", "|", "/"]
SEPARATORS += ["\u4e28", "\u3105", "\u311a", "\u2502", "\uff5c"]  # 丨, bopomofo ㄅ ㄚ, │, ｜
FORMATS = [
    "\u200b",  # zero width space
    "\u200c",  # zero width non-joiner
    "\u200d",  # zero width joiner
    "\u2060",  # word joiner
    "\u00ad",  # soft hyphen
    "\u200e",  # left-to-right mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\ufeff",  # zero width no-break space
]


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start : f.end]) for f in _linter("base").lint(text, kind="overdue")]


@pytest.mark.parametrize(
    ("text", "match", "inserted"),
    [
        ("再不还就联系你的通-讯-录", "通-讯-录", "-讯-"),
        ("明天去你单-位找你领导", "单-位", "-"),
        ("将安排人员上 门催收", "上 门", " "),
        ("再不还钱就曝\u2060光你", "曝\u2060光", "\u2060"),
        ("再不还钱就让你坐\u00a0牢", "坐\u00a0牢", "\u00a0"),
        ("再不还就联系你的通丨讯丨录", "通丨讯丨录", "丨讯丨"),
        ("将安排人员上ㄅ门催收", "上ㄅ门", "ㄅ"),
    ],
)
def test_separated_words_match_and_the_insertion_is_reported(
    text: str, match: str, inserted: str
) -> None:
    found = _found(text)
    assert any(rule.startswith("base.coercion.") and match in hit for rule, hit in found)
    assert (INSERTED, inserted) in found


def test_the_message_names_code_points() -> None:
    finding = next(
        f
        for f in _linter("base").lint("再不还就联系你的通-讯-录", kind="overdue")
        if f.rule == INSERTED
    )
    assert finding.message.endswith("U+002D HYPHEN-MINUS ×2")


@pytest.mark.parametrize(
    "text",
    [
        "【某某银行】尊敬的客户 您本期账单已出，详询95555。",  # a space between words
        "【某某银行】家庭卡👨\u200d👩\u200d👧已开通，详询95555。",  # an emoji sequence
        "【某某银行】请于3月10日 到期前还款，详询95555。",
        "\ufeff【某某银行】您的账单已出，详询95555。",  # a byte order mark at the start
    ],
)
def test_ordinary_writing_is_not_an_insertion(text: str) -> None:
    assert INSERTED not in [rule for rule, _ in _found(text)]


def test_an_invisible_character_inside_a_word_is_reported_without_a_threat() -> None:
    text = "【某某银行】您的账单已逾\u200b期，详询95555。"
    assert _found(text).count((INSERTED, "\u200b")) == 1


def test_a_printable_invisible_character_inside_a_word_is_reported() -> None:
    # a Hangul filler is printable (category Lo) but renders as nothing between two words
    text = "【某某银行】您的账单已逾\u3164期，详询95555。"
    assert _found(text).count((INSERTED, "\u3164")) == 1


def test_a_separator_between_two_words_of_a_match_is_not_reported() -> None:
    frames = _linter(str(DATA / "packs" / "frames.yaml"))
    for text, inserted in [("再不还就联系你的 家人", []), ("再不还就联系你的家 人", [" "])]:
        found = [(f.rule, text[f.start : f.end]) for f in frames.lint(text, kind="overdue")]
        assert ("frames.coercion.contact-third-party", text[4:]) in found
        assert [hit for rule, hit in found if rule == "frames.format.inserted"] == inserted


def test_a_separator_joining_two_matches_of_one_rule_is_reported_where_it_splits_a_word() -> None:
    # two insult matches (欠钱不还, 的死八婆) make one finding across the space; the space cuts
    # 欠钱不还的, one word of the message, so it is an insertion, as inside a single match
    found = _found("欠钱不还 的死八婆")
    assert ("base.coercion.insult", "欠钱不还 的死八婆") in found
    assert (INSERTED, " ") in found
    # a comma is a clause stop, not a dropped character: two findings and no insertion
    assert INSERTED not in [rule for rule, _ in _found("欠钱不还，的死八婆")]


PACKS = ("base", str(DATA / "packs" / "frames.yaml"))


@cache
def _linter(ref: str) -> Linter:
    return Linter(ref)


def _cases() -> list[tuple[str, str, str, str]]:
    """(pack, rule id, notice kind, fail example) of every coercion rule of the base pack and
    of the frames test pack (whatever rule kinds they use)."""
    out = []
    for ref in PACKS:
        for rule in _linter(ref).pack.rules:
            if rule.category != "coercion" or rule.severity == "off":
                continue
            kind = rule.examples.get("kind") or (rule.kinds[0] if rule.kinds else "overdue")
            for example in rule.examples.get("fail", []):
                text = example if isinstance(example, str) else example["text"]
                out.append((ref, rule.id, kind, text))
    return out


CASES = _cases()


def _spans(linter: Linter, text: str, kind: str, rule: str) -> list[tuple[int, int]]:
    return sorted((f.start, f.end) for f in linter.lint(text, kind=kind) if f.rule == rule)


def _word_inside(linter: Linter, text: str, at: int) -> bool:
    """Whether a cut before ``text[at]`` splits a word of its clause (the linter's words), as
    the engine segments it: in the normalised text (屋企 reads as 家里), where it keeps the
    original's length."""
    normalized = normalize(text).text
    text = normalized if len(normalized) == len(text) else text
    lo = max((text.rfind(p, 0, at) for p in "，。！？；：、,.!?;:\n"), default=-1) + 1
    hi = min(
        (i for i in (text.find(p, at) for p in "，。！？；：、,.!?;:\n") if i >= 0),
        default=len(text),
    )
    return (at - lo) not in linter.prefilter.tokenizer.boundaries(text[lo:hi])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from(CASES),
    where=st.integers(0, 10_000),
    char=st.sampled_from(SEPARATORS + FORMATS),
)
def test_inserted_characters_hide_no_threat(
    case: tuple[str, str, str, str], where: int, char: str
) -> None:
    ref, rule, kind, text = case
    linter = _linter(ref)
    evasion = {r.id for r in linter.pack.rules if r.kind == "inserted-characters"}
    pairs = [i for i in range(1, len(text)) if is_cjk(text[i - 1]) and is_cjk(text[i])]
    original = _spans(linter, text, kind, rule)
    assert original, f"{rule} should trigger on its example: {text}"
    if char in SEPARATORS:
        # a visible separator is reported only inside a word a rule matched
        pairs = [
            i
            for i in pairs
            if any(s < i < e for s, e in original) and _word_inside(linter, text, i)
        ]
    if not pairs:
        return
    at = pairs[where % len(pairs)]
    changed = text[:at] + char + text[at:]
    back = [(s - (s > at), e - (e > at)) for s, e in _spans(linter, changed, kind, rule)]
    assert back == original, f"{rule}: {changed!r}"
    found = linter.lint(changed, kind=kind)
    inserted = [(f.start, f.end) for f in found if f.rule in evasion]
    assert any(s <= at < e for s, e in inserted), f"no inserted-characters for {changed!r}"
