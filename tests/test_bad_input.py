"""Hostile and broken input through the CLI: never a traceback, one line per bad file, and the
good files of the same run are still checked."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli

from .conftest import DATA

SMALL_PACK = str(DATA / "packs" / "fix.yaml")
MESSAGE = "【测试银行】尊敬的客户，您的信用卡应还100元，请于5月1日前还款。客服95000"


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI; ``check`` gets a small pack unless the test picks one (input is the subject)."""
    if args[0] == "check" and "--pack" not in args:
        args = (*args, "--pack", SMALL_PACK)
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def one_error(err: str, *names: str) -> str:
    """The single stderr line, which must name every part of the location given."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("smslint: error: ")
    for name in names:
        assert name in lines[0]
    return lines[0]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(name: str, data: str | bytes) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return name


# --- template files -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_file_says_so_and_how_to_fix_it(encoding: str) -> None:
    text = MESSAGE + ("" if encoding == "gbk" else "𠀀")  # U+20000 exists in GB18030 only
    write("t.txt", text.encode(encoding))
    code, _, err = run("check", "t.txt")
    line = one_error(err, "t.txt:1:")
    assert code == 2 and "GBK/GB18030" in line and "--encoding gb18030" in line


def test_encoding_option_decodes_gb18030_with_exact_columns() -> None:
    write("t.yaml", f"templates:\n  - id: a\n    text: 𠀀{MESSAGE}立即还款\n".encode("gb18030"))
    code, out, err = run("check", "t.yaml", "--encoding", "gb18030", "-f", "json")
    assert code in (0, 1) and not err
    report = json.loads(out)
    assert report["summary"]["templates"] == 1
    for finding in report["findings"]:
        if finding["column"] > 11:  # a finding on the text points at its own characters
            line = Path("t.yaml").read_bytes().decode("gb18030").splitlines()[2]
            assert finding["excerpt"].startswith(line[finding["column"] - 1])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("bin.yaml", b"templates:\n\x00\x01\x02"),
        ("bin.json", b'{"templates": []}\x00'),
        ("bin.csv", b"text\nab\x00cd\n"),
    ],
)
def test_binary_file(name: str, data: bytes) -> None:
    write(name, data)
    code, _, err = run("check", name)
    assert code == 2 and "binary" in one_error(err, name)


def test_utf16_file_names_the_encoding() -> None:
    write("t.txt", MESSAGE.encode("utf-16"))
    code, _, err = run("check", "t.txt")
    assert code == 2 and "--encoding utf-16" in one_error(err, "t.txt:1")


@pytest.mark.parametrize("name", ["e.yaml", "e.json", "e.jsonl", "e.csv", "e.txt"])
def test_empty_file(name: str) -> None:
    write(name, b"")
    code, out, err = run("check", name, "-f", "json")
    assert not err and code in (0, 1)
    templates = json.loads(out)["summary"]["templates"]
    assert templates == (1 if name.endswith(".txt") else 0)  # a .txt file is one message


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("m.yaml", 'templates:\n  - id: a\n    text: "unclosed\n  - id: b\n', "m.yaml:5:"),
        ("m.yaml", "templates:\n  - id: a\n\ttext: x\n", "m.yaml:3:"),
        ("m.json", '{"templates": [\n  {"id": "a", "text": "x"},\n]}\n', "m.json:3:1:"),
        ("m.jsonl", '{"text": "ok"}\n{"text": "x",}\n', "m.jsonl:2:"),
        ("m.jsonl", '{"text": "ok"}\n["a list"]\n', "m.jsonl:2:"),
        ("m.jsonl", '{"text": "ok"}\n{"id": "no text"}\n', "m.jsonl:2:"),
        ("m.csv", 'id,text\na,"never closed\nb,x\n', "m.csv:2:"),
        ("m.csv", "id,text\na,x,extra\n", "m.csv:2:"),
        ("m.csv", "id,body\na,x\n", "m.csv:1:"),
        ("m.csv", 'id,text\na,"x"y\n', "m.csv:2:"),
    ],
)
def test_malformed_file_names_file_and_line(name: str, content: str, where: str) -> None:
    write(name, content)
    code, _, err = run("check", name)
    assert code == 2
    one_error(err, where)


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        ("templates:\n  - id: a\n    kind: overdue\n", "t.yaml:2:", "no `text`"),
        ("templates:\n  - id: a\n    text: 42\n", "t.yaml:3:", "must be a string"),
        ("templates:\n  - id: a\n    text: [x]\n", "t.yaml:3:", "must be a string"),
        ("templates:\n  - id: a\n    text: x\n  - id: a\n    text: y\n", "t.yaml:4:", "duplicate"),
        ("templates: {a: 1}\n", "t.yaml:1:", "must be a list"),
        ("- just\n- a list\n", "t.yaml:1:", "expected a mapping"),
        ("templates:\n  - id: a\n    text: !!binary aGk=\n", "t.yaml:3:", "must be a string"),
        ("templates:\n  - id: a\n    text: x\n    kind: sometimes\n", "t.yaml:4:", "unknown kind"),
    ],
)
def test_bad_template_entry(content: str, where: str, words: str) -> None:
    write("t.yaml", content)
    code, _, err = run("check", "t.yaml")
    assert code == 2 and words in one_error(err, where)


def test_json_template_without_string_text() -> None:
    write("t.json", '{"templates": [\n  {"id": "a", "text": null},\n  {"id": "b", "text": 5}\n]}')
    code, _, err = run("check", "t.json")
    assert code == 2 and "must be a string" in one_error(err, "t.json:2")


def test_missing_path_is_named_and_the_others_are_checked() -> None:
    write("good.txt", MESSAGE)
    code, out, err = run("check", "nowhere.yaml", "good.txt", "-f", "json")
    assert code == 2 and "no such file" in one_error(err, "nowhere.yaml")
    assert [t["file"] for t in json.loads(out)["templates"]] == ["good.txt"]


def test_symlink_loop_is_walked_once() -> None:
    write("dir/sub/a.txt", MESSAGE)
    os.symlink("..", "dir/sub/up")
    os.symlink(".", "dir/self")
    code, out, err = run("check", "dir", "-f", "json")
    assert not err and code in (0, 1)
    assert json.loads(out)["summary"]["templates"] == 1


def test_three_megabyte_message() -> None:
    body = "您的账单已出，请按时还款。" * (3 * 1024 * 1024 // 39)
    write("big.txt", MESSAGE + body)
    assert Path("big.txt").stat().st_size >= 3 * 1024 * 1024
    start = time.perf_counter()
    code, out, err = run("check", "big.txt", "-f", "json")
    assert not err and code in (0, 1)
    assert json.loads(out)["summary"]["templates"] == 1
    assert time.perf_counter() - start < 30


def test_lone_surrogates_and_deep_nesting() -> None:
    write("s.yaml", 'templates:\n  - id: a\n    text: "【测试银行】\\ud800立即还款\\udfff"\n')
    write("s.json", '{"templates": [{"id": "a", "text": "\\udc00坐牢\\ud83d"}]}')
    write("deep.yaml", "templates: " + "[" * 1000 + "]" * 1000 + "\n")
    write("deep.json", '{"templates": ' + "[" * 1000 + "]" * 1000 + "}")
    code, out, err = run("check", "s.yaml", "s.json", "deep.yaml", "deep.json", "-f", "json")
    assert code == 2
    assert json.loads(out)["summary"]["templates"] == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all("nested too deeply" in line for line in lines)


def test_mixed_folder_reports_good_files_and_names_bad_ones() -> None:
    write("box/good.yaml", f"templates:\n  - id: g\n    text: {MESSAGE}\n")
    write("box/good.jsonl", json.dumps({"id": "j", "text": MESSAGE}, ensure_ascii=False))
    write("box/bad.json", '{"templates": [}')
    write("box/binary.txt", b"\x00\x01\x02\x03")
    write("box/gbk.csv", f"text\n{MESSAGE}\n".encode("gbk"))
    write("box/dup.yaml", "templates:\n  - {id: a, text: x}\n  - {id: a, text: y}\n")
    write("box/own-pack.yaml", "pack: nosuch\ntemplates:\n  - {id: p, text: x}\n")
    write("box/zz-good.txt", MESSAGE)
    code, out, err = run("check", "box", "-f", "json")
    assert code == 2
    report = json.loads(out)
    ids = [t["id"] for t in report["templates"]]
    assert ids == ["a", "j", "g", "zz-good"]  # dup.yaml's first template precedes its error
    lines = err.strip().splitlines()
    bad = ["bad.json", "binary.txt", "gbk.csv", "dup.yaml", "own-pack.yaml"]
    assert len(lines) == len(bad)
    for name in bad:
        assert sum(name in line for line in lines) == 1, name
    assert any("own-pack.yaml:1:" in line and "unknown pack 'nosuch'" in line for line in lines)


def test_error_messages_quote_only_a_short_token() -> None:
    secret = "客户张三身份证11010119900307002X住址某某路" * 5
    write("t.yaml", f"templates:\n  - id: {secret}\n    text: x\n  - id: {secret}\n    text: y\n")
    code, _, err = run("check", "t.yaml")
    line = one_error(err, "t.yaml:4:")
    assert code == 2 and "11010119900307002X" not in line and len(line) < 160


# --- rule packs -----------------------------------------------------------------------------

RULE = """\
  - id: p.rule
    kind: {kind}
    category: coercion
    severity: error
    message: m
"""


def pack(name: str, body: str) -> str:
    return write(name, f"name: {Path(name).stem}\nrules:\n{body}")


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        (RULE.format(kind="nosuch"), "p.yaml:3", "unknown rule kind 'nosuch'"),
        (RULE.format(kind="regex") + '    pattern: "(a"\n', "p.yaml:8", "invalid regex"),
        (RULE.format(kind="regex") + '    pattern: "(a)\\\\1"\n', "p.yaml:8", "invalid regex"),
        (RULE.format(kind="regex") + "    pattern: 5\n", "p.yaml:8", "pattern"),
        (RULE.format(kind="lexicon") + "    phrasez: [x]\n", "p.yaml:", "phrasez"),
        (RULE.format(kind="regex") * 2 + '    pattern: "x"\n', "p.yaml:", "duplicate"),
    ],
)
def test_bad_rule_names_pack_file_and_line(body: str, where: str, words: str) -> None:
    pack("p.yaml", body)
    code, out, err = run("check", "--pack", "p.yaml", "--text", MESSAGE)
    assert code == 2 and not out
    assert words in one_error(err, where)


def test_unknown_pack() -> None:
    code, out, err = run("check", "--pack", "nosuch", "--text", MESSAGE)
    assert code == 2 and not out and "unknown pack 'nosuch'" in one_error(err)


def test_pack_that_extends_itself() -> None:
    write("self.yaml", "name: self\nextends: ./self.yaml\n")
    write("a.yaml", "name: a\nextends: ./b.yaml\n")
    write("b.yaml", "name: b\nextends: ./a.yaml\n")
    for name in ("self.yaml", "a.yaml"):
        code, _, err = run("check", "--pack", name, "--text", MESSAGE)
        assert code == 2 and "extends itself" in one_error(err, ":2:")


def test_pack_not_utf8() -> None:
    write("p.yaml", "name: 测试\nrules: []\n".encode("gbk"))
    code, _, err = run("check", "--pack", "p.yaml", "--text", MESSAGE)
    assert code == 2 and "UTF-8" in one_error(err, "p.yaml")


LAUGHS = "\n".join(
    [
        "name: lol",
        'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)),
        "rules: []",
    ]
)


@pytest.mark.parametrize("where", ["pack", "templates"])
def test_billion_laughs_is_refused_fast(where: str) -> None:
    if where == "pack":
        write("lol.yaml", LAUGHS)
        args = ("--pack", "lol.yaml", "--text", MESSAGE)
    else:
        write("lol.yaml", LAUGHS.replace("rules: []", "templates: [{id: a, text: x}]"))
        args = ("lol.yaml",)
    start = time.perf_counter()
    code, _, err = run("check", *args)
    assert time.perf_counter() - start < 5
    assert code == 2 and "alias" in one_error(err, "lol.yaml")


@pytest.mark.parametrize("where", ["pack", "templates"])
def test_yaml_object_tags_never_run(where: str) -> None:
    tag = '!!python/object/apply:os.system ["touch pwned"]'
    if where == "pack":
        write("p.yaml", f"name: {tag}\nrules: []\n")
        args = ("--pack", "p.yaml", "--text", MESSAGE)
    else:
        write("p.yaml", f"templates:\n  - id: a\n    text: {tag}\n")
        args = ("p.yaml",)
    code, _, err = run("check", *args)
    assert code == 2 and "p.yaml" in one_error(err)
    assert not Path("pwned").exists()


def test_catastrophic_regex_runs_in_linear_time() -> None:
    pack("p.yaml", RULE.format(kind="regex") + '    pattern: "(a+)+$"\n    view: original\n')
    write("miss.txt", "a" * 200_000 + "!")
    write("hit.txt", "a" * 200_000)
    start = time.perf_counter()
    code, out, err = run("check", "--pack", "p.yaml", "miss.txt", "hit.txt", "-f", "json")
    assert time.perf_counter() - start < 5
    assert code == 1 and not err
    assert [f["file"] for f in json.loads(out)["findings"]] == ["hit.txt"]
