"""No report leaks: every output format masks every identifier it was fed, however written."""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smslint import sources
from smslint.cli import FORMATS, cli
from smslint.core.errors import SmslintError
from smslint.engine.linter import Linter
from smslint.features.fix import fix_file
from smslint.privacy.masking import redact
from smslint.report import Summary, baseline, writer

from .idgen import IdGen

GEN = IdGen(seed=7)
IDS = [GEN.resident_id() for _ in range(3)]
CARDS = [GEN.card(16), GEN.card(19)]
MOBILES = [GEN.mobile() for _ in range(2)]
EMAIL = "zhang.san1990@qq.com"


def _spaced(value: str, group: int) -> str:
    return " ".join(value[i : i + group] for i in range(0, len(value), group))


def _texts() -> list[str]:
    fullwidth = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    return [
        f"【中信银行】您的身份证{IDS[0]}已登记，卡号{CARDS[0]}已逾期，请联系{MOBILES[0]}。",
        f"【中信银行】证件 {_spaced(IDS[1], 6)}，卡 {_spaced(CARDS[1], 4)}，电话+86 {MOBILES[1]}",
        f"【中信银行】证件{IDS[2].translate(fullwidth)}，邮箱{EMAIL}，再不还就让你坐牢。",
    ]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_prints_an_identifier(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "leak.yaml"
    lines = ["kind: overdue", "templates:"]
    for i, text in enumerate(_texts()):
        lines += [f"  - id: t{i}", f'    text: "{text}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--pack", "citic", "--format", fmt])
    assert result.exit_code == 1, result.stderr
    out = result.stdout + result.stderr
    assert "personal-data" in out or fmt in ("html", "markdown")
    squeezed = _digits(out)
    for value in [*IDS, *CARDS, *MOBILES]:
        digits = value.rstrip("X")
        assert digits not in squeezed, f"{fmt} leaks {value[:4]}…"
    assert EMAIL not in out


# -- whatever carries the identifier, and however it is written ---------------------------------

ALL = [*IDS, *CARDS, *MOBILES]
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})|\\x([0-9a-fA-F]{2})")
FIX_PACK = str(Path(__file__).parent / "data" / "packs" / "fix.yaml")


def leaked(out: str, values: list[str] = ALL, window: int = 10) -> list[str]:
    """The values of which ``window`` digits in a row can be read from ``out``: escapes
    decoded, percent-escapes undone, every kind of digit read, everything else dropped."""
    out = unquote(html.unescape(out))
    out = ESCAPE.sub(lambda m: chr(int(next(g for g in m.groups() if g), 16)), out)
    squeezed = "".join(str(unicodedata.decimal(c)) for c in out if c.isdecimal())
    return [
        v
        for v in values
        if any(v[i : i + window] in squeezed for i in range(len(v.rstrip("X")) - window + 1))
    ]


def _check(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", *args])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout + result.stderr


def test_an_identifier_at_the_window_edge_is_masked_whole(tmp_path: Path) -> None:
    # the coercion finding's window starts 30 characters before it: inside the ID
    text = f"【中信银行】证件{IDS[0]}一二三四五六七八九十一二三再不还就让你坐牢。"
    path = tmp_path / "edge.yaml"
    path.write_text(f"templates:\n  - id: t\n    text: {text}\n", encoding="utf-8")
    out = _check(str(path), "--pack", "citic", "--format", "text")
    assert "坐牢" in out and leaked(out) == []


def test_a_line_spelling_an_identifier_with_escapes_is_not_echoed_as_written(
    tmp_path: Path,
) -> None:
    spelt = "".join(f"\\u{ord(c):04x}" for c in IDS[1])
    path = tmp_path / "escaped.json"
    content = f'{{"templates": [{{"id": "t", "text": "证件{spelt}，再不还就让你坐牢"}}]}}\n'
    path.write_text(content, encoding="utf-8")
    out = _check(str(path), "--pack", "citic", "--format", "text")
    assert "坐牢" in out and leaked(out) == []


def test_an_identifier_folded_over_lines_is_masked_on_each(tmp_path: Path) -> None:
    path = tmp_path / "folded.yaml"
    head, tail = IDS[2][:12], IDS[2][12:]
    path.write_text(
        f"templates:\n  - id: t\n    text: 再不还就让你坐牢，证件{head}\n      {tail}，坐牢\n",
        encoding="utf-8",
    )
    for fmt in FORMATS:
        out = _check(str(path), "--pack", "citic", "--format", fmt)
        assert leaked(out) == [], fmt


def test_diff_masks_an_identifier_folded_over_lines_or_escaped(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    head, tail = IDS[0][:12], IDS[0][12:]
    escaped = "".join(f"\\u{ord(c):04x}" for c in MOBILES[0])
    path.write_text(
        "templates:\n"
        f"  - id: folded\n    text: 证件{head}\n      {tail}，请立即还款\n"
        f'  - id: escaped\n    text: "电话{escaped}，请立即还款"\n',
        encoding="utf-8",
    )
    out = _check(str(path), "--pack", FIX_PACK, "--diff")
    assert "及时还款" in out  # the fixes are shown
    assert leaked(out) == []


def _named_tree(root: Path) -> Path:
    """A folder and file named after identifiers, holding ids, anchors and reasons that are."""
    folder = root / f"客户{MOBILES[0]}"
    folder.mkdir()
    path = folder / f"{IDS[0]}.yaml"
    path.write_text(
        "kind: overdue\n"
        "templates:\n"
        f"  - id: &a{MOBILES[1]} m{MOBILES[1]}\n"
        f"    text: 【中信银行】卡号{CARDS[0]}，请立即还款，再不还就让你坐牢\n"
        f"  - id: 卡{_spaced(CARDS[1], 4)}\n"
        "    text: 【中信银行】您好，请立即还款\n"
        "    ignore:\n"
        f"      - rule: citic.coercion.prison\n        reason: 客户{IDS[1]}同意\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_names_ids_and_reasons_are_masked_in_every_format(fmt: str, tmp_path: Path) -> None:
    path = _named_tree(tmp_path)
    out = _check(str(path), "--pack", "citic", "--format", fmt)
    assert "坐牢" in out or "personal-data" in out or fmt in ("html", "markdown"), out
    assert leaked(out) == []
    report = tmp_path / "report.out"
    out = _check(str(path), "--pack", "citic", "--format", fmt, "--output", str(report))
    assert leaked(out + report.read_text(encoding="utf-8")) == []


def test_baseline_file_and_its_use_are_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _named_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    baseline = tmp_path / f"base{MOBILES[0]}.json"
    result = CliRunner().invoke(
        cli, ["baseline", "create", str(path), "--pack", "citic", "-o", str(baseline)]
    )
    assert result.exit_code == 0, result.output
    assert leaked(result.output + baseline.read_text(encoding="utf-8")) == []
    for fmt in FORMATS:
        out = _check(str(path), "--pack", "citic", "--baseline", str(baseline), "-f", fmt)
        assert leaked(out) == [], fmt


def test_errors_naming_files_and_values_are_masked(tmp_path: Path) -> None:
    broken = tmp_path / f"{IDS[0]}.yaml"
    broken.write_text(f"templates:\n  - id: *x{MOBILES[0]}\n", encoding="utf-8")
    out = _check(str(broken), str(tmp_path / f"{CARDS[0]}.yaml"), "--pack", "citic")
    assert "error" in out and leaked(out) == []
    pack = tmp_path / f"pack{MOBILES[1]}.yaml"
    pack.write_text(f"name: p{IDS[1]}\nrules: {IDS[2]}\n", encoding="utf-8")
    out = _check("--text", "x", "--pack", str(pack))
    assert "error" in out and leaked(out) == []


# -- property: whatever the names, spellings and injections, nothing crashes and nothing leaks ---

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MATH = str.maketrans({str(d): chr(0x1D7CE + d) for d in range(10)})


def _joined(value: str, sep: str, group: int = 4) -> str:
    return sep.join(value[i : i + group] for i in range(0, len(value), group))


SPELLINGS = [
    lambda v: v,
    lambda v: _spaced(v, 4),
    lambda v: v.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
    lambda v: v.translate(ARABIC),
    lambda v: v.translate(MATH),
    lambda v: _joined(v, "\u2009"),
    lambda v: _joined(v, "\u00ad", 3),
    lambda v: _joined(v, "\u200e\u202e", 5),
    lambda v: _joined(v, "_"),
    lambda v: _joined(v, "·"),
]
INJECTIONS = ["`", "``", "\n", "\r", "::", "::error::", "<b>", "&", "\x1b[2J", "\u202e", "# ", "|"]
INJECTIONS += ["\\", '"', "'", "%", ",", "\u2028", "\x00", "$", "{", "}"]


@st.composite
def _spelt(draw: st.DrawFn) -> tuple[str, str]:
    value = draw(st.sampled_from(ALL))
    return value, draw(st.sampled_from(SPELLINGS))(value)


def _junk(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(INJECTIONS) | st.text(max_size=3), max_size=4)))


@st.composite
def _case(draw: st.DrawFn) -> dict[str, Any]:
    values, parts = [], {}
    for key in ("name", "id", "text", "reason"):
        value, spelt = draw(_spelt())
        values.append(value)
        # junk glued to the digits would make another, longer number: a comma keeps them apart
        parts[key] = draw(st.sampled_from(["", "客户"])) + spelt + "，" + _junk(draw)
    # a file name holds neither a slash nor a NUL, and fits the file system
    name = re.sub(r"[/\x00]", "_", parts["name"]).encode("utf-8")[:200].decode("utf-8", "ignore")
    parts["name"] = (name.rstrip(".") or "t") + draw(st.sampled_from([".yaml", ".json"]))
    parts["escaped"] = draw(st.booleans())  # digits written as \u escapes in the file
    parts["values"] = values
    return parts


def _file_content(case: dict[str, Any]) -> str:
    entry = {
        "id": case["id"],
        "text": f"请立即还款，再不还就让你坐牢，卡号{CARDS[0]}，{case['text']}",
        "ignore": [{"rule": "fix.format.quote", "reason": case["reason"]}],
    }
    if case["name"].endswith(".json"):
        return json.dumps({"kind": "overdue", "templates": [entry]}, ensure_ascii=case["escaped"])
    lines = ["kind: overdue", "templates:"]
    lines.append(f"  - id: {json.dumps(entry['id'], ensure_ascii=case['escaped'])}")
    lines.append(f"    text: {json.dumps(entry['text'], ensure_ascii=case['escaped'])}")
    lines += ["    ignore:", "      - rule: fix.format.quote"]
    lines.append(f"        reason: {json.dumps(case['reason'], ensure_ascii=case['escaped'])}")
    return "\n".join(lines) + "\n"


@cache
def _linters() -> tuple[Linter, ...]:
    return Linter("citic"), Linter(FIX_PACK)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_case())
def test_no_output_leaks_an_identifier_or_crashes(case: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / case["name"]
        path.write_text(_file_content(case), encoding="utf-8", errors="surrogatepass")
        values = [*case["values"], CARDS[0]]
        try:
            templates = list(sources.read_path(path))
        except SmslintError as err:  # the CLI prints it masked
            assert leaked(redact(str(err)), values) == []
            return
        for linter in _linters():
            results = [linter.check(t) for t in templates]
            outputs = []
            for fmt in FORMATS:
                stream = io.StringIO()
                report = writer(fmt, stream, packs=lambda linter=linter: [linter.pack])
                report.start()
                for result in results:
                    report.add(result)
                report.finish(Summary(files=1, templates=len(results)))
                outputs.append(stream.getvalue())
            outputs.append(baseline.dumps(baseline.entries(results)))
            outputs.append(fix_file(results, linter.check).diff)
            for fmt, out in zip([*FORMATS, "baseline", "diff"], outputs, strict=True):
                assert leaked(out, values) == [], (fmt, out)
