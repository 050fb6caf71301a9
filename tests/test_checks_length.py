"""The `length` rule kind and the billed length every report carries: the 70/67 rule exactly."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.cli import cli
from smslint.core.model import Template, TextMap
from smslint.engine.linter import Linter

from .formatpack import write_pack

PACK = """kinds:
  reminder: {max_segments: 2}
  overdue: {max_segments: 1}
placeholder_lengths:
  "*amount*": 10
  "*": 6
rules:
  - id: p.length
    kind: length
    category: length
    severity: warning
    message: 短信过长
"""


@pytest.fixture(scope="module")
def pack_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_pack(tmp_path_factory.mktemp("length"), PACK)


@cache
def _linter(path: str) -> Linter:
    return Linter(path)


def ucs2_segments(chars: int) -> int:
    return 1 if chars <= 70 else -(-chars // 67)


@pytest.mark.parametrize(
    ("kind", "chars", "over"),
    [("overdue", 70, None), ("overdue", 71, 1), ("reminder", 134, None), ("reminder", 135, 1)],
)
def test_limit_boundaries_say_by_how_much(
    pack_path: str, kind: str, chars: int, over: int | None
) -> None:
    findings = _linter(pack_path).lint("中" * chars, kind)
    if over is None:
        assert findings == []
    else:
        (f,) = findings
        assert f.rule == "p.length" and (f.start, f.end) == (0, 0)
        assert f"超出 {over} 字符" in f.message and f"{chars} 字符" in f.message


def test_gsm7_limits(pack_path: str) -> None:
    assert _linter(pack_path).lint("a" * 160, "overdue") == []
    (f,) = _linter(pack_path).lint("a" * 161, "overdue")
    assert "超出 1 字符" in f.message


def test_placeholders_bill_at_declared_then_default_length(pack_path: str) -> None:
    # 60 literal characters + ${amount} (default 10) = 70: one segment; declared 11: two
    text = "中" * 60 + "${amount}"
    linter = _linter(pack_path)
    assert linter.lint(text, "overdue") == []
    assert [f.rule for f in linter.lint(text, "overdue", vars={"amount": {"max": 11}})] == [
        "p.length"
    ]


BOUNDARIES = [20, 70, 71, 134, 135, 201, 202, 400]
SYNTAXES = ["${%s}", "{{%s}}", "{%s}"]


@st.composite
def templates(draw: st.DrawFn) -> tuple[str, dict[str, dict[str, int]], int]:
    """A UCS-2 template, signature included, billed at exactly ``target`` characters."""
    target = draw(st.sampled_from(BOUNDARIES) | st.integers(20, 400))
    with_placeholders = draw(st.booleans())
    text = "【测试银行】"
    billed = len(text)
    vars_: dict[str, dict[str, int]] = {}
    while billed < target:
        room = target - billed
        if with_placeholders and room >= 6 and draw(st.booleans()):
            how = draw(st.sampled_from(["declared", "amount", "other"]))
            if how == "declared":
                name, size = f"declared{len(text)}", draw(st.integers(0, room))
                vars_[name] = {"max": size}
            elif how == "amount" and room >= 10:  # the pack's default for *amount*
                name, size = f"amount{len(text)}", 10
            else:  # the pack's default for anything else
                name, size = f"other{len(text)}", 6
            text += draw(st.sampled_from(SYNTAXES)) % name
            billed += size
        else:
            piece = draw(
                st.text(alphabet="尊敬的客户您好请按时还款，。a1 ", min_size=1, max_size=room)
            )
            text += piece
            billed += len(piece)
    return text, vars_, target


@settings(max_examples=200, deadline=None)
@given(templates())
def test_generated_templates_follow_the_70_67_rule(
    pack_path: str, case: tuple[str, dict[str, dict[str, int]], int]
) -> None:
    text, vars_, chars = case
    template = Template("-", "t", text, TextMap.single_line(text), vars=vars_)
    length = _linter(pack_path).check(template, "notification").length
    assert (length.chars, length.segments, length.encoding) == (
        chars,
        ucs2_segments(chars),
        "UCS-2",
    )


def test_json_report_carries_chars_and_segments_at_the_boundaries(
    tmp_path: Path, pack_path: str
) -> None:
    sizes = [70, 71, 134, 135]
    lines = ["templates:"]
    for n in sizes:
        lines.append(f'  - {{id: t{n}, text: "{"中" * (n - 10)}${{amount}}"}}')
    lines.append("  - id: declared")
    lines.append('    text: "${amount}中"')
    lines.append("    vars: {amount: {max: 70}}")
    path = tmp_path / "t.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(path), "--pack", pack_path, "--kind", "reminder", "-f", "json"]
    )
    report = json.loads(result.stdout)
    got = [(t["id"], t["length"]) for t in report["templates"]]
    expected = [
        (f"t{n}", {"chars": n, "segments": ucs2_segments(n), "encoding": "UCS-2"}) for n in sizes
    ]
    expected.append(("declared", {"chars": 71, "segments": 2, "encoding": "UCS-2"}))
    assert got == expected
