"""Which frame rules may match a document, from the owners of the words it holds.

A frame rule can match only where some frame of it has a word for every slot. A document's
words are one integer of owner bits (:attr:`PhraseIndex.mask`), so each slot is a mask and a
slot is filled when the two share a bit. Frames are indexed by one owner of one slot each,
so a document asks only the frames one of its own owners can start: a message holds a handful
of owners, the pack a hundred frames.
"""

from __future__ import annotations

from collections.abc import Sequence

Frame = tuple[int, ...]  # the owner bits of each slot


class FrameIndex:
    def __init__(self) -> None:
        self._rules: list[list[Frame]] = []
        # bit number -> (rule, frame) whose key slot holds that owner
        self._by_bit: dict[int, list[tuple[int, Frame]]] | None = None

    def add(self, frames: Sequence[Frame]) -> int:
        """Register a rule's frames; returns the rule's number."""
        self._rules.append(list(frames))
        self._by_bit = None
        return len(self._rules) - 1

    def _index(self) -> dict[int, list[tuple[int, Frame]]]:
        if self._by_bit is None:
            by_bit: dict[int, list[tuple[int, Frame]]] = {}
            for rule, frames in enumerate(self._rules):
                for frame in frames:
                    if not frame or not all(frame):
                        continue  # a slot without words (an empty list) is never filled
                    # the key slot: the one with fewest owners, the likeliest to be absent
                    key = min(frame, key=int.bit_count)
                    while key:
                        low = key & -key
                        key ^= low
                        by_bit.setdefault(low.bit_length(), []).append((rule, frame))
            self._by_bit = by_bit
        return self._by_bit

    def fillable(self, present: int) -> frozenset[int]:
        """The rules one of whose frames has a word for every slot among the owner bits
        ``present``."""
        index = self._index()
        out: set[int] = set()
        bits = present
        while bits:  # plain loops: this runs for every message
            low = bits & -bits
            bits ^= low
            for rule, frame in index.get(low.bit_length(), ()):
                if rule not in out:
                    for slot in frame:
                        if not slot & present:
                            break
                    else:
                        out.add(rule)
        return frozenset(out)
