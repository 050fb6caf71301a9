"""Rule kinds: code that a rule in a pack names with ``kind:``.

Each kind is a small module with a :class:`Check` subclass, listed once in :data:`KINDS`. The
class compiles one rule's options once (errors name the pack file and line) and then checks
documents. Rules are data; these kinds are the only code.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar

from smslint.core.errors import SmslintError
from smslint.core.model import Finding

if TYPE_CHECKING:
    from smslint.engine.document import Document
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext

# Every rule kind, as "module:Class" (a module of this package when it starts with a dot).
# This is the one registration a kind needs: the class's ``name`` is what ``kind:`` says. A
# module is imported only when a pack is compiled, so start-up pays for no kind it never uses.
KINDS: tuple[str, ...] = (
    ".lexicon:Lexicon",
    ".frame:FrameRule",
    ".regex:Regex",
    ".required:Required",
    ".length:LengthCheck",
    ".personal_data:PersonalData",
    ".placeholder_syntax:Placeholders",
    ".placeholder_spelling:PlaceholderSpelling",
    ".signature:Signature",
    ".links:Links",
    ".institution:Institution",
    ".timing:Timing",
    ".inserted:InsertedCharacters",
)


class Check:
    """Base class of a rule kind: ``options`` lists the keys a rule of this kind may carry.

    ``__init__`` compiles one rule and registers what the prefilter should look for (words,
    patterns, frames) through ``ctx``; at run time ``doc.candidates`` answers for them.
    """

    name: ClassVar[str]
    options: ClassVar[dict[str, type | tuple[type, ...]]] = {}
    required_options: ClassVar[tuple[str, ...]] = ()
    # runs after the other kinds on a document (it reads what they recorded on it)
    last: ClassVar[bool] = False

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        self.rule = rule
        self.pack = pack
        self._validate_options()

    def error(self, message: str, option: str | None = None) -> SmslintError:
        line = self.rule.option_lines.get(option, self.rule.line) if option else self.rule.line
        return SmslintError(f"rule {self.rule.id}: {message}", self.rule.file, line)

    def choice(self, option: str, allowed: Collection[str]) -> str:
        """An option whose value must be one of ``allowed`` (kinds with several sub-checks)."""
        value = self.rule.options[option]
        if value not in allowed:
            raise self.error(f"{option} must be one of {', '.join(allowed)}", option)
        return value

    def _validate_options(self) -> None:
        for key, value in self.rule.options.items():
            if key not in self.options:
                allowed = ", ".join(sorted(self.options)) or "none"
                raise self.error(
                    f"unknown option {key!r} for kind {self.name!r} (allowed: {allowed})", key
                )
            if not isinstance(value, self.options[key]):
                raise self.error(f"option {key!r} has the wrong type", key)
        for key in self.required_options:
            if key not in self.rule.options:
                raise self.error(f"kind {self.name!r} needs option {key!r}")

    def finding(self, start: int, end: int, message: str | None = None, **extra: Any) -> Finding:
        rule = self.rule
        # positional: a bulk run makes a finding or two per message
        found = Finding(
            rule.id,
            rule.category,
            rule.severity,
            message or rule.message,
            start,
            end,
            rule.basis,
            rule.suggestion,
        )
        for name, value in extra.items():
            setattr(found, name, value)
        return found

    def check(self, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def batch(cls, checks: list[Check]) -> Callable[[Document], Iterable[Finding]]:
        """A function that runs ``checks`` (rules of this kind) on a document.

        A kind whose rules can share work overrides this, e.g. one scan of the text that tells
        which of its rules can fire at all: in bulk runs nearly every message fires none.
        """

        def run(doc: Document) -> list[Finding]:
            found: list[Finding] = []
            for check in checks:
                found.extend(check.check(doc))
            return found

        return run


def kinds() -> dict[str, type[Check]]:
    """All rule kinds of :data:`KINDS`, by name."""
    return _load(KINDS)


@cache
def _load(entries: tuple[str, ...]) -> dict[str, type[Check]]:
    found: dict[str, type[Check]] = {}
    for entry in entries:
        module, _, name = entry.partition(":")
        cls = getattr(import_module(module, __name__), name)
        if not (isinstance(cls, type) and issubclass(cls, Check)):
            raise TypeError(f"{entry} in smslint.engine.checks.KINDS is not a Check subclass")
        if cls.name in found:
            raise TypeError(f"{entry}: a second rule kind named {cls.name!r}")
        found[cls.name] = cls
    return found


def compile_rule(rule: Rule, pack: Pack, ctx: CompileContext) -> Check:
    registry = kinds()
    if rule.kind not in registry:
        known = ", ".join(sorted(registry))
        raise SmslintError(
            f"rule {rule.id}: unknown rule kind {rule.kind!r} (known: {known})",
            rule.file,
            rule.line,
        )
    return registry[rule.kind](rule, pack, ctx)


Step = Callable[["Document"], Iterable[Finding]]  # the rules of one kind, run on a document
Plan = list[Step]


def plan(checks: Iterable[Check], kind: str | None) -> Plan:
    """The rules that apply to notices of ``kind``, grouped by rule kind, ready to run."""
    groups: dict[type[Check], list[Check]] = {}
    for check in checks:
        if check.rule.applies_to(kind):
            groups.setdefault(type(check), []).append(check)
    ordered = sorted(groups.items(), key=lambda item: item[0].last)
    return [cls.batch(group) for cls, group in ordered]
