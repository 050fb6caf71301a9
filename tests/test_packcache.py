"""The compile cache: same pack as loading the files, invalidated by any change to them."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import jieba
import pytest
from click.testing import CliRunner

from smslint.cli import cli
from smslint.core import store
from smslint.core.errors import SmslintError
from smslint.engine import packcache
from smslint.engine.linter import Linter
from smslint.packs.pack import load_pack
from smslint.text import tokenize

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
    return folder


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
    assert cached.prefilter.phrases._automaton is not None  # taken from the cache, not rebuilt
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
    assert store.folder() is None
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
        "import sys; from smslint.engine.linter import Linter; Linter('base'); "
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


# --- another local user: a cache folder and files the victim does not own -----------------

OTHER_UID = 65534  # nobody


class _Payload:
    """A pickle whose load makes the folder ``marker``: proof that a planted file was run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.mkdir, (str(self.marker),))


POISONED_WORDS = ({"坐": 1, "牢": 1}, 2)  # a jieba prefix dictionary that cuts 坐牢 apart


def _plant(folder: Path, marker: Path) -> None:
    """What a second user leaves in a cache folder of theirs: every pack entry a pickle that
    runs code. The folder's own key is theirs too, so the entries are sealed with it where
    the cache seals entries."""
    key_file = next(folder.rglob("key"), None)
    for path in folder.rglob("pack-*"):
        payload = pickle.dumps(_Payload(marker))
        if key_file is not None and hasattr(store, "_mac"):
            mac = store._mac(key_file.read_bytes(), path.name, payload)
            payload = store.MAGIC + mac + payload
        path.write_bytes(payload)


def _give_away(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, OTHER_UID, OTHER_UID, follow_symlinks=False)


def _check(template: Path, pack: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(template), "--pack", str(pack)])
    return result.exit_code, result.output


@pytest.fixture
def victim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A template to check, as a user whose home has no usable ~/.cache."""
    if os.geteuid() != 0:
        pytest.skip("handing files to another user needs root")
    template = tmp_path / "t.txt"
    template.write_text("再不还款就让你坐牢\n", encoding="utf-8")
    blocker = tmp_path / "home"
    blocker.write_text("", encoding="utf-8")  # HOME is a file: ~/.cache cannot be made
    monkeypatch.setenv("HOME", str(blocker))
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / ".cache"))
    return template


def test_a_planted_cache_in_the_shared_temporary_folder_is_never_loaded(
    tmp_path: Path, packs: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    planted = shared / "smslint-cache"
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(planted))
    packcache.load(str(packs))  # the other user fills it with the pack the victim uses
    marker = tmp_path / "payload-ran"
    _plant(planted, marker)
    _give_away(planted)
    monkeypatch.delenv("SMSLINT_CACHE_DIR")
    monkeypatch.setenv("TMPDIR", str(shared))
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    code, out = _check(victim, packs)
    assert not marker.exists()
    assert code == 1 and "c.threat" in out and "p.hurry" not in out
    assert store.folder() is None  # no usable cache: the run goes on without one


def test_a_cache_folder_another_user_owns_is_never_loaded(
    tmp_path: Path, packs: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = tmp_path / "theirs"
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(theirs / "smslint"))
    packcache.load(str(packs))
    marker = tmp_path / "payload-ran"
    _plant(theirs, marker)
    _give_away(theirs)
    monkeypatch.delenv("SMSLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(theirs))
    code, out = _check(victim, packs)
    assert not marker.exists()
    assert code == 1 and "c.threat" in out
    calls = _loads(monkeypatch)
    packcache.load(str(packs))
    assert calls == [str(packs)]  # every run loads from the files


def test_a_jieba_dictionary_another_user_owns_is_never_loaded(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = tmp_path / "theirs"
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(theirs / "smslint"))
    with monkeypatch.context() as poisoned:  # the other user's run keeps a poisoned one there
        poisoned.setattr(jieba.Tokenizer, "gen_pfdict", lambda self, source: POISONED_WORDS)
        assert tokenize._Jieba().cut("让你坐牢") == ["让", "你", "坐", "牢"]
    _give_away(theirs)
    monkeypatch.delenv("SMSLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(theirs))
    assert tokenize._Jieba().cut("让你坐牢") == ["让", "你", "坐牢"]


def test_a_tampered_entry_is_ignored_and_rebuilt(
    cache: Path, packs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packcache.load(str(packs))
    marker = tmp_path / "payload-ran"
    entries = list(cache.rglob("pack-*"))
    assert entries
    for entry in entries:  # the payload swapped, the seal (if any) kept: the HMAC mismatches
        data = entry.read_bytes()
        magic = getattr(store, "MAGIC", None)
        seal = len(magic) + 32 if magic and data.startswith(magic) else 0
        entry.write_bytes(data[:seal] + pickle.dumps(_Payload(marker)))
    calls = _loads(monkeypatch)
    assert packcache.load(str(packs)).pack.name == "child"
    assert not marker.exists()
    assert calls == [str(packs)]
    calls.clear()
    assert packcache.load(str(packs)).pack.name == "child"
    assert calls == []  # rebuilt on the miss


@pytest.mark.parametrize("flaw", ["group-writable", "symlink"])
def test_a_cache_folder_that_is_not_private_is_not_used(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch, flaw: str
) -> None:
    real = tmp_path / "real"
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(real))
    packcache.load(str(packs))
    if flaw == "symlink":
        (tmp_path / "link").symlink_to(real)
        monkeypatch.setenv("SMSLINT_CACHE_DIR", str(tmp_path / "link"))
    else:
        real.chmod(0o770)
    calls = _loads(monkeypatch)
    assert packcache.load(str(packs)).pack.name == "child"
    assert calls == [str(packs)]


def test_a_folder_of_ours_others_may_only_read_is_made_private(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o755)  # as an older smslint made it
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(folder))
    packcache.load(str(packs))
    assert folder.stat().st_mode & 0o777 == 0o700
    calls = _loads(monkeypatch)
    packcache.load(str(packs))
    assert calls == []


def test_the_cache_folder_and_files_are_private(cache: Path, packs: Path) -> None:
    packcache.load(str(packs))
    assert (cache.stat().st_mode & 0o777) == 0o700
    files = list(cache.iterdir())
    assert {p.name for p in files} >= {"key"}
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in files)
    assert not [p for p in files if p.name.startswith(".")]  # no temporary file left


def test_an_entry_round_trips_through_the_cache(cache: Path, packs: Path) -> None:
    """What is stored is what is loaded: the pack, and its rules compiled with their prefilter."""
    text = "请立即还款，否则让你坐牢"
    fresh = packcache.compile_pack(packcache.load(str(packs)).pack)
    Linter(str(packs))  # compiles the rules and keeps them
    again = packcache._lookup(packcache._spelled(str(packs)), packcache.Compiled)
    assert isinstance(again, packcache.Compiled) and again.key
    assert again.pack == fresh.pack
    assert [type(c) for c in again.checks] == [type(c) for c in fresh.checks]
    assert [c.rule for c in again.checks] == [c.rule for c in fresh.checks]
    assert all(c.pack is again.pack for c in again.checks)  # one pack, as compiled
    assert list(again.prefilter.phrases.automaton().iter("请立即还款"))
    cached = Linter(str(packs))
    assert cached.prefilter is not again.prefilter  # each linter unpickles its own
    assert cached.lint(text) == Linter(fresh.pack).lint(text) != []


def test_a_tampered_compiled_entry_is_ignored_and_rebuilt(
    cache: Path, packs: Path, tmp_path: Path
) -> None:
    Linter(str(packs))
    marker = tmp_path / "payload-ran"
    entries = list(cache.glob("pack-*.compiled"))
    assert entries
    for entry in entries:  # the payload swapped, the seal kept: the HMAC mismatches
        data = entry.read_bytes()
        entry.write_bytes(data[: len(store.MAGIC) + 32] + pickle.dumps(_Payload(marker)))
    assert {f.rule for f in Linter(str(packs)).lint("否则让你坐牢")} == {"c.threat"}
    assert not marker.exists()
    assert packcache._lookup(packcache._spelled(str(packs)), packcache.Compiled) is not None


def test_a_selection_shares_the_compiled_pack(cache: Path, packs: Path) -> None:
    """Rules switched off or re-levelled by a selection are the cached compiled rules,
    reporting at their new level."""
    from smslint.packs.selection import build

    selection = build({"ignore": ["p.hurry"], "rules": {"c.threat": "info"}}, root=str(cache))
    linter = Linter(str(packs), selection=selection)
    found = linter.lint("请立即还款，否则让你坐牢")
    assert [(f.rule, f.severity) for f in found] == [("c.threat", "info")]
    assert [(r.id, r.severity) for r in linter.pack.rules] == [
        ("p.hurry", "off"),
        ("c.threat", "info"),
    ]
    plain = Linter(str(packs)).lint("请立即还款，否则让你坐牢")
    assert {(f.rule, f.severity) for f in plain} == {("p.hurry", "warning"), ("c.threat", "error")}


def test_the_key_covers_every_module_of_the_layers_that_shape_an_entry() -> None:
    """A new module of the packs, text or prefilter layer is in the key without a list to keep;
    any module of smslint is in a compiled entry's key."""
    stamp = packcache._code_stamp()
    package = Path(packcache.__file__).resolve().parents[1]
    for layer in ("packs", "text", "prefilter"):
        for module in (package / layer).glob("*.py"):
            assert f"{module}:" in stamp
    every = packcache._code_stamp(every=True)
    for module in package.rglob("*.py"):
        assert f"{module}:" in every


@pytest.mark.parametrize("enabled", [True, False])
def test_a_load_leaves_the_collector_as_it_was(
    cache: Path, packs: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    """The collector is paused while an entry unpickles, and only then."""
    import gc

    Linter(str(packs))
    seen: list[bool] = []
    real_loads = pickle.loads
    monkeypatch.setattr(
        pickle, "loads", lambda data: seen.append(gc.isenabled()) or real_loads(data)
    )
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert Linter(str(packs)).lint("让你坐牢")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]


def test_the_cache_keeps_within_its_budget_least_recently_used_first(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every change of a pack or of smslint's code writes a new compiled entry (about 10 MB):
    past the budget, the entries read or written longest ago go, never the key, never the
    entry being written, never a file that is not an entry."""
    monkeypatch.setenv("SMSLINT_CACHE_MAX_MB", "1")
    third = 300 * 1024  # three entries fit in a megabyte, four do not
    for n, name in enumerate(["pack-a.pickle", "pack-b.pickle", "pack-c.pickle"]):
        assert store.write(name, bytes(third))
        os.utime(cache / name, ns=(n * 10**9, n * 10**9))  # a before b before c
    (cache / "NOTES.TXT").write_bytes(bytes(2 * third))  # no name smslint writes: not counted
    assert store.read("pack-a.pickle") is not None  # a is used again: b is now the oldest
    assert store.write("pack-d.pickle", bytes(third))
    left = {p.name for p in cache.iterdir()}
    assert left == {"key", "NOTES.TXT", "pack-a.pickle", "pack-c.pickle", "pack-d.pickle"}
    monkeypatch.setenv("SMSLINT_CACHE_MAX_MB", "0")
    assert store.write("pack-e.pickle", bytes(10))
    assert {p.name for p in cache.iterdir()} == {"key", "NOTES.TXT", "pack-e.pickle"}
    assert store.read("pack-e.pickle") == bytes(10)


def test_a_budget_that_is_not_a_number_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw in ("", "lots", "-5", "1.5"):
        monkeypatch.setenv("SMSLINT_CACHE_MAX_MB", raw)
        assert store.budget() == store.DEFAULT_BUDGET_MB * 1024 * 1024
    monkeypatch.setenv("SMSLINT_CACHE_MAX_MB", "64")
    assert store.budget() == 64 * 1024 * 1024
