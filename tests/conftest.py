from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
REAL_SMS = ROOT.parent / "shared" / "data" / "real-sms"


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    # jieba's prefix dictionary and compiled packs are cached per user; tests keep theirs apart
    os.environ.setdefault("SMSLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
