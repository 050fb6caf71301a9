"""Fingerprints keep their values: baselines committed to repositories are lists of them."""

from __future__ import annotations

from collections import Counter
from hashlib import sha256

from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.model import Finding, Template, TextMap
from smslint.engine.linter import Result
from smslint.report.fingerprint import display_path, fingerprints, offending_text
from smslint.text.length import Length

TEXT = "坐牢，坐牢，电话13812345678"


def _result(text: str, findings: list[Finding], baselined: list[Finding] | None = None) -> Result:
    template = Template(file="t.yaml", id="t1", text=text, map=TextMap.single_line(text))
    return Result(template, "base", None, Length(1, 1, "UCS-2"), findings, [], baselined or [])


def _recipe(result: Result, findings: list[Finding] | None = None) -> list[str]:
    """The recipe as the module documents it, written plainly."""
    template = result.template
    targets = result.findings if findings is None else findings
    pool = [*result.findings, *result.baselined] if findings is None else findings
    counts: Counter[tuple[str, str]] = Counter()
    occurrence = {}
    for finding in sorted(pool, key=lambda f: (f.start, f.end)):
        key = (finding.rule, offending_text(template.text, finding))
        occurrence[id(finding)] = counts[key]
        counts[key] += 1
    file = display_path(template.file)
    return [
        sha256(
            "\x1f".join(
                (
                    f.rule,
                    file,
                    template.id,
                    offending_text(template.text, f),
                    str(occurrence[id(f)]),
                )
            ).encode("utf-8", "surrogatepass")
        ).hexdigest()[:32]
        for f in targets
    ]


def test_values_are_pinned() -> None:
    """Values made before the fast path existed: a change here breaks every baseline."""
    findings = [
        Finding("r.missing", "required-element", "error", "m", 0, 0),
        Finding("r.jail", "coercion", "error", "m", 3, 5),
        Finding("r.jail", "coercion", "error", "m", 0, 2),
        Finding("r.id", "personal-data", "error", "m", 8, len(TEXT)),
    ]
    result = _result(TEXT, findings)
    assert fingerprints(result) == [
        "94866a127900ff1406fa455fd5c8dd6c",
        "6354355ff4a664a8021fda61052b94b6",  # the second 坐牢 in the text: occurrence 1
        "60992c7c9e4b2a5a5a0b24784cb08b57",
        "0628342b20018346c5bb4021337a8e90",
    ]
    # a suppression's findings are counted among themselves
    assert fingerprints(result, [findings[1]]) == ["60992c7c9e4b2a5a5a0b24784cb08b57"]


SPANS = st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)))
FINDINGS = st.lists(
    st.builds(
        lambda rule, span: Finding(rule, "coercion", "error", "m", *span),
        st.sampled_from(["r.a", "r.b", "r.c"]),
        SPANS,
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(findings=FINDINGS, baselined=FINDINGS, repeat=st.booleans())
def test_fingerprints_follow_the_recipe(
    findings: list[Finding], baselined: list[Finding], repeat: bool
) -> None:
    """Repeats, hidden findings and one object listed twice all count as the recipe says."""
    if repeat and findings:
        findings.append(findings[0])
    result = _result(TEXT, findings, baselined)
    assert fingerprints(result) == _recipe(result)
    assert fingerprints(result, baselined) == _recipe(result, baselined)
