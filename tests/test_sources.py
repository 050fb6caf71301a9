"""Template sources: every format reads back its text and maps each character to the file."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smslint.core.errors import SmslintError
from smslint.core.model import Template
from smslint.sources import iter_files, read_path, read_stdin_text, read_text, template_from_text
from smslint.sources.positions import LineIndex
from smslint.sources.yaml_source import decode_scalar

LINE_BREAKS = "\r\n\x85\u2028\u2029"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def read_all(tmp_path: Path, name: str, content: str | bytes) -> list[Template]:
    return list(read_path(write(tmp_path, name, content)))


def where(content: str, offset: int) -> tuple[int, int]:
    """(line, column) of a file offset, computed independently of TextMap."""
    line_start = content.rfind("\n", 0, offset) + 1
    return content.count("\n", 0, offset) + 1, offset - line_start + 1


def assert_faithful(content: str, template: Template) -> None:
    """Each char maps to itself, or to the backslash of its escape, or to the line break a fold
    came from; positions strictly advance; and locate() agrees with the offset."""
    tmap = template.map
    assert tmap.exact
    previous = -1
    for i, char in enumerate(template.text):
        offset = tmap.offset(i)
        assert offset > previous, (i, char)
        previous = offset
        source = content[offset]
        folded = char in " \n\u2028\u2029" and source in LINE_BREAKS
        assert source == char or source == "\\" or folded, (i, char, source)
        assert tmap.locate(i) == where(content, offset), (i, char)


def locate_char(template: Template, char: str = "坐") -> tuple[int, int]:
    return template.map.locate(template.text.index(char))


# --- YAML ---------------------------------------------------------------------------------

YAML_STYLES = """\
pack: citic
kind: overdue
schedule: {start: "08:00"}
templates:
  - id: plain
    text: 【中信银行】尊敬的客户，
      您尾号${card_last4}的坐席

      下一段
  - id: single
    text: '单''引号 坐
      续行'
  - id: double
    text: "双\\u5750引\\t号 \\x41\\
      续行 \\"坐\\" \\U0001F600 \\N\\_\\L\\P\\e\\0\\/"
  - id: literal
    text: |
      第一行 坐
        缩进

      末行
  - id: folded
    text: >-
      折叠 坐
      第二行

      段落
        更缩进
      尾
  - id: keep
    text: |2+
        两格缩进 坐


  - id: strip
    text: >2-
       坐 一格

  - id: tagged
    kind: reminder
    pack: spdb
    vars: {card_last4: {max: 4}}
    ignore: [{rule: base.x, reason: approved}]
    schedule: {end: "20:00"}
    text: &shared !!str 坐在
  - id: alias
    text: *shared
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_yaml_every_scalar_style_maps_exactly(tmp_path, newline):
    content = YAML_STYLES.replace("\n", newline)
    templates = read_all(tmp_path, "t.yaml", content)
    expected = {t["id"]: t["text"] for t in yaml.safe_load(content)["templates"]}
    assert [t.id for t in templates] == list(expected)
    for template in templates:
        assert template.text == expected[template.id]
        assert_faithful(content, template)
    by_id = {t.id: t for t in templates}
    assert locate_char(by_id["plain"]) == (7, 24)
    assert locate_char(by_id["single"]) == (11, 18)
    assert locate_char(by_id["double"]) == (14, 13)  # the backslash of \u5750
    assert locate_char(by_id["literal"]) == (18, 11)
    assert locate_char(by_id["folded"]) == (24, 10)
    assert locate_char(by_id["keep"]) == (32, 14)
    assert locate_char(by_id["strip"]) == (37, 8)
    assert locate_char(by_id["alias"]) == (45, 25)  # where the anchored text is written
    # the fold in the plain scalar maps to the line break it replaced
    plain = by_id["plain"]
    assert plain.map.locate(plain.text.index(" ")) == (6, 23 + len(newline) - 1)  # at the LF


def test_yaml_fields_and_defaults(tmp_path):
    templates = {t.id: t for t in read_all(tmp_path, "t.yaml", YAML_STYLES)}
    plain, tagged = templates["plain"], templates["tagged"]
    assert (plain.kind, plain.pack, plain.schedule) == ("overdue", "citic", {"start": "08:00"})
    assert plain.line == 5 and plain.vars == {} and plain.ignore == []
    assert (tagged.kind, tagged.pack, tagged.schedule) == ("reminder", "spdb", {"end": "20:00"})
    assert tagged.vars == {"card_last4": {"max": 4}}
    assert tagged.ignore == [{"rule": "base.x", "reason": "approved"}]
    assert tagged.line == 39


def test_yaml_missing_id_is_its_position_and_merge_keys_work(tmp_path):
    content = """\
defaults: &d {kind: mediation, vars: {name: {max: 3}}}
templates:
  - text: 甲
  - <<: *d
    text: 乙
"""
    first, second = read_all(tmp_path, "t.yml", content)
    assert (first.id, second.id) == ("1", "2")
    assert (second.kind, second.vars) == ("mediation", {"name": {"max": 3}})
    assert second.map.locate(0) == (5, 11)


def test_yaml_decoder_falls_back_to_inexact_when_it_cannot_align():
    content = "text: abc\n"
    node = yaml.compose(content).value[0][1]
    node.value = "abd"  # what a different YAML reading might produce
    text, tmap = decode_scalar(content, node, 0, LineIndex.of(content))
    assert text == "abd" and not tmap.exact
    assert [tmap.offset(i) for i in range(2)] == [6, 7]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("templates:\n  - id: a\n    text: [unclosed\n", 4, "invalid YAML"),
        ("templates:\n  - id: a\n\ttext: x\n", 3, "invalid YAML"),
        ("- just a list\n", 1, "`templates:`"),
        ("templates: {a: 1}\n", 1, "must be a list"),
        ("templates:\n  - id: a\n    text: 1\n  - id: a\n    text: 2\n", 3, "string"),
        ("templates:\n  - id: a\n    text: x\n  - id: a\n    text: y\n", 4, "duplicate"),
        ("templates:\n  - id: a\n    kind: overdue\n", 2, "no `text`"),
        ("templates:\n  - text: x\n    kind: overdu\n", 3, "unknown kind"),
        ("templates:\n  - text: x\n    vars: {a: {max: many}}\n", 3, "max"),
        ("templates:\n  - text: x\n    ignore: [{reason: no rule}]\n", 3, "rule"),
        ("templates:\n  - !!python/object:os.system x\n", 2, "invalid YAML"),
        ("a: &a [*a]\ntemplates: []\n", 1, "recursive"),
    ],
)
def test_yaml_errors_name_the_line(tmp_path, content, line, words):
    with pytest.raises(SmslintError) as err:
        read_all(tmp_path, "bad.yaml", content)
    assert err.value.line == line
    assert words in err.value.message
    assert str(err.value).startswith(f"{tmp_path / 'bad.yaml'}:{line}")


def test_yaml_control_characters_are_reported(tmp_path):
    with pytest.raises(SmslintError, match="U\\+0007") as err:
        read_all(tmp_path, "bell.yaml", "templates:\n  - text: a\x07b\n")
    assert err.value.line == 2


def test_yaml_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    content = "\n".join([*lines, "templates: []", ""])
    with pytest.raises(SmslintError, match="too many YAML aliases"):
        read_all(tmp_path, "bomb.yaml", content)


def test_yaml_shared_aliases_within_budget_are_fine(tmp_path):
    entries = "".join(f"  - {{id: t{i}, text: 文{i}, vars: *v}}\n" for i in range(300))
    content = "v: &v {name: {max: 4}}\ntemplates:\n" + entries
    templates = read_all(tmp_path, "many.yaml", content)
    assert len(templates) == 300 and templates[-1].vars == {"name": {"max": 4}}


# --- JSON and JSONL -----------------------------------------------------------------------


def test_json_escapes_map_to_their_backslash(tmp_path):
    content = '{"templates": [{"id": "x", "text": "a\\u5750b\\ud83d\\ude00c\\n\\"坐"}]}'
    [template] = read_all(tmp_path, "t.json", content)
    assert template.text == 'a坐b😀c\n"坐'
    tmap = template.map
    assert tmap.offset(1) == content.index("\\u5750")
    assert tmap.offset(3) == content.index("\\ud83d")
    assert content[tmap.offset(4)] == "c"
    assert tmap.offset(5) == content.index("\\n")
    assert tmap.locate(7) == (1, content.index("坐") + 1)
    assert_faithful(content, template)


def test_json_fields_crlf_and_empty_text(tmp_path):
    doc = {
        "pack": "jd",
        "templates": [
            {"id": 7, "kind": "reminder", "text": "", "vars": {"a": {"max": 2}}},
            {"text": "您好\n坐席"},
        ],
    }
    content = json.dumps(doc, ensure_ascii=False, indent=2).replace("\n", "\r\n")
    first, second = read_all(tmp_path, "t.json", content)
    assert (first.id, first.kind, first.pack, first.vars) == (
        "7",
        "reminder",
        "jd",
        {"a": {"max": 2}},
    )
    assert first.text == "" and first.map.locate(0) == (7, 16)  # just inside the quotes
    assert (second.id, second.line) == ("2", 14)
    assert locate_char(second) == (15, 20)


@pytest.mark.parametrize(
    ("content", "line", "column", "words"),
    [
        ('{"templates": [\n  {"text": "a",}\n]}', 2, 16, "invalid JSON"),
        ('{"templates": [\n  {"text": 5}\n]}', 2, None, "`text` must be a string"),
        ('{"templates": [{"text": "a", "id": "x"},\n {"text": "b", "id": "x"}]}', 2, None, "dup"),
        ("[1, 2]", 1, None, "`templates:`"),
    ],
)
def test_json_errors_name_line_and_column(tmp_path, content, line, column, words):
    with pytest.raises(SmslintError) as err:
        read_all(tmp_path, "bad.json", content)
    assert (err.value.line, err.value.column) == (line, column)
    assert words in err.value.message


def test_jsonl_records_ids_and_positions(tmp_path):
    rows = [
        {"id": "m1", "kind": "overdue", "pack": "jd", "text": "请\\坐"},
        {"text": "第二条 坐"},
    ]
    content = "\r\n".join(json.dumps(r, ensure_ascii=i == 0) for i, r in enumerate(rows))
    content = content.replace("\r\n", "\r\n\r\n") + "\n"  # a blank line between records
    first, second = read_all(tmp_path, "log.jsonl", content)
    assert (first.id, first.kind, first.pack, first.text) == ("m1", "overdue", "jd", "请\\坐")
    assert (second.id, second.line, second.text) == ("3", 3, "第二条 坐")
    assert locate_char(second) == (3, content.splitlines()[2].index("坐") + 1)
    for template in (first, second):
        assert_faithful(content, template)


def test_jsonl_streams_and_reports_the_bad_line(tmp_path):
    path = write(tmp_path, "log.jsonl", '{"text": "ok"}\n\n{"text": oops}\n{"text": "never"}\n')
    records = read_path(path)
    assert next(records).text == "ok"  # read before the bad line is reached
    with pytest.raises(SmslintError) as err:
        next(records)
    assert (err.value.line, err.value.column) == (3, 10)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"text": 1}\n', "`text` string"),
        ("[1]\n", "JSON object"),
        ('{"text": "a", "kind": 3}', "kind"),
    ],
)
def test_jsonl_bad_records(tmp_path, content, words):
    with pytest.raises(SmslintError, match=words) as err:
        read_all(tmp_path, "log.jsonl", content)
    assert err.value.line == 1


# --- CSV ----------------------------------------------------------------------------------


def test_csv_quoted_fields_escapes_and_newlines(tmp_path):
    content = (
        "id,kind,pack,text\r\n"
        'a,overdue,citic,"他说""坐下""\r\n第二行 坐,逗号"\r\n'
        ",,,plain 坐\r\n"
        "\r\n"
        'c,,,""\r\n'
    )
    first, second, third = read_all(tmp_path, "t.csv", content)
    assert (first.id, first.kind, first.pack, first.line) == ("a", "overdue", "citic", 2)
    assert first.text == '他说"坐下"\n第二行 坐,逗号'
    assert locate_char(first) == (2, 22)
    assert first.map.locate(first.text.index("第")) == (3, 1)
    assert (second.id, second.kind, second.pack, second.line) == ("4", None, None, 4)
    assert locate_char(second) == (4, 10)
    assert third.text == "" and third.map.locate(0) == (6, 6)
    for template in (first, second):
        assert_faithful(content, template)


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("id,body\nx,y\n", 1, "`text` column"),
        ('text\n"a\nb\n', 2, "never closed"),
        ('text\n"a"b\n', 2, "closing quote"),
        ("id,text\nx,a,b\n", 2, "3 fields"),
        ("text,kind\nx,weird\n", 2, "unknown kind"),
    ],
)
def test_csv_errors(tmp_path, content, line, words):
    with pytest.raises(SmslintError, match=words) as err:
        read_all(tmp_path, "bad.csv", content)
    assert err.value.line == line


# --- TXT, stdin, --text -------------------------------------------------------------------


def test_txt_is_one_template_without_its_final_newline(tmp_path):
    content = "第一行\r\n坐席 第二行\r\n"
    [template] = read_all(tmp_path, "notice-1.txt", content)
    assert (template.id, template.text) == ("notice-1", "第一行\n坐席 第二行")
    assert locate_char(template) == (2, 1)
    assert_faithful(content, template)


def test_stdin_and_text_helpers():
    piped = read_stdin_text("您好 坐\n")
    assert (piped.file, piped.id, piped.text) == ("-", "-", "您好 坐")
    given_text = template_from_text("a\n坐\n", id="cli")
    assert (given_text.id, given_text.text) == ("cli", "a\n坐\n")
    assert locate_char(given_text) == (2, 1)


# --- encodings and odd files ---------------------------------------------------------------


def test_bom_is_not_part_of_offsets_or_columns(tmp_path):
    content = "templates:\n  - text: 坐\n"
    path = write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + content.encode())
    assert read_text(path) == content
    [template] = read_path(path)
    assert template.map.offset(0) == content.index("坐")
    assert template.map.locate(0) == (2, 11)
    [csv_template] = read_all(tmp_path, "bom.csv", b"\xef\xbb\xbftext\n\xe5\x9d\x90\n")
    assert csv_template.text == "坐" and csv_template.map.offset(0) == 5


@pytest.mark.parametrize("name", ["gbk.yaml", "gbk.jsonl", "gbk.csv", "gbk.txt"])
def test_gbk_bytes_say_where_and_what_to_do(tmp_path, name):
    data = "\n  text: 尊敬的客户坐席\n".encode("gbk")
    with pytest.raises(SmslintError) as err:
        read_all(tmp_path, name, data)
    assert (err.value.line, err.value.column) == (2, 9)
    assert "GBK" in err.value.message and "--encoding gb18030" in err.value.message


def test_other_encodings_can_be_asked_for(tmp_path):
    path = write(tmp_path, "gbk.csv", "text\n坐席\n".encode("gbk"))
    [template] = read_path(path, encoding="gb18030")
    assert template.text == "坐席" and template.map.locate(0) == (2, 1)


@pytest.mark.parametrize("name", ["x.txt", "x.yaml", "x.jsonl", "x.csv", "x.json"])
def test_binary_files_are_refused(tmp_path, name):
    with pytest.raises(SmslintError, match="binary file"):
        read_all(tmp_path, name, b"\x00\x01\x02\ntext\n")


def test_utf16_gets_its_own_hint(tmp_path):
    with pytest.raises(SmslintError, match="UTF-16"):
        read_all(tmp_path, "u.txt", "坐".encode("utf-16"))


@pytest.mark.parametrize("name", ["e.yaml", "e.yml", "e.json", "e.jsonl", "e.csv"])
def test_empty_files_yield_nothing(tmp_path, name):
    assert read_all(tmp_path, name, "") == []


def test_empty_txt_is_one_empty_template(tmp_path):
    [template] = read_all(tmp_path, "empty.txt", "")
    assert template.text == "" and template.map.locate(0) == (1, 1)


def test_unknown_extension_is_an_error(tmp_path):
    with pytest.raises(SmslintError, match="not a template file"):
        read_path(write(tmp_path, "notes.md", "x"))


# --- finding files --------------------------------------------------------------------------


def test_iter_files_order_hidden_filters_and_symlink_loops(tmp_path):
    for rel in ["b/z.yaml", "b/a.csv", "a.txt", "c/d/e.jsonl", ".hidden/x.yaml", "b/.x.json",
                "b/readme.md", "vendor/v.yaml"]:  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path, rel, "")
    os.symlink(tmp_path, tmp_path / "c" / "loop")
    os.symlink(tmp_path / "a.txt", tmp_path / "c" / "link.txt")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a.txt", "b/a.csv", "b/z.yaml", "c/d/e.jsonl", "c/link.txt", "vendor/v.yaml"]
    assert found == [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    filtered = iter_files([tmp_path], include=["*.yaml", "*.txt"], exclude=["vendor", "c/*"])
    assert [p.relative_to(tmp_path).as_posix() for p in filtered] == ["a.txt", "b/z.yaml"]
    explicit = write(tmp_path, "notes.md", "")
    assert list(iter_files([explicit])) == [explicit]


def test_iter_files_missing_path(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(SmslintError, match="no such file") as err:
        list(iter_files([missing]))
    assert err.value.file == str(missing)


# --- properties ---------------------------------------------------------------------------

ALPHABET = "aZ 09坐席：，'\"\\\n\t:#-,{}&*!|>%@`?😀\r\u2028\x85"
texts = st.text(ALPHABET, max_size=30)
quick = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@quick
@given(
    text=texts,
    style=st.sampled_from([None, "'", '"', "|", ">"]),
    unicode=st.booleans(),
    width=st.sampled_from([8, 40, 500]),
    crlf=st.booleans(),
)
def test_yaml_dump_round_trips_with_exact_positions(
    tmp_path_factory, text, style, unicode, width, crlf
):
    doc = {"templates": [{"id": "x", "text": text}]}
    content = yaml.safe_dump(doc, default_style=style, allow_unicode=unicode, width=width)
    content = content.replace("\n", "\r\n") if crlf else content
    [template] = read_all(tmp_path_factory.mktemp("y"), "t.yaml", content)
    # PyYAML's emitter does not round-trip every string (a lone NEL turns into a space), so
    # compare with what the dump means as YAML; for all other strings that is ``text`` itself.
    assert template.text == yaml.safe_load(content)["templates"][0]["text"]
    assert template.text == text or "\x85" in text
    assert_faithful(content, template)


@quick
@given(text=texts, ascii_only=st.booleans(), indent=st.sampled_from([None, 2]), crlf=st.booleans())
def test_json_dump_round_trips_with_exact_positions(
    tmp_path_factory, text, ascii_only, indent, crlf
):
    folder = tmp_path_factory.mktemp("j")
    content = json.dumps({"templates": [{"text": text}]}, ensure_ascii=ascii_only, indent=indent)
    content = content.replace("\n", "\r\n") if crlf else content
    [template] = read_all(folder, "t.json", content)
    assert template.text == text
    assert_faithful(content, template)
    lines = "\n".join(
        json.dumps({"id": i, "text": text}, ensure_ascii=ascii_only) for i in range(2)
    )
    for template in read_all(folder, "t.jsonl", lines):
        assert template.text == text
        assert_faithful(lines, template)


@quick
@given(text=texts, crlf=st.booleans())
def test_csv_round_trips_with_exact_positions(tmp_path_factory, text, crlf):
    text = text if crlf else text.replace("\r", "")  # csv leaves a lone CR unquoted with LF rows
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerows([["id", "text"], ["x", text], ["y", text]])
    content = out.getvalue()
    templates = read_all(tmp_path_factory.mktemp("c"), "t.csv", content)
    assert [t.text for t in templates] == [text.replace("\r\n", "\n")] * 2
    for template in templates:
        assert_faithful(content, template)


@quick
@given(content=texts)
def test_txt_round_trips_with_exact_positions(tmp_path_factory, content):
    [template] = read_all(tmp_path_factory.mktemp("t"), "t.txt", content)
    body = content.removesuffix("\n").removesuffix("\r") if content.endswith("\n") else content
    assert template.text == body.replace("\r\n", "\n")
    assert_faithful(content, template)


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(exclude_categories=()), max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(value=st.dictionaries(st.sampled_from(["id", "text", "kind", "x"]), _JSON_VALUES))
def test_jsonl_lines_read_as_json_reads_them(value: dict[str, Any]) -> None:
    """orjson reads a record only where it agrees with json (big ints, lone surrogates)."""
    from smslint.sources.jsonl_source import _loads

    line = json.dumps(value, ensure_ascii=False)
    assert _loads(line) == json.loads(line)
    escaped = json.dumps(value)
    assert _loads(escaped) == json.loads(escaped)
