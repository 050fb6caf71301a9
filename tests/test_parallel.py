"""Bulk runs: chunked JSONL reading, --jobs, and streaming with flat memory."""

from __future__ import annotations

import builtins
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.cli import cli
from smslint.engine.linter import Linters
from smslint.report import jsondoc
from smslint.run import chunks, driver, plan, pool, work
from smslint.sources.files import iter_lines
from smslint.sources.jsonl_source import read_jsonl

from .conftest import DATA

MINI = str(DATA / "packs" / "mini.yaml")
MESSAGES = [
    "【测试银行】您的账单已出，应还100元，客服95555。",
    "再不还款就让你坐牢，我们会联系你的单位",
    "请立即还款，否则后果自负！！",
    "尊敬的客户，您尾号1234的卡已逾期，请致电13800138000",
    "您好",
]


def _log(path: Path, count: int, bad_line: int | None = None) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            if i + 1 == bad_line:
                out.write("{not json\n")
                continue
            record = {"id": f"m{i}", "text": MESSAGES[i % len(MESSAGES)]}
            if i % 7 == 3:
                record["kind"] = "overdue"
            if i % 11 == 5:
                record["text"] = "转义\\n" + record["text"]  # an escape: the slow path
            out.write(json.dumps(record, ensure_ascii=i % 2 == 0) + "\n")
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@settings(max_examples=40, deadline=None)
@given(
    lines=st.lists(
        st.text(alphabet='ab坐牢\r"{}:\\\ufeff', max_size=6).map(
            lambda t: json.dumps({"text": t}, ensure_ascii=False)
        ),
        max_size=12,
    ),
    size=st.integers(min_value=1, max_value=64),
    final_newline=st.booleans(),
)
def test_chunks_give_the_lines_a_plain_read_gives(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], size: int, final_newline: bool
) -> None:
    path = tmp_path_factory.mktemp("chunks") / "log.jsonl"
    path.write_bytes(("\n".join(lines) + ("\n" if final_newline else "")).encode())
    chunked = [line for chunk in chunks.chunks(path, "utf-8", size) for line in chunk.lines()]
    assert chunked == list(iter_lines(path))


def test_chunk_templates_equal_the_reader(tmp_path: Path) -> None:
    path = _log(tmp_path / "log.jsonl", 300)
    whole = list(read_jsonl(path))
    chunked = [t for c in chunks.chunks(path, "utf-8", 500) for t in c.templates()]
    assert [(t.id, t.text, t.map.runs, t.kind, t.line) for t in chunked] == [
        (t.id, t.text, t.map.runs, t.kind, t.line) for t in whole
    ]


@pytest.mark.parametrize("fmt", ["json", "text", "jsonl"])
def test_jobs_keep_the_report_of_one_process(tmp_path: Path, fmt: str) -> None:
    log = _log(tmp_path / "log.jsonl", 600)
    other = tmp_path / "more.txt"
    other.write_text("您好，请立即还款", encoding="utf-8")
    args = ["check", str(log), str(other), "--pack", MINI, "--format", fmt]
    one = _run(*args, "--jobs", "1")
    two = _run(*args, "--jobs", "2")
    assert one[0] == 1
    assert two == one


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_workers_stash_renderings_in_files_they_leave_none_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """A rendering past STASH_BYTES comes back as a file: same report, no file left."""
    log = _log(tmp_path / "log.jsonl", 300)
    args = ["check", str(log), "--pack", MINI, "--format", fmt]
    one = _run(*args, "--jobs", "1")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(pool, "STASH_BYTES", 1)  # the workers are forked: they see it
    stashed: list[str] = []
    real = jsondoc.Stashed.opened

    def opened(self: jsondoc.Stashed) -> Any:
        stashed.append(self.path)
        return real(self)

    monkeypatch.setattr(jsondoc.Stashed, "opened", opened)
    assert _run(*args, "--jobs", "2") == one
    assert stashed and all(path.startswith(str(scratch)) for path in stashed)
    assert list(scratch.iterdir()) == []


def test_a_stash_that_cannot_be_written_goes_through_the_pipe(tmp_path: Path) -> None:
    rendering = ((b"x" * 10, 1), b"y" * 10)
    numbers = iter(range(10))
    assert pool._stashed(rendering, str(tmp_path / "gone"), numbers) == rendering


def test_jobs_keep_error_semantics(tmp_path: Path) -> None:
    """A bad line stops its file there (what came before is reported), others go on."""
    log = _log(tmp_path / "log.jsonl", 400, bad_line=250)
    args = ["check", str(log), "--pack", MINI, "--format", "json"]
    one = _run(*args, "--jobs", "1")
    two = _run(*args, "--jobs", "2")
    assert one[0] == two[0] == 2
    assert two == one
    report = json.loads(one[1])
    assert report["summary"]["templates"] == 249
    assert "log.jsonl:250:" in one[2]


def test_reading_a_log_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never one read of the whole file: a log of any size is read in bounded blocks."""
    log = _log(tmp_path / "log.jsonl", 2000)
    size = log.stat().st_size
    largest = 0
    real_open = builtins.open

    class Watched(io.BufferedReader):
        def read(self, n: int | None = -1) -> bytes:
            nonlocal largest
            assert n is not None and 0 < n < size, "read() of the whole file"
            data = super().read(n)
            largest = max(largest, len(data))
            return data

    def watched_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == log:
            assert mode == "rb"
            return Watched(io.FileIO(file, "rb"))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    linters = Linters(MINI)
    inputs = chunks.chunks(log, "utf-8", 4096)
    count = sum(1 for _ in driver.results(inputs, linters, []))
    assert count == 2000
    assert 0 < largest <= 4096 < size


def test_items_bound_what_is_in_flight() -> None:
    """Templates go in batches; chunks as they are, in order."""
    chunk = chunks.Chunk("a.jsonl", "utf-8", 1, 0, b"{}\n")
    from smslint.sources import template_from_text

    templates = [template_from_text(str(i)) for i in range(work.BATCH + 3)]
    items = list(work.items([*templates, chunk, templates[0]]))
    assert [len(i) if isinstance(i, list) else "chunk" for i in items] == [
        work.BATCH,
        3,
        "chunk",
        1,
    ]


def test_batches_lint_as_template_by_template(tmp_path: Path) -> None:
    """Linting a batch rule kind by rule kind gives each template's own results."""
    templates = list(read_jsonl(_log(tmp_path / "log.jsonl", 60), "utf-8"))
    for i, template in enumerate(templates):
        template.pack = ["base", MINI, None][i % 3]
    linters = Linters("citic", kind="reminder")
    together = linters.check_many(templates)
    alone = [linters.check(t) for t in templates]
    assert [(r.pack, r.kind, r.findings, r.length) for r in together] == [
        (r.pack, r.kind, r.findings, r.length) for r in alone
    ]


def test_a_failing_template_in_a_batch_stops_only_its_file(tmp_path: Path) -> None:
    log = _log(tmp_path / "log.jsonl", 30)
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[4] = json.dumps({"text": "您好", "pack": "no-such-pack"})
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("您好，请立即还款", encoding="utf-8")
    code, out, err = _run("check", str(log), str(other), "--pack", MINI, "--format", "json")
    assert code == 2
    report = json.loads(out)
    assert [t["id"] for t in report["templates"]] == ["m0", "m1", "m2", "m3", "other"]
    assert "log.jsonl:5" in err


def test_a_bulk_run_collects_garbage_by_count_and_restores_the_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    monkeypatch.setattr(work, "COLLECT_EVERY", 100)
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(gc.isenabled()) or 0)
    templates = list(read_jsonl(_log(tmp_path / "log.jsonl", 600), "utf-8"))
    assert gc.isenabled()
    seen = []
    for _result in driver.results(templates, Linters(MINI), []):
        seen.append(gc.isenabled())
    assert len(seen) == 600 and not any(seen)  # no automatic passes during the run
    assert len(collections) == 2  # batches of 256: 256 and 512 reach the count, 600 not
    assert gc.isenabled()


def test_jobs_auto_spreads_only_big_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spread: list[int] = []
    real = pool.spread

    def recording(items, linters, jobs, encoder):  # type: ignore[no-untyped-def]
        spread.append(jobs)
        return real(items, linters, jobs, encoder)

    monkeypatch.setattr(pool, "spread", recording)
    log = _log(tmp_path / "log.jsonl", 50)
    other = tmp_path / "a.txt"
    other.write_text("您好", encoding="utf-8")
    monkeypatch.setattr(plan, "AUTO_JOBS_BYTES", log.stat().st_size + 1)
    small = _run("check", str(log), "--pack", MINI, "--format", "json")
    assert spread == []  # under the threshold: one process
    monkeypatch.setattr(plan, "AUTO_JOBS_BYTES", log.stat().st_size)
    big = _run("check", str(log), "--pack", MINI, "--format", "json")
    every = plan.processes(0, 0)
    assert spread == [every] or (spread == [] and every == 1)
    assert big == small
    assert _run("check", str(other), "--pack", MINI)[0] == 0
    assert len(spread) <= 1  # a run without logs never spreads


def test_a_killed_worker_fails_the_run_instead_of_hanging(tmp_path: Path) -> None:
    """A worker killed as the OOM killer does (SIGKILL) loses its item for good."""
    log = _log(tmp_path / "log.jsonl", 50)
    script = f"""
import os, signal, sys
from smslint.run import pool

def die(item):
    os.kill(os.getpid(), signal.SIGKILL)

pool._work = die
sys.argv = ["smslint", "check", {str(log)!r}, "--pack", {MINI!r}, "--jobs", "2"]
from smslint.cli import main
main()
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == (
        "smslint: error: a --jobs worker process was killed by signal 9 "
        "(out of memory? try fewer --jobs); the run is incomplete"
    )
