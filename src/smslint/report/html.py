"""The legal reviewer's report: one self-contained HTML file to open, filter, print and archive.

Reviewers read it offline, often after it was mailed or attached to a ticket, so everything is
inline (CSS, the filter script, bar charts in CSS) and a Content-Security-Policy forbids the
page any network access. Every template is shown with its masked text, the offending spans
highlighted, each finding's message, basis and suggestion, and its billed length. Filters work
without a server; printing keeps the colours and prints what the filters show.
"""

from __future__ import annotations

from html import escape as html_escape
from typing import TYPE_CHECKING

from smslint.core.model import SEVERITIES, Finding
from smslint.core.version import __version__
from smslint.privacy.masking import redact, visible
from smslint.report import Summary, Writer, catalog, location
from smslint.report.spans import pieces
from smslint.report.spool import TextSpool

if TYPE_CHECKING:
    from smslint.engine.linter import Result


def escape(value: object) -> str:
    """``value`` masked and escaped for HTML text or an attribute: every string the page shows
    that smslint did not write goes through here (the template's text, masked piece by piece,
    through ``html_escape``)."""
    return html_escape(redact(value))


def _name(value: object) -> str:
    """A file name or id: also with its control and bidi characters shown as escapes, so a name
    cannot reverse or hide part of the heading it sits in."""
    return html_escape(visible(redact(value)))


CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

STYLE = """
:root { --error: #c62828; --warning: #ef8f00; --info: #1e6fb8; --ink: #1d2330; --muted: #5f6b7a;
  --line: #d9dee5; --paper: #ffffff; --wash: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, "Noto Sans CJK SC", "PingFang SC",
  "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--wash); }
header.page, #summary, #filters, main, footer { max-width: 1100px; margin: 0 auto;
  padding: 0 24px; }
header.page { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; }
.meta { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 16px; min-width: 130px; }
.card b { display: block; font-size: 26px; }
.card.error b { color: var(--error); } .card.warning b { color: var(--warning); }
.card.info b { color: var(--info); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; }
figure.chart { margin: 0; background: var(--paper); border: 1px solid var(--line);
  border-radius: 8px; padding: 12px 16px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 8px; }
.rows { display: grid; grid-template-columns: max-content minmax(60px, 1fr) max-content;
  gap: 6px 8px; align-items: center; font-size: 13px; }
.row { display: contents; }
.row .num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: flex; height: 14px; background: var(--wash); border-radius: 3px; overflow: hidden; }
.seg.error { background: var(--error); } .seg.warning { background: var(--warning); }
.seg.info { background: var(--info); }
.legend { font-size: 12px; color: var(--muted); margin-top: 6px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; }
.legend i.error { background: var(--error); } .legend i.warning { background: var(--warning); }
.legend i.info { background: var(--info); }
.note { background: #fff8e1; border: 1px solid #f0d98c; border-radius: 6px; padding: 8px 12px; }
#filters { position: sticky; top: 0; z-index: 2; background: var(--wash); padding-top: 10px;
  padding-bottom: 10px; border-bottom: 1px solid var(--line); margin-top: 18px; }
#filters fieldset { display: inline-block; border: 1px solid var(--line); border-radius: 6px;
  margin: 0 8px 6px 0; padding: 4px 10px; background: var(--paper); }
#filters legend { font-size: 12px; color: var(--muted); }
#filters label { margin-right: 10px; font-size: 13px; white-space: nowrap; }
#shown { font-size: 13px; color: var(--muted); }
article.template { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  margin: 16px 0; padding: 14px 18px; border-left: 6px solid #4caf50; }
article.template.worst-error { border-left-color: var(--error); }
article.template.worst-warning { border-left-color: var(--warning); }
article.template.worst-info { border-left-color: var(--info); }
article.template h3 { margin: 0; font-size: 16px; }
article.template h3 .file { color: var(--muted); font-weight: 400; }
dl.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0 10px; font-size: 13px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0 0 0 -12px; }
pre.sms { white-space: pre-wrap; word-break: break-word; font-size: 16px; line-height: 1.7;
  font-family: inherit; background: var(--wash); border-radius: 6px; padding: 10px 12px;
  margin: 0; }
mark { border-radius: 3px; padding: 1px 0; }
mark.error { background: #ffcdd2; box-shadow: inset 0 -2px var(--error); }
mark.warning { background: #ffe0a3; box-shadow: inset 0 -2px var(--warning); }
mark.info { background: #cfe3f7; box-shadow: inset 0 -2px var(--info); }
mark.off { background: none; box-shadow: none; }
ol.findings { margin: 12px 0 0; padding-left: 22px; }
li.finding { margin: 0 0 10px; }
li.finding p { margin: 2px 0; }
.badge { display: inline-block; color: #fff; border-radius: 4px; padding: 0 6px; font-size: 12px; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); }
.badge.info { background: var(--info); }
.cat, .loc { color: var(--muted); font-size: 13px; }
code { font-size: 13px; }
.basis, .suggestion { font-size: 14px; }
.basis b, .suggestion b { color: var(--muted); font-weight: 600; margin-right: 6px; }
.clean { color: #2e7d32; font-size: 14px; margin: 8px 0 0; }
ul.suppressions { font-size: 13px; margin: 10px 0 0; padding-left: 20px; color: var(--muted); }
footer { color: var(--muted); font-size: 12px; padding-bottom: 30px; }
[hidden] { display: none !important; }
@media print {
  body { background: #fff; font-size: 12px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  #filters { display: none; }
  article.template { break-inside: avoid; page-break-inside: avoid; margin: 8px 0; }
  figure.chart, .card { break-inside: avoid; }
  header.page, #summary, main, footer { max-width: none; padding: 0; }
}
"""

SCRIPT = """
(function () {
  // Filter state lives in the URL fragment (#severity=error&category=coercion&clean=0), so a
  // reviewer can bookmark or send "errors only" as a link to the same file.
  var groups = ['category', 'severity'];
  function boxes(name) {
    return Array.prototype.slice.call(
      document.querySelectorAll('#filters input[name=' + name + ']'));
  }
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    groups.forEach(function (name) {
      if (!params.has(name)) return;
      var wanted = params.get(name).split(',');
      boxes(name).forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
    });
    if (params.has('clean')) {
      document.getElementById('show-clean').checked = params.get('clean') !== '0';
    }
  }
  function toHash() {
    var parts = [];
    groups.forEach(function (name) {
      var all = boxes(name), on = all.filter(function (b) { return b.checked; });
      if (on.length < all.length) {
        parts.push(name + '=' + on.map(function (b) { return b.value; }).join(','));
      }
    });
    if (!document.getElementById('show-clean').checked) parts.push('clean=0');
    try {
      history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
    } catch (e) { /* some browsers refuse history on file: pages; filtering still works */ }
  }
  function update() {
    var on = {};
    groups.forEach(function (name) {
      on[name] = {};
      boxes(name).forEach(function (b) { on[name][b.value] = b.checked; });
    });
    var showClean = document.getElementById('show-clean').checked;
    var templates = document.querySelectorAll('article.template'), shown = 0;
    templates.forEach(function (t) {
      var items = t.querySelectorAll('li.finding'), lit = {}, count = 0;
      items.forEach(function (f) {
        var ok = on.category[f.dataset.category] !== false &&
          on.severity[f.dataset.severity] !== false;
        f.hidden = !ok;
        if (ok) { lit[f.dataset.f] = true; count++; }
      });
      t.querySelectorAll('mark').forEach(function (m) {
        m.classList.toggle('off', !m.dataset.f.split(' ').some(function (k) { return lit[k]; }));
      });
      t.hidden = !(count > 0 || (items.length === 0 && showClean));
      if (!t.hidden) shown++;
    });
    document.getElementById('shown').textContent =
      shown + ' / ' + templates.length + ' templates shown';
  }
  document.querySelectorAll('#filters input[type=checkbox]').forEach(function (b) {
    b.addEventListener('change', function () { update(); toHash(); });
  });
  window.addEventListener('hashchange', function () { fromHash(); update(); });
  fromHash();
  update();
})();
"""


def _worst(result: Result) -> str | None:
    for severity in SEVERITIES:
        if any(f.severity == severity for f in result.findings):
            return severity
    return None


def _bars(rows: list[tuple[str, dict[str, int]]], title: str, chart_id: str) -> str:
    """A stacked bar per row, scaled to the largest row: an inline chart with no image."""
    top = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    out = [f'<figure class="chart" id="{chart_id}"><figcaption>{escape(title)}</figcaption>']
    out.append('<div class="rows">')
    for label, counts in rows:
        total = sum(counts.values())
        segs = "".join(
            f'<span class="seg {sev}" style="width:{100 * counts.get(sev, 0) / top:.1f}%" '
            f'title="{counts.get(sev, 0)} {sev}"></span>'
            for sev in SEVERITIES
            if counts.get(sev, 0)
        )
        out.append(
            f'<div class="row"><span class="label">{escape(label)}</span>'
            f'<span class="bar">{segs}</span><span class="num">{total}</span></div>'
        )
    legend = "".join(
        f'<i class="{sev}"></i>{sev} {catalog.SEVERITY_LABELS[sev]}' for sev in SEVERITIES
    )
    out.append(f'</div><div class="legend">{legend}</div></figure>')
    return "\n".join(out)


class HtmlWriter(Writer):
    def start(self) -> None:
        # the summary comes first and is known only at the end: the templates wait in a spool
        self.sections = TextSpool()
        self.shown = 0
        self.tally = catalog.Tally()

    def add(self, result: Result) -> None:
        self.tally.add(result)
        self.shown += 1
        self.sections.write(self._template(result, self.shown) + "\n")

    def _template(self, result: Result, number: int) -> str:
        template = result.template
        findings = result.findings
        parts = []
        for piece in pieces(template.text, findings):
            text = html_escape(piece.text)
            if not piece.findings:
                parts.append(text)
                continue
            worst = min(
                (findings[i].severity for i in piece.findings),
                key=lambda s: SEVERITIES.index(s) if s in SEVERITIES else 3,
            )
            ids = " ".join(str(i) for i in piece.findings)
            rules = ", ".join(dict.fromkeys(findings[i].rule for i in piece.findings))
            parts.append(
                f'<mark class="{worst}" data-f="{ids}" title="{escape(rules)}">{text}</mark>'
            )
        gravest = _worst(result)
        cls = f"template worst-{gravest}" if gravest else "template"
        facts = [
            ("Pack 规则包", result.pack),
            ("Kind 类型", result.kind or "—"),
            ("Length 长度", catalog.length_label(result.length)),
            ("Entry line 所在行", str(template.line)),
        ]
        out = [
            f'<article class="{cls}" id="t{number}" data-findings="{len(findings)}">',
            f'<h3><span class="file">{_name(template.file)} · </span>{_name(template.id)}</h3>',
            '<dl class="facts">'
            + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
            + "</dl>",
            f'<pre class="sms">{"".join(parts)}</pre>',
        ]
        if findings:
            out.append('<ol class="findings">')
            for i, finding in enumerate(findings):
                out.append(self._finding(result, finding, i))
            out.append("</ol>")
        else:
            out.append('<p class="clean">No findings 未发现问题</p>')
        if result.suppressed:
            out.append('<ul class="suppressions">')
            for s in result.suppressed:
                reason = escape(s.reason) if s.reason else "<em>no reason given 未说明理由</em>"
                out.append(
                    f"<li>Suppressed 已豁免 <code>{escape(s.rule)}</code> "
                    f"({catalog.plural(len(s.findings), 'finding')}): {reason}</li>"
                )
            out.append("</ul>")
        out.append("</article>")
        return "\n".join(out)

    def _finding(self, result: Result, finding: Finding, index: int) -> str:
        line, col, _, _ = location(result, finding)
        sev = escape(finding.severity)
        cat = escape(finding.category)
        cat_label = catalog.CATEGORY_LABELS.get(finding.category, "")
        out = [
            f'<li class="finding" data-f="{index}" data-category="{cat}" data-severity="{sev}">',
            f'<span class="badge {sev}">{sev}</span> <code>{escape(finding.rule)}</code> '
            f'<span class="cat">{cat} {escape(cat_label)}</span> '
            f'<span class="loc">line {line}, column {col}</span>',
            f'<p class="message">{escape(finding.message)}</p>',
        ]
        if finding.basis:
            out.append(f'<p class="basis"><b>Basis 依据</b>{escape(finding.basis)}</p>')
        if finding.suggestion:
            out.append(
                f'<p class="suggestion"><b>Suggestion 建议</b>{escape(finding.suggestion)}</p>'
            )
        out.append("</li>")
        return "\n".join(out)

    def _summary(self, summary: Summary) -> str:
        sev = summary.by_severity
        cards = [
            ("", summary.templates, "templates 模板"),
            ("", self.tally.flagged, "with findings 有问题"),
            ("error", sev.get("error", 0), "errors 错误"),
            ("warning", sev.get("warning", 0), "warnings 警告"),
            ("info", sev.get("info", 0), "info 提示"),
            ("", summary.suppressed, "suppressed 已豁免"),
        ]
        loaded = catalog.pack_by_name(catalog.packs(self.options))
        by_pack = []
        for name, counts in self.tally.by_pack.items():
            who = catalog.institution(loaded.get(name))
            n = self.tally.templates_by_pack[name]
            label = f"{name}{' ' + who if who else ''} ({catalog.plural(n, 'template')})"
            by_pack.append((label, counts))
        by_category = [
            (f"{c} {catalog.CATEGORY_LABELS.get(c, '')}".strip(), counts)
            for c, counts in self.tally.by_category.items()
        ]
        by_severity = [
            (f"{s} {catalog.SEVERITY_LABELS[s]}", {s: sev.get(s, 0)}) for s in SEVERITIES
        ]
        out = ['<section id="summary">', "<h2>Summary 概览</h2>", '<div class="cards">']
        for kind, value, label in cards:
            out.append(f'<div class="card {kind}"><b>{value}</b>{escape(label)}</div>')
        out.append("</div>")
        if summary.baseline is not None:
            b = summary.baseline
            out.append(
                f'<p class="note">Baseline <code>{_name(b["file"])}</code>: '
                f"{b['hidden']} known findings not shown; "
                f"{catalog.plural(b['fixed'], 'entry', 'entries')} fixed since it was made.</p>"
            )
        out.append('<div class="charts">')
        out.append(_bars(by_severity, "By severity 按严重程度", "by-severity"))
        out.append(_bars(by_category, "By category 按类别", "by-category"))
        out.append(_bars(by_pack, "By institution (pack) 按机构", "by-pack"))
        out.append("</div></section>")
        return "\n".join(out)

    def _filters(self) -> str:
        out = ['<section id="filters">', "<fieldset><legend>Category 类别</legend>"]
        for cat, counts in self.tally.by_category.items():
            n = sum(counts.values())
            out.append(
                f'<label><input type="checkbox" name="category" value="{escape(cat)}" checked> '
                f"{escape(cat)} ({n})</label>"
            )
        out.append("</fieldset><fieldset><legend>Severity 严重程度</legend>")
        for sev in SEVERITIES:
            n = sum(c.get(sev, 0) for c in self.tally.by_category.values())
            out.append(
                f'<label><input type="checkbox" name="severity" value="{sev}" checked> '
                f"{sev} ({n})</label>"
            )
        out.append(
            "</fieldset><fieldset><legend>Templates 模板</legend>"
            '<label><input type="checkbox" id="show-clean" checked> '
            "without findings 无问题的</label>"
            '</fieldset> <output id="shown"></output></section>'
        )
        return "\n".join(out)

    def finish(self, summary: Summary) -> None:
        names = ", ".join(self.tally.templates_by_pack) or "—"
        head = [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>smslint report 短信合规检查报告</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            '<header class="page"><h1>SMS compliance report 短信合规检查报告</h1>',
            f'<p class="meta">smslint {escape(__version__)} · packs 规则包: {escape(names)} · '
            f"{escape(catalog.summary_line(summary))}</p>",
            *(
                f'<p class="meta">{escape(line)}</p>'
                for line in catalog.pack_lines(catalog.packs(self.options))
            ),
            "</header>",
        ]
        tail = [
            "</main>",
            "<footer><p>Personal data in template text and messages is masked. "
            "文本中的个人信息已脱敏。</p></footer>",
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
        ]
        self.stream.write("\n".join(head) + "\n")
        self.stream.write(self._summary(summary) + "\n")
        self.stream.write(self._filters() + "\n")
        self.stream.write('<main id="templates">\n<h2>Templates 模板</h2>\n')
        self.sections.write_to(self.stream)
        self.stream.write("\n".join(tail) + "\n")
