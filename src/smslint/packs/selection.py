"""Which rules run, at which severity, for which files: ``--select``/``--ignore`` and the
configuration's ``select``, ``ignore``, ``rules`` and ``per-file-ignores``.

A team adopting smslint turns rules on and off the way it does in ruff: by rule id, by id
prefix (``base.coercion``: every rule whose id starts with that dotted prefix) or by category
(``coercion``), ``ALL`` for everything. When several selectors name one rule, the most
specific wins (an id beats a prefix, a longer prefix a shorter one, a prefix a category, a
category ``ALL``), and at equal specificity ``ignore`` wins. So ``--ignore base.coercion
--select base.coercion.criminal-threat`` keeps only that one coercion rule.

A selection is plain data (it travels to ``--jobs`` worker processes) and is applied where a
pack is compiled: a deselected rule becomes ``severity: off``, a rule given a level gets it, so
every report (SARIF's rule list included) describes the rules as they ran.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smslint.core.errors import SmslintError
from smslint.core.model import CATEGORIES, SEVERITIES, Finding
from smslint.privacy.masking import quote

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule

ALL = "ALL"
LEVELS = (*SEVERITIES, "off")


def specificity(selector: str, rule_id: str, category: str) -> int:
    """How specifically ``selector`` names the rule (0: not at all)."""
    if selector == ALL:
        return 1
    if selector == rule_id:
        return 1000
    if selector in CATEGORIES and selector == category:
        return 2
    if rule_id.startswith(selector + "."):
        return 2 + selector.count(".") + 1
    return 0


def _best(selectors: Iterable[str], rule_id: str, category: str) -> int:
    return max((specificity(s, rule_id, category) for s in selectors), default=0)


@dataclass(frozen=True)
class Selection:
    """The rules a run enables and their levels; ``root`` is the folder per-file globs are
    relative to (the configuration file's)."""

    select: tuple[str, ...] = (ALL,)
    ignore: tuple[str, ...] = ()
    levels: tuple[tuple[str, str], ...] = ()  # (selector, severity), from `rules:`
    per_file: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    root: str = "."
    _files: dict[str, tuple[str, ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def enabled(self, rule_id: str, category: str) -> bool:
        chosen = _best(self.select, rule_id, category)
        return chosen > 0 and chosen > _best(self.ignore, rule_id, category)

    def level(self, rule_id: str, category: str, default: str) -> str:
        """The severity ``rules:`` gives the rule (most specific entry), else ``default``."""
        best, level = 0, default
        for selector, severity in self.levels:
            score = specificity(selector, rule_id, category)
            if score > best:
                best, level = score, severity
        return level

    @property
    def trivial(self) -> bool:
        return self.select == (ALL,) and not (self.ignore or self.levels or self.per_file)

    def apply(self, pack: Pack) -> Pack:
        """``pack`` with its rules switched off or re-levelled as selected (a copy: the
        compiled pack is cached and shared)."""
        if self.select == (ALL,) and not (self.ignore or self.levels):
            return pack
        rules = [self._rule(rule) for rule in pack.rules]
        return dataclasses.replace(pack, rules=rules)

    def _rule(self, rule: Rule) -> Rule:
        if rule.severity == "off":
            return rule
        if not self.enabled(rule.id, rule.category):
            return dataclasses.replace(rule, severity="off")
        level = self.level(rule.id, rule.category, rule.severity)
        return rule if level == rule.severity else dataclasses.replace(rule, severity=level)

    def file_ignores(self, file: str) -> tuple[str, ...]:
        """The selectors ``per-file-ignores`` gives ``file`` (a path as reported)."""
        if not self.per_file or file == "-":
            return ()
        found = self._files.get(file)
        if found is None:
            path = Path(file).resolve()
            try:
                rel = path.relative_to(Path(self.root).resolve()).as_posix()
            except ValueError:
                rel = path.as_posix()
            found = tuple(
                s
                for glob, selectors in self.per_file
                if fnmatchcase(rel, glob) or fnmatchcase(path.name, glob)
                for s in selectors
            )
            self._files[file] = found
        return found

    def keep(self, file: str, findings: list[Finding]) -> list[Finding]:
        """``findings`` without those the selection drops for ``file``: built-in rules
        (``smslint.suppression.*``) that are not selected, and ``per-file-ignores``."""
        ignored = self.file_ignores(file)
        kept = []
        for finding in findings:
            rule, category = finding.rule, finding.category
            if ignored and _best(ignored, rule, category) > 0:
                continue
            if rule.startswith("smslint.") and not self.enabled(rule, category):
                continue
            if rule.startswith("smslint.") and self.levels:
                finding.severity = self.level(rule, category, finding.severity)
                if finding.severity == "off":
                    continue
            kept.append(finding)
        return kept


def _selectors(value: Any, what: str, file: str | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise SmslintError(f"{what} must be a list of rule ids, id prefixes or categories", file)
    return tuple(v.strip() for v in value)


def _levels(value: Any, file: str | None) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise SmslintError("'rules' must map rule ids to {severity: …}", file)
    out = []
    for selector, setting in value.items():
        severity = setting.get("severity") if isinstance(setting, Mapping) else setting
        if not isinstance(selector, str) or severity not in LEVELS:
            raise SmslintError(
                f"rules: {quote(selector)} needs severity: {', '.join(LEVELS)}", file
            )
        if isinstance(setting, Mapping) and set(setting) - {"severity"}:
            extra = ", ".join(sorted(map(str, set(setting) - {"severity"})))
            raise SmslintError(f"rules: {quote(selector)}: unknown key(s) {extra}", file)
        out.append((selector, str(severity)))
    return tuple(out)


def _per_file(value: Any, file: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, Mapping):
        raise SmslintError("'per-file-ignores' must map globs to lists of rules", file)
    return tuple(
        (str(glob), _selectors(selectors, f"per-file-ignores {quote(glob)}", file))
        for glob, selectors in value.items()
    )


def build(
    config: Mapping[str, Any],
    root: str,
    file: str | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> Selection:
    """The run's selection: the configuration's keys, then the command line's options
    (``--select`` replaces the configured ``select``; ``--ignore`` and ``--extend-select``
    add to what is configured)."""
    chosen = _selectors(config["select"], "'select'", file) if "select" in config else (ALL,)
    cli_select = _split(select)
    if cli_select:
        chosen = cli_select
    chosen += _selectors(config.get("extend-select", []), "'extend-select'", file)
    chosen += _split(extend_select)
    ignored = _selectors(config.get("ignore", []), "'ignore'", file) + _split(ignore)
    levels = _levels(config.get("rules", {}), file)
    per_file = _per_file(config.get("per-file-ignores", {}), file)
    return Selection(chosen, ignored, levels, per_file, root)


def _split(values: Iterable[str]) -> tuple[str, ...]:
    """Selectors from repeated options, each possibly a comma-separated list (ruff's style)."""
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


def check_known(selection: Selection, packs: Iterable[Pack], extra: Iterable[str]) -> None:
    """Refuse a selector that names nothing: a typo in ``--ignore`` would silently keep the
    rule it meant to drop, and one in ``--select`` would silently run nothing."""
    ids = [rule.id for pack in packs for rule in pack.rules] + list(extra)
    selectors = [
        *selection.select,
        *selection.ignore,
        *(s for s, _ in selection.levels),
        *(s for _, group in selection.per_file for s in group),
    ]
    for selector in selectors:
        if selector == ALL or selector in CATEGORIES:
            continue
        if not any(rule == selector or rule.startswith(selector + ".") for rule in ids):
            raise SmslintError(
                f"unknown rule selector {quote(selector)} (a rule id, an id prefix such as "
                f"base.coercion, a category such as coercion, or ALL)"
            )
