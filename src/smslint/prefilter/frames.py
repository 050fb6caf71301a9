"""Which frame rules may match a document, from the owners of the words it holds.

A frame rule can match only where some frame of it has a word for every slot. A document's
words are one integer of owner bits (:attr:`PhraseIndex.mask`), so each slot is a mask and a
slot is filled when the two share a bit. Frames are indexed by the owners of one slot each,
the slot least likely to be filled (by :meth:`PhraseIndex.commonness`: a slot of 你 and 您 is
filled in most messages, one of 通讯录 in few), so a document asks only the frames one of its
own owners can key: a message holds a handful of owners, the pack hundreds of frames.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Frame = tuple[int, ...]  # the owner bits of each slot


class FrameIndex:
    def __init__(self, commonness: Callable[[], dict[int, float]]) -> None:
        """``commonness``: per owner bit, how often a message may hold it (asked once, when
        the index is first used, after every rule has registered its words); an owner it
        does not name, without words (a notice kind), is taken to be in every message."""
        self._commonness = commonness
        self._rules: list[list[Frame]] = []
        # bit number -> (rule, frame) whose key slot holds that owner
        self._by_bit: dict[int, list[tuple[int, Frame]]] | None = None
        self._keys = 0  # the owner bits of every key slot: a document's other bits key nothing

    def add(self, frames: Sequence[Frame]) -> int:
        """Register a rule's frames; returns the rule's number."""
        self._rules.append(list(frames))
        self._by_bit = None
        return len(self._rules) - 1

    def _index(self) -> dict[int, list[tuple[int, Frame]]]:
        if self._by_bit is None:
            by_bit: dict[int, list[tuple[int, Frame]]] = {}
            guess = self._commonness()
            self._keys = 0

            def likely(slot: int) -> float:
                total, bits = 0.0, slot
                while bits:
                    low = bits & -bits
                    bits ^= low
                    total += guess.get(low.bit_length(), 1.0)
                return total

            for rule, frames in enumerate(self._rules):
                for frame in frames:
                    if not frame or not all(frame):
                        continue  # a slot without words (an empty list) is never filled
                    key = min(frame, key=likely)  # the key slot: the likeliest to be absent
                    self._keys |= key
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
        # a screened message holds a dozen owners in a mask thousands of bits wide, and few of
        # them key a frame: each bit walked costs three operations on integers that wide
        bits = present & self._keys
        while bits:  # plain loops: this runs for every message
            low = bits & -bits
            bits ^= low
            for rule, frame in index[low.bit_length()]:
                if rule not in out:
                    for slot in frame:
                        if not slot & present:
                            break
                    else:
                        out.add(rule)
        return frozenset(out)
