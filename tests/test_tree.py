"""The tree given is the tree read: links out of it, special files and hostile names are
refused or skipped with one line on stderr, never followed, hung on or crashed over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.sources import iter_files

from .conftest import DATA

SMALL_PACK = str(DATA / "packs" / "fix.yaml")
MESSAGE = "【测试银行】尊敬的客户，您的信用卡应还100元，请于5月1日前还款。客服95000"
SECRET = "AUTHORIZATION: basic c2VjcmV0"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    if args[0] == "check" and "--pack" not in args:
        args = (*args, "--pack", SMALL_PACK)
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a secret in .git and beside it, and templates linking to both."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(SECRET)
    (tmp_path / "secret.txt").write_text(SECRET)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "ok.txt").write_text(MESSAGE, encoding="utf-8")
    os.symlink("../secret.txt", templates / "evil.txt")
    os.symlink("../.git/config", templates / "token.txt")
    os.symlink("..", templates / "up")
    os.symlink("ok.txt", templates / "same.txt")  # inside the tree: read
    return tmp_path


def test_links_out_of_the_tree_are_skipped_with_a_warning(tree: Path) -> None:
    code, out, err = run("check", "templates", "-f", "json")
    assert SECRET not in out
    assert sorted(t["file"] for t in json.loads(out)["templates"]) == [
        "templates/ok.txt",
        "templates/same.txt",
    ]
    warnings = err.strip().splitlines()
    assert sorted(warnings) == [
        f"smslint: warning: templates/{name}: symlink out of the tree, "
        "skipped (--follow-links reads it)"
        for name in ("evil.txt", "token.txt", "up")
    ]
    assert code == 0


def test_a_link_into_a_hidden_folder_of_the_tree_is_out_of_it(tree: Path) -> None:
    _, out, err = run("check", ".", "-f", "json")
    assert SECRET not in out
    assert "templates/token.txt: symlink out of the tree" in err
    assert "templates/evil.txt" in out  # ../secret.txt is inside the tree "."


def test_follow_links_reads_them_without_looping(tree: Path) -> None:
    _, out, err = run("check", "templates", "--follow-links", "-f", "json")
    files = {t["file"] for t in json.loads(out)["templates"]}
    assert {"templates/evil.txt", "templates/token.txt", "templates/up/secret.txt"} <= files
    assert not err


def test_an_explicit_link_out_of_the_working_folder_is_skipped(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree / "templates")
    _, out, err = run("check", "evil.txt", "ok.txt", "-f", "json")
    assert [t["file"] for t in json.loads(out)["templates"]] == ["ok.txt"]
    assert err.strip() == (
        "smslint: warning: evil.txt: symlink out of the working folder, "
        "skipped (--follow-links reads it)"
    )
    _, out, _ = run("check", "evil.txt", "--follow-links", "-f", "json")
    assert [t["file"] for t in json.loads(out)["templates"]] == ["evil.txt"]


def test_library_walk_stays_in_the_tree(tree: Path) -> None:
    warned: list[str] = []
    found = list(iter_files(["templates"], warn=warned.append))
    assert [p.as_posix() for p in found] == ["templates/ok.txt", "templates/same.txt"]
    assert len(warned) == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_skipped_when_walking_and_refused_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t").mkdir()
    Path("t/ok.txt").write_text(MESSAGE, encoding="utf-8")
    os.mkfifo("t/pipe.txt")
    command = [sys.executable, "-m", "smslint", "check", "--pack", SMALL_PACK]
    walked = subprocess.run([*command, "t"], capture_output=True, text=True, timeout=60)
    assert walked.returncode == 0
    assert walked.stderr.strip() == (
        "smslint: warning: t/pipe.txt: not a regular file (a FIFO, device or socket), skipped"
    )
    named = subprocess.run([*command, "t/pipe.txt"], capture_output=True, text=True, timeout=60)
    assert named.returncode == 2
    assert named.stderr.strip() == (
        "smslint: error: t/pipe.txt: not a regular file (a FIFO, device or socket); not read"
    )


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_device_named_is_refused() -> None:
    code, _, err = run("check", "/dev/null")
    assert code == 2
    assert err.strip() == (
        "smslint: error: /dev/null: not a regular file (a FIFO, device or socket); not read"
    )


def test_closed_stdin_is_one_error() -> None:
    command = [sys.executable, "-m", "smslint", "check", "--pack", SMALL_PACK, "-"]
    run_ = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert run_.returncode == 0  # an empty stdin is an empty message, not an error
    closed = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.close(0); from smslint.cli import main; main()",
         "check", "--pack", SMALL_PACK, "-"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert closed.returncode == 2
    assert closed.stderr.strip() == "smslint: error: -: standard input is closed or unreadable"


def test_very_deep_tree_is_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    limit = 300  # lowered while the run lasts: deeper than it proves the walk does not recurse
    deep = Path("deep")
    deep.mkdir()
    made = [deep]
    for _ in range(limit + 100):  # os.makedirs itself would recurse
        deep = deep / "d"
        deep.mkdir()
        made.append(deep)
    (deep / "a.txt").write_text(MESSAGE, encoding="utf-8")
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        code, out, err = run("check", "deep", "-f", "json")
    finally:
        sys.setrecursionlimit(before)
        (deep / "a.txt").unlink()  # removed level by level: pytest's clean-up would recurse
        for folder in reversed(made):
            folder.rmdir()
    assert code == 0, err
    assert json.loads(out)["summary"]["templates"] == 1


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system of bytes names")
def test_non_utf8_file_name_is_one_error_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t").mkdir()
    Path("t/ok.txt").write_text(MESSAGE, encoding="utf-8")
    with open(os.fsencode("t/bad") + b"\xff\x1b[2J.txt", "wb") as stream:
        stream.write(MESSAGE.encode())
    for fmt in ("text", "json", "sarif", "github", "markdown", "html", "jsonl"):
        code, out, err = run("check", "t", "-f", fmt)
        assert code == 2
        assert err.strip() == (
            r"smslint: error: t/bad\udcff\x1b[2J.txt: file name is not valid UTF-8; rename it"
        )
        assert "\x1b" not in out + err
    bad = os.fsdecode(os.fsencode("t/bad") + b"\xff\x1b[2J.txt")
    code, out, err = run("check", bad)
    assert code == 2 and "file name is not valid UTF-8" in err and "\x1b" not in err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown", "html", "jsonl"])
def test_lone_surrogate_in_an_id(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("s.yaml").write_text(
        'templates:\n  - id: "a\\udc80\\ud800"\n    text: "再不还就坐牢"\n', encoding="utf-8"
    )
    code, _, err = run("check", "s.yaml", "-f", fmt, "--pack", "base")
    assert code in (0, 1), err


def test_lone_surrogate_in_an_id_round_trips_through_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("s.yaml").write_text(
        'templates:\n  - id: "a\\udc80"\n    text: "再不还就坐牢"\n', encoding="utf-8"
    )
    code, _, err = run("baseline", "create", "s.yaml", "--pack", "base")
    assert code == 0, err
    code, out, err = run(
        "check", "s.yaml", "--pack", "base", "--baseline", ".smslint-baseline.json"
    )
    assert code == 0, err
    assert "0 findings" in out
