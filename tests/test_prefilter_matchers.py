"""The per-pack fast paths agree with the slow paths they stand in for."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core import store
from smslint.core.tuning import SCREEN_AFTER
from smslint.engine.document import Document
from smslint.engine.linter import Linter, _template
from smslint.prefilter import Prefilter, backends
from smslint.prefilter.patterns import PatternIndex
from smslint.prefilter.screen import Screen
from smslint.text.normalize import compact, compact_text, normalize, squeeze
from smslint.text.regexes import compile_pattern

PATTERNS = [
    "(移交|移送)[^,，。]{0,4}(公安|警方)",
    r"\d{1,2}月\d{1,2}日",
    r"(^|[^\d])1[3-9]\d{9}([^\d]|$)",
    "[!！]{2,}",
    "坐牢|拘留",
    "a*",  # matches the empty string everywhere
]
ALPHABET = "移交送公安警方，,。月日坐牢拘留!！0123456789 a-"
TEXTS = st.text(alphabet=ALPHABET, max_size=30)


@cache
def _prefilter() -> Prefilter:
    return Prefilter()


@cache
def _index() -> tuple[PatternIndex, list[tuple[int, str, object]]]:
    index = _prefilter().patterns
    entries = []
    for i, pattern in enumerate(PATTERNS):
        group = "even" if i % 2 == 0 else "odd"
        number = index.add(pattern, group)
        entries.append((number, group, compile_pattern(pattern, "test", 1)))
    return index, entries


@cache
def _linter() -> Linter:
    return Linter("base")


def _doc(text: str, prefilter: Prefilter | None = None) -> Document:
    linter = _linter()
    return Document(_template(text), None, linter.pack, prefilter or linter.prefilter)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_pattern_sets_match_each_pattern_search(text: str) -> None:
    _, entries = _index()
    doc = _doc(text, _prefilter())
    for number, group, pattern in entries:
        matched = doc.candidates.patterns(group)
        assert (number in matched) == (pattern.search(doc.norm.text) is not None)


@pytest.mark.parametrize("text", ["坐牢" * 3000 + "!!", "坐\ud800牢!!", "坐牢"])
def test_long_or_unencodable_texts_are_answered_exactly(text: str) -> None:
    _, entries = _index()
    doc = _doc(text, _prefilter())
    for number, group, pattern in entries:
        found = pattern.search(doc.norm.text) is not None
        assert (number in doc.candidates.patterns(group)) == found
    assert doc.candidates.patterns("no such group") == frozenset()


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="坐牢通讯录 *-_.·|，。!\n\u200bab1{}$", max_size=20))
def test_compact_text_is_the_compact_views_text(text: str) -> None:
    norm = normalize(text)
    assert compact_text(norm) == compact(norm).text


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="坐牢家人口通讯录 *-，。不会让你再还款就", max_size=24))
def test_lexicon_hits_do_not_depend_on_the_compact_view_being_built(text: str) -> None:
    """The lexicon builds the compact view's map only on a hit; the result is the same."""
    lazy = _doc(text)
    eager = _doc(text)
    _ = eager.compact
    linter = _linter()
    steps = linter._plan("overdue")
    assert [f for s in steps for f in s(lazy)] == [f for s in steps for f in s(eager)]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet="坐牢家人口通讯录上门催收移交公安你您的联系单位hr *-_.，。!！\n\u200b不会就",
        max_size=24,
    )
)
def test_screening_changes_no_finding(text: str) -> None:
    """The screen only skips work: findings are those of a run that scans everything."""
    linter = _linter()
    linter.prefilter._unscreened = SCREEN_AFTER  # past the documents linted unscreened
    steps = linter._plan("overdue")
    screened = _doc(text)
    unscreened = _doc(text)
    unscreened.candidates._seen = True  # "not screened": every view and pattern is tried
    assert [f for s in steps for f in s(screened)] == [f for s in steps for f in s(unscreened)]


@cache
def _screen(backend: str = "default") -> Screen:
    """The base pack's screen, by Hyperscan where installed, or by RE2 as without it."""
    shared = _linter().prefilter
    if backend == "re2":
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(backends, "hyperscan_set", lambda members: None)
            return _screen_of(shared)
    return _screen_of(shared)


def _squeezed(text: str) -> str:
    doc = _doc(text)  # the candidates hold their document weakly
    return doc.candidates.squeezed


def _screen_of(prefilter: Prefilter) -> Screen:
    return Screen(prefilter.phrases.entries(), prefilter.phrases.word_bits)


@pytest.mark.parametrize("backend", ["default", "re2"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_screen_reports_each_phrase_and_word_it_holds(
    backend: str, data: st.DataObject
) -> None:
    """Byte-level matching of UTF-8 finds every member wherever its text occurs."""
    shared = _linter().prefilter
    screen = _screen(backend)
    around = st.text(alphabet="你好，。 ab1坐【】\u3000é", max_size=6)
    for words in (shared.phrases.phrases, shared.phrases.entries()):
        word = data.draw(st.sampled_from(words))
        bits = shared.phrases.word_bits(word)
        found = screen(_squeezed(data.draw(around) + word + data.draw(around)))
        assert found is not None and found & bits == bits


SCREENED_WORDS = "坐牢家人口通讯录上门催收移交公安你您联系单位hr银行今天 *-_.，。!"


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=SCREENED_WORDS, max_size=30))
def test_both_screens_see_the_same(text: str) -> None:
    one, other = _screen("default")(_squeezed(text)), _screen("re2")(_squeezed(text))
    assert one is not None and other is not None
    assert one == other


@pytest.mark.parametrize("backend", ["default", "re2"])
def test_the_screen_clears_a_text_without_members(backend: str) -> None:
    found = _screen(backend)(_squeezed("尊敬的客户"))
    assert found is not None and not found & _linter().prefilter.phrases.rule_bits()
    assert Screen([], lambda word: 1)(_squeezed("坐牢")) is not None


def test_the_screen_database_is_kept_and_a_bad_copy_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("hyperscan")
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(tmp_path))
    shared = _linter().prefilter
    texts = ["坐牢", "联系你的公司", "尊敬的客户，您好"]

    def seen() -> list[int | None]:
        screen = _screen_of(shared)
        return [screen(_squeezed(t)) for t in texts]

    built = seen()
    (kept,) = tmp_path.rglob("screen-*.hs")
    assert seen() == built  # loaded from the kept copy
    kept.write_bytes(b"not a database")
    assert seen() == built
    assert kept.read_bytes() != b"not a database"


def test_a_planted_screen_database_is_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that finds the first member only passes the self-test of a loaded one, and
    would clear every message of everything else: only an authenticated one is loaded."""
    hyperscan = pytest.importorskip("hyperscan")
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(tmp_path))
    shared = _linter().prefilter
    screen = _screen_of(shared)
    doc = _squeezed("再不还就让你坐牢")
    assert screen(doc) not in (None, 0)
    (kept,) = tmp_path.rglob("screen-*.hs")
    first = squeeze(shared.phrases.entries()[0])
    planted = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    planted.compile(
        expressions=["".join(f"\\x{b:02x}" for b in first.encode()).encode()],
        ids=[0],
        elements=1,
        flags=[hyperscan.HS_FLAG_SINGLEMATCH],
    )
    data = kept.read_bytes()
    magic = getattr(store, "MAGIC", None)
    seal = len(magic) + 32 if magic and data.startswith(magic) else 0
    kept.write_bytes(data[:seal] + hyperscan.dumpb(planted))
    screen = _screen_of(shared)
    assert screen(_squeezed("再不还就让你坐牢")) not in (None, 0)
