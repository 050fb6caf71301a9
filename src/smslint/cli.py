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

from smslint.core.errors import SmslintError
from smslint.core.model import KINDS, Template
from smslint.core.tuning import AUTO_JOBS_BYTES
from smslint.core.version import __version__
from smslint.run import gate as gate_options

if TYPE_CHECKING:
    from smslint.engine.linter import Result
    from smslint.run.gate import Gate
    from smslint.run.parallel import Chunk
    from smslint.run.progress import Progress

FORMATS = (
    "text",
    "json",
    "sarif",
    "github",
    "html",
    "markdown",
    "jsonl",
    "concise",
    "gitlab",
    "junit",
)
FAIL_ON = ("error", "warning", "never")
FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def _say(message: object, err: bool = False, nl: bool = True) -> None:
    """Print a line smslint composed around values it read (file names, ids, pack texts, error
    messages): masked and with control characters shown as escapes, like every report."""
    from smslint.privacy.masking import redact, visible

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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smslint")
def cli() -> None:
    """Compliance linter for Chinese notice SMS templates."""


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
    gate: Gate,
    encoding: str,
    errors: list[SmslintError],
    files: list[str],
    only: set[Path] | None = None,
    bulk: bool = False,
    progress: Progress | None = None,
    bulk_bytes: list[int] | None = None,
    follow_links: bool = False,
) -> Iterator[Template | Chunk]:
    """Templates of the inputs, in order; with ``bulk``, JSONL logs come as raw chunks of
    lines instead, for ``parallel.results`` to parse where it lints them."""
    from smslint import sources
    from smslint.run import parallel

    if text is not None:
        files.append("-")
        yield sources.template_from_text(text)
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths and gate.stdin_filename:
        files.append(gate.stdin_filename)
        try:
            yield from gate.stdin(sys.stdin.buffer.read(), encoding)
        except SmslintError as exc:
            errors.append(exc)
        except (AttributeError, OSError, ValueError):
            errors.append(SmslintError("standard input is closed or unreadable", "-"))
    elif "-" in paths:
        files.append("-")
        try:
            raw = sys.stdin.buffer.read()  # sys.stdin is None when the shell closed it (<&-)
            yield sources.read_stdin_text(raw.decode(encoding).removeprefix("\ufeff"))
        except UnicodeDecodeError:
            errors.append(SmslintError(f"standard input is not valid {encoding}", "-"))
        except (AttributeError, OSError, ValueError):
            errors.append(SmslintError("standard input is closed or unreadable", "-"))
    # a missing path is reported; the others are still read
    found = gate.files(file_paths, errors, follow_links=follow_links)
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


FOLLOW_LINKS = click.option(
    "--follow-links",
    is_flag=True,
    help="Read symlinks that point out of the folders given (by default skipped with a warning).",
)


def _roots(paths: tuple[str, ...]) -> list[Path]:
    """The trees being linted, where a template's `pack:` may name a pack file: each folder
    given, and for a file given, its repository (the working folder outside any)."""
    from smslint.run.config import repository_root

    roots = []
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            continue
        if path.is_dir():
            roots.append(path)
        else:
            roots.append(repository_root(path.parent) or Path.cwd())
    return roots


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--text", "text", help="Lint one message given on the command line.")
@click.option("--pack", help="Rule pack: a shipped name or a path to a pack file.")
@click.option(
    "--lock-pack",
    is_flag=True,
    help="Refuse (exit 2) a template whose `pack:` names another pack than --pack's.",
)
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
@FOLLOW_LINKS
@gate_options.options
def check(
    paths: tuple[str, ...],
    text: str | None,
    pack: str | None,
    lock_pack: bool,
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
    follow_links: bool,
    **gate_values: Any,
) -> None:
    """Lint template files, folders, stdin (-) or one --text message."""
    from smslint.engine.linter import Linters
    from smslint.report import Summary
    from smslint.run import parallel, progress

    gate = gate_options.Gate.from_options(gate_values)
    config = gate.config
    if changed_since is not None and not paths and text is None:
        paths = (".",)
    if not paths and text is None:
        raise click.UsageError("give at least one PATH, - for stdin, or --text")
    linters = Linters(
        pack or gate_options.config_pack(config) or "base",
        kind or config.kind,
        roots=_roots(paths),
        lock=lock_pack or config.lock_pack,
        selection=gate.selection,
    )
    # a bad --pack, or a typo in --select, stops the run before any report
    gate.check_selectors([linters.load(linters.default_pack).pack])
    fail_levels = FAIL_LEVELS[fail_on or config.fail_on or "error"]
    only = None
    if changed_since is not None:
        from smslint.sources.changed import changed_files

        only = changed_files(changed_since, paths=[p for p in paths if p != "-"] or ["."])
    known = None
    if baseline_file is not None:
        from smslint.report.baseline import Baseline

        known = Baseline.load(baseline_file)
    errors: list[SmslintError] = []
    files: list[str] = []
    summary = Summary()
    failed = False
    # a lone surrogate in a template (an escape in YAML/JSON) is printed as its escape, not a crash
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    if output:
        _refuse_output_over_input(output, paths, config.include, config.exclude)
    target = _open_report(output) if output else nullcontext(sys.stdout)
    if show_diff and not output:
        target = nullcontext(io.StringIO())  # stdout carries the diff
    fixer = None
    if fix or show_diff:
        from smslint.features.fix import Fixer

        fixer = Fixer(linters.check, encoding, write=not show_diff)
    with target as stream:
        out: TextIO = stream  # type: ignore[assignment]
        report = gate.writer(fmt, out, output is not None, packs=linters.packs)
        report.start()
        shown = progress.Progress() if progress.wanted(sys.stderr) else None
        bulk_bytes = [0]
        inputs = _inputs(
            paths,
            text,
            kind,
            gate,
            encoding,
            errors,
            files,
            only,
            bulk=True,
            progress=shown,
            bulk_bytes=bulk_bytes,
            follow_links=follow_links,
        )
        processes = partial(_jobs, jobs, bulk_bytes)  # known once the inputs are listed
        results: Iterator[Result | parallel.Rendered]
        if fixer is not None:  # fixes change the results: no rendering is made ahead
            results = fixer.run(parallel.results(inputs, linters, errors, processes, shown))
        else:
            # a writer's rendering can be made ahead (by the workers) unless results change later
            prepare: parallel.Prepare | None = None
            render: parallel.Render | None = None
            if known is None:
                prepare = getattr(report, "prepare", None)
                render = getattr(report, "render", None) if prepare is not None else None
            results = parallel.results(inputs, linters, errors, processes, shown, prepare, render)
        for result in results:
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
        for warning in fixer.warnings:
            click.echo(f"smslint: warning: {warning}", err=True)
        if show_diff:
            click.echo(fixer.diff(), nl=False)
        verb = "would fix" if show_diff else "fixed"
        gate.note(
            f"smslint: {verb} {fixer.applied} findings in {len(fixer.changed)} files; "
            f"{fixer.left} fixable findings need fixing by hand"
        )
    for message in dict.fromkeys(str(exc) for exc in errors):  # e.g. a bad --encoding: once
        _say(f"smslint: error: {message}", err=True)
    if known is not None:
        gate.note(
            f"smslint: baseline {baseline_file}: {known.hidden} known findings not reported, "
            f"{fixed} entries fixed (`smslint baseline create` drops them)"
        )
    raise SystemExit(2 if errors else int(failed))


def _open_report(output: str) -> TextIO:
    try:
        return open(output, "w", encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise SmslintError(f"cannot write the report: {exc.strerror}", output) from None


def _refuse_output_over_input(
    output: str, paths: tuple[str, ...], include: list[str], exclude: list[str]
) -> None:
    """Opening the report truncates it: if it is a file the run would read (named, or found
    in a folder given, through a link or a hard link too), the template would be gone before
    it is linted and the run would pass."""
    import os

    from smslint import sources

    try:
        report = os.stat(output)
    except OSError:
        return  # not there yet (or unreadable, and then opening it says so): no input
    for path in paths:
        if path == "-":
            continue
        try:
            listed = [os.stat(file) for file in sources.iter_files([path], include, exclude)]
        except (SmslintError, OSError):  # the run itself reports what cannot be listed
            continue
        if any(os.path.samestat(report, info) for info in listed):
            raise SmslintError("--output names an input file; not overwritten", file=output)


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
@FOLLOW_LINKS
def baseline_create(
    paths: tuple[str, ...],
    pack: str | None,
    kind: str | None,
    encoding: str,
    output: str,
    follow_links: bool,
) -> None:
    """Lint PATHS and record every finding in the baseline file (run from the repository root)."""
    from smslint.engine.linter import Linters
    from smslint.packs.selection import Selection
    from smslint.report import baseline
    from smslint.run import parallel
    from smslint.run.config import find_config

    gate = gate_options.Gate(find_config(), Selection())
    config = gate.config
    linters = Linters(
        pack or gate_options.config_pack(config) or "base",
        kind or config.kind,
        _roots(paths),
        config.lock_pack,
    )
    errors: list[SmslintError] = []
    files: list[str] = []
    templates = _inputs(paths, None, kind, gate, encoding, errors, files, follow_links=follow_links)
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

    from smslint.engine.linter import Linter
    from smslint.run.config import find_config

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
        from smslint.privacy.masking import redact

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
    from smslint.engine import packcache
    from smslint.engine.suppressions import RULES as BUILT_IN
    from smslint.packs.pack import shipped_names

    refs = [pack] if pack else ["base", *(n for n in shipped_names() if n != "base")]
    rule = BUILT_IN.get(rule_id)  # the rules smslint itself emits, whatever the pack
    for ref in refs if rule is None else ():
        rule = packcache.load(ref).pack.rule(rule_id)  # the compiled pack, as `check` loads it
        if rule is not None:
            break
    if rule is None:
        raise SmslintError(f"no rule {rule_id!r} in pack(s) {', '.join(refs)}")
    _say(f"{rule.id}  [{rule.category}, {rule.severity}, kind {rule.kind}]")
    if rule_id in BUILT_IN:
        _say("built into smslint (not part of any pack)")
    else:
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
                if isinstance(example, dict):  # {text, vars?, schedule?, kind?, span?}
                    fields = [k for k in ("vars", "schedule", "kind", "span") if k in example]
                    extra = "".join(f"  [{k}: {example[k]}]" for k in fields)
                    example = f"{example['text']}{extra}"
                _say(f"  - {example}")


@cli.command("test")
@click.argument("packs", nargs=-1, required=True)
@click.option(
    "--rule", "rule_ids", multiple=True, help="Run only this rule's examples (repeatable)."
)
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text")
def pack_test(packs: tuple[str, ...], rule_ids: tuple[str, ...], fmt: str) -> None:
    """Run the examples of each rule of PACKS (shipped names or pack files) as tests."""
    import json

    from smslint.engine.linter import Linter
    from smslint.features import packtest

    linters = [Linter(ref) for ref in packs]  # a bad pack stops the run before any result
    if rule_ids:
        packtest.unknown_rules(linters, rule_ids)
    wanted = rule_ids or None
    outcomes = [outcome for linter in linters for outcome in packtest.run(linter, wanted)]
    failed = [outcome for outcome in outcomes if not outcome.ok]
    if fmt == "json":
        data = {
            "summary": {"passed": len(outcomes) - len(failed), "failed": len(failed)},
            "results": [outcome.as_dict() for outcome in outcomes],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for outcome in failed:
            click.echo(f"{outcome.where()}\n    {outcome.why}")
        click.echo(packtest.summary(outcomes))
    raise SystemExit(1 if failed else 0)


@cli.command("inspect")
@click.argument("text", required=False)
@click.option("--pack", help="Rule pack: a shipped name or a path to a pack file.")
@click.option("--kind", type=click.Choice(KINDS), help="Notice kind to inspect the text as.")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json")), default="text")
def inspect_command(text: str | None, pack: str | None, kind: str | None, fmt: str) -> None:
    """Show how one message (TEXT, or - or nothing for stdin) is seen: views, tokens, phrase
    hits, required elements, each rule's trace and the findings."""
    import json

    from smslint import sources
    from smslint.engine.linter import Linter
    from smslint.features import inspection
    from smslint.run.config import find_config

    config = find_config()
    linter = Linter(pack or config.pack or "base")
    if text is None and sys.stdin.isatty():
        raise click.UsageError("give TEXT, or - to read it from stdin")
    if text is None or text == "-":
        try:
            decoded = sys.stdin.buffer.read().decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise SmslintError("standard input is not valid utf-8", "-") from None
        text = sources.read_stdin_text(decoded).text
    data = inspection.inspect(linter, text, kind or config.kind)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(inspection.render(data))


def main() -> None:
    cli()
