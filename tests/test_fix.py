"""``check --fix`` / ``--diff``: only flagged characters change, byte for byte, and only safely."""

from __future__ import annotations

import difflib
import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint import sources
from smslint.cli import cli
from smslint.engine.linter import Linter, Linters, Result
from smslint.features import fix as fix_module
from smslint.features.fix import Fixer, fix_file
from smslint.run.config import find_config

from .conftest import DATA, ROOT

PACK = str(DATA / "packs" / "fix.yaml")
LOOP = str(DATA / "packs" / "fix_loop.yaml")
CARD = "6222021234567890128"  # Luhn-valid
MOBILE = "13812345678"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths in reports, and no stray config file


def write(name: str, content: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = ("\ufeff" if bom else "").encode(encoding) + content.encode(encoding)
    Path(name).write_bytes(data)
    return data


def fix(*paths: str, pack: str = PACK, extra: tuple[str, ...] = ()) -> tuple[int, str, str]:
    return run("check", *paths, "--pack", pack, "--fix", *extra)


YAML = f"""\
# 催收模板（注释与键序须保持不变）
kind: overdue   # 默认类型
templates:
  - id: plain
    text: 【测试银行】您的卡{CARD}已逾期，请立即还款。   # 行尾注释
  - text: '【测试银行】联系{MOBILE}，见《通知》，It''s 请立即还款'
    id: single
  - id: double
    text: "【测试银行】请见《通知》，卡{CARD}"
  - id: folded
    text: >-
      【测试银行】请立即还款，
      卡号{CARD}
  - id: clean
    text: "【测试银行】您好"
"""


def test_yaml_changes_only_the_flagged_characters() -> None:
    before = write("t.yaml", YAML)
    code, _, err = fix("t.yaml")
    expected = (
        YAML.replace(CARD, "尾号0128")
        .replace(MOBILE, "138****5678")  # a phone is masked in place
        .replace("立即还款", "及时还款")
        # each quoting style gets the quote its own way: raw in '…', escaped in "…"
        .replace("见《通知》，It", '见"通知"，It')
        .replace("请见《通知》，卡", '请见\\"通知\\"，卡')
    )
    assert Path("t.yaml").read_bytes() == expected.encode()
    assert before != expected.encode()
    assert "fixed 9 findings in 1 files" in err
    assert code in (0, 1)


def test_second_run_changes_nothing() -> None:
    write("t.yaml", YAML)
    fix("t.yaml")
    once = Path("t.yaml").read_bytes()
    _, _, err = fix("t.yaml")
    assert Path("t.yaml").read_bytes() == once
    assert "fixed 0 findings in 0 files" in err


def test_escaped_text_is_refused_and_reported_for_a_manual_fix() -> None:
    # the card number's last digit is written as an escape, so its span is not verbatim
    card = CARD[:-1] + "\\u0038"
    content = (
        '{"templates": [\n'
        f'  {{"id": "esc", "text": "【测试银行】卡{card}，请立即还款"}},\n'
        '  {"id": "quote", "text": "见《通知》"}\n'
        "]}\n"
    )
    write("t.json", content)
    _, out, err = fix("t.json", extra=("-f", "json"))
    expected = content.replace("立即还款", "及时还款").replace("《通知》", '\\"通知\\"')
    assert Path("t.json").read_text(encoding="utf-8") == expected
    assert "not fixed: the text is written with escapes" in out and "fix it by hand" in out
    assert "1 fixable findings need fixing by hand" in err
    assert CARD not in out  # the report still masks the number it could not fix


def test_crlf_bom_and_gb18030_are_kept(tmp_path: Path) -> None:
    crlf = write("crlf.txt", f"【测试银行】卡{CARD}\r\n请立即还款。\r\n")
    bom = write("bom.yaml", f"templates:\r\n  - id: a\r\n    text: 卡{CARD}\r\n", bom=True)
    gbk = write("gbk.csv", f"id,text\r\na,请立即还款，卡{CARD}\r\n", encoding="gb18030")
    fix("crlf.txt", "bom.yaml")
    fix("gbk.csv", extra=("--encoding", "gb18030"))
    tail = "尾号0128"
    assert Path("crlf.txt").read_bytes() == crlf.replace(CARD.encode(), tail.encode()).replace(
        "立即".encode(), "及时".encode()
    )
    assert Path("bom.yaml").read_bytes() == bom.replace(CARD.encode(), tail.encode())
    assert Path("bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert Path("gbk.csv").read_bytes() == gbk.replace(
        CARD.encode(), tail.encode("gb18030")
    ).replace("立即".encode("gb18030"), "及时".encode("gb18030"))


def test_csv_and_jsonl_quote_the_replacement_their_way() -> None:
    csv = f'id,text\na,"见《通知》，卡{CARD}"\nb,见《通知》\n'
    jsonl = '{"id": "a", "text": "见《通知》"}\n{"text": "请立即还款"}\n'
    write("t.csv", csv)
    write("t.jsonl", jsonl)
    fix("t.csv", "t.jsonl")
    assert Path("t.csv").read_text(encoding="utf-8") == (
        'id,text\na,"见""通知""，卡尾号0128"\nb,见"通知"\n'
    )
    assert Path("t.jsonl").read_text(encoding="utf-8") == (
        '{"id": "a", "text": "见\\"通知\\""}\n{"text": "请及时还款"}\n'
    )


def test_existing_prefix_is_not_doubled() -> None:
    write("t.txt", f"您尾号{CARD}的卡")
    fix("t.txt")
    assert Path("t.txt").read_text(encoding="utf-8") == "您尾号0128的卡"


def test_overlapping_fixes_settle_over_rounds() -> None:
    # `立即` (regex) and `立即还款` (lexicon) overlap: one applies, the other is then gone
    write("t.txt", "请立即还款")
    code, _, err = fix("t.txt")
    assert Path("t.txt").read_text(encoding="utf-8") == "请及时还款"
    assert code == 0 and "fixed 1 findings" in err


def test_fixes_that_never_settle_leave_the_file_alone() -> None:
    before = write("t.txt", "甲方与乙方")
    code, out, err = fix("t.txt", pack=LOOP)
    assert Path("t.txt").read_bytes() == before
    assert out.count("fixes do not settle") == 2
    assert "fixed 0 findings" in err and code == 1


def test_permissions_and_owner_are_kept() -> None:
    write("t.txt", f"卡{CARD}")
    os.chmod("t.txt", 0o640)
    owner = (os.getuid(), os.getgid())
    if owner == (0, 0):  # root can hand a file to someone else, and so must give it back
        owner = (12345, 12345)
        os.chown("t.txt", *owner)
    fix("t.txt")
    assert Path("t.txt").read_text(encoding="utf-8") == "卡尾号0128"
    info = os.stat("t.txt")
    assert stat.S_IMODE(info.st_mode) == 0o640 and (info.st_uid, info.st_gid) == owner
    assert os.listdir(".") == ["t.txt"]  # no temporary file left behind


def _left_alone(name: str, before: bytes, reason: str) -> None:
    code, out, err = fix(name)
    assert Path(name).read_bytes() == before
    assert f"smslint: warning: {name}: {reason}; not fixed" in err
    assert "fixed 0 findings in 0 files" in err
    assert code == 1 and "卡6222" in out  # the finding is still reported


def test_a_symlink_is_never_written_through() -> None:
    Path("elsewhere").mkdir()
    before = write("elsewhere/t.txt", f"卡{CARD}")
    os.symlink("elsewhere/t.txt", "link.txt")
    _left_alone("link.txt", Path("link.txt").read_bytes(), "a symbolic link")
    assert Path("link.txt").is_symlink()
    assert Path("elsewhere/t.txt").read_bytes() == before


def test_a_file_with_hard_links_is_left_alone() -> None:
    before = write("t.txt", f"卡{CARD}")
    os.link("t.txt", "other-name")
    _left_alone("t.txt", before, "has 2 hard links")
    assert os.path.samefile("t.txt", "other-name")


def test_a_read_only_file_is_left_alone_even_for_root() -> None:
    before = write("t.txt", f"卡{CARD}")
    os.chmod("t.txt", 0o444)
    _left_alone("t.txt", before, "read-only")


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="an unnamed file needs O_TMPFILE")
def test_a_fix_killed_while_writing_leaves_no_temporary_file() -> None:
    before = write("t.txt", f"卡{CARD}")
    script = f"""
import os, signal, sys
sync, here = os.fsync, os.getcwd()

def killed(fd):  # killed once the new content is written to a file of this folder
    if os.path.dirname(os.readlink(f"/proc/self/fd/{{fd}}")) == here:
        os.kill(os.getpid(), signal.SIGKILL)
    sync(fd)

os.fsync = killed
sys.argv = ["smslint", "check", "t.txt", "--pack", {PACK!r}, "--fix"]
from smslint.cli import main
main()
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert os.listdir(".") == ["t.txt"]
    assert Path("t.txt").read_bytes() == before


def test_a_failed_replace_leaves_no_temporary_file(monkeypatch: pytest.MonkeyPatch) -> None:
    before = write("t.txt", f"卡{CARD}")

    def refuse(source: str, target: str) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(fix_module.os, "replace", refuse)
    code, _, err = fix("t.txt")
    assert code == 2 and "t.txt: cannot write the fix" in err
    assert os.listdir(".") == ["t.txt"] and Path("t.txt").read_bytes() == before


def test_diff_previews_without_writing_and_masks_the_removed_line() -> None:
    before = write("t.yaml", YAML)
    code, out, err = run("check", "t.yaml", "--pack", PACK, "--diff")
    assert Path("t.yaml").read_bytes() == before
    assert out.startswith("--- a/t.yaml\n+++ b/t.yaml\n")
    assert "+    text: 【测试银行】您的卡尾号0128已逾期，请及时还款。" in out
    assert "-    text: 【测试银行】您的卡6222***********0128已逾期" in out
    assert CARD not in out and MOBILE not in out
    assert "would fix 9 findings" in err
    assert code == 1  # the findings are still there


def test_a_file_with_errors_is_not_touched() -> None:
    content = f"templates:\n  - id: a\n    text: 卡{CARD}\n  - id: a\n    text: x\n"
    before = write("t.yaml", content)
    code, out, err = fix("t.yaml")
    assert Path("t.yaml").read_bytes() == before
    assert "not fixed: the file has errors" in out
    assert code == 2 and "duplicate template id" in err


def test_a_file_changed_since_it_was_read_is_not_touched() -> None:
    write("t.txt", f"卡{CARD}")
    template = next(sources.read_path("t.txt"))
    result = Linter(PACK).check(template)
    write("t.txt", f"新卡{CARD}")
    outcome = fix_file([result], Linter(PACK).check)
    assert outcome.applied == 0 and outcome.after == outcome.before
    assert "changed while it was checked" in outcome.results[0].findings[0].message


def test_stdin_and_text_are_left_alone() -> None:
    code, _, err = run("check", "--text", f"卡{CARD}", "--pack", PACK, "--fix")
    assert code == 1 and "fixed 0 findings in 0 files" in err


CORPUS = ROOT / "corpus"


def _lint_folder(folder: Path, linters: Linters) -> list[Result]:
    """As `cd corpus && smslint check .` does: corpus/.smslint.yaml excludes non-templates."""
    config = find_config(folder)
    files = sources.iter_files([folder], include=config.include, exclude=config.exclude)
    return [linters.check(template) for path in files for template in sources.read_path(path)]


def _fix_spans(results: list[Result]) -> dict[str, list[tuple[int, int]]]:
    """Per file, the content offsets of every span a fix may touch."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for result in results:
        for f in result.findings:
            if f.fix is not None:
                start = result.template.map.offset(f.start)
                spans.setdefault(result.template.file, []).append((start, start + f.end - f.start))
    return spans


def test_corpus_fix_is_local_idempotent_and_reduces_findings(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("no corpus yet")
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy)
    config = find_config(copy)
    linters = Linters(config.pack or "base", config.kind)
    before = _lint_folder(copy, linters)
    spans = _fix_spans(before)
    originals = {p: Path(p).read_bytes().decode("utf-8-sig") for p in spans}
    fixer = Fixer(linters.check)
    reported = list(fixer.run(before))
    assert fixer.applied > 0 and not fixer.errors
    after = _lint_folder(copy, linters)
    count = sum(len(r.findings) for r in after)
    assert count == sum(len(r.findings) for r in reported)  # the report shows the fixed files
    assert count < sum(len(r.findings) for r in before)
    for path, old in originals.items():
        new = Path(path).read_bytes().decode("utf-8-sig")
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag != "equal":  # every change lies inside a span some fix covered
                assert any(s <= i1 and i2 <= e for s, e in spans[path]), path
    fixed = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    again = Fixer(linters.check)
    list(again.run(after))
    assert again.applied == 0
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == fixed


def test_placeholder_spelling_is_normalised() -> None:
    write("t.yaml", "templates:\n  - id: a\n    text: 应还${ amount }元，请于{{due_date}前  # 注\n")
    write("t.json", '{"templates": [{"id": "a", "text": "应还{{ amount }}元，${due"}]}')
    fix("t.yaml", "t.json")
    assert Path("t.yaml").read_text(encoding="utf-8") == (
        "templates:\n  - id: a\n    text: 应还${amount}元，请于{{due_date}}前  # 注\n"
    )
    assert Path("t.json").read_text(encoding="utf-8") == (
        '{"templates": [{"id": "a", "text": "应还{{amount}}元，${due}"}]}'
    )


def test_a_fix_that_breaks_the_syntax_is_refused_and_the_others_applied() -> None:
    # `: ` and ` #` end a plain YAML scalar, `,` ends an unquoted CSV field: only quoted text
    # can take that replacement
    yaml = (
        "templates:\n"
        f"  - id: plain\n    text: 卡{CARD}〔备注〕见下\n"
        '  - id: quoted\n    text: "〔备注〕见下"\n'
    )
    csv = f'id,text\na,卡{CARD}〔备注〕\nb,"〔备注〕"\n'
    write("t.yaml", yaml)
    write("t.csv", csv)
    _, out, err = fix("t.yaml", "t.csv", extra=("-f", "json"))
    assert Path("t.yaml").read_text(encoding="utf-8") == (
        yaml.replace(CARD, "尾号0128").replace('"〔备注〕', '"注: 1, #2')
    )
    assert Path("t.csv").read_text(encoding="utf-8") == (
        csv.replace(CARD, "尾号0128").replace('"〔备注〕', '"注: 1, #2')
    )
    refused = [f for f in json.loads(out)["findings"] if "not fixed" in f["message"]]
    assert [(f["file"], f["template"]) for f in refused] == [("t.yaml", "plain"), ("t.csv", "a")]
    assert all("would not read back" in f["message"] for f in refused)
    assert "fixed 4 findings in 2 files; 2 fixable findings need fixing by hand" in err
