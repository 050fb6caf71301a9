"""One search over many texts: the same answer as a search of each."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.joined import matching


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab【】.1 \n", max_size=8), min_size=1, max_size=10),
    pattern=st.sampled_from(["[【】]", r"\.", "a[^\x00]b", r"1 ?1", r"\d{2,}", r"(?<=a)b"]),
)
def test_matching_picks_exactly_the_texts_a_search_of_each_picks(
    texts: list[str], pattern: str
) -> None:
    compiled = re.compile(pattern)
    assert matching(compiled, texts) == [i for i, t in enumerate(texts) if compiled.search(t)]


def test_a_match_in_the_last_text_ends_the_search() -> None:
    assert matching(re.compile("x"), ["a", "b", "xx"]) == [2]
    assert matching(re.compile("x"), ["x"]) == [0]
