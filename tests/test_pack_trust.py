"""A template's `pack:` cannot reach out of the tree linted, a gate can lock its pack, and
reports say which pack file was loaded and which rules it switched off."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli

from .conftest import loaded_pack

THREAT = "【中信银行】再不还款就让你坐牢。"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def off_pack(name: str = "citic", extends: str = "citic") -> str:
    """A pack that calls itself ``name`` and switches every rule of citic off."""
    rules = "".join(f"  - id: {r.id}\n    severity: off\n" for r in loaded_pack("citic").rules)
    return f"name: {name}\nextends: {extends}\nrules:\n{rules}"


def templates(pack: str) -> str:
    return f"kind: overdue\npack: {pack}\ntemplates:\n  - id: t\n    text: {THREAT}\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a pack that switches citic off, outside the tree ``t``."""
    (tmp_path / "off.yaml").write_text(off_pack(), encoding="utf-8")
    (tmp_path / "t").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("ref", ["ABS", "../off.yaml", ".p/link.yaml", "sub/../../off.yaml"])
def test_a_pack_outside_the_tree_is_refused(work: Path, ref: str) -> None:
    (work / "t" / ".p").mkdir()
    os.symlink(work / "off.yaml", work / "t" / ".p" / "link.yaml")
    ref = str(work / "off.yaml") if ref == "ABS" else ref
    (work / "t" / "a.yaml").write_text(templates(ref), encoding="utf-8")
    code, out, err = run("check", "t", "--pack", "citic")
    assert code == 2
    assert err.startswith("smslint: error: t/a.yaml:2: pack ")
    assert "is outside the tree being linted" in err and err.count("\n") == 1
    assert "0 templates" in out


def test_a_pack_in_the_git_folder_is_refused(work: Path) -> None:
    (work / "t" / ".git").mkdir()
    (work / "t" / ".git" / "off.yaml").write_text(off_pack(), encoding="utf-8")
    (work / "t" / "a.yaml").write_text(templates(".git/off.yaml"), encoding="utf-8")
    code, _, err = run("check", "t")
    assert code == 2 and "outside the tree being linted" in err


def test_a_pack_extending_one_outside_the_tree_is_refused(work: Path) -> None:
    (work / "t" / ".p").mkdir()
    (work / "t" / ".p" / "inner.yaml").write_text(
        off_pack("inner", "../../off.yaml").split("rules:")[0], encoding="utf-8"
    )
    (work / "t" / "a.yaml").write_text(templates(".p/inner.yaml"), encoding="utf-8")
    code, _, err = run("check", "t", "--pack", "citic")
    assert code == 2
    assert err == (
        "smslint: error: t/a.yaml:2: pack '.p/inner.yaml' extends a pack outside the tree "
        "being linted\n"
    )


def test_a_pack_in_the_tree_is_read_and_the_report_names_it(work: Path) -> None:
    (work / "t" / ".packs").mkdir()  # hidden: the walk does not read it as templates
    (work / "t" / ".packs" / "off.yaml").write_text(off_pack(), encoding="utf-8")
    (work / "t" / "a.yaml").write_text(templates(".packs/off.yaml"), encoding="utf-8")
    code, out, err = run("check", "t", "--pack", "citic", "-f", "json")
    assert code == 0, err  # every rule is off: what the report must make visible
    report = json.loads(out)
    packs = {p["file"]: p for p in report["packs"]}
    assert set(packs) == {"shipped", "t/.packs/off.yaml"}
    off = packs["t/.packs/off.yaml"]
    assert off["name"] == "citic" and off["extends"] == ["citic", "base"]
    assert off["disabled_rules"] == sorted(r.id for r in loaded_pack("citic").rules)
    assert packs["shipped"]["disabled_rules"] == []
    _, text, _ = run("check", "t", "--pack", "citic")
    line = text.strip().splitlines()[-1]
    assert line.startswith("pack citic: t/.packs/off.yaml, extends citic < base; switches off ")
    assert "base.coercion" in line


def test_lock_pack_refuses_another_pack(work: Path) -> None:
    (work / "t" / "off.yaml").write_text(off_pack(), encoding="utf-8")
    (work / "t" / "a.yaml").write_text(templates("off.yaml"), encoding="utf-8")
    (work / "t" / "b.yaml").write_text(templates("citic"), encoding="utf-8")
    (work / "t" / "c.yaml").write_text(templates("base"), encoding="utf-8")
    code, _, err = run("check", "t/a.yaml", "t/b.yaml", "t/c.yaml", "--pack", "citic")
    assert code == 1 and not err  # unlocked, a.yaml's pack is read (it is in the tree)
    code, out, err = run(
        "check", "t/a.yaml", "t/b.yaml", "t/c.yaml", "--pack", "citic", "--lock-pack", "-f", "json"
    )
    assert code == 2
    lines = err.strip().splitlines()
    assert lines == [
        "smslint: error: t/a.yaml:2: pack 'off.yaml' is not the locked pack 'citic'; "
        "remove this `pack:` (the gate locks the pack)",
        "smslint: error: t/c.yaml:2: pack 'base' is not the locked pack 'citic'; "
        "remove this `pack:` (the gate locks the pack)",
    ]
    report = json.loads(out)
    assert [t["file"] for t in report["templates"]] == ["t/b.yaml"]  # naming citic is fine
    assert report["summary"]["findings"] > 0


def test_lock_pack_in_the_config(work: Path) -> None:
    (work / ".git").mkdir()
    (work / ".smslint.yaml").write_text("pack: citic\nlock_pack: true\n", encoding="utf-8")
    (work / "t" / "off.yaml").write_text(off_pack(), encoding="utf-8")
    (work / "t" / "a.yaml").write_text(templates("off.yaml"), encoding="utf-8")
    code, _, err = run("check", "t/a.yaml")
    assert code == 2 and "is not the locked pack 'citic'" in err
    (work / ".smslint.yaml").write_text("pack: citic\nlock_pack: yes please\n", encoding="utf-8")
    code, _, err = run("check", "t/a.yaml")
    assert code == 2 and ".smslint.yaml:2: 'lock_pack' must be true or false" in err
