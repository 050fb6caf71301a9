"""The conventions a CI gate and a pre-commit hook expect of a linter, as ruff and yamllint
have them: which configuration applies (``--config``, ``--isolated``), which rules run
(``--select``/``--ignore``/``--extend-select``), which files are linted (globs relative to the
configuration file, excluded files skipped even when named), and how quiet the run is.

``check`` takes these options through :func:`options` and builds a :class:`Gate` from them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, TextIO

import click

from smslint.core.errors import SmslintError
from smslint.packs.selection import Selection, build, check_known
from smslint.privacy.masking import quote
from smslint.run.config import Config, _from_mapping, _pyproject_section, _read_yaml, find_config

COLOR = ("auto", "always", "never")


def selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that choose the rules and the configuration: ``check``'s, and those of
    ``baseline create``, which must record what ``check`` would report."""
    return _apply(
        command,
        [
            click.option(
                "--select",
                multiple=True,
                metavar="RULES",
                help="Run only these rules: ids, id prefixes (base.coercion), categories "
                "(coercion) or ALL; comma-separated or repeated. Replaces the configured select.",
            ),
            click.option(
                "--ignore",
                multiple=True,
                metavar="RULES",
                help="Do not run these rules (ids, id prefixes, categories); adds to the "
                "configured.",
            ),
            click.option(
                "--extend-select",
                multiple=True,
                metavar="RULES",
                help="Run these rules too, on top of the selected ones.",
            ),
            click.option(
                "--config",
                "config_file",
                type=click.Path(dir_okay=False),
                help="Use this configuration file (.smslint.yaml or pyproject.toml), not the "
                "nearest one.",
            ),
            click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        ],
    )


def options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The gate's options of ``check``, gathered into its ``gate`` keyword arguments."""
    decorators = [
        click.option(
            "--no-force-exclude",
            "no_force_exclude",
            is_flag=True,
            help="Lint files named on the command line even when the configuration's "
            "include/exclude leave them out.",
        ),
        click.option(
            "--quiet",
            "-q",
            is_flag=True,
            help="Print findings and errors only: no summary line, no notes on stderr.",
        ),
        click.option(
            "--statistics",
            is_flag=True,
            help="Print the number of findings per rule, most frequent first, instead of the "
            "report (which still goes to --output).",
        ),
        click.option(
            "--color",
            type=click.Choice(COLOR),
            default="auto",
            show_default=True,
            help="Colour the text report (auto: on a terminal, unless NO_COLOR is set; "
            "FORCE_COLOR forces it).",
        ),
        click.option(
            "--stdin-filename",
            metavar="NAME",
            help="Read stdin (-) as a file of this name: its extension picks the reader "
            "(log.jsonl reads a log) and reports and per-file-ignores use the name.",
        ),
    ]
    return selection_options(_apply(command, decorators))


def _apply(command: Callable[..., Any], decorators: list[Any]) -> Callable[..., Any]:
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


NAMES = (
    "select",
    "ignore",
    "extend_select",
    "config_file",
    "isolated",
    "no_force_exclude",
    "quiet",
    "statistics",
    "color",
    "stdin_filename",
)


def load_config(file: str) -> Config:
    """The configuration of ``file`` given by ``--config``: a ``.smslint.yaml``-style file,
    or a ``pyproject.toml`` whose ``[tool.smslint]`` is read."""
    path = Path(file)
    if not path.is_file():
        raise SmslintError("configuration file not found", file)
    if path.name == "pyproject.toml":
        section = _pyproject_section(path)
        if section is None:
            raise SmslintError("no [tool.smslint] section", file)
        return _from_mapping(section, str(path))
    return _read_yaml(path)


def config_pack(config: Config) -> str | None:
    """The configuration's pack: a shipped name as it is, a file relative to the
    configuration's folder (``pack: mypack.yaml``), checked here so the error names the
    configuration file rather than the working folder."""
    pack = config.pack
    if pack is None or config.file is None:
        return pack
    if "/" not in pack and "\\" not in pack and not pack.endswith((".yaml", ".yml")):
        return pack
    path = Path(pack)
    if not path.is_absolute():
        path = config.root / path
    if not path.is_file():
        message = f"pack file not found: {quote(pack)} (relative to this file's folder)"
        raise SmslintError(message, config.file)
    return str(path)


def _relative(path: Path, root: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatchcase(rel, p) or fnmatchcase(name, p) for p in patterns)


def _excluded_folder(rel: str, patterns: list[str]) -> bool:
    """True when a folder above the file (relative to the root) matches an exclude glob."""
    parts = rel.split("/")[:-1]
    return any(_matches("/".join(parts[: i + 1]), patterns) for i in range(len(parts)))


@dataclass
class Gate:
    """The run's configuration, selection and output conventions, from ``check``'s options."""

    config: Config
    selection: Selection
    force_exclude: bool = True
    quiet: bool = False
    statistics: bool = False
    color: str = "auto"
    stdin_filename: str | None = None
    skipped: list[str] = field(default_factory=list)  # named files the configuration excludes

    @classmethod
    def from_options(cls, values: dict[str, Any]) -> Gate:
        if values["isolated"]:
            config = Config()
        elif values["config_file"]:
            config = load_config(values["config_file"])
        else:
            config = find_config()
        selection = build(
            config.selection,
            str(config.root),
            config.file,
            values["select"],
            values["ignore"],
            values["extend_select"],
        )
        return cls(
            config=config,
            selection=selection,
            force_exclude=not values.get("no_force_exclude", False),
            quiet=values.get("quiet", False),
            statistics=values.get("statistics", False),
            color=values.get("color", "auto"),
            stdin_filename=values.get("stdin_filename"),
        )

    def excluded(self, path: Path) -> bool:
        """Whether the configuration's include/exclude leave ``path`` out; globs are relative
        to the configuration file's folder, like ruff's and yamllint's."""
        config = self.config
        if not (config.include or config.exclude):
            return False
        rel = _relative(path, config.root.resolve())
        exclude = config.exclude
        if exclude and (_matches(rel, exclude) or _excluded_folder(rel, exclude)):
            return True
        return bool(config.include) and not _matches(rel, config.include)

    def files(
        self, paths: Iterable[str], errors: list[SmslintError], follow_links: bool = False
    ) -> list[Path]:
        """The template files the run lints. A folder holding none (after the globs) is an
        error, as is a missing path; a file named explicitly that the configuration excludes
        is skipped quietly (the pre-commit case), unless --no-force-exclude. The walk's own
        guards (links out of the tree, FIFOs, undecodable names) apply to both."""
        from smslint.sources import iter_files

        found: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                before = len(errors)
                under = [
                    p
                    for p in iter_files([path], follow_links=follow_links, errors=errors)
                    if not self.excluded(p)
                ]
                if not under and len(errors) == before:
                    where = f" (include/exclude of {self.config.file})" if self._globs else ""
                    errors.append(SmslintError(f"no template file in this folder{where}", raw))
                found += under
            elif path.exists() or path.is_symlink():
                if self.force_exclude and self.excluded(path):
                    self.skipped.append(raw)
                    continue
                found += iter_files([path], follow_links=follow_links, errors=errors)
            else:
                errors.append(SmslintError("no such file or folder", file=raw))
        return found

    @property
    def _globs(self) -> bool:
        return bool(self.config.include or self.config.exclude)

    def stdin(self, data: bytes, encoding: str) -> Iterator[Any]:
        """Templates of stdin read as a file named ``--stdin-filename``: the reader its
        extension picks, and the name in reports and for per-file-ignores."""
        import tempfile

        from smslint.sources import read_path

        name = self.stdin_filename or "-"
        suffix = Path(name).suffix
        with tempfile.TemporaryDirectory(prefix="smslint-stdin-") as folder:
            path = Path(folder) / f"stdin{suffix}"
            path.write_bytes(data)
            try:
                for template in read_path(path, encoding=encoding):
                    template.file = name
                    yield template
            except SmslintError as exc:
                exc.file = name
                raise

    def writer(self, fmt: str, stream: TextIO, to_file: bool, **options: Any) -> Any:
        """The report writer of ``fmt``; with --statistics, the statistics in its place, or
        on stdout beside it when the report goes to --output."""
        from smslint.report import writer
        from smslint.report.statistics import StatisticsWriter

        options.update(quiet=self.quiet, color=not to_file and self.use_color(stream))
        if not self.statistics:
            return writer(fmt, stream, **options)
        if to_file:
            return StatisticsWriter(sys.stdout, writer(fmt, stream, **options), quiet=self.quiet)
        return StatisticsWriter(stream, quiet=self.quiet)

    def use_color(self, stream: TextIO) -> bool:
        """``--color``: always, never, or auto (a terminal, unless NO_COLOR is set; a set
        FORCE_COLOR turns it on where the output is piped, as in CI logs)."""
        if self.color != "auto":
            return self.color == "always"
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
            return True
        return bool(getattr(stream, "isatty", lambda: False)())

    def check_selectors(self, packs: Iterable[Any]) -> None:
        """Refuse a selector naming no rule of the packs loaded, the shipped ones or
        smslint's own."""
        from smslint.engine import packcache
        from smslint.engine.suppressions import RULES as BUILT_IN_RULES
        from smslint.packs.pack import shipped_names

        if self.selection.trivial:
            return
        shipped = [packcache.load(name).pack for name in shipped_names()]
        check_known(self.selection, [*packs, *shipped], BUILT_IN_RULES)

    def note(self, message: str) -> None:
        """An informational line on stderr, which --quiet drops; masked and with control
        characters shown as escapes, like every report."""
        if not self.quiet:
            from smslint.privacy.masking import redact, visible

            click.echo(visible(redact(message)), err=True)
