"""The prefilter's frame index and per-document state, against the plain definitions."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.prefilter.frames import FrameIndex

SRC = Path(__file__).resolve().parents[1] / "src" / "smslint"

SLOT = st.integers(min_value=0, max_value=(1 << 12) - 1)
FRAMES = st.lists(st.lists(SLOT, min_size=1, max_size=4).map(tuple), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(
    rules=st.lists(FRAMES, max_size=6),
    present=st.integers(0, (1 << 12) - 1),
    guess=st.dictionaries(st.integers(1, 12), st.floats(0, 1)),
)
def test_fillable_rules_are_those_with_a_frame_whose_every_slot_shares_a_bit(
    rules: list[list[tuple[int, ...]]], present: int, guess: dict[int, float]
) -> None:
    """Whichever slot keys a frame (the guess of how common each owner is only picks it),
    the answer is the plain definition."""
    index = FrameIndex(lambda: guess)
    numbers = [index.add(frames) for frames in rules]
    expected = {
        number
        for number, frames in zip(numbers, rules, strict=True)
        if any(all(slot & present for slot in frame) for frame in frames)
    }
    assert index.fillable(present) == expected


def test_no_module_writes_into_an_objects_dict() -> None:
    """Per-document state is declared (typed attributes, ``lazy`` views), never written
    under string keys into ``__dict__``."""
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("update", "setdefault", "__setitem__")
            ):
                targets = [node.func.value]
            for target in targets:
                inner = target.value if isinstance(target, ast.Subscript) else target
                assert not (isinstance(inner, ast.Attribute) and inner.attr == "__dict__"), (
                    f"{path.relative_to(SRC)}:{node.lineno} writes into __dict__"
                )


def test_rule_kinds_see_only_the_prefilters_interface() -> None:
    """A rule kind imports the prefilter's package (its compile context, candidates and their
    types), never one of its modules: the screen, indexes and matchers stay behind it."""
    for path in (SRC / "engine" / "checks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            assert not module.startswith("smslint.prefilter."), f"{path.name} imports {module}"


def test_words_a_list_is_no_part_of_cancel_its_hits_and_stay_out_of_the_segmenter() -> None:
    """要求 cancels the 要 inside it, not the 要 beside it; 要求 itself is no word the segmenter
    is told about (it only cancels), while the list's own two-character words are."""
    from smslint.prefilter.phrases import PhraseIndex
    from smslint.text.normalize import compact, normalize

    index = PhraseIndex()
    for word in ("要", "将要"):
        index.add(word, "$intent")
    index.not_inside("$intent", ["要求"])
    text = "按要求我们要"
    norm = normalize(text)

    class Doc:
        compact_text = compact(norm).text

    hits = index.hits(Doc())  # type: ignore[arg-type]
    assert hits.of("$intent") == [(5, 6)]
    assert hits.of("!$intent") == [(1, 3)]
    assert sorted(index.words()) == ["将要"]
    # a list whose every hit lies inside such a word is not held at all
    Doc.compact_text = compact(normalize("按要求办理")).text
    alone = index.hits(Doc())  # type: ignore[arg-type]
    assert alone.of("$intent") == [] and not alone.holds(["$intent"])
