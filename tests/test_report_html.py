"""The legal-review HTML report: self-contained, masked, complete, and working in a browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli

from .conftest import DATA, GOLDEN, matches_golden

MINI = str(DATA / "packs" / "mini.yaml")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


class Page(HTMLParser):
    """The elements of a page, with their attributes and the text directly inside them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.elements
            if t == tag
            and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]


@pytest.fixture
def in_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)


@pytest.fixture
def report(in_golden: None) -> str:
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "html")
    assert code == 1, err
    return out


def test_golden(report: str) -> None:
    matches_golden("report.html", report)


def test_self_contained_without_network(report: str) -> None:
    page = Page(report)
    assert not page.find("link") and not page.find("img") and not page.find("iframe")
    assert all("src" not in attrs for _, attrs in page.elements)
    assert not re.search(r"https?://|url\(|@import", report)
    (csp,) = page.find("meta", http_equiv="Content-Security-Policy")
    assert "default-src 'none'" in csp["content"]


def test_every_template_with_text_length_and_findings(report: str) -> None:
    page = Page(report)
    articles = page.find("article")
    assert [a["id"] for a in articles] == [f"t{i}" for i in range(1, 8)]
    text = "".join(page.text)
    for label in ("31 chars, 1 segment (UCS-2)", "55 chars, 1 segment (UCS-2)"):
        assert label in text
    assert "【测试银行】再不還款就讓你坐*牢，應還${amount}元。" in text
    assert (
        "以刑事后果相威胁：“坐*牢”" in text and "测试依据" in text and "删除刑事后果表述。" in text
    )
    findings = page.find("li", class_="finding")
    assert len(findings) == 8
    assert {f["data-severity"] for f in findings} == {"error", "warning", "info"}
    marks = page.find("mark")
    assert [m["class"] for m in marks] == ["error", "info", "warning", "error"]
    assert "法务已审核：客户要求的用语" in text and "no reason given" in text


def test_summary_by_category_institution_and_severity(report: str) -> None:
    page = Page(report)
    assert {f["id"] for f in page.find("figure")} == {"by-severity", "by-category", "by-pack"}
    boxes = page.find("input", type="checkbox")
    assert {b["value"] for b in boxes if b.get("name") == "category"} >= {"coercion", "timing"}
    assert {b["value"] for b in boxes if b.get("name") == "severity"} == {
        "error",
        "warning",
        "info",
    }
    assert "@media print" in report


def _resident_id(body: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def test_personal_data_is_masked(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    resident = _resident_id("11010119900307457")
    text = f"请联系13812345678或身份证{resident}，否则坐牢"
    code, _, _ = run("check", "--text", text, "--pack", MINI, "-f", "html", "--output", str(target))
    assert code == 1
    html = target.read_text(encoding="utf-8")
    assert "13812345678" not in html and resident[6:14] not in html
    assert "138****5678" in html and resident[:6] + "********" + resident[-4:] in html


def test_a_span_edge_inside_a_number_does_not_unmask_it() -> None:
    from smslint.core.model import Finding
    from smslint.report.spans import pieces

    text = "电话13812345678坐牢"
    cut = Finding("r", "coercion", "error", "m", start=8, end=len(text))  # starts mid-number
    shown = pieces(text, [cut])
    assert "".join(p.text for p in shown) == "电话138****5678坐牢"
    assert shown[-1].findings == (0,) and shown[-1].text == "138****5678坐牢"


def _dom(path: Path, fragment: str = "") -> str:
    assert CHROMIUM
    profile = path.parent / "profile"
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu"]
    args += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    args += ["--no-first-run", f"--user-data-dir={profile}", "--dump-dom"]
    done = subprocess.run(
        [*args, path.as_uri() + fragment], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_renders_and_filters_in_a_browser(report: str, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(report, encoding="utf-8")
    page = Page(_dom(path))
    assert "7 / 7 templates shown" in "".join(page.text)  # the script ran
    assert not [f for f in page.find("li", class_="finding") if "hidden" in f]
    # the filter state travels in the fragment: errors only, no clean templates
    page = Page(_dom(path, "#severity=error&clean=0"))
    assert "3 / 7 templates shown" in "".join(page.text)
    shown = [f for _, f in page.elements if f.get("data-severity") and "hidden" not in f]
    assert {f["data-severity"] for f in shown} == {"error"} and len(shown) == 3
    assert len([a for a in page.find("article") if "hidden" not in a]) == 3
    assert sum("off" in m["class"] for m in page.find("mark") if "class" in m) == 2


def test_templates_spooled_to_a_file_write_the_same_report(
    in_golden: None, report: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # a log's templates go to a temporary file beyond the spool's limit: same bytes out
    monkeypatch.setattr("smslint.report.jsondoc.SPOOL_CHARS", 100)
    code, out, err = run("check", "templates.yaml", "more.yaml", "--format", "html")
    assert code == 1, err
    assert out == report
    written = tmp_path / "r.html"
    code, _, err = run(
        "check", "templates.yaml", "more.yaml", "-f", "html", "--output", str(written)
    )
    assert code == 1, err
    assert written.read_text(encoding="utf-8") == report
