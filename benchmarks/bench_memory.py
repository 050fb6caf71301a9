"""Peak memory of every report format, and of ``--fix``, on a large JSONL log.

Run from the repository root: ``.venv/bin/python benchmarks/bench_memory.py``. It builds a
log of about ``--megabytes`` MB in a temporary folder (the real SMS of ``../shared/data/
real-sms/bench_all_sms_dedup.txt`` repeated as needed, else generated messages; nothing is
written into the repository) and runs, one after another,
``smslint check LOG --format F --output REPORT`` for each format, and
``smslint check COPY --fix`` on a copy of the log. For each it prints the peak memory of
the whole process tree (the main process and its workers, summed; sampled from ``/proc``
every few milliseconds) as resident (RSS: pages shared by forked workers count in each) and
proportional (PSS: shared pages split among their sharers) memory, the peak of the largest
single process (``ru_maxrss``, exact), the wall time and the output's size. The bound the
issue sets is 300 MB.

``--compare REV`` runs the same commands with the source tree of git revision ``REV`` too
(extracted into the temporary folder), for a before/after table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PYTHON, REAL, ROOT, generated

FORMATS = ("json", "html", "markdown", "sarif", "jsonl", "text", "github")
JOBS: list[str] = []  # --jobs, as given to this script
SAMPLE_SECONDS = 0.02


def build_log(path: Path, megabytes: float, real: bool) -> int:
    """A JSONL log of at least ``megabytes`` MB; returns its number of messages."""
    if real:
        with REAL.open(encoding="utf-8") as lines:
            texts = [line.rstrip("\n") for line in lines if line.strip()]
    else:
        texts = generated(50_000)
    wanted = int(megabytes * 1_000_000)
    size = count = 0
    with path.open("w", encoding="utf-8") as out:
        while size < wanted:
            for text in texts:
                count += 1
                line = json.dumps({"id": str(count), "text": text}, ensure_ascii=False) + "\n"
                out.write(line)
                size += len(line.encode("utf-8"))
                if size >= wanted:
                    break
    return count


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _tree_memory(root: int) -> tuple[int, int]:
    """Resident and proportional (shared pages split among their sharers) KB of ``root`` and
    all its descendants now: forked workers share much of the main process's memory, which
    the resident figure counts in each of them."""
    tree = _children()
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo += tree.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, int, int, int]:
    """(wall seconds, tree peak RSS KB, tree peak PSS KB, largest process peak KB, exit
    code) of one run."""
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    rss = pss = 0
    while True:
        # wait4's usage is that of the process and of the children it waited for: its
        # ru_maxrss is the peak of the largest of them
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        now = _tree_memory(process.pid)
        rss, pss = max(rss, now[0]), max(pss, now[1])
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        errors.seek(0)
        sys.stderr.write(errors.read().decode(errors="replace"))
    errors.close()
    largest = usage.ru_maxrss
    return wall, max(rss, largest), pss, largest, process.returncode


Row = tuple[str, float, int, int, int, int, int]


def measure_tree(
    src: Path, work: Path, log: Path, formats: list[str], env: dict[str, str]
) -> list[Row]:
    """(run, wall s, tree RSS KB, tree PSS KB, largest KB, exit code, output bytes) of each
    format's report and of --fix, with the source tree ``src``."""
    rows = []
    env = env | {"PYTHONPATH": str(src)}
    for fmt in formats:
        report = work / f"report.{fmt}"
        command = [PYTHON, "-m", "smslint", "check", str(log), "--format", fmt, *JOBS]
        measured = run([*command, "--output", str(report)], env)
        rows.append((f"`--format {fmt}`", *measured, report.stat().st_size))
        report.unlink()
    copy = work / "fix.jsonl"
    shutil.copyfile(log, copy)
    measured = run([PYTHON, "-m", "smslint", "check", str(copy), "--fix", *JOBS], env)
    changed = copy.read_bytes() != log.read_bytes()
    rows.append(("`--fix`", *measured, copy.stat().st_size if changed else 0))
    copy.unlink()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--generated", action="store_true", help="ignore the real SMS file")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--compare", metavar="REV", help="also measure git revision REV")
    parser.add_argument("--jobs", help="smslint's --jobs (default: its own, auto)")
    args = parser.parse_args()
    if args.jobs is not None:
        JOBS[:] = ["--jobs", args.jobs]
    formats = args.formats.split(",")

    with tempfile.TemporaryDirectory(prefix="smslint-bench-memory-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": str(work / "pyc"), "SMSLINT_CACHE_DIR": str(work / "cache")}
        env.pop("CI", None)
        real = REAL.is_file() and not args.generated
        log = work / "log.jsonl"
        count = build_log(log, args.megabytes, real)
        source = f"real SMS ({REAL.name}) repeated" if real else "generated messages"
        trees = {"this tree": ROOT / "src"}
        if args.compare:  # the revision's source tree, without touching the repository
            old = work / "old"
            old.mkdir()
            command = ["git", "-C", str(ROOT), "archive", args.compare, "src", "rules"]
            archive = subprocess.run(command, check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            trees = {args.compare: old / "src", **trees}
        hit = work / "hit.txt"
        hit.write_text("【测试银行】您已逾期，请还款。", encoding="utf-8")
        results = {}
        for name, src in trees.items():
            # build the pack cache for this tree, so every run below starts warm
            warm = env | {"PYTHONPATH": str(src)}
            subprocess.run(
                [PYTHON, "-m", "smslint", "check", str(hit)], env=warm, capture_output=True
            )
            results[name] = measure_tree(src, work, log, formats, env)
        megabytes = log.stat().st_size / 1e6
        print(f"\nsmslint memory: {count:,} messages, {megabytes:.1f} MB JSONL, {source}, ")
        jobs = args.jobs or "auto"
        print(f"{os.cpu_count()} CPUs, --jobs {jobs}, {time.strftime('%Y-%m-%d')}\n")
        names = list(results)
        head = " | ".join(f"{n}: tree RSS / PSS MB, largest MB, wall s" for n in names)
        print(f"| run | {head} | output MB | exit |")
        print("| --- |" + " ---: |" * len(names) + " ---: | ---: |")
        for i, row in enumerate(results[names[-1]]):
            cells = []
            for name in names:
                _, wall, rss, pss, largest, _, _ = results[name][i]
                cells.append(
                    f"{rss / 1024:.0f} / {pss / 1024:.0f}, {largest / 1024:.0f}, {wall:.1f}"
                )
            print(f"| {row[0]} | {' | '.join(cells)} | {row[6] / 1e6:.1f} | {row[5]} |")
        print(f"\nload average at the end (other processes share the CPUs): {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
