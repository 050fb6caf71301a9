"""Command line: a thin layer that turns options into a run and a run into an exit code."""

from __future__ import annotations

import gc
import io
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from smslint.core.errors import SmslintError
from smslint.core.model import KINDS
from smslint.core.version import __version__
from smslint.run import gate as gate_options
from smslint.run.plan import FAIL_LEVELS
from smslint.run.plan import say as _say

if TYPE_CHECKING:
    from smslint.run.plan import CheckPlan

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
FAIL_ON = tuple(FAIL_LEVELS)


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
def check(**values: Any) -> None:
    """Lint template files, folders, stdin (-) or one --text message."""
    from smslint.run import plan

    raise SystemExit(plan.run(_plan(CheckOptions.of(values))))


@dataclass(frozen=True)
class CheckOptions:
    """``check``'s options as given."""

    paths: tuple[str, ...]
    text: str | None
    pack: str | None
    lock_pack: bool
    kind: str | None
    fmt: str
    output: str | None
    fail_on: str | None
    encoding: str
    baseline_file: str | None
    changed_since: str | None
    fix: bool
    show_diff: bool
    jobs: int | None
    follow_links: bool
    gate_values: dict[str, Any]  # the gate's own options (``run.gate.options``)

    @classmethod
    def of(cls, values: dict[str, Any]) -> CheckOptions:
        """The options from click's keyword arguments."""
        gate_values = dict(values)
        own = {f.name: gate_values.pop(f.name) for f in fields(cls) if f.name != "gate_values"}
        return cls(**own, gate_values=gate_values)


def _plan(options: CheckOptions) -> CheckPlan:
    """The run ``options`` ask for; a bad pack, selector, revision or baseline stops it here,
    before any report."""
    from smslint.engine.linter import Linters
    from smslint.run.inputs import Inputs, Sources
    from smslint.run.plan import CheckPlan

    gate = gate_options.Gate.from_options(options.gate_values)
    config = gate.config
    paths, text = options.paths, options.text
    if options.changed_since is not None and not paths and text is None:
        paths = (".",)
    if not paths and text is None:
        raise click.UsageError("give at least one PATH, - for stdin, or --text")
    linters = Linters(
        options.pack or gate_options.config_pack(config) or "base",
        options.kind or config.kind,
        roots=_roots(paths),
        lock=options.lock_pack or config.lock_pack,
        selection=gate.selection,
    )
    gate.check_selectors([linters.load(linters.default_pack).pack])
    only = _changed(options.changed_since, paths)
    sources = Sources(paths, text, options.encoding, only, options.follow_links, bulk=True)
    fail_on = options.fail_on or config.fail_on or "error"
    inputs = Inputs(sources, gate)
    plan = CheckPlan(linters, gate, inputs, options.fmt, options.output, fail_on, options.jobs)
    if options.baseline_file is not None:
        from smslint.report.baseline import Baseline

        plan.baseline = Baseline.load(options.baseline_file)
        plan.baseline_file = options.baseline_file
    if options.fix or options.show_diff:
        from smslint.features.fix import Fixer

        plan.fixer = Fixer(linters.check, options.encoding, write=not options.show_diff)
        plan.diff = options.show_diff
    return plan


def _changed(revision: str | None, paths: tuple[str, ...]) -> set[Path] | None:
    """``--changed-since``: the files that differ from ``revision`` (None: every file)."""
    if revision is None:
        return None
    from smslint.sources.changed import changed_files

    return changed_files(revision, paths=[p for p in paths if p != "-"] or ["."])


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
@gate_options.selection_options
def baseline_create(
    paths: tuple[str, ...],
    pack: str | None,
    kind: str | None,
    encoding: str,
    output: str,
    follow_links: bool,
    **selection: Any,
) -> None:
    """Lint PATHS and record every finding in the baseline file (run from the repository root).

    The rules are chosen as ``check`` chooses them (configuration, --select, --ignore), so the
    baseline holds what ``check`` would report and nothing it never will."""
    from smslint.engine.linter import Linters
    from smslint.report import baseline
    from smslint.run import driver
    from smslint.run.inputs import Inputs, Sources

    gate = gate_options.Gate.from_options(selection)
    config = gate.config
    linters = Linters(
        pack or gate_options.config_pack(config) or "base",
        kind or config.kind,
        _roots(paths),
        config.lock_pack,
        selection=gate.selection,
    )
    gate.check_selectors([linters.load(linters.default_pack).pack])
    inputs = Inputs(Sources(paths, encoding=encoding, follow_links=follow_links), gate)
    items = baseline.entries(driver.results(inputs, linters, inputs.errors))
    for exc in inputs.errors:
        _say(f"smslint: error: {exc}", err=True)
    if inputs.errors:  # a partial baseline would make the unread files' findings "new" later
        raise SystemExit(2)
    baseline.write(output, items)
    _say(f"smslint: baseline {output}: {len(items)} findings in {len(inputs.files)} files recorded")


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
    """The console script and ``python -m smslint``: the process ends with the command."""
    try:
        cli()
    finally:
        # what is alive now dies with the process: the collector's passes at exit would walk
        # it all (a compiled pack alone is 60,000 objects) for no memory anyone will use
        gc.freeze()
