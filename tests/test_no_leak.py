"""No report leaks: every output format masks every identifier it was fed, however written."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from smslint.cli import FORMATS, cli

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
