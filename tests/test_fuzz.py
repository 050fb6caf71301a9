"""Property tests over the whole pipeline: any text, any file, nothing raises but SmslintError, and
every finding points inside the text it is about."""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from smslint import sources
from smslint.cli import cli
from smslint.core.errors import SmslintError
from smslint.core.model import KINDS, Template, TextMap
from smslint.engine.linter import Linter, Result
from smslint.features.fix import fix_file
from smslint.report import FORMATS, Summary, writer

from .conftest import DATA

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# pieces that exercise the interesting paths: placeholders and broken braces, identifiers,
# coercive phrases (also spelled out with separators and in traditional characters), signatures
PIECES = [
    "${amount}", "${ amount }", "{{due_date}}", "{{name}", "{1}", "{", "}", "$", "{}", "${",
    "【中信银行】", "【", "】", "95558", "6222021234567890128", "11010119900307002X",
    "13812345678", "138 1234 5678", "a@b.cn", "https://citicbank.com/x", "坐牢", "坐*牢",
    "坐\u200b牢", "拘留", "通讯录", "家人", "不会", "上门", "立即还款", "還款", "逾期", "元",
    "\n", "\r\n", "\t", "\x00", "\x1b", "\u2028", "\ufeff", "\ud800", "\udfff", "😀", "Ａ",
]  # fmt: skip
CHARS = st.one_of(
    st.characters(),
    st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Mn"]),
    st.sampled_from("，。！？：；、（）《》“”0123456789xX*-_ "),
)
TEXTS = st.lists(st.one_of(st.text(CHARS, max_size=12), st.sampled_from(PIECES)), max_size=40).map(
    "".join
)
MANY_PLACEHOLDERS = st.lists(
    st.sampled_from(["${a}", "{{b}}", "{1}", "{c}", "${", "}}", "请", "还"]),
    min_size=300,
    max_size=600,
).map("".join)


@cache
def linters() -> tuple[Linter, ...]:
    return Linter("base"), Linter("citic"), Linter(str(DATA / "packs" / "fix.yaml"))


def check_result(result: Result, text: str) -> None:
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text), f
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(text), f
            assert f.start <= f.fix.start and f.fix.end <= f.end
    for fmt in FORMATS:  # every writer takes any text, escapes and all
        out = io.StringIO()
        report = writer(fmt, out)
        report.start()
        report.add(result)
        report.finish(Summary())


@FAST
@given(text=TEXTS, kind=st.sampled_from([None, *KINDS]))
def test_any_text_lints_with_spans_inside_it(text: str, kind: str | None) -> None:
    for linter in linters():
        result = linter.check(Template("-", "-", text, _map(text)), kind)
        check_result(result, text)


@settings(max_examples=3, deadline=None)
@given(text=MANY_PLACEHOLDERS)
def test_huge_numbers_of_placeholders(text: str) -> None:
    for linter in linters()[:2]:
        check_result(linter.check(Template("-", "-", text, _map(text)), "overdue"), text)


def _map(text: str) -> TextMap:
    """The map a reader builds for verbatim text."""
    return sources.template_from_text(text).map


ENTRIES = st.lists(
    st.fixed_dictionaries(
        {"text": TEXTS},
        optional={
            "id": st.one_of(st.text(max_size=8), st.integers()),
            "kind": st.one_of(st.sampled_from(KINDS), st.text(max_size=3)),
        },
    ),
    max_size=4,
)


@FAST
@given(
    entries=ENTRIES,
    style=st.sampled_from(["json", "yaml-double", "yaml-plain", "jsonl"]),
    ascii_only=st.booleans(),
)
def test_any_template_file_reads_with_positions_inside_it(
    entries: list[dict[str, object]], style: str, ascii_only: bool, tmp_path: Path
) -> None:
    path = tmp_path / f"t.{style.partition('-')[0]}"
    content = _render(entries, style, ascii_only)
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    try:
        templates = list(sources.read_path(path))
    except SmslintError as err:
        assert err.file == str(path)
        event("refused")
        return
    event(f"{len(templates)} templates")
    for template in templates:
        for i in range(len(template.text)):
            assert 0 <= template.map.offset(i) < len(content)
            line, column = template.map.locate(i)
            assert 1 <= line <= content.count("\n") + 1 and column >= 1
        result = linters()[0].check(template)
        check_result(result, template.text)


def _render(entries: list[dict[str, object]], style: str, ascii_only: bool) -> str:
    """A template file; with ``ascii_only`` every other character is written as an escape."""
    if style == "json":
        return json.dumps({"templates": entries}, ensure_ascii=ascii_only)
    if style == "jsonl":
        return "\n".join(json.dumps(e, ensure_ascii=ascii_only) for e in entries)
    lines = ["templates:"]
    for entry in entries:
        for k, (key, value) in enumerate(entry.items()):
            shown = json.dumps(value, ensure_ascii=ascii_only)  # JSON scalars are YAML scalars
            if style == "yaml-plain" and isinstance(value, str) and value.isprintable():
                shown = value
            lines.append(f"{'  - ' if k == 0 else '    '}{key}: {shown}")
    return "\n".join(lines) + "\n"


@settings(FAST, max_examples=25)
@given(before=TEXTS, after=TEXTS)
def test_fix_changes_only_flagged_spans(before: str, after: str, tmp_path: Path) -> None:
    """Whatever surrounds the fixable spans, the bytes between them come back unchanged."""
    path = tmp_path / "t.txt"
    raw = f"{before}卡号 6222021234567890128 {after}".encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    try:
        template = next(sources.read_path(path))
    except SmslintError:
        return  # not a template file (a NUL, a lone surrogate): nothing to fix
    linter = linters()[2]
    result = linter.check(template)
    outcome = fix_file([result], linter.check)
    assert outcome.before == raw
    if not outcome.applied:
        return
    content = raw.decode("utf-8")
    new = outcome.after.decode("utf-8")
    cuts = sorted(
        (template.map.offset(f.start), template.map.offset(f.start) + f.end - f.start)
        for f in result.findings
        if f.fix is not None
    )
    bounds = zip([0, *(e for _, e in cuts)], [*(s for s, _ in cuts), None], strict=True)
    kept = [content[a:b] for a, b in bounds]
    assert new.startswith(kept[0]) and new.endswith(kept[-1])
    position = len(kept[0])
    for piece in kept[1:]:
        found = new.find(piece, position)
        assert found >= position
        position = found + len(piece)
    path.write_bytes(outcome.after)
    again = fix_file([linter.check(next(sources.read_path(path)))], linter.check)
    assert again.applied == 0 and again.after == outcome.after


@settings(max_examples=3, deadline=None)
@given(text=TEXTS)
def test_cli_never_shows_a_traceback(text: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--text", text, "--pack", "citic", "-f", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code != 2:
        assert json.loads(result.stdout)["summary"]["templates"] == 1
