"""No report leaks: every output format masks every identifier it was fed, however written."""

from __future__ import annotations

import re
from pathlib import Path

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
