"""One regex search over many texts at once, for the bulk paths that ask the same question of
every message in a batch: a call per message costs more than the search itself."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate


class Joined:
    """Texts joined with NUL, to be searched for several patterns."""

    def __init__(self, texts: list[str]) -> None:
        self.starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        self.text = "\x00".join(texts)

    def matching(self, pattern: re.Pattern[str]) -> list[int]:
        """The indexes of the texts that ``pattern`` matches somewhere.

        Each search starts at the next text not yet known to match: the leftmost match from
        there starts in the first text that holds one, so no text with a match is skipped.
        The pattern must not use anchors or match NUL.
        """
        starts, joined = self.starts, self.text
        chosen: list[int] = []
        pos = 0
        while (m := pattern.search(joined, pos)) is not None:
            k = bisect_right(starts, m.start()) - 1
            chosen.append(k)
            if k + 1 == len(starts):
                break
            pos = starts[k + 1]
        return chosen


def matching(pattern: re.Pattern[str], texts: list[str]) -> list[int]:
    """``Joined(texts).matching(pattern)``."""
    return Joined(texts).matching(pattern)
