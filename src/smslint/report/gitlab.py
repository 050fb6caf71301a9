"""GitLab Code Quality: the JSON array a job declares as ``artifacts: reports: codequality``.

GitLab reads a subset of the Code Climate spec (https://docs.gitlab.com/ci/testing/code_quality/
#code-quality-report-format): ``description``, ``check_name``, ``fingerprint``, ``severity``
(``info``, ``minor``, ``major``, ``critical``, ``blocker``), ``location.path`` and
``location.lines.begin``, and nothing else. The merge-request widget compares fingerprints
between the target branch and the merge request, and shows only the first issue of a
fingerprint, so each finding gets smslint's own fingerprint: unique within a template (it
counts identical findings) and stable across commits that move the template.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from smslint.privacy.masking import redact
from smslint.report import Summary, Writer, location
from smslint.report.fingerprint import display_path, fingerprints

if TYPE_CHECKING:
    from smslint.engine.linter import Result

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitlabWriter(Writer):
    def start(self) -> None:
        self.first = True
        self.stream.write("[")

    def add(self, result: Result) -> None:
        if not result.findings:
            return
        path = display_path(result.template.file)
        for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
            line = location(result, finding)[0]
            issue: dict[str, Any] = {
                "description": f"{redact(finding.message)} ({redact(result.template.id)})",
                "check_name": finding.rule,
                "fingerprint": fingerprint,
                "severity": SEVERITY.get(finding.severity, "info"),
                "location": {"path": path, "lines": {"begin": line}},
            }
            self.stream.write(
                ("\n  " if self.first else ",\n  ") + json.dumps(issue, ensure_ascii=False)
            )
            self.first = False

    def finish(self, summary: Summary) -> None:
        self.stream.write("]\n" if self.first else "\n]\n")
