"""Measure coercion detection on real quoted collection messages, on a study and a measure half.

The dev set (``../shared/data/real-quotes-dev.jsonl`` beside the work tree, never copied in)
holds real collection texts nobody here wrote, labelled coercive or not. A text counts as
flagged when linting it with the pack, as its own ``kind``, gives any ``coercion`` finding.

Tuning rules while reading every error would teach the pack the sentences and not the
mechanism, so the set is split BY SOURCE into two fixed halves: ``study``, whose misses and
false alarms are printed for error analysis, and ``measure``, whose figures only are printed
(its errors only with ``--show-measure``). Improvement that holds on the measure half is
improvement in the mechanism. The split is the parity of the last byte of
sha256(SPLIT_SALT + source): no randomness, nothing stored, and a new item from a known
source lands in that source's half. The salt ``smslint-1`` was fixed before any rule
was tuned on the study half (86 and 88 items, 30 and 25 coercive); it must never change, or
the halves mix and the measure half stops measuring.

Usage: ``python benchmarks/measure_real_quotes.py [--pack base] [--half study|measure|all]
[--show-measure] [--json] [--data FILE]``. Exit status 0 (these are figures, not a gate),
2 on bad input.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPLIT_SALT = "smslint-1"
HALVES = ("study", "measure")
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "real-quotes-dev.jsonl"
FIELDS = ("id", "text", "source", "coercive", "kind", "provenance")
TEXT_CLIP = 300  # characters of a text printed in an error line


def half_of(source: str, salt: str = SPLIT_SALT) -> str:
    """The half an item of ``source`` belongs to: every item of one source in the same one."""
    digest = hashlib.sha256((salt + source).encode("utf-8")).digest()
    return HALVES[digest[-1] & 1]


def split(items: Iterable[dict[str, Any]], salt: str = SPLIT_SALT) -> dict[str, list[dict]]:
    """The items by half, in input order."""
    halves: dict[str, list[dict]] = {name: [] for name in HALVES}
    for item in items:
        halves[half_of(item["source"], salt)].append(item)
    return halves


class BadInput(Exception):
    """A data line the script cannot measure: reported as ``file:line: why``, exit 2."""


def read_items(path: Path) -> list[dict[str, Any]]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadInput(f"{path}:{number}: not JSON ({exc.msg})") from None
            missing = [f for f in FIELDS if not isinstance(item, dict) or f not in item]
            if missing:
                raise BadInput(f"{path}:{number}: missing field(s) {', '.join(missing)}")
            item["_line"] = number
            items.append(item)
    return items


@dataclass
class Outcome:
    item: dict[str, Any]
    half: str
    hits: list[tuple[str, str]]  # (rule, matched original text) of the coercion findings

    @property
    def flagged(self) -> bool:
        return bool(self.hits)

    @property
    def coercive(self) -> bool:
        return bool(self.item["coercive"])


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.coercive and outcome.flagged:
            self.tp += 1
        elif outcome.coercive:
            self.fn += 1
            self.errors.append(outcome)
        elif outcome.flagged:
            self.fp += 1
            self.errors.append(outcome)
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None

    def figures(self) -> dict[str, Any]:
        return {
            "items": self.tp + self.fp + self.fn + self.tn,
            "coercive": self.tp + self.fn,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def score(outcomes: Iterable[Outcome]) -> Score:
    total = Score()
    for outcome in outcomes:
        total.add(outcome)
    return total


def lint(items: Sequence[dict[str, Any]], pack: str) -> list[Outcome]:
    from smslint.core.model import KINDS
    from smslint.engine.linter import Linter

    for item in items:
        if item["kind"] not in KINDS:
            raise BadInput(f"line {item['_line']}: unknown kind {item['kind']!r}")
    linter = Linter(pack)
    found = linter.lint_many((item["text"], item["kind"]) for item in items)
    return [
        Outcome(
            item,
            half_of(item["source"]),
            [(f.rule, item["text"][f.start : f.end]) for f in findings if f.category == "coercion"],
        )
        for item, findings in zip(items, found, strict=True)
    ]


def breakdown(outcomes: list[Outcome]) -> dict[str, Any]:
    """Figures per provenance and per writing style, and recall per subtype.

    A set of paraphrase families gives each item a ``style`` (a close rewording, other words,
    another register…): figures per style tell a rule that holds only the words it was tuned
    on (close rewordings caught, other words missed) from one that holds the concept."""
    by_provenance: dict[str, list[Outcome]] = {}
    by_style: dict[str, list[Outcome]] = {}
    by_subtype: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_provenance.setdefault(outcome.item["provenance"], []).append(outcome)
        if "style" in outcome.item:
            by_style.setdefault(str(outcome.item["style"]), []).append(outcome)
        for subtype in outcome.item.get("subtypes") or ():
            by_subtype.setdefault(subtype, []).append(outcome)
    return {
        "provenance": {k: score(v).figures() for k, v in sorted(by_provenance.items())},
        "styles": {k: score(v).figures() for k, v in sorted(by_style.items())},
        "subtypes": {
            k: {"coercive": len(v), "caught": sum(o.flagged for o in v), "recall": score(v).recall}
            for k, v in sorted(by_subtype.items())
        },
    }


def _ratio(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def _line(name: str, figures: dict[str, Any]) -> str:
    return (
        f"{name:<16} items {figures['items']:>4}  coercive {figures['coercive']:>3}  "
        f"tp {figures['tp']:>3}  fp {figures['fp']:>3}  fn {figures['fn']:>3}  "
        f"P {_ratio(figures['precision'])}  R {_ratio(figures['recall'])}  "
        f"F1 {_ratio(figures['f1'])}"
    )


def _error_record(outcome: Outcome) -> dict[str, Any]:
    from smslint.privacy.masking import redact

    item = outcome.item
    return {
        "id": item["id"],
        "half": outcome.half,
        "error": "miss" if outcome.coercive else "false alarm",
        "subtypes": item.get("subtypes") or [],
        "kind": item["kind"],
        "provenance": item["provenance"],
        "findings": [{"rule": rule, "matched": redact(text)} for rule, text in outcome.hits],
        "text": redact(item["text"]),
    }


def report(outcomes: list[Outcome], half: str, show_measure: bool, pack: str) -> dict[str, Any]:
    halves = {name: [o for o in outcomes if o.half == name] for name in HALVES}
    chosen = outcomes if half == "all" else halves[half]
    shown = [o for o in chosen if o.half == "study" or show_measure]
    errors = [_error_record(o) for o in score(shown).errors]
    return {
        "pack": pack,
        "split": {"salt": SPLIT_SALT, "by": "source", "hash": "sha256, parity of last byte"},
        "overall": score(outcomes).figures(),
        "halves": {name: score(v).figures() for name, v in halves.items()},
        "breakdown_of": half,
        **breakdown(chosen),
        "errors_of": sorted({o.half for o in shown}),
        "errors": errors,
    }


def print_text(data: dict[str, Any], hidden_measure: bool) -> None:
    print(f"== coercion on real quotes, pack {data['pack']}, split by source ({SPLIT_SALT})")
    print(_line("all", data["overall"]))
    for name, figures in data["halves"].items():
        print(_line(name, figures))
    print(f"\n== by provenance ({data['breakdown_of']})")
    for name, figures in data["provenance"].items():
        print(_line(name, figures))
    if data["styles"]:
        print(f"\n== by style ({data['breakdown_of']})")
        for name, figures in data["styles"].items():
            print(_line(name, figures))
    print(f"\n== recall by subtype ({data['breakdown_of']})")
    for name, figures in data["subtypes"].items():
        caught = f"{figures['caught']}/{figures['coercive']}"
        print(f"{name:<24} {caught:>6}  R {_ratio(figures['recall'])}")
    print(f"\n== misses and false alarms ({', '.join(data['errors_of']) or 'none shown'})")
    for error in data["errors"]:
        subtypes = ",".join(error["subtypes"]) or "-"
        head = f"{error['id']} [{error['half']}] {error['error']} {subtypes} "
        head += f"({error['kind']}, {error['provenance']})"
        print(head)
        for hit in error["findings"]:
            print(f"    {hit['rule']} «{hit['matched']}»")
        text = " ".join(error["text"].split())
        print(f"    {text if len(text) <= TEXT_CLIP else text[: TEXT_CLIP - 1] + '…'}")
    if hidden_measure:
        print("(the measure half's errors are not shown: it is for figures; --show-measure)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the dev set (JSONL)")
    parser.add_argument("--pack", default="base", help="a shipped pack name or a pack file")
    parser.add_argument(
        "--half",
        choices=("study", "measure", "all"),
        default="all",
        help="the items the breakdowns and error list cover (default all)",
    )
    parser.add_argument(
        "--show-measure", action="store_true", help="also print the measure half's errors"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    if not args.data.is_file():
        print(f"skipped: file absent: {args.data}")
        return 0
    from smslint.core.errors import SmslintError

    try:
        items = read_items(args.data)
        outcomes = lint(items, args.pack)
    except (BadInput, SmslintError) as exc:
        print(f"measure_real_quotes: error: {exc}", file=sys.stderr)
        return 2
    data = report(outcomes, args.half, args.show_measure, args.pack)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        hidden = not args.show_measure and args.half in ("measure", "all")
        print_text(data, hidden)
    return 0


if __name__ == "__main__":
    sys.exit(main())
