"""examples/spark_lint.py in Spark local mode, where pyspark and a Java runtime are installed.

Neither is a dependency of smslint (CI has neither), so this skips cleanly without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

MESSAGES = [
    {"id": "a", "text": "【测试银行】您的账单已出，应还100元，客服95555。", "kind": "reminder"},
    {"text": "再不还款就让你坐牢，我们会联系你的单位", "kind": "overdue"},
    {"id": "c", "text": "您尾号1234的卡已逾期，请致电13800138000"},
]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_spark_job_writes_the_findings_smslint_finds(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "messages.jsonl"
    lines = [json.dumps(m, ensure_ascii=False) for m in MESSAGES]
    source.write_text("\n".join([lines[0], "not json", *lines[1:]]) + "\n", encoding="utf-8")
    out = tmp_path / "findings"
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "spark_lint.py"),
            str(source),
            str(out),
            "--master",
            "local[2]",
            "--format",
            fmt,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "3 messages" in run.stdout and "1 lines skipped" in run.stdout
    if fmt == "jsonl":
        rows = [
            json.loads(line)
            for part in sorted(out.glob("part-*"))
            for line in part.read_text(encoding="utf-8").splitlines()
        ]
    else:
        pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
        rows = pyarrow_parquet.read_table(out).to_pylist()
    from smslint import Linter

    linter = Linter("base")
    expected = set()
    for number, message in ((1, MESSAGES[0]), (3, MESSAGES[1]), (4, MESSAGES[2])):
        for f in linter.lint(message["text"], message.get("kind")):
            expected.add((message.get("id", str(number)), f.rule, f.start, f.end))
    assert {(r["id"], r["rule"], r["start"], r["end"]) for r in rows} == expected
    assert any(r["rule"] == "base.coercion.detention" and r["id"] == "3" for r in rows)
    assert not any("13800138000" in r["excerpt"] for r in rows)  # masked
