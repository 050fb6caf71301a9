"""JUnit XML, for CI systems that show test results and nothing else (Jenkins, Azure
Pipelines, GitLab's test report): one ``testsuite`` per template file, one ``testcase`` per
template, one ``failure`` per finding, so a clean template is a passed test."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from smslint.core.version import __version__
from smslint.privacy.masking import redact, visible
from smslint.report import Summary, Writer, location

if TYPE_CHECKING:
    from smslint.engine.linter import Result

# characters XML 1.0 cannot carry at all, even escaped (a lone surrogate from a YAML escape)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """``value`` escaped for element content, with what XML cannot hold replaced."""
    safe = _NOT_XML.sub("\ufffd", value)
    return safe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


class JunitWriter(Writer):
    def start(self) -> None:
        self.suites: dict[str, list[str]] = {}
        self.failed: dict[str, int] = {}

    def add(self, result: Result) -> None:
        template = result.template
        # masked, and with control characters spelt out: XML 1.0 cannot carry them
        file = visible(redact(template.file))
        cases = self.suites.setdefault(file, [])
        failures = []
        for finding in result.findings:
            line, col, _, _ = location(result, finding)
            message = visible(redact(finding.message))
            body = f"{file}:{line}:{col}: {finding.severity} {finding.rule} {message}"
            if finding.basis:
                body += f"\nbasis: {visible(redact(finding.basis))}"
            if finding.suggestion:
                body += f"\nsuggestion: {visible(redact(finding.suggestion))}"
            failures.append(
                f"      <failure type={_attr(finding.rule)} message={_attr(message)}>"
                f"{_text(body)}</failure>"
            )
        if failures:
            self.failed[file] = self.failed.get(file, 0) + 1
        name = _attr(visible(redact(template.id)))
        head = f"    <testcase name={name} classname={_attr(file)} file={_attr(file)}"
        if failures:
            cases.append(head + ">\n" + "\n".join(failures) + "\n    </testcase>")
        else:
            cases.append(head + "/>")

    def finish(self, summary: Summary) -> None:
        out = self.stream
        failed = sum(self.failed.values())
        tests = sum(len(cases) for cases in self.suites.values())
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            f'<testsuites name="smslint {__version__}" tests="{tests}" failures="{failed}" '
            'errors="0">\n'
        )
        for file, cases in self.suites.items():
            out.write(
                f'  <testsuite name={_attr(file)} tests="{len(cases)}" '
                f'failures="{self.failed.get(file, 0)}" errors="0">\n'
            )
            out.write("".join(case + "\n" for case in cases))
            out.write("  </testsuite>\n")
        out.write("</testsuites>\n")
