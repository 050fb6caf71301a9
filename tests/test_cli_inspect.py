"""`smslint inspect` end to end: views and their maps, tokens, phrase hits, elements, traces,
findings, masking, and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.engine import checks
from smslint.engine.checks import Check

from .conftest import DATA
from .formatpack import write_pack
from .idgen import IdGen
from .test_no_leak import CARDS, EMAIL, IDS, MOBILES, _digits, _texts

MINI = str(DATA / "packs" / "mini.yaml")


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def inspected(text: str, *args: str, pack: str = MINI) -> dict:
    code, out, err = run("inspect", text, "--pack", pack, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_json_shape() -> None:
    data = inspected("再不还款就让你坐牢", "--kind", "overdue")
    assert set(data) == {
        "pack",
        "kind",
        "original",
        "placeholders",
        "normalized",
        "compact",
        "tokens",
        "phrases",
        "elements",
        "traces",
        "findings",
    }
    assert (data["pack"], data["kind"]) == ("mini", "overdue")
    assert data["compact"]["dropped"] == [] and data["tokens"]["compact"] is None


def test_views_show_what_each_changed_and_dropped() -> None:
    text = "再不還款就让你坐\u200b*牢"  # 還 traditional, a zero-width space, an asterisk
    data = inspected(text)
    assert data["normalized"]["text"] == "再不还款就让你坐*牢"
    assert data["normalized"]["changed"] == [{"start": 2, "end": 3, "from": "還", "to": "还"}]
    assert data["normalized"]["dropped"] == [
        {"at": 8, "code": "U+200B", "name": "ZERO WIDTH SPACE"}
    ]
    assert data["compact"]["text"] == "再不还款就让你坐牢"
    assert data["compact"]["dropped"] == [{"at": 9, "code": "U+002A", "name": "ASTERISK"}]
    assert "".join(data["tokens"]["compact"]) == "再不还款就让你坐牢"
    assert "坐牢" in data["tokens"]["compact"]  # a pack phrase is one word
    hit = {"rule": "mini.coercion.jail", "phrase": "坐牢", "view": "compact"}
    assert {**hit, "start": 7, "end": 11, "matched": "坐\u200b*牢"} in data["phrases"]
    finding = next(f for f in data["findings"] if f["rule"] == "mini.coercion.jail")
    assert (finding["start"], finding["end"]) == (7, 11)


def test_text_output_spells_invisible_characters() -> None:
    code, out, _ = run("inspect", "再不还款就让你坐\u200b*牢", "--pack", MINI)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "pack mini, kind (none)"
    assert "original    再不还款就让你坐⟨U+200B⟩*牢" in lines
    assert "  dropped  U+200B@8" in lines and "  dropped  U+002A@9" in lines
    assert "compact     再不还款就让你坐牢" in lines
    assert "  mini.coercion.jail  «坐牢» at 7-11 (compact): «坐⟨U+200B⟩*牢»" in lines


def test_lexicon_trace_says_why_a_hit_does_not_fire() -> None:
    data = inspected("我们不会上门，谨防冒充者说你会坐牢。国家人口普查")
    trace = next(t for t in data["traces"] if t["rule"] == "mini.coercion.jail")
    assert trace["kind"] == "lexicon"
    assert trace["lines"] == [
        "phrase «上门» at 4-6: negated in its clause",
        "phrase «坐牢» at 15-17: its sentence holds an `unless` word («谨防»)",
        "phrase «家人» at 19-21: not on word boundaries",
    ]
    assert not [f for f in data["findings"] if f["category"] == "coercion"]


def test_required_elements_with_their_spans() -> None:
    data = inspected("您已逾期，应还${amount}，另欠100元", "--kind", "overdue")
    [element] = data["elements"]
    assert element["element"] == "amount" and element["present"] is True
    spans = [(s["how"], s["matched"], s["start"], s["end"]) for s in element["spans"]]
    assert spans == [("placeholder", "${amount}", 7, 16), ("pattern", "100元", 19, 23)]
    assert data["placeholders"] == [{"start": 7, "end": 16, "text": "${amount}"}]
    assert data["normalized"]["text"] == "您已逾期,应还◇,另欠100元"
    data = inspected("您已逾期", "--kind", "overdue")
    assert data["elements"][0]["present"] is False
    assert inspected("您已逾期")["elements"] == []  # a kind-specific rule, no kind given


def test_identifiers_are_masked_everywhere() -> None:
    gen = IdGen(7)
    mobile, resident_id, card = gen.mobile(), gen.resident_id(), gen.card()
    wide = mobile.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})  # full-width
    text = f"联系{mobile}或{wide}，身份证{resident_id}，卡号{card}，否则坐牢"
    for fmt in ("json", "text"):
        code, out, _ = run("inspect", text, "--pack", MINI, "--format", fmt)
        assert code == 0
        for value in (mobile, resident_id, card, wide, mobile[3:7], resident_id[6:14], card[4:12]):
            assert value not in out
    data = json.loads(run("inspect", text, "--pack", MINI, "--format", "json")[1])
    assert f"{mobile[:3]}****{mobile[-4:]}" in data["original"]["text"]
    inside = [c for c in data["normalized"]["changed"] if 14 <= c["start"] < 25]  # the wide one
    assert len(inside) == 11 and all(c["from"] == c["to"] == "*" for c in inside)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_identifier_leaks_however_written(fmt: str) -> None:
    """Spaced, full-width and +86 identifiers: not a digit run of one survives (the test of
    the report formats, applied to everything inspect prints)."""
    for text in _texts():
        code, out, _ = run("inspect", text, "--pack", "citic", "--kind", "overdue", "-f", fmt)
        assert code == 0
        squeezed = _digits(out)
        for value in [*IDS, *CARDS, *MOBILES]:
            assert value.rstrip("X") not in squeezed, f"{fmt} leaks {value[:4]}…"
        assert EMAIL not in out


def test_stdin_and_dash() -> None:
    code, out, _ = run("inspect", "--pack", MINI, input="请立即还款\n")
    assert code == 0 and "original    请立即还款" in out.splitlines()
    code, out, _ = run("inspect", "-", "--pack", MINI, "--format", "json", input="请立即还款")
    assert json.loads(out)["findings"][0]["rule"] == "mini.format.hurry"


@pytest.mark.parametrize(
    ("args", "input", "message"),
    [
        (["inspect", "--pack", MINI], b"\xff\xfe\xfa", "standard input is not valid utf-8"),
        (["inspect", "x", "--pack", "nosuch"], None, "unknown pack 'nosuch'"),
        (["inspect", "x", "--kind", "later"], None, "Invalid value for '--kind'"),
    ],
)
def test_bad_input_exits_2(args: list[str], input: bytes | None, message: str) -> None:
    code, out, err = run(*args, input=input)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_bad_pack_file_exits_2(tmp_path: Path) -> None:
    path = write_pack(tmp_path, "rules: [\n  - id: x\n", name="bad")
    code, _, err = run("inspect", "x", "--pack", path)
    assert code == 2 and f"{path}:" in err and "invalid YAML" in err


class _Traced(Check):
    """A rule kind the inspector has never heard of, explaining itself through ``trace``."""

    name = "test-traced"
    options = {"word": str}

    def check(self, doc) -> Iterable:  # type: ignore[no-untyped-def]
        return ()

    def trace(self, doc) -> list[str]:  # type: ignore[no-untyped-def]
        word = self.rule.options["word"]
        return [f"looked for «{word}» in {len(doc.norm.text)} characters: {word in doc.text}"]


def test_any_rule_kind_with_a_trace_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "KINDS", (*checks.KINDS, f"{__name__}:_Traced"))
    body = (
        "rules:\n  - id: t.traced\n    kind: test-traced\n    category: format\n"
        "    severity: info\n    message: m\n    word: 上门\n"
    )
    data = inspected("明天上门", pack=write_pack(tmp_path, body, name="traced"))
    assert data["traces"] == [
        {
            "rule": "t.traced",
            "kind": "test-traced",
            "lines": ["looked for «上门» in 4 characters: True"],
        }
    ]
