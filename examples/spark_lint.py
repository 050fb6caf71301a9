"""Lint a message log with Spark: one smslint Linter per partition, findings as JSONL or Parquet.

For logs too big for one machine. Each partition of the input builds one ``smslint.Linter``
(from the compiled-pack cache after the first, so in well under a second) and lints its rows;
the findings come back as a table with one row per finding.

Input: JSON Lines (one object a line with ``text`` and optional ``id`` and ``kind``, as
``smslint check`` reads them) or Parquet with the same columns. A row without ``id`` gets its
1-based row number (for JSONL: its line number, as ``smslint check`` does).

Output columns: id, kind, rule, category, severity, message, start, end, excerpt.
``start``/``end`` are character offsets into the message (end exclusive); message and excerpt
are masked as in every smslint report.

Run in local mode (``pip install pyspark`` and a Java runtime)::

    python examples/spark_lint.py messages.jsonl findings/ --master "local[*]" --pack citic

On a cluster, install smslint on the executors (or ship its wheel) and submit::

    spark-submit --master yarn --py-files smslint-0.1.0-py3-none-any.whl \\
        examples/spark_lint.py hdfs:///logs/sms/2024-06/ hdfs:///lint/2024-06/ --format parquet
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

FIELDS = ("id", "kind", "rule", "category", "severity", "message", "start", "end", "excerpt")


def lint_partition(
    rows: Iterable[tuple[Any, int]], pack: str, default_kind: str | None, counts: Any = None
) -> Iterator[tuple[Any, ...]]:
    """Findings of one partition's rows, each row (record, 0-based row number).

    ``counts`` (a Spark accumulator of [messages, findings, skipped], optional) tallies the
    work; a line that is not a JSON object with a ``text`` string is skipped and counted.
    """
    # imported here: this runs in the executors' Python processes
    from smslint import Linter
    from smslint.core.model import Template, TextMap
    from smslint.privacy.masking import redact
    from smslint.report import excerpt

    linter = Linter(pack=pack, kind=default_kind)  # one per partition
    messages = found = skipped = 0
    batch: list[Template] = []
    for record, index in rows:
        if isinstance(record, str):  # a JSONL line
            if not record.strip():
                continue
            try:
                record = json.loads(record)
            except ValueError:
                record = None
        else:
            record = record.asDict()
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str):
            skipped += 1
            continue
        messages += 1
        kind = record.get("kind") or None
        rid = record.get("id")
        rid = str(index + 1) if rid is None or rid == "" else str(rid)
        batch.append(
            Template(file="-", id=rid, text=text, map=TextMap.single_line(text), kind=kind)
        )
        if len(batch) == BATCH:
            for row in _finding_rows(linter.check_many(batch), redact, excerpt):
                found += 1
                yield row
            batch = []
    for row in _finding_rows(linter.check_many(batch), redact, excerpt):
        found += 1
        yield row
    if counts is not None:
        counts.add([messages, found, skipped])


BATCH = 256  # messages linted together (Linter.check_many: a quarter faster than one by one)


def _finding_rows(results: list[Any], redact: Any, excerpt: Any) -> Iterator[tuple[Any, ...]]:
    for result in results:
        for f in result.findings:
            yield (
                result.template.id,
                result.kind,
                f.rule,
                f.category,
                f.severity,
                redact(f.message),
                f.start,
                f.end,
                excerpt(result, f),
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("input", help="a .jsonl file or folder of them, or Parquet")
    parser.add_argument("output", help="folder for the findings (overwritten)")
    parser.add_argument("--pack", default="base", help="shipped pack name or pack file path")
    parser.add_argument("--kind", default=None, help="notice kind for rows naming none")
    parser.add_argument("--input-format", choices=("jsonl", "parquet"), default=None)
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--partitions", type=int, default=None, help="repartition the input")
    parser.add_argument("--master", default=None, help="e.g. local[4]; spark-submit sets its own")
    args = parser.parse_args(argv)

    from pyspark.accumulators import AccumulatorParam
    from pyspark.sql import SparkSession
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    class Tally(AccumulatorParam):  # type: ignore[misc,type-arg]
        def zero(self, value: list[int]) -> list[int]:
            return [0] * len(value)

        def addInPlace(self, a: list[int], b: list[int]) -> list[int]:
            return [x + y for x, y in zip(a, b, strict=True)]

    builder = SparkSession.builder.appName("smslint")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):  # the workers run this interpreter, smslint and all
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    started = time.perf_counter()
    parquet = args.input_format == "parquet" or (
        args.input_format is None and args.input.rstrip("/").endswith(".parquet")
    )
    if parquet:
        rows = spark.read.parquet(args.input).select("*").rdd
    else:  # lines, not spark.read.json: a missing id is the line number, as in smslint check
        rows = spark.read.text(args.input).rdd.map(lambda row: row.value)
    if args.partitions:
        rows = rows.repartition(args.partitions)
    pack, kind = args.pack, args.kind
    counts = spark.sparkContext.accumulator([0, 0, 0], Tally())
    findings = rows.zipWithIndex().mapPartitions(
        lambda part: lint_partition(part, pack, kind, counts)
    )
    schema = StructType(
        [
            StructField(name, IntegerType() if name in ("start", "end") else StringType())
            for name in FIELDS
        ]
    )
    table = spark.createDataFrame(findings, schema)
    writer = table.write.mode("overwrite")
    if args.format == "parquet":
        writer.parquet(args.output)
    else:
        writer.json(args.output)
    elapsed = time.perf_counter() - started
    messages, found, skipped = counts.value
    print(
        f"smslint on spark: {messages} messages, {found} findings written to {args.output}, "
        f"{skipped} lines skipped, in {elapsed:.1f} s ({messages / elapsed:,.0f} messages/s)"
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
