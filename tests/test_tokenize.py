"""rjieba (the fast backend) segments exactly like jieba on every window the lexicon cuts."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smslint.core import store
from smslint.engine.linter import Linter
from smslint.packs.pack import shipped_names
from smslint.sources import iter_files, read_path
from smslint.text import tokenize

from .conftest import ROOT

pytest.importorskip("rjieba")


def _windows() -> tuple[set[str], set[str]]:
    """Every text the lexicon tokenises on the shipped corpus and packs' examples, and the
    words (lexicon phrases) it adds to the dictionary."""
    seen: set[str] = set()
    real_cut = tokenize.Tokenizer.cut

    def recording(self: tokenize.Tokenizer, text: str) -> list[str]:
        seen.add(text)
        return real_cut(self, text)

    words: set[str] = set()
    corpus = [p for p in iter_files([ROOT / "corpus"]) if p.name != "expectations.yaml"]
    texts = [t.text for path in corpus for t in read_path(path)]
    linted: set[str] = set()  # an institution pack holds base's examples: each text once
    tokenize.Tokenizer.cut = recording  # type: ignore[method-assign]
    try:
        for name in shipped_names():
            linter = Linter(name)
            words |= set(linter.prefilter.phrases.phrases)
            examples = [
                example
                for rule in linter.pack.rules
                for key in ("fail", "pass")
                for example in rule.examples.get(key) or []
                if isinstance(example, str)
            ]
            todo = [text for text in dict.fromkeys([*texts, *examples]) if text not in linted]
            linted.update(todo)
            for text in todo:
                for kind in (None, "overdue"):  # negation windows depend on the rules that apply
                    linter.lint(text, kind)
    finally:
        tokenize.Tokenizer.cut = real_cut  # type: ignore[method-assign]
    return seen, words


def test_rjieba_cuts_like_jieba() -> None:
    windows, words = _windows()
    assert len(windows) > 50  # the corpus does reach the tokeniser
    # fresh dictionaries with the same words, added in the same order (each shifts the next's
    # frequency): the ones the linters above used hold what other tests added to them
    fast, slow = tokenize._Rjieba(), tokenize._Jieba()
    for word in sorted(w for w in words if len(w) > 1):
        fast.add_word(word)
        slow.add_word(word)
    differ = [w for w in sorted(windows) if fast.cut(w) != slow.cut(w)]
    assert differ == []


def test_each_pack_segments_with_its_own_phrases() -> None:
    """With rjieba, what one pack adds to its dictionary does not change another's cuts."""
    text = "不会上门打扰您的家人"
    first = tokenize.Tokenizer(["打扰您的家"], backend_name="rjieba")
    assert "打扰您的家" in first.cut(text)
    second = tokenize.Tokenizer(["上门"], backend_name="rjieba")
    assert "打扰您的家" not in second.cut(text)
    assert second.cut(text) == tokenize._Rjieba().cut(text)


def test_backend_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSLINT_TOKENIZER", "jieba")
    assert tokenize.backend_name() == "jieba"
    monkeypatch.setenv("SMSLINT_TOKENIZER", "rjieba")
    assert tokenize.backend_name() == "rjieba"
    monkeypatch.delenv("SMSLINT_TOKENIZER")
    assert tokenize.backend_name() == "rjieba"  # installed, so preferred


def test_a_clean_message_loads_no_tokenizer(tmp_path: Path) -> None:
    """A message with no lexicon candidate never reaches the segmenter."""
    env = {**os.environ, "SMSLINT_CACHE_DIR": str(tmp_path)}
    script = (
        "import sys; from smslint import Linter; "
        "Linter('base').lint('【测试银行】您的账单已出，应还100元，客服95555。', kind='reminder'); "
        "print(sorted(m for m in ('jieba', 'rjieba') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr


def test_kept_frequencies_make_the_same_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack's words are added with the frequencies suggested the first time (kept in the
    cache), so the next process's dictionary, which suggests none, cuts as the first did; a
    kept list that does not fit is ignored."""
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(tmp_path))
    words = ["打扰您的家", "您的家人", "上门打扰", "家人们"]
    text = "不会上门打扰您的家人们"
    first = tokenize.Tokenizer(words, backend_name="rjieba")
    expected = first.cut(text)
    assert len(list(tmp_path.glob("rjieba-words-*"))) == 1
    suggested: list[str] = []
    real = tokenize._Rjieba.add_word
    monkeypatch.setattr(
        tokenize._Rjieba, "add_word", lambda s, w: suggested.append(w) or real(s, w)
    )
    assert tokenize.Tokenizer(words, backend_name="rjieba").cut(text) == expected
    assert suggested == []  # every frequency came from the cache
    (kept,) = tmp_path.glob("rjieba-words-*")
    store.write(kept.name, marshal.dumps([1]))  # sealed, but for other words
    assert tokenize.Tokenizer(words, backend_name="rjieba").cut(text) == expected
    assert suggested == sorted(words)
