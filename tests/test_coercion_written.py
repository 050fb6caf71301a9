"""Coercion on our own written, labelled set (``benchmarks/data/coercion_written.jsonl``).

320 texts written for this project without looking at the packs: 160 coercive across every
subtype (more than half in the informal style of real angry collectors, some with inserted
characters or in traditional script) and 160 lawful, 98 of them hard negatives that share words
with threats (上门安装, 紧急联系人 in safety apps, court-ordered freezes, anti-fraud warnings).
The pack was tuned on it, so it guards against regressions; the real dev set's measure half
(``benchmarks/measure_real_quotes.py``) is what says whether the mechanism generalises.
"""

from __future__ import annotations

import json
from pathlib import Path

from smslint.engine.linter import Linter

WRITTEN = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "coercion_written.jsonl"


def test_written_set_precision_and_recall() -> None:
    linter = Linter("base")
    tp = fp = fn = 0
    for line in WRITTEN.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        found = any(f.category == "coercion" for f in linter.lint(item["text"], item["kind"]))
        tp += found and item["coercive"]
        fp += found and not item["coercive"]
        fn += not found and item["coercive"]
    assert tp + fn == 160
    assert tp / (tp + fp) >= 0.97, (tp, fp)
    assert tp / (tp + fn) >= 0.88, (tp, fn)
