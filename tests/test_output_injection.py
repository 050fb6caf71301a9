"""No template, id or file name can add markup, commands or terminal controls to a report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.privacy.masking import visible
from smslint.report.github import plain
from smslint.report.markdown import code, escape

EVIL_ID = "x`</b><img src=x onerror=alert(1)>\n## Approved by legal\r- [x] signed"
FORGED = ["::error title=Forged::x.txt", "::add-mask::secret", "::stop-commands::tok"]
TERMINAL = "\x1b[2J\x1b]8;;http://evil.example\x07all clean\x1b]8;;\x07\u202egnp.exe\u2028"
# smslint's own commands: annotations titled by a rule and its category, and log groups
COMMAND = re.compile(r"::(error|warning|notice) [^:]*title=[\w.\-]+ \([\w\-]+\)::|::(end)?group::")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout + result.stderr


def _quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar."""
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    value = value.replace("\r", "\\r").replace("\x1b", "\\e").replace("\x07", "\\a")
    return '"' + value.replace("\u2028", "\\L") + '"'


def _template_file(folder: Path, name: str, template_id: str, text: str = "") -> Path:
    path = folder / name
    text = text or "【中信银行】再不还就让你坐牢\r## Injected\n<script>x</script>`` ` ``"
    path.write_text(
        "kind: overdue\ntemplates:\n"
        f"  - id: {_quoted(template_id)}\n"
        f"    text: {_quoted(text)}\n"
        "    ignore:\n      - rule: citic.coercion.prison\n"
        f"        reason: {_quoted(template_id)}\n",
        encoding="utf-8",
    )
    return path


def test_markdown_code_spans_cannot_be_closed() -> None:
    for value in ["a`b", "``", "`start", "end`", " ", "a```b`c"]:
        span = code(value)
        fence = re.match(r"`+", span).group()
        assert span.endswith(fence) and "`" * len(fence) not in span[len(fence) : -len(fence)]
    assert code("a|b", table=True) == "`a\\|b`"
    assert "\n" not in code("a\r\nb\rc\nd") and "\r" not in code("a\rb")


def test_markdown_escape_folds_lines_and_escapes_html() -> None:
    out = escape("a\rb\n# c <b>&")
    assert "\r" not in out and "\n" not in out
    assert "\\<b\\>" in out and "\\&" in out


def test_markdown_report_takes_no_markup_from_ids_texts_or_file_names(tmp_path: Path) -> None:
    path = _template_file(tmp_path, "t`<i>x.yaml", EVIL_ID)
    out = _run(str(path), "--pack", "citic", "--format", "markdown")
    assert "\r" not in out
    lines = out.split("\n")
    assert not any(line.startswith(("## Approved", "- [x]", "## Injected")) for line in lines)
    assert not any(line.startswith("> ## Injected") for line in lines)
    heading = next(line for line in lines if line.startswith("### `"))
    # outside the heading's code span, markup is backslash-escaped
    assert not re.search(r"(?<!\\)<img", out.replace(heading, ""))
    # the id sits in a code span fenced by two backticks: its one backtick cannot close it
    assert "``x`</b><img src=x onerror=alert(1)> ↵ ## Approved by legal ↵ - [x] signed``" in heading
    assert "<script>" not in out and "\\<script\\>" in out


@pytest.mark.parametrize("name", FORGED)
def test_github_output_holds_no_forged_command(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the log names the file as given: starting with ::
    _template_file(tmp_path, name + ".yaml", name)
    out = _run(name + ".yaml", "--pack", "citic", "--format", "github")
    for line in out.splitlines():
        if line.lstrip().startswith("::"):
            assert COMMAND.match(line), line
    assert "%3A%3A" in out  # the file property names it escaped


def test_plain_github_lines_cannot_start_a_command() -> None:
    assert not plain("::error::x").lstrip().startswith("::")
    assert not plain("   ::warning::x").lstrip().startswith("::")
    assert "\n" not in plain("a\n::error::x") and "\r" not in plain("a\r::error::x")


def test_terminal_sees_no_control_character(tmp_path: Path) -> None:
    path = _template_file(tmp_path, "t\x1b[31m.yaml", TERMINAL, f"请立即还款，坐牢{TERMINAL}")
    out = _run(str(path), "--pack", "citic", "--format", "text")
    assert "坐牢" in out
    for char in ("\x1b", "\x07", "\u202e", "\u2028", "\r"):
        assert char not in out, repr(char)
    assert "\\x1b[2J" in out and "\\u202e" in out


def test_visible_shows_every_control_and_format_character() -> None:
    controls = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0)])) + "\u061c\u200e\u202a\u2066"
    shown = visible(controls + "\u2028\u2029\ufeff\ud800")
    assert shown.isascii() and shown.isprintable()
    assert visible("正常文本 ok") == "正常文本 ok"
