"""Time to lint one very long sentence full of lexicon hits, by one or more source trees.

Run from the repository root: ``.venv/bin/python benchmarks/bench_long_sentence.py``. A
lexicon hit is cancelled when its sentence holds an ``unless`` word, or negated by a negator
earlier in its clause; a message that is one sentence (and one clause) of megabytes with a
hit every few characters is where a scan of the sentence per hit turns quadratic. The text
is made up here (a threat phrase, a negator, no ``unless`` word, no punctuation until the
final stop); its size is in UTF-8 bytes. Each size is linted in a fresh process (pack
loading and imports not counted), with a time limit.

``--src DIR`` (repeatable) times other source trees side by side, e.g. the code before a
change, unpacked with ``git archive REV src rules | tar -x -C /tmp/before``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIT = "你再不还钱小心我们找人打断你的腿"  # one hit (打断你的腿) and a negator (不) per unit

SCRIPT = r"""
import json, sys, time
from smslint.engine.linter import Linter

size, unit = int(sys.argv[1]), sys.argv[2]
count = size // len(unit.encode()) + 1
text = (unit * count)[: size // 3] + "。"
linter = Linter("base")
start = time.perf_counter()
findings = linter.lint(text, kind="overdue")
elapsed = time.perf_counter() - start
print(json.dumps({"chars": len(text), "findings": len(findings), "seconds": elapsed}))
"""


def measure(src: Path, size: int, limit: float, cache: str) -> dict[str, float] | None:
    """One lint of a ``size``-byte sentence by the code in ``src``; None past ``limit`` s."""
    env = {**os.environ, "PYTHONPATH": str(src), "SMSLINT_CACHE_DIR": cache}
    try:
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(size), UNIT],
            env=env,
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.1,0.2,0.4,3", help="sizes in MB, comma-separated")
    parser.add_argument("--src", action="append", type=Path, help="source tree(s) to time")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds allowed per lint")
    args = parser.parse_args()
    sources = args.src or [ROOT / "src"]
    sizes = [float(s) for s in args.sizes.split(",")]
    print("| source | sentence | hits | lint time |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="smslint-bench-") as work:
        for src in sources:
            cache = str(Path(work) / f"cache-{sources.index(src)}")
            for size in sizes:
                got = measure(src, int(size * 1_000_000), args.limit, cache)
                if got is None:
                    print(f"| {src} | {size:g} MB | ? | > {args.limit:g} s |", flush=True)
                    continue
                print(
                    f"| {src} | {size:g} MB ({got['chars']:,} chars) | {got['findings']:,} "
                    f"| {got['seconds']:.2f} s |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
