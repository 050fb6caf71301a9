"""The dev-set measuring script: its split by source, its figures and its input handling."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import DATA, ROOT

SCRIPT = ROOT / "benchmarks" / "measure_real_quotes.py"
DEV_SET = ROOT.parent / "shared" / "data" / "real-quotes-dev.jsonl"
MINI = str(DATA / "packs" / "mini.yaml")


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("measure_real_quotes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


measure = _load()


def _items(n: int) -> list[dict]:
    """Items from n // 3 made-up sources, up to three items each."""
    return [{"id": f"x{i}", "source": f"https://example.org/page/{i // 3}"} for i in range(n)]


def test_split_covers_every_item_once_and_keeps_sources_together() -> None:
    items = _items(90)
    halves = measure.split(items)
    assert set(halves) == {"study", "measure"}
    ids = [item["id"] for half in halves.values() for item in half]
    assert sorted(ids) == sorted(item["id"] for item in items)
    sources = [{item["source"] for item in half} for half in halves.values()]
    assert sources[0].isdisjoint(sources[1])
    assert all(halves.values()), "30 sources all in one half: the hash is not mixing"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=30), st.randoms(use_true_random=False))
def test_split_of_any_sources(sources: list[str], rng: random.Random) -> None:
    items = [{"id": i, "source": source} for i, source in enumerate(sources)]
    halves = measure.split(items)
    assert sorted(i["id"] for half in halves.values() for i in half) == list(range(len(items)))
    study = {i["source"] for i in halves["study"]}
    assert study.isdisjoint(i["source"] for i in halves["measure"])
    rng.shuffle(items)
    assert {i["source"] for i in measure.split(items)["study"]} == study


def test_split_is_deterministic_and_independent_of_order() -> None:
    items = _items(60)
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    first = {k: sorted(i["id"] for i in v) for k, v in measure.split(items).items()}
    again = {k: sorted(i["id"] for i in v) for k, v in measure.split(shuffled).items()}
    assert first == again


def test_split_is_pinned() -> None:
    """The halves must never move: a changed salt or hash would mix studied and measured items."""
    assert measure.SPLIT_SALT == "smslint-1"
    assert measure.half_of("https://example.org/page/0") == "study"
    assert measure.half_of("https://example.org/page/4") == "measure"
    assert measure.half_of("https://example.org/page/6") == "study"
    assert measure.half_of("https://example.org/page/6", salt="") == "measure"


@pytest.mark.skipif(not DEV_SET.is_file(), reason="real-quotes-dev.jsonl is not beside the repo")
def test_dev_set_halves_are_pinned() -> None:
    halves = measure.split(measure.read_items(DEV_SET))
    sizes = {name: len(items) for name, items in halves.items()}
    coercive = {name: sum(i["coercive"] for i in items) for name, items in halves.items()}
    assert sizes == {"study": 86, "measure": 88}
    assert coercive == {"study": 30, "measure": 25}


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "dev.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _row(i: int, text: str, coercive: bool, source: str, subtypes: list[str]) -> dict:
    return {
        "id": f"t{i}",
        "text": text,
        "source": source,
        "coercive": coercive,
        "subtypes": subtypes,
        "kind": "overdue",
        "provenance": "article_example",
    }


def test_figures_and_errors_of_the_study_half_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study = "https://example.org/page/0"
    measured = "https://example.org/page/4"
    rows = [
        _row(1, "再不还款就让你坐牢", True, study, ["detention_police"]),
        _row(2, "请按时还款，谢谢", True, study, ["veiled_threat"]),  # a miss
        _row(3, "国家人口普查通知", False, study, []),
        _row(4, "将联系你的家人", True, measured, ["third_party"]),
        _row(5, "我们会上门拜访您", False, measured, []),  # a false alarm, not shown
    ]
    code = measure.main(["--data", str(_write(tmp_path, rows)), "--pack", MINI, "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["overall"]["tp"], data["overall"]["fn"], data["overall"]["fp"]) == (2, 1, 1)
    assert data["halves"]["study"]["recall"] == 0.5
    assert data["halves"]["measure"]["precision"] == 0.5
    assert data["subtypes"]["third_party"] == {"coercive": 1, "caught": 1, "recall": 1.0}
    assert [e["id"] for e in data["errors"]] == ["t2"]
    code = measure.main(["--data", str(tmp_path / "dev.jsonl"), "--pack", MINI, "--show-measure"])
    out = capsys.readouterr().out
    assert "t5 [measure] false alarm" in out and "mini.coercion.jail «上门»" in out


def test_figures_by_style_when_items_carry_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study = "https://example.org/page/0"
    rows = [
        {**_row(1, "再不还款就让你坐牢", True, study, ["detention_police"]), "style": "close"},
        {
            **_row(2, "不还钱就请你去吃牢饭", True, study, ["detention_police"]),
            "style": "other_words",
        },
        {**_row(3, "请按时还款，谢谢", False, study, []), "style": "lawful"},
    ]
    path = _write(tmp_path, rows)
    assert measure.main(["--data", str(path), "--pack", MINI, "--half", "study", "--json"]) == 0
    styles = json.loads(capsys.readouterr().out)["styles"]
    assert (styles["close"]["tp"], styles["other_words"]["fn"]) == (1, 1)
    assert styles["lawful"]["fp"] == 0
    assert measure.main(["--data", str(path), "--pack", MINI, "--half", "study"]) == 0
    assert "== by style (study)\nclose " in capsys.readouterr().out
    plain = _write(tmp_path, [_row(1, "再不还款就让你坐牢", True, study, ["detention_police"])])
    assert measure.main(["--data", str(plain), "--pack", MINI]) == 0
    assert "by style" not in capsys.readouterr().out


def test_absent_file_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert measure.main(["--data", str(tmp_path / "none.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped: file absent")


def test_bad_line_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text('{"id": "a"}\n', encoding="utf-8")
    assert measure.main(["--data", str(path)]) == 2
    assert f"{path}:1: missing field(s)" in capsys.readouterr().err
