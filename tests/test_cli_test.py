"""`smslint test` end to end: a pack's examples as tests, their verdicts, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smslint.cli import cli

from .conftest import DATA
from .formatpack import write_pack

MINI = str(DATA / "packs" / "mini.yaml")

RULES = """\
rules:
  - id: t.coercion.jail
    kind: lexicon
    category: coercion
    severity: error
    message: "刑事威胁：“{match}”"
    phrases: [坐牢, 拘留]
    examples:
      fail:
        - 再不还款就让你坐牢
        - {text: "小心被拘留", span: "拘留"}
        - 你将被抓走                      # nothing fires
        - 我们将联系你的家人              # another rule fires instead
        - {text: "再不还就坐牢", span: "不还就坐牢"}   # fires, on other words
        - {text: "再不还就坐牢", span: "判刑"}        # the span is not in the text
      pass:
        - 国家人口普查
        - 联系13812345678，否则坐牢      # fires: the mobile stays masked
  - id: t.coercion.family
    kind: lexicon
    category: coercion
    severity: warning
    message: "联系家人：“{match}”"
    phrases: [家人]
    examples:
      fail: [我们将联系你的家人]
      pass: [请按时还款]
  - id: t.coercion.reminder-only
    kind: lexicon
    category: coercion
    severity: warning
    kinds: [reminder]
    message: "催促：“{match}”"
    phrases: [立即]
    examples:
      fail:
        - 请立即还款
        - {text: "请立即处理", kind: overdue}   # linted as overdue, where the rule does not apply
      pass: [请按时还款]
  - id: t.coercion.no-pass
    kind: lexicon
    category: coercion
    severity: info
    message: "最后通牒"
    phrases: [最后通牒]
    examples:
      fail: [这是最后通牒]
  - id: t.coercion.off
    kind: lexicon
    category: coercion
    severity: off
    message: "关掉的规则"
    phrases: [关掉]
    examples:
      fail: [没有关掉]
      pass: [关掉]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pack(tmp_path: Path) -> str:
    return write_pack(tmp_path, RULES, name="t")


def test_examples_that_hold_pass() -> None:
    code, out, _ = run("test", MINI)
    assert code == 0
    assert out.strip().splitlines()[-1] == "16 passed, 0 failed"


def test_failures_say_why(pack: str) -> None:
    code, out, _ = run("test", pack)
    assert code == 1
    assert out.strip().splitlines()[-1] == "8 passed, 7 failed"
    blocks = dict(zip(out.splitlines()[:-1:2], out.splitlines()[1:-1:2], strict=True))

    def why(rule: str, label: str, index: int) -> str:
        head = next(h for h in blocks if f": {rule}: {label} example {index} " in h)
        assert head.startswith(f"{pack}:")
        return blocks[head].strip()

    assert why("t.coercion.jail", "fail", 3) == "did not fire; no coercion rule fired"
    assert (
        why("t.coercion.jail", "fail", 4) == "did not fire; fired instead: t.coercion.family «家人»"
    )
    assert why("t.coercion.jail", "fail", 5) == "fired on «坐牢», not exactly on «不还就坐牢»"
    assert why("t.coercion.jail", "fail", 6) == "span «判刑» is not in the example's text"
    assert why("t.coercion.jail", "pass", 2) == "fired on «坐牢»"
    assert why("t.coercion.reminder-only", "fail", 2) == (
        "did not fire: the rule applies only to reminder"
    )
    assert any(
        ": t.coercion.no-pass" in h and blocks[h].strip().startswith("has no pass") for h in blocks
    )
    assert "13812345678" not in out and "138****5678" in out
    assert "t.coercion.off" not in out


def test_rule_filter_and_json(pack: str) -> None:
    code, out, _ = run("test", pack, "--rule", "t.coercion.family", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["summary"] == {"passed": 2, "failed": 0}
    first = data["results"][0]
    assert {k: first[k] for k in ("rule", "label", "index", "kind", "ok")} == {
        "rule": "t.coercion.family",
        "label": "fail",
        "index": 1,
        "kind": "overdue",
        "ok": True,
    }
    hit = next(f for f in first["findings"] if f["rule"] == "t.coercion.family")
    assert (hit["start"], hit["end"], hit["matched"]) == (7, 9, "家人")


def test_several_packs_add_up(pack: str) -> None:
    code, out, _ = run(
        "test", MINI, pack, "--rule", "mini.format.hurry", "--rule", "t.coercion.family"
    )
    assert code == 0 and out.strip() == "4 passed, 0 failed"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rules: [\n  - id: x\n", "invalid YAML"),
        (RULES.replace('span: "拘留"', "span: 5"), "invalid pack: rules.0.examples.fail.1"),
        (RULES.replace("kind: overdue}", "kind: later}"), "invalid pack: rules.2.examples.fail.1"),
    ],
)
def test_bad_pack_is_one_line_and_exit_2(tmp_path: Path, body: str, message: str) -> None:
    path = write_pack(tmp_path, body, name="bad")
    code, out, err = run("test", path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"{path}:" in err and message in err
    assert "Traceback" not in err


def test_unknown_pack_and_rule_exit_2(pack: str) -> None:
    code, _, err = run("test", "nosuch")
    assert code == 2 and "unknown pack 'nosuch'" in err
    code, _, err = run("test", pack, "--rule", "t.coercion.typo")
    assert code == 2 and "no rule 't.coercion.typo'" in err
    code, _, err = run("test")
    assert code == 2 and "Missing argument" in err
