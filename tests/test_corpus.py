"""The labelled corpus: every template under corpus/ must trigger exactly its expected rules.

The corpus is the regression net for the rule packs: realistic notices from five institutions,
in every template format, about half compliant (with hard negatives such as 可能依法提起诉讼 or
masked card numbers) and half carrying one realistic violation. A pack change that makes a clean
notice fail, or lets a violation through, shows up here as a per-template diff.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from smslint.engine.linter import Linters
from smslint.run.config import find_config
from smslint.sources import iter_files, read_path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTATIONS = CORPUS / ".expectations.yaml"
INSTITUTIONS = ("citic", "spdb", "jd", "mybank", "suning")
MIN_PER_INSTITUTION = 40
# corpus/.smslint.yaml gives the pack and kind for files that name none (the .txt templates)
# exactly as for `cd corpus && smslint check .`.
CONFIG = find_config(CORPUS)

FILES = sorted(
    p.relative_to(CORPUS).as_posix()
    for p in iter_files([CORPUS], include=CONFIG.include, exclude=CONFIG.exclude)
)


@pytest.fixture(scope="module")
def expectations() -> dict[str, dict[str, list[str]]]:
    data = yaml.safe_load(EXPECTATIONS.read_text(encoding="utf-8"))
    assert isinstance(data, dict), ".expectations.yaml must map file → template id → rule ids"
    return {
        file: {str(tid): rules for tid, rules in entries.items()} for file, entries in data.items()
    }


@pytest.fixture(scope="module")
def linters() -> Linters:
    return Linters(default_pack=CONFIG.pack or "base", kind=CONFIG.kind)


def _ids(rel: str) -> list[str]:
    return [t.id for t in read_path(CORPUS / rel)]


@pytest.mark.parametrize("rel", FILES)
def test_file_matches_expectations(
    rel: str, expectations: dict[str, dict[str, list[str]]], linters: Linters
) -> None:
    expected = expectations.get(rel, {})
    problems = []
    for template in read_path(CORPUS / rel):
        got = {f.rule for f in linters.check(template).findings}
        want = set(expected.get(template.id, []))
        if got != want:
            missing = ", ".join(sorted(want - got)) or "-"
            unexpected = ", ".join(sorted(got - want)) or "-"
            problems.append(f"  {template.id}: missing [{missing}] unexpected [{unexpected}]")
    if problems:
        pytest.fail(f"{rel}: findings differ from expectations.yaml\n" + "\n".join(problems))


def test_every_template_has_an_expectation_and_vice_versa(
    expectations: dict[str, dict[str, list[str]]],
) -> None:
    in_corpus = {(rel, tid) for rel in FILES for tid in _ids(rel)}
    expected = {(rel, tid) for rel, entries in expectations.items() for tid in entries}
    unlabelled = sorted(f"{rel}::{tid}" for rel, tid in in_corpus - expected)
    stale = sorted(f"{rel}::{tid}" for rel, tid in expected - in_corpus)
    assert not unlabelled, "templates without an expectation:\n  " + "\n  ".join(unlabelled)
    assert not stale, "expectations for templates that do not exist:\n  " + "\n  ".join(stale)


def test_expectations_are_sorted_rule_lists(expectations: dict[str, dict[str, list[str]]]) -> None:
    for rel, entries in expectations.items():
        for tid, rules in entries.items():
            assert isinstance(rules, list), f"{rel}::{tid}: expected a list of rule ids"
            assert rules == sorted(set(rules)), f"{rel}::{tid}: rule ids must be sorted, unique"


def test_corpus_configuration_is_the_one_in_corpus() -> None:
    assert CONFIG.file == str(CORPUS / ".smslint.yaml")
    assert "expectations.yaml" not in FILES


def test_each_institution_is_covered_in_every_format() -> None:
    sizes = Counter(rel.split("/", 1)[0] for rel in FILES for _ in _ids(rel))
    for institution in INSTITUTIONS:
        assert sizes[institution] >= MIN_PER_INSTITUTION, (institution, sizes[institution])
        suffixes = {Path(rel).suffix for rel in FILES if rel.startswith(institution + "/")}
        assert suffixes >= {".yaml", ".json", ".jsonl", ".csv", ".txt"}, (institution, suffixes)


def test_corpus_mixes_clean_and_flagged(expectations: dict[str, dict[str, list[str]]]) -> None:
    """A corpus of only clean or only bad notices could not catch both kinds of regression."""
    counts = Counter(bool(rules) for entries in expectations.values() for rules in entries.values())
    total = counts[True] + counts[False]
    assert 0.3 <= counts[False] / total <= 0.7, counts
