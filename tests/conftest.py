from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import settings

from smslint.packs.pack import Pack, load_pack

# A CI gate must give the same answer on the same commit: under CI the property tests draw a
# fixed sequence (a red run is reproducible from the commit alone); elsewhere they keep
# exploring, which is where new edge cases are found.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
REAL_SMS = ROOT.parent / "shared" / "data" / "real-sms"
GOLDEN = DATA / "golden"


@cache
def loaded_pack(ref: str) -> Pack:
    """``load_pack(ref)``, once per test process: a shipped pack parses and validates itself and
    the base pack it extends (about a second), and several modules read the same packs, some
    while collecting. Callers only read the pack."""
    return load_pack(ref)


def matches_golden(name: str, out: str) -> None:
    """Compare a report with its golden file; SMSLINT_UPDATE_GOLDEN=1 rewrites it: read the diff."""
    golden = GOLDEN / name
    if os.environ.get("SMSLINT_UPDATE_GOLDEN") == "1":
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    # jieba's prefix dictionary and compiled packs are cached per user; tests keep theirs apart.
    # The xdist workers of a run share one (the cache is made for concurrent processes): a pack
    # one worker compiled, the other loads.
    run = tmp_path_factory.getbasetemp()
    folder = run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run
    os.environ.setdefault("SMSLINT_CACHE_DIR", str(folder / "smslint-cache"))
