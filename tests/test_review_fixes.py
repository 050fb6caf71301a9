"""Defects an independent review found, each pinned: an identifier before an X, a JUnit and a
GitHub report printing a rule's texts raw, a non-text codec, an unwritable report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.privacy.masking import redact

MOBILE = "17150008063"
CARD = "6228486317066907439"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("after", ["X", "x", "Ｘ", "\u200bX"])
def test_an_identifier_followed_by_an_x_is_masked_and_reported(after: str) -> None:
    assert MOBILE not in redact(f"手机{MOBILE}{after}已登记")
    assert CARD not in redact(f"卡号{CARD}{after}，")
    code, out, _ = run("check", "--text", f"【测试银行】您的手机{MOBILE}{after}已登记")
    assert code in (0, 1) and "base.personal-data.mobile" in out and MOBILE not in out


def test_a_resident_id_keeps_its_check_character() -> None:
    assert redact("身份证11010519491231002X。") == "身份证110105********002X。"


def _pack(tmp_path: Path) -> str:
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "name: p\nrules:\n  - id: p.x\n    kind: lexicon\n    category: coercion\n"
        "    severity: error\n    message: m\n    phrases: [坐牢]\n"
        f'    basis: "b \\e[2J {MOBILE}"\n    suggestion: "s \\u202e {MOBILE}"\n'
        "    examples: {fail: [坐牢], pass: [你好]}\n",
        encoding="utf-8",
    )
    return str(pack)


@pytest.mark.parametrize("fmt", ["junit", "github"])
def test_rule_texts_are_masked_and_escaped(tmp_path: Path, fmt: str) -> None:
    code, out, err = run("check", "--text", "再不还就坐牢", "--pack", _pack(tmp_path), "-f", fmt)
    assert code == 1, err
    assert MOBILE not in out and "\x1b" not in out and "\u202e" not in out


def test_a_codec_that_is_not_a_text_encoding_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("您好", encoding="utf-8")
    code, _, err = run("check", "--encoding", "rot13", str(tmp_path / "t.txt"))
    assert code == 2 and "non-text encoding" in err and "Traceback" not in err


def test_an_unwritable_report_is_one_error(tmp_path: Path) -> None:
    code, _, err = run("check", "--text", "您好", "--output", str(tmp_path / "no" / "r.txt"))
    assert code == 2 and "cannot write the report" in err and "Traceback" not in err


def test_an_extends_chain_leaving_the_tree_is_refused_before_the_outside_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("name: x\ntitle: x\nrules: hunter2secret\n", "utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "t").mkdir()
    (repo / "t" / "ext.yaml").write_text(f"name: e\nextends: {outside / 'secret.yaml'}\n", "utf-8")
    (repo / "t" / "e.yaml").write_text(
        "pack: ./ext.yaml\ntemplates:\n  - id: a\n    text: 您好\n", encoding="utf-8"
    )
    monkeypatch.chdir(repo)
    code, _, err = run("check", "t/e.yaml")
    assert code == 2 and "extends a pack outside the tree" in err
    assert "hunter2secret" not in err
