from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.placeholders import Placeholder, find_brace_problems, find_placeholders, numbered


def _one(text: str) -> Placeholder:
    found = find_placeholders(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "syntax"),
    [
        ("${amount}", "amount", "dollar"),
        ("${ amount }", "amount", "dollar"),
        ("${user.name}", "user.name", "dollar"),
        ("{{name}}", "name", "double"),
        ("{{ name }}", "name", "double"),
        ("{{\tdue-date\u3000}}", "due-date", "double"),
        ("{name}", "name", "brace"),
        ("{1}", "1", "brace"),
        ("{还款日期}", "还款日期", "brace"),
        ("{card_last4}", "card_last4", "brace"),
    ],
)
def test_each_syntax_alone(text: str, name: str, syntax: str) -> None:
    assert _one(text) == Placeholder(0, len(text), name, syntax)


def test_spans_in_a_message_in_order() -> None:
    text = "【中信银行】尊敬的${name}，您尾号{{ last4 }}的卡于{2}逾期{还款日期}"
    found = find_placeholders(text)
    assert [(p.name, p.syntax) for p in found] == [
        ("name", "dollar"),
        ("last4", "double"),
        ("2", "brace"),
        ("还款日期", "brace"),
    ]
    for p in found:
        assert p.name in text[p.start : p.end]
    assert [text[p.start : p.end] for p in found] == [
        "${name}",
        "{{ last4 }}",
        "{2}",
        "{还款日期}",
    ]


def test_adjacent_placeholders() -> None:
    assert [p.name for p in find_placeholders("{a}{b}${c}{{d}}")] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    "text",
    [
        "【中信银行】",  # signature brackets
        "{ name }",  # spaces only allowed in ${ } and {{ }}
        "{{na\nme}}",
        "{{\nname}}",
        "{}",
        "${amount",
        "$amount}",
        "{a b}",
        "{{{a}}}",  # glued to an extra brace: not a placeholder at all
        "{a}}",
        "{.a}",
    ],
)
def test_not_placeholders(text: str) -> None:
    assert find_placeholders(text) == []


def test_numbered() -> None:
    assert numbered(_one("{1}"))
    assert numbered(_one("{12}"))
    assert numbered(_one("{１}"))  # full-width digit typed with a Chinese IME
    assert not numbered(_one("{name}"))
    assert not numbered(_one("{1a}"))
    assert not numbered(_one("${amount}"))


@pytest.mark.parametrize(
    ("text", "span", "words"),
    [
        ("请还款${amount", (3, 11), ["unclosed", "${"]),
        ("${ amount", (0, 9), ["unclosed"]),
        ("尊敬的{{name}，您好", (3, 10), ["mismatched", "'{{'", "'}'"]),
        ("{a}}", (0, 4), ["mismatched"]),
        ("应还$amount}元", (2, 10), ["without a matching", "${amount}"]),
        ("还款}元", (2, 3), ["without a matching"]),
        ("x{}y", (1, 3), ["empty"]),
        ("x${}y", (1, 4), ["empty"]),
        ("{{ }}", (0, 5), ["empty"]),
        ("{{a{b}}}", (0, 8), ["nested"]),
        ("{a b}", (0, 5), ["malformed"]),
        ("{{{a}}}", (0, 7), ["malformed"]),
        ("请于{还款日期前还款", (2, 3), ["unclosed"]),
        ("}您好{", (0, 4), ["unbalanced"]),
    ],
)
def test_brace_problems(text: str, span: tuple[int, int], words: list[str]) -> None:
    problems = find_brace_problems(text)
    assert len(problems) == 1, problems
    assert (problems[0].start, problems[0].end) == span
    for word in words:
        assert word in problems[0].message


def test_problem_next_to_a_good_placeholder_is_reported_alone() -> None:
    text = "{{a}}{{b}"
    assert [p.name for p in find_placeholders(text)] == ["a"]
    problems = find_brace_problems(text)
    assert [(p.start, p.end) for p in problems] == [(5, 9)]


def test_braces_on_other_lines_or_far_apart_are_separate_problems() -> None:
    assert len(find_brace_problems("还款${amount，逾期}")) == 1
    assert len(find_brace_problems("还款${amount\n逾期}")) == 2
    assert len(find_brace_problems("还款${amount" + "，" * 40 + "逾期}")) == 2


def test_no_problems_in_clean_text() -> None:
    assert find_brace_problems("【中信银行】尊敬的客户，您好。") == []
    assert find_brace_problems("${a}{{b}}{c}{1}{还款日期}") == []


_NAMES = st.from_regex(r"[A-Za-z_还款日期][A-Za-z0-9_.\-还款日期]{0,8}", fullmatch=True)
_GOOD = st.one_of(
    _NAMES.map(lambda n: "${" + n + "}"),
    _NAMES.map(lambda n: "${ " + n + " }"),
    _NAMES.map(lambda n: "{{" + n + "}}"),
    _NAMES.map(lambda n: "{{ " + n + " }}"),
    _NAMES.map(lambda n: "{" + n + "}"),
    st.integers(0, 99).map(lambda i: "{" + str(i) + "}"),
)
_PLAIN = st.text(st.characters(exclude_characters="{}$"), max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_PLAIN, _GOOD), max_size=5), _PLAIN)
def test_well_formed_placeholders_are_found_and_never_reported(
    parts: list[tuple[str, str]], tail: str
) -> None:
    text = "".join(a + b for a, b in parts) + tail
    found = find_placeholders(text)
    assert len(found) == len(parts)
    pos = 0
    for p, (plain, good) in zip(found, parts, strict=True):
        pos += len(plain)
        assert (p.start, p.end) == (pos, pos + len(good))
        pos += len(good)
    assert find_brace_problems(text) == []


_MIXED = st.lists(
    st.one_of(
        _GOOD,
        _PLAIN,
        st.sampled_from(["{", "}", "{{", "}}", "$", "${", " ", "a", "还", "\n", "【", "】"]),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_every_brace_is_in_a_placeholder_or_a_problem(text: str) -> None:
    found = find_placeholders(text)
    problems = find_brace_problems(text)
    spans = [(p.start, p.end) for p in found]
    assert spans == sorted(spans)
    for (_, e1), (s2, _) in pairwise(spans):
        assert e1 <= s2
    for p in found:
        assert re.fullmatch(
            r"\$?\{+[ \t\u3000]*" + re.escape(p.name) + r"[ \t\u3000]*\}+", text[p.start : p.end]
        )
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    for b in problems:
        assert b.start < b.end
        problem_span = set(range(b.start, b.end))
        assert not problem_span & covered, "a problem overlaps a well-formed placeholder"
        covered |= problem_span
    for i, ch in enumerate(text):
        if ch in "{}":
            assert i in covered, (text, i)
