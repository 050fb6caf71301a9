"""Precision and recall of each element recogniser on a labelled set of element mentions.

    python benchmarks/measure_elements.py [--misses] [--compare]

``benchmarks/data/elements.jsonl`` holds texts written for this purpose, one a line:
``{"text": ..., "pack": "citic" (optional), "mentions": {"money": ["4,600块"], "deadline": []}}``.
Each element named in ``mentions`` is scored on that text, an empty list being a near miss (a
hotline that is no amount, an account-opening date that is no deadline). A labelled mention is
found when a recogniser's span overlaps it; a span that overlaps no labelled mention is a false
alarm. Spans are mapped back to the original text, so traditional-script texts are scored as
written.

``--compare`` scores JioNLP's money and time extraction on the same mentions (money against
``money``, time points against ``date``, time deltas against ``duration``) and reports import
costs of JioNLP and cn2an, where they are installed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from smslint.engine.recognisers import find
from smslint.packs.pack import load_pack
from smslint.text.normalize import normalize

DATA = Path(__file__).resolve().parent / "data" / "elements.jsonl"
TARGET = 0.97

Finder = Callable[[str, str, str], list[tuple[int, int]]]


def records() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def labelled(text: str, mentions: list[str]) -> list[tuple[int, int]]:
    """Where each mention is in ``text``; a repeated mention takes the next occurrence."""
    spans: list[tuple[int, int]] = []
    for mention in mentions:
        at = text.find(mention)
        while at >= 0 and any(at < e and s < at + len(mention) for s, e in spans):
            at = text.find(mention, at + 1)
        if at < 0:
            raise SystemExit(f"mention {mention!r} is not in {text!r}")
        spans.append((at, at + len(mention)))
    return spans


def ours(element: str, text: str, pack: str) -> list[tuple[int, int]]:
    norm = normalize(text)
    return [norm.to_original(s.start, s.end) for s in find(element, norm.text, _pack(pack))]


_PACKS: dict = {}


def _pack(name: str):
    if name not in _PACKS:
        _PACKS[name] = load_pack(name)
    return _PACKS[name]


def score(finder: Finder, elements: set[str] | None = None, misses: bool = False) -> dict:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # found, spans, hit, labels
    for rec in records():
        for element, mentions in rec["mentions"].items():
            if elements is not None and element not in elements:
                continue
            gold = labelled(rec["text"], mentions)
            got = finder(element, rec["text"], rec.get("pack", "base"))
            c = counts[element]
            overlaps = [[g for g in gold if s < g[1] and g[0] < e] for s, e in got]
            c[1] += len(got)
            c[2] += sum(1 for o in overlaps if o)
            found = {g for o in overlaps for g in o}
            c[0] += len(found)
            c[3] += len(gold)
            if misses:
                text = rec["text"]
                for g in gold:
                    if g not in found:
                        print(f"  missed {element}: {text[g[0] : g[1]]!r} in {text}")
                for (s, e), o in zip(got, overlaps, strict=True):
                    if not o:
                        print(f"  false {element}: {text[s:e]!r} in {text}")
    return counts


def report(title: str, counts: dict) -> bool:
    print(title)
    print(f"  {'element':<13}{'mentions':>9}{'precision':>11}{'recall':>8}")
    ok = True
    for element in sorted(counts):
        found, spans, hit, labels = counts[element]
        precision = hit / spans if spans else 1.0
        recall = found / labels if labels else 1.0
        ok &= precision >= TARGET and recall >= TARGET
        print(f"  {element:<13}{labels:>9}{precision:>11.3f}{recall:>8.3f}")
    total = sum(c[3] for c in counts.values())
    print(f"  {'all':<13}{total:>9}")
    return ok


def import_cost(module: str) -> str:
    """Seconds to import ``module`` in a fresh interpreter (best of three), or why not."""
    best = None
    for _ in range(3):
        code = (
            f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
        )
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if run.returncode:
            return "not installed"
        value = float(run.stdout.strip().splitlines()[-1])
        best = value if best is None else min(best, value)
    return f"{best:.3f} s"


def jionlp_finder() -> Finder:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # its banner
        import jionlp

    def run(element: str, text: str, pack: str) -> list[tuple[int, int]]:
        norm = normalize(text)
        if element == "money":
            found = jionlp.ner.extract_money(norm.text, with_parsing=False)
        else:
            found = jionlp.ner.extract_time(norm.text, with_parsing=False)
            if element == "duration":
                found = [f for f in found if f.get("type") == "time_delta"]
            else:
                found = [f for f in found if f.get("type") != "time_delta"]
        return [norm.to_original(*f["offset"]) for f in found if f["offset"][1] > f["offset"][0]]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="print each miss and false alarm")
    parser.add_argument("--compare", action="store_true", help="also score JioNLP where installed")
    args = parser.parse_args()
    start = time.perf_counter()
    counts = score(ours, misses=args.misses)
    ok = report(f"smslint recognisers ({time.perf_counter() - start:.2f} s)", counts)
    if args.compare:
        for module in ("cn2an", "jionlp"):
            print(f"import {module}: {import_cost(module)}")
        try:
            finder = jionlp_finder()
        except ImportError:
            print("JioNLP is not installed: pip install jionlp")
        else:
            start = time.perf_counter()
            theirs = score(finder, {"money", "date", "duration"}, misses=args.misses)
            report(f"JioNLP ({time.perf_counter() - start:.2f} s)", theirs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
