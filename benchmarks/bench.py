"""smslint's speed and memory, side by side with what they are measured against, in one run.

Run from the repository root: ``.venv/bin/python benchmarks/bench.py``. It prints a Markdown
table (the one in the README) of:

- bulk: ``smslint check FILE.jsonl --format json`` (default ``--jobs auto``, and ``--jobs 1``)
  against the floor, a bare scan of the same messages (json.loads, NFKC, OpenCC t2s, one
  Aho-Corasick automaton over the base pack's phrases); all timed as whole processes,
  start-up included, in interleaved rounds: wall times are medians, and each ratio is the
  median of the rounds' own ratios with their range (a shared machine's speed drifts);
- ``--jobs 2`` against ``--jobs 1`` on the same file;
- peak memory of the bulk run, on the file, twice and four times over (it must not grow);
- start-up: ``smslint check`` on one small template, clean and with a coercion hit, against
  ``python -c "import yaml, click"`` (median of several runs, warm caches).

With ``--base REV`` the bulk runs and start-ups of a git revision's code (its ``src`` and
``rules``, as ``compare_reports.py`` extracts them) are timed in the same rounds, and each
figure of this tree is also given against the revision's, round by round.

Messages: generated ones (a fixed seed) by default; with ``../shared/data/real-sms/
bench_all_sms_dedup.txt`` present (212k real SMS, one a line), its first ``--messages`` lines.
They are converted to JSONL in a temporary folder; nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real-sms" / "bench_all_sms_dedup.txt"
PYTHON = sys.executable

FLOOR = r"""
import json, sys, unicodedata
import ahocorasick, opencc
phrases = json.load(open(sys.argv[2], encoding="utf-8"))
automaton = ahocorasick.Automaton()
for phrase in phrases:
    automaton.add_word(phrase, phrase)
automaton.make_automaton()
converter = opencc.OpenCC("t2s")
hits = 0
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        text = converter.convert(unicodedata.normalize("NFKC", json.loads(line)["text"]))
        hits += sum(1 for _ in automaton.iter(text))
print(hits)
"""

# rusage of the child and what it waits for: CPU seconds, and the peak resident memory of the
# largest of those processes
MEASURE = r"""
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""

CLEAN = "【测试银行】尊敬的客户，您本期账单应还${amount}元，最后还款日${due_date}，客服95555。"
HIT = "【测试银行】您已逾期，再不还款就让你坐牢，客服95555。"

OPENINGS = ["【测试银行】", "【某某金融】", "", "尊敬的客户，"]
BODIES = [
    "您尾号{n4}的信用卡本期账单已出，应还{amount}元，请于{m}月{d}日前还款。",
    "您的借款已逾期{days}天，请尽快还款，如有困难可致电95555协商。",
    "再不还款我们将联系你的单位和家人，后果自负！",
    "您的验证码为{n4}，请勿告诉他人。",
    "欠款{amount}元已逾期，限你今天处理，否则上门催收。",
    "诚邀您参加{m}月{d}日的线上调解，调解员将与您联系，详询{phone}。",
    "您好，你的快递已到，请凭取件码{n4}领取。",
    "您已涉嫌恶意透支，三日内不还款将移交公安机关处理。",
]


def generated(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        body = rng.choice(BODIES).format(
            n4=rng.randrange(1000, 9999),
            amount=f"{rng.randrange(100, 99999)}.{rng.randrange(10, 99)}",
            m=rng.randrange(1, 13),
            d=rng.randrange(1, 29),
            days=rng.randrange(1, 400),
            phone=f"1{rng.choice('3456789')}{rng.randrange(10**8, 10**9)}",
        )
        out.append(rng.choice(OPENINGS) + body)
    return out


def write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(texts, 1):
            out.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")
    return path


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS in KB, exit code) of one run of ``args``."""
    out = subprocess.run(
        [PYTHON, "-c", MEASURE, *args], env=env, capture_output=True, text=True, check=True
    )
    wall, cpu, rss, code = out.stdout.split()
    return float(wall), float(cpu), int(rss), int(code)


def _median(runs: list[tuple[float, float, int, int]]) -> tuple[float, float, int, int]:
    """The run with the median wall time (its CPU and memory figures go with it)."""
    return sorted(runs)[len(runs) // 2]


def _ratio(ratios: list[float]) -> str:
    """The median of per-round ratios, with their range."""
    middle = ratios[len(ratios) // 2]
    return f"{middle:.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f})"


def median_wall(args: list[str], env: dict[str, str], runs: int) -> float:
    measure(args, env)  # warm: bytecode, pack cache
    return statistics.median(measure(args, env)[0] for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--generated", action="store_true", help="ignore the real SMS file")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up figure")
    parser.add_argument("--bulk-runs", type=int, default=5, help="rounds of the bulk runs")
    parser.add_argument("--base", metavar="REV", help="time a git revision's code beside this")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="smslint-bench-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": str(work / "pyc"), "SMSLINT_CACHE_DIR": str(work / "cache")}
        env.pop("CI", None)
        real = REAL.is_file() and not args.generated
        if real:
            with REAL.open(encoding="utf-8") as lines:
                texts = [line.rstrip("\n") for line in lines if line.strip()][: args.messages]
            source = f"{len(texts):,} real SMS ({REAL.name})"
        else:
            texts = generated(args.messages)
            source = f"{len(texts):,} generated messages"
        bulk = write_jsonl(work / "messages.jsonl", texts)
        double = write_jsonl(work / "double.jsonl", texts + texts)
        quadruple = write_jsonl(work / "quadruple.jsonl", texts * 4)
        sys.path.insert(0, str(ROOT / "src"))
        from smslint.engine.linter import Linter

        phrases = work / "phrases.json"
        phrases.write_text(json.dumps(Linter("base").prefilter.phrases.phrases), encoding="utf-8")
        smslint = [PYTHON, "-m", "smslint", "check", "--format", "json"]

        clean, hit = work / "clean.txt", work / "hit.txt"
        clean.write_text(CLEAN, encoding="utf-8")
        hit.write_text(HIT, encoding="utf-8")
        measure([PYTHON, "-m", "smslint", "check", str(hit)], env)  # build the pack cache
        commands = {
            "floor": [PYTHON, "-c", FLOOR, str(bulk), str(phrases)],
            "default": [*smslint, str(bulk), "--output", str(work / "a.json")],
            "one": [*smslint, str(bulk), "--output", str(work / "1.json"), "-j", "1"],
            "more": [*smslint, str(bulk), "--output", str(work / "n.json"), "-j", str(args.jobs)],
        }
        envs = dict.fromkeys(commands, env)
        if args.base:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from compare_reports import extract

            base_src = extract(args.base, work / "base")
            envs["base default"] = envs["base one"] = env | {
                "PYTHONPATH": str(base_src),
                "SMSLINT_CACHE_DIR": str(work / "cache-base"),
            }
            measure([PYTHON, "-m", "smslint", "check", str(hit)], envs["base one"])
            commands["base default"] = [*smslint, str(bulk), "--output", str(work / "ba.json")]
            commands["base one"] = [*smslint, str(bulk), "--output", str(work / "b1.json"), "-j1"]
        # rounds of all, one after another, and the median of each: on a shared machine the
        # speed drifts by tens of percent within minutes, and this keeps the ratios fair
        measured: dict[str, list[tuple[float, float, int, int]]] = {k: [] for k in commands}
        for _ in range(args.bulk_runs):
            for name, command in commands.items():
                measured[name].append(measure(command, envs[name]))
        floor, default, one, more = (_median(measured[name]) for name in list(commands)[:4])
        # each round's own ratio to its floor, whose median is steadier than a ratio of medians
        ratios = {
            name: sorted(
                run[0] / base[0] for run, base in zip(runs, measured["floor"], strict=True)
            )
            for name, runs in measured.items()
        }
        twice = measure([*smslint, str(double), "--output", str(work / "2.json"), "-j", "1"], env)
        four = measure([*smslint, str(quadruple), "--output", str(work / "4.json"), "-j", "1"], env)
        same = (work / "1.json").read_bytes() == (work / "n.json").read_bytes()
        same = same and (work / "1.json").read_bytes() == (work / "a.json").read_bytes()

        base = median_wall([PYTHON, "-c", "import yaml, click"], env, args.runs)
        start_clean = median_wall([PYTHON, "-m", "smslint", "check", str(clean)], env, args.runs)
        start_hit = median_wall([PYTHON, "-m", "smslint", "check", str(hit)], env, args.runs)

        against: list[tuple[str, float, list[float]]] = []  # (what, base wall, ratios)
        if args.base:
            for name, label in (("default", "`--jobs auto`"), ("one", "`--jobs 1`")):
                pairs = zip(measured[name], measured[f"base {name}"], strict=True)
                by_round = sorted(ours[0] / theirs[0] for ours, theirs in pairs)
                base_wall = _median(measured[f"base {name}"])[0]
                against.append((f"bulk {label}", base_wall, by_round))
            for name, path in (("clean.txt", clean), ("hit.txt", hit)):
                command = [PYTHON, "-m", "smslint", "check", str(path)]
                by_round: list[float] = []
                for _ in range(args.runs):  # interleaved too
                    ours = measure(command, env)[0]
                    by_round.append(ours / measure(command, envs["base one"])[0])
                against.append((f"start-up `{name}`", 0.0, sorted(by_round)))

        n = len(texts)
        pairs = zip(measured["one"], measured["more"], strict=True)
        speedups = sorted(one_run[0] / more_run[0] for one_run, more_run in pairs)
        rows = [
            ("floor: json + NFKC + OpenCC + Aho-Corasick", floor, "1.0×"),
            ("`smslint check --format json` (`--jobs auto`)", default, _ratio(ratios["default"])),
            ("`smslint check --format json --jobs 1`", one, _ratio(ratios["one"])),
            (
                f"`smslint check --format json --jobs {args.jobs}`",
                more,
                f"{_ratio(ratios['more'])}; speed-up over one job: {_ratio(speedups)}",
            ),
        ]
        when = time.strftime("%Y-%m-%d")
        print(f"\nsmslint benchmark: {source}, {os.cpu_count()} CPUs, {when}")
        print(
            f"bulk figures: medians of {args.bulk_runs} interleaved rounds; ratios: median of"
            " each round's own ratio (range)\n"
        )
        print("| bulk run | wall s | CPU s | messages/s | wall against the floor, per round |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, (wall, cpu, _, _), ratio in rows:
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {n / wall:,.0f} | {ratio} |")
        print()
        print("| memory (peak RSS) | MB |")
        print("| --- | ---: |")
        print(f"| bulk, {n:,} messages, one process | {one[2] / 1024:.0f} |")
        print(f"| bulk, {2 * n:,} messages (the file twice), one process | {twice[2] / 1024:.0f} |")
        print(f"| bulk, {4 * n:,} messages (four times), one process | {four[2] / 1024:.0f} |")
        print(f"| bulk, --jobs {args.jobs}, largest process | {more[2] / 1024:.0f} |")
        print()
        print("| start-up, one small template (median) | seconds | against yaml + click |")
        print("| --- | ---: | ---: |")
        print(f'| `python -c "import yaml, click"` | {base:.3f} | 1.0× |')
        print(f"| `smslint check clean.txt` | {start_clean:.3f} | {start_clean / base:.1f}× |")
        print(
            f"| `smslint check hit.txt` (coercion hit) | {start_hit:.3f} "
            f"| {start_hit / base:.1f}× |"
        )
        if against:
            print(f"\n| this tree against {args.base} | {args.base}: wall s | ratio, per round |")
            print("| --- | ---: | --- |")
            for what, base_wall, by_round in against:
                shown = f"{base_wall:.2f}" if base_wall else ""
                print(f"| {what} | {shown} | {_ratio(by_round)} |")
        print(f"\nreports of --jobs auto, 1 and {args.jobs} identical: {same}")
        print(f"load average at the end (other processes share the CPUs): {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
