"""The compile cache: same pack as loading the files, invalidated by any change to them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from smslint import packcache
from smslint.errors import SmslintError
from smslint.linter import Linter
from smslint.packs import load_pack

from .conftest import DATA

PARENT = """\
name: parent
rules:
  - id: p.hurry
    kind: lexicon
    category: coercion
    severity: warning
    message: "催促：{match}"
    phrases: [立即还款]
"""
CHILD = """\
name: child
extends: ./parent.yaml
rules:
  - id: c.threat
    kind: lexicon
    category: coercion
    severity: error
    message: "威胁：{match}"
    phrases: [坐牢]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(folder))
    return folder / "packs"


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "parent.yaml").write_text(PARENT, encoding="utf-8")
    (folder / "child.yaml").write_text(CHILD, encoding="utf-8")
    return folder / "child.yaml"


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every load from the files (a cache miss)."""
    calls: list[str] = []

    def counting(ref: str):  # type: ignore[no-untyped-def]
        calls.append(ref)
        return load_pack(ref)

    monkeypatch.setattr(packcache, "load_pack", counting)
    return calls


def test_a_second_load_comes_from_the_cache(
    cache: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _loads(monkeypatch)
    first = packcache.load(str(packs))
    second = packcache.load(str(packs))
    assert calls == [str(packs)]
    assert second.pack == first.pack == packcache._plain(load_pack(str(packs)))
    assert [p.name for p in cache.glob("pack-*.pickle")]


def test_the_cached_pack_lints_like_a_loaded_one(
    cache: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "请立即还款，否则让你坐牢"
    fresh = Linter(load_pack(str(packs))).lint(text)
    Linter(str(packs))  # fills the cache, automaton included
    calls = _loads(monkeypatch)
    cached = Linter(str(packs))
    assert calls == []
    assert cached.shared.phrases._automaton is not None  # taken from the cache, not rebuilt
    assert cached.lint(text) == fresh
    assert {f.rule for f in fresh} >= {"p.hurry", "c.threat"}


@pytest.mark.parametrize("changed", ["child.yaml", "parent.yaml"])
def test_editing_the_pack_or_its_parent_invalidates(
    cache: Path, packs: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    Linter(str(packs))
    calls = _loads(monkeypatch)
    target = packs.parent / changed
    target.write_text(
        target.read_text(encoding="utf-8")
        .replace("坐牢", "坐牢, 拘留")
        .replace("立即还款", "立即还款, 马上还款"),
        encoding="utf-8",
    )
    linter = Linter(str(packs))
    assert calls == [str(packs)]
    assert linter.lint("马上还款，否则拘留") != []


def test_a_corrupt_cache_is_ignored_and_rebuilt(
    cache: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packcache.load(str(packs))
    for entry in cache.glob("pack-*.pickle"):
        entry.write_bytes(b"\x80\x05garbage")
    calls = _loads(monkeypatch)
    assert packcache.load(str(packs)).pack.name == "child"
    assert calls == [str(packs)]
    calls.clear()
    packcache.load(str(packs))
    assert calls == []  # rebuilt on the miss


def test_an_unwritable_cache_still_loads(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(OSError):
        (blocker / "cache").mkdir()
    monkeypatch.setattr(packcache, "folder", lambda: blocker / "cache" / "packs")
    assert Linter(str(packs)).lint("让你坐牢")


def test_a_bad_pack_is_never_cached(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nrules:\n  - id: x\n    kind: lexicon\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SmslintError, match=r"bad\.yaml:\d+: "):
            packcache.load(str(bad))
    assert not list(cache.glob("pack-*.pickle"))


def test_a_cache_hit_does_not_import_yaml_or_jsonschema(tmp_path: Path) -> None:
    env = {**os.environ, "SMSLINT_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys; from smslint.linter import Linter; Linter('base'); "
        "print(sorted(m for m in ('yaml', 'jsonschema') if m in sys.modules))"
    )
    run = [sys.executable, "-c", script]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "['jsonschema', 'yaml']"
    assert second.stdout.strip() == "[]"


def test_shipped_pack_through_the_cache_matches_the_files(cache: Path) -> None:
    assert packcache.load("base").pack == packcache._plain(load_pack("base"))
    assert packcache.load(str(DATA / "packs" / "mini.yaml")).pack.name
