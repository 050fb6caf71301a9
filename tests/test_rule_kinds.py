"""The rule kind registry: a kind is one module plus one line of ``smslint.engine.checks.KINDS``.

``Repeat`` below is such a module's class, written as the README's "Adding a rule kind" says;
the tests add its line to the registry and run a pack that uses it, end to end."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import smslint.engine.checks
from smslint.cli import cli
from smslint.core.errors import SmslintError
from smslint.core.model import Finding
from smslint.engine import checks
from smslint.engine.checks import Check
from smslint.engine.document import Document
from smslint.engine.linter import Linter

from .formatpack import write_pack


class Repeat(Check):
    """A toy kind: a character written ``times`` times or more in a row."""

    name = "toy-repeat"
    options = {"times": int}
    required_options = ("times",)

    def __init__(self, rule, pack, shared) -> None:  # type: ignore[no-untyped-def]
        super().__init__(rule, pack, shared)
        times = self.rule.options["times"]
        if times < 2:
            raise self.error("times must be 2 or more", "times")
        self.run = re.compile(rf"(.)\1{{{times - 1},}}")

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in self.run.finditer(doc.text):
            yield self.finding(m.start(), m.end())


LINE = f"{__name__}:Repeat"  # the one registry line the toy kind needs

PACK = """rules:
  - id: toy.format.repeat
    kind: toy-repeat
    category: format
    severity: warning
    message: 同一字符连写
    times: 3
    examples:
      fail: ["请尽快还款！！！"]
      pass: ["请尽快还款！"]
"""


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "KINDS", (*checks.KINDS, LINE))


def test_a_kind_missing_from_the_registry_is_unknown(tmp_path: Path) -> None:
    with pytest.raises(SmslintError, match="unknown rule kind 'toy-repeat'"):
        Linter(write_pack(tmp_path, PACK, name="toy"))


@pytest.mark.usefixtures("registered")
def test_one_registry_line_adds_a_kind(tmp_path: Path) -> None:
    linter = Linter(write_pack(tmp_path, PACK, name="toy"))
    found = linter.lint("请尽快还款！！！谢谢", "overdue")
    assert [(f.rule, f.start, f.end) for f in found] == [("toy.format.repeat", 5, 8)]
    assert linter.lint("请尽快还款！谢谢", "overdue") == []


@pytest.mark.usefixtures("registered")
def test_the_new_kind_runs_through_the_cli_and_its_examples(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, PACK, name="toy")
    run = CliRunner().invoke(cli, ["check", "--text", "好好好", "--pack", pack, "-f", "json"])
    assert run.exit_code == 0, run.stderr  # a warning does not fail the run
    (finding,) = json.loads(run.stdout)["findings"]
    assert finding["rule"] == "toy.format.repeat"
    assert CliRunner().invoke(cli, ["test", pack]).exit_code == 0


@pytest.mark.usefixtures("registered")
def test_a_kind_checks_its_own_options(tmp_path: Path) -> None:
    with pytest.raises(SmslintError, match="times must be 2 or more"):
        Linter(write_pack(tmp_path, PACK.replace("times: 3", "times: 1"), name="toy"))


def test_every_kind_module_of_the_package_is_registered() -> None:
    """A kind module whose line was forgotten would be dead code that packs cannot name."""
    registered = set(checks.kinds().values())
    for info in pkgutil.iter_modules(smslint.engine.checks.__path__):
        module = importlib.import_module(f"smslint.engine.checks.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Check)
                and value is not Check
                and value.__module__ == module.__name__
            ):
                assert value in registered, f"{value.__name__} is not in checks.KINDS"


def test_a_registry_line_must_name_a_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "KINDS", (*checks.KINDS, f"{__name__}:PACK"))
    with pytest.raises(TypeError, match="not a Check subclass"):
        checks.kinds()
