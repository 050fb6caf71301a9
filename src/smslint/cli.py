"""Command line: a thin layer that turns options into a run and a run into an exit code."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from . import __version__
from .errors import SmslintError
from .model import KINDS, Template

if TYPE_CHECKING:
    from .parallel import Chunk
    from .progress import Progress

FORMATS = ("text", "json", "sarif", "github", "html", "markdown", "jsonl")
FAIL_ON = ("error", "warning", "never")
FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def _say(message: object, err: bool = False, nl: bool = True) -> None:
    """Print a line smslint composed around values it read (file names, ids, pack texts, error
    messages): masked and with control characters shown as escapes, like every report."""
    from .masking import redact, visible

    click.echo(visible(redact(message)), err=err, nl=nl)


class _Group(click.Group):
    """Every failure is one line on stderr and exit 2: hooks and CI logs stay readable."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            code = exc.exit_code
        except click.UsageError as exc:
            _say(f"smslint: error: {exc.format_message()}", err=True)
            code = 2
        except SmslintError as exc:
            _say(f"smslint: error: {exc}", err=True)
            code = 2
        except click.Abort:
            code = 130
        sys.exit(code or 0)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="smslint")
def cli() -> None:
    """Compliance linter for Chinese notice SMS templates."""


AUTO_JOBS_BYTES = 8 << 20  # JSONL bytes from which --jobs auto lints with one process per CPU


class JobsType(click.ParamType):
    """``--jobs``: a number of processes, 0 (one per CPU) or ``auto`` (None)."""

    name = "N|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value is None or value == "auto":
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            self.fail(f"{value!r} is not a number of processes or 'auto'", param, ctx)
        return number


def _inputs(
    paths: tuple[str, ...],
    text: str | None,
    kind: str | None,
    include: list[str],
    exclude: list[str],
    encoding: str,
    errors: list[SmslintError],
    files: list[str],
    only: set[Path] | None = None,
    bulk: bool = False,
    progress: Progress | None = None,
    bulk_bytes: list[int] | None = None,
) -> Iterator[Template | Chunk]:
    """Templates of the inputs, in order; with ``bulk``, JSONL logs come as raw chunks of
    lines instead, for ``parallel.results`` to parse where it lints them."""
    from . import parallel, sources

    if text is not None:
        files.append("-")
        yield sources.template_from_text(text)
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        files.append("-")
        raw = sys.stdin.buffer.read()
        try:
            yield sources.read_stdin_text(raw.decode(encoding).removeprefix("\ufeff"))
        except UnicodeDecodeError:
            errors.append(SmslintError(f"standard input is not valid {encoding}", "-"))
    found: list[Path] = []
    for file_path in file_paths:  # a missing path is reported; the others are still read
        try:
            found += sources.iter_files([file_path], include=include, exclude=exclude)
        except SmslintError as exc:
            errors.append(exc)
    if only is not None:  # --changed-since
        found = [path for path in found if path.resolve() in only]
    chunked = {path for path in found if bulk and parallel.chunkable(path, encoding)}
    size = sum(path.stat().st_size for path in chunked)
    if progress is not None:
        progress.total = size
    if bulk_bytes is not None:
        bulk_bytes[0] = size
    for path in found:
        files.append(str(path))
        try:
            if path in chunked:
                yield from parallel.chunks(path, encoding)
            else:
                yield from sources.read_path(path, encoding=encoding)
        except SmslintError as exc:
            errors.append(exc)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--text", "text", help="Lint one message given on the command line.")
@click.option("--pack", help="Rule pack: a shipped name or a path to a pack file.")
@click.option("--kind", type=click.Choice(KINDS), help="Notice kind for templates naming none.")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Severity that makes the exit code 1.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of template files.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Report and fail only on findings not recorded in this baseline file.",
)
@click.option("--changed-since", metavar="REV", help="Lint only files changed since git REV.")
@click.option("--fix", is_flag=True, help="Apply the fixes rules offer to the files, in place.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print the fixes as a unified diff instead of writing them (report only to --output).",
)
@click.option(
    "--jobs",
    "-j",
    type=JobsType(),
    default="auto",
    show_default=True,
    help="Lint with N processes (0: one per CPU; auto: one per CPU when the JSONL logs "
    "given hold 8 MB or more, else one); the report keeps input order.",
)
def check(
    paths: tuple[str, ...],
    text: str | None,
    pack: str | None,
    kind: str | None,
    fmt: str,
    output: str | None,
    fail_on: str | None,
    encoding: str,
    baseline_file: str | None,
    changed_since: str | None,
    fix: bool,
    show_diff: bool,
    jobs: int | None,
) -> None:
    """Lint template files, folders, stdin (-) or one --text message."""
    from . import parallel, progress
    from .config import find_config
    from .linter import Linters
    from .report import Summary, writer

    config = find_config()
    if changed_since is not None and not paths and text is None:
        paths = (".",)
    if not paths and text is None:
        raise click.UsageError("give at least one PATH, - for stdin, or --text")
    linters = Linters(pack or config.pack or "base", kind or config.kind)
    linters.load(linters.default_pack)  # a bad --pack stops the run before any report
    fail_levels = FAIL_LEVELS[fail_on or config.fail_on or "error"]
    only = None
    if changed_since is not None:
        from .changed import changed_files

        only = changed_files(changed_since)
    known = None
    if baseline_file is not None:
        from .baseline import Baseline

        known = Baseline.load(baseline_file)
    errors: list[SmslintError] = []
    files: list[str] = []
    summary = Summary()
    failed = False
    # a lone surrogate in a template (an escape in YAML/JSON) is printed as its escape, not a crash
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    target = (
        open(output, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115
        if output
        else nullcontext(sys.stdout)
    )
    if show_diff and not output:
        target = nullcontext(io.StringIO())  # stdout carries the diff
    fixer = None
    if fix or show_diff:
        from .fix import Fixer

        fixer = Fixer(linters.check, encoding, write=not show_diff)
    with target as stream:
        out: TextIO = stream  # type: ignore[assignment]
        report = writer(fmt, out, packs=linters.packs)
        report.start()
        shown = progress.Progress() if progress.wanted(sys.stderr) else None
        bulk_bytes = [0]
        inputs = _inputs(
            paths,
            text,
            kind,
            config.include,
            config.exclude,
            encoding,
            errors,
            files,
            only,
            bulk=True,
            progress=shown,
            bulk_bytes=bulk_bytes,
        )
        # a writer's rendering can be made ahead (by the workers) unless results change later
        prepare = getattr(report, "prepare", None) if known is None and fixer is None else None
        render = getattr(report, "render", None) if prepare is not None else None
        processes = partial(_jobs, jobs, bulk_bytes)  # known once the inputs are listed
        results = parallel.results(inputs, linters, errors, processes, shown, prepare, render)
        for result in fixer.run(results) if fixer else results:
            if isinstance(result, parallel.Rendered):  # a chunk of a log, counted and rendered
                summary.absorb(result.summary)
                failed = failed or any(result.summary.by_severity.get(s) for s in fail_levels)
                report.add_rendered(result.rendering)  # type: ignore[attr-defined]
                continue
            if known is not None:
                known.filter(result)
            summary.count(result)
            failed = failed or any(f.severity in fail_levels for f in result.findings)
            report.add(result)
        if shown is not None:
            shown.close()
        summary.files = len(files)
        if known is not None:
            fixed = known.fixed(files)
            summary.baseline = {"file": baseline_file, "hidden": known.hidden, "fixed": fixed}
        report.finish(summary)
    if fixer is not None:
        errors += fixer.errors
        if show_diff:
            click.echo(fixer.diff(), nl=False)
        verb = "would fix" if show_diff else "fixed"
        _say(
            f"smslint: {verb} {fixer.applied} findings in {len(fixer.changed)} files; "
            f"{fixer.left} fixable findings need fixing by hand",
            err=True,
        )
    for message in dict.fromkeys(str(exc) for exc in errors):  # e.g. a bad --encoding: once
        _say(f"smslint: error: {message}", err=True)
    if known is not None:
        _say(
            f"smslint: baseline {baseline_file}: {known.hidden} known findings not reported, "
            f"{fixed} entries fixed (`smslint baseline create` drops them)",
            err=True,
        )
    raise SystemExit(2 if errors else int(failed))


def _jobs(jobs: int | None, bulk_bytes: list[int]) -> int:
    """Processes for ``--jobs``: 0 means one per CPU this process may use; auto (None) means
    that for runs over JSONL logs of AUTO_JOBS_BYTES or more (starting the workers costs a
    fraction of a second, which smaller inputs would not win back), else one."""
    if jobs is None:
        jobs = 0 if bulk_bytes[0] >= AUTO_JOBS_BYTES else 1
    if jobs:
        return jobs
    import os

    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(usable) if usable else os.cpu_count() or 1


@cli.group("baseline")
def baseline_group() -> None:
    """Record today's findings, so that `check --baseline` fails only on new ones."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("--pack", help="Rule pack: a shipped name or a path to a pack file.")
@click.option("--kind", type=click.Choice(KINDS), help="Notice kind for templates naming none.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of template files.")
@click.option(
    "--output",
    "-o",
    default=".smslint-baseline.json",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The baseline file to write.",
)
def baseline_create(
    paths: tuple[str, ...], pack: str | None, kind: str | None, encoding: str, output: str
) -> None:
    """Lint PATHS and record every finding in the baseline file (run from the repository root)."""
    from . import baseline, parallel
    from .config import find_config
    from .linter import Linters

    config = find_config()
    linters = Linters(pack or config.pack or "base", kind or config.kind)
    errors: list[SmslintError] = []
    files: list[str] = []
    templates = _inputs(paths, None, kind, config.include, config.exclude, encoding, errors, files)
    items = baseline.entries(parallel.results(templates, linters, errors))
    for exc in errors:
        _say(f"smslint: error: {exc}", err=True)
    if errors:  # a partial baseline would turn the unread files' findings into "new" ones later
        raise SystemExit(2)
    baseline.write(output, items)
    _say(f"smslint: baseline {output}: {len(items)} findings in {len(files)} files recorded")


@cli.command()
@click.option("--pack", default=None, help="Rule pack (default: base or the configured one).")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def rules(pack: str | None, fmt: str) -> None:
    """List the rules of a pack with their category and severity."""
    import json

    from .config import find_config
    from .linter import Linter

    linter = Linter(pack or find_config().pack or "base")
    rows = [
        {
            "id": r.id,
            "kind": r.kind,
            "category": r.category,
            "severity": r.severity,
            "message": r.message,
        }
        for r in linter.pack.rules
    ]
    if fmt == "json":
        from .masking import redact

        click.echo(redact(json.dumps(rows, ensure_ascii=False, indent=2)))  # JSON escapes controls
        return
    width = max((len(r["id"]) for r in rows), default=10)
    for r in rows:
        _say(f"{r['id']:<{width}}  {r['category']:<16}  {r['severity']:<7}  {r['kind']}")
    _say(f"{len(rows)} rules in pack {linter.pack.name}")


@cli.command()
@click.argument("rule_id")
@click.option("--pack", default=None, help="Pack to look in (default: every shipped pack).")
def explain(rule_id: str, pack: str | None) -> None:
    """Print a rule's rationale, legal basis, suggestion and examples."""
    from .packs import load_pack, shipped_names

    refs = [pack] if pack else ["base", *(n for n in shipped_names() if n != "base")]
    for ref in refs:
        rule = load_pack(ref).rule(rule_id)
        if rule is not None:
            break
    else:
        raise SmslintError(f"no rule {rule_id!r} in pack(s) {', '.join(refs)}")
    _say(f"{rule.id}  [{rule.category}, {rule.severity}, kind {rule.kind}]")
    _say(f"defined in {Path(rule.file).name}:{rule.line}")
    if rule.kinds:
        _say(f"applies to: {', '.join(rule.kinds)}")
    click.echo()
    _say(f"message:    {rule.message}")
    for label, value in (("basis", rule.basis), ("suggestion", rule.suggestion)):
        if value:
            _say(f"{label + ':':<11} {value}")
    for label in ("fail", "pass"):
        examples = rule.examples.get(label) or []
        if examples:
            title = "triggers on" if label == "fail" else "passes"
            click.echo()
            _say(f"{title}:")
            for example in examples:
                if isinstance(example, dict):  # {text, vars?, schedule?}
                    fields = [k for k in ("vars", "schedule") if k in example]
                    extra = "".join(f"  [{k}: {example[k]}]" for k in fields)
                    example = f"{example['text']}{extra}"
                _say(f"  - {example}")


def main() -> None:
    cli()
