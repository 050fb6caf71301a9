"""Command line: a thin layer that turns options into a run and a run into an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TextIO

import click

from . import __version__
from .errors import SmslintError
from .model import KINDS, Template

FORMATS = ("text", "json")
FAIL_ON = ("error", "warning", "never")
FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


class _Group(click.Group):
    """Every failure is one line on stderr and exit 2: hooks and CI logs stay readable."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            code = exc.exit_code
        except click.UsageError as exc:
            click.echo(f"smslint: error: {exc.format_message()}", err=True)
            code = 2
        except SmslintError as exc:
            click.echo(f"smslint: error: {exc}", err=True)
            code = 2
        except click.Abort:
            code = 130
        sys.exit(code or 0)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="smslint")
def cli() -> None:
    """Compliance linter for Chinese notice SMS templates."""


def _inputs(
    paths: tuple[str, ...],
    text: str | None,
    kind: str | None,
    include: list[str],
    exclude: list[str],
    encoding: str,
    errors: list[SmslintError],
    files: list[str],
) -> Iterator[Template]:
    from . import sources

    if text is not None:
        files.append("-")
        yield sources.template_from_text(text)
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        files.append("-")
        yield sources.read_stdin_text(sys.stdin.read())
    try:
        found = list(sources.iter_files(file_paths, include=include, exclude=exclude))
    except SmslintError as exc:
        errors.append(exc)
        found = []
    for path in found:
        files.append(str(path))
        try:
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
def check(
    paths: tuple[str, ...],
    text: str | None,
    pack: str | None,
    kind: str | None,
    fmt: str,
    output: str | None,
    fail_on: str | None,
    encoding: str,
) -> None:
    """Lint template files, folders, stdin (-) or one --text message."""
    from .config import find_config
    from .linter import Linters
    from .report import Summary, writer

    config = find_config()
    if not paths and text is None:
        raise click.UsageError("give at least one PATH, - for stdin, or --text")
    linters = Linters(pack or config.pack or "base", kind or config.kind)
    fail_levels = FAIL_LEVELS[fail_on or config.fail_on or "error"]
    errors: list[SmslintError] = []
    files: list[str] = []
    summary = Summary()
    failed = False
    target = open(output, "w", encoding="utf-8") if output else nullcontext(sys.stdout)  # noqa: SIM115
    with target as stream:
        out: TextIO = stream  # type: ignore[assignment]
        report = writer(fmt, out)
        report.start()
        templates = _inputs(
            paths, text, kind, config.include, config.exclude, encoding, errors, files
        )
        for template in templates:
            result = linters.check(template)
            summary.count(result)
            failed = failed or any(f.severity in fail_levels for f in result.findings)
            report.add(result)
        summary.files = len(files)
        report.finish(summary)
    for exc in errors:
        click.echo(f"smslint: error: {exc}", err=True)
    raise SystemExit(2 if errors else int(failed))


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
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(r["id"]) for r in rows), default=10)
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['category']:<16}  {r['severity']:<7}  {r['kind']}")
    click.echo(f"{len(rows)} rules in pack {linter.pack.name}")


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
    click.echo(f"{rule.id}  [{rule.category}, {rule.severity}, kind {rule.kind}]")
    click.echo(f"defined in {Path(rule.file).name}:{rule.line}")
    if rule.kinds:
        click.echo(f"applies to: {', '.join(rule.kinds)}")
    click.echo(f"\nmessage:    {rule.message}")
    for label, value in (("basis", rule.basis), ("suggestion", rule.suggestion)):
        if value:
            click.echo(f"{label + ':':<11} {value}")
    for label in ("fail", "pass"):
        examples = rule.examples.get(label) or []
        if examples:
            title = "triggers on" if label == "fail" else "passes"
            click.echo(f"\n{title}:")
            for example in examples:
                click.echo(f"  - {example}")


def main() -> None:
    cli()
