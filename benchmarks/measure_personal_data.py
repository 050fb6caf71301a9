"""Measure the personal-data detectors: recall, false alarms, speed, and hits in real notices.

Run from the repository root: `.venv/bin/python benchmarks/measure_personal_data.py`.

1. Generated set (tests/idgen.py, fixed seed): recall = identifiers reported with the right
   detector, span and value; false-alarm rate = look-alikes with any hit at all.
2. Real notices, if ../shared/data/real-sms/mudou_spam.jsonl is there: hits in its ham half
   (label 0: real bank, card and BNPL notices) and a sample shown masked, for eye-checking.
   Nothing from that file is written anywhere; only masked text is printed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.idgen import INSTITUTION_DOMAINS, IdGen  # noqa: E402

from smslint.privacy.detectors import Hit, detect  # noqa: E402
from smslint.privacy.masking import mask_text  # noqa: E402

MUDOU = ROOT.parent / "shared" / "data" / "real-sms" / "mudou_spam.jsonl"
ALLOW = {"email": INSTITUTION_DOMAINS}


def generated(n: int, seed: int) -> None:
    positives, decoys = IdGen(seed).cases(n, n)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    by_variant: Counter[str] = Counter()
    variant_total: Counter[str] = Counter()
    start = time.perf_counter()
    for case in positives:
        want = (case.kind, case.start, case.end, case.value.upper())
        ok = [(h.detector, h.start, h.end, h.value.upper()) for h in detect(case.text)] == [want]
        total[case.kind or ""] += 1
        variant_total[case.variant] += 1
        found[case.kind or ""] += ok
        by_variant[case.variant] += ok
    alarms: Counter[str] = Counter()
    alarmed = 0
    for case in decoys:
        hits = detect(case.text, allow=ALLOW)
        alarmed += bool(hits)
        alarms.update(h.detector for h in hits)
    elapsed = time.perf_counter() - start

    print(f"== generated set: {n} identifiers, {n} look-alikes (seed {seed})")
    print(f"recall {sum(found.values()) / n:.2%}  false-alarm rate {alarmed / n:.2%}")
    for kind in sorted(total):
        print(
            f"  recall {kind:12} {found[kind]:5}/{total[kind]:<5} {found[kind] / total[kind]:.2%}"
        )
    for variant in sorted(variant_total):
        share = by_variant[variant] / variant_total[variant]
        print(
            f"  recall {variant:12} {by_variant[variant]:5}/{variant_total[variant]:<5} {share:.2%}"
        )
    if alarms:
        print(f"  false alarms by detector: {dict(alarms)}")
    print(f"  {elapsed / (2 * n) * 1e6:.1f} µs per message on this set")


def speed() -> None:
    messages = {
        "no digits": "【中信银行】尊敬的客户，您的信用卡账单已出，请按时还款，"
        "如有疑问请联系客服热线，感谢您的支持与信任，祝您生活愉快。",
        "short numbers": "【中信银行】您尾号1234的信用卡应还12,345.67元，请于2024-03-15前还款",
        "one mobile": "【中信银行】尊敬的客户，您预留的手机13800138000已变更，详询95558。",
        "placeholders": "【中信银行】${name}，您尾号${card_last4}的信用卡本期应还${amount}元。",
    }
    print("== speed of detect() (best of 5 × 20,000 calls)")
    for label, text in messages.items():
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(20_000):
                detect(text)
            best = min(best, (time.perf_counter() - start) / 20_000)
        print(f"  {label:14} {len(text):3} chars  {best * 1e6:5.1f} µs")


def _in_context(text: str, hits: list[Hit], hit: Hit, width: int = 20) -> str:
    """The hit in its message, everything masked, the hit bracketed."""
    masked = mask_text(text, hits)
    shift = sum(len(h.masked) - (h.end - h.start) for h in hits if h.end <= hit.start)
    start = hit.start + shift
    end = start + len(hit.masked)
    left = masked[max(0, start - width) : start]
    right = masked[end : end + width]
    return f"…{left}⟦{masked[start:end]}⟧{right}…".replace("\n", " ")


def real(sample_size: int, seed: int) -> None:
    if not MUDOU.exists():
        print(f"== {MUDOU} not found: real-notice measurement skipped")
        return
    rows = [json.loads(line) for line in MUDOU.read_text(encoding="utf-8").splitlines() if line]
    print(f"== {MUDOU.name}: {len(rows)} messages")
    found = []
    start = time.perf_counter()
    for label in (0, 1):
        messages = [r["text"] for r in rows if r["label"] == label]
        with_hits = 0
        by_detector: Counter[str] = Counter()
        for text in messages:
            hits = detect(text)
            with_hits += bool(hits)
            by_detector.update(h.detector for h in hits)
            if label == 0:
                found.extend((text, hits, h) for h in hits)
        name = "ham (label 0)" if label == 0 else "spam (label 1)"
        print(
            f"  {name}: {len(messages)} messages, {with_hits} with hits "
            f"({with_hits / len(messages):.2%}); hits by detector {dict(by_detector)}"
        )
    print(f"  {(time.perf_counter() - start) / len(rows) * 1e6:.1f} µs per message")
    sample = random.Random(seed).sample(found, min(sample_size, len(found)))
    print(f"  sample of {len(sample)} ham hits, masked:")
    for text, hits, hit in sample:
        print(f"    {hit.detector:11} {_in_context(text, hits, hit)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="identifiers and look-alikes each")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args()
    generated(args.n, args.seed)
    speed()
    real(args.sample, args.seed)


if __name__ == "__main__":
    main()
