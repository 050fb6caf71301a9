"""Canonical text for matching, with an exact map back to the characters the user wrote.

Senders (and people evading a filter) write the same word many ways: full-width letters,
traditional characters, zero-width spaces, `坐*牢`. Checks match against one canonical form,
but findings must point at the original characters, so every step keeps, for each output
character, the original span it came from.

This runs on every message in bulk mode, so each step first tries a whole-string operation in C
and only falls back to per-character work around the characters that need it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from smslint.core.placeholders import Placeholder, find_placeholders

SENTINEL = "\ue000"

# Invisible characters outside category Cf that render as nothing and so are as good as a
# zero-width space for splitting a word: combining grapheme joiner, Hangul fillers, variation
# selectors.
_INVISIBLE = re.compile("[\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATES = re.compile(r"([\ud800-\udfff]+)")
_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U000323af"
_CJK_SPANS: tuple[tuple[int, int], ...] = (
    *((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)),
    (0x30000, 0x323AF),
)  # the same ranges as code points, commonest first

# Letters that are no part of a Chinese word but are written inside one to split it: 丨 (a bare
# stroke, drawn as a bar) and the bopomofo letters; between CJK characters they separate.
_LETTER_SEPARATORS = "\u4e28\u3021\u3105-\u312f\u31a0-\u31bf"
_LETTER_SEPARATOR = re.compile(f"[{_LETTER_SEPARATORS}]")
# a CJK character that is not one of those: what a separator stands between
_AFTER_CJK = f"(?<=[{_CJK_RANGES}])(?<![{_LETTER_SEPARATORS}])"
_BEFORE_CJK = f"(?=[{_CJK_RANGES}])(?![{_LETTER_SEPARATORS}])"


@cache
def _between_cjk() -> re.Pattern[str]:
    """Runs that may separate two CJK characters (`_` is a word character but also
    punctuation; the sentinel never separates); each run is then checked by category (a
    combining mark is no separator). Compiled on first use: its classes take a few
    milliseconds, a noticeable part of a hook run that never needs them."""
    return re.compile(rf"{_AFTER_CJK}((?:[^\w{SENTINEL}]|[_{_LETTER_SEPARATORS}])+){_BEFORE_CJK}")


@cache
def _droppable() -> re.Pattern[str]:
    """A run between two CJK characters without clause punctuation: what the compact view
    may drop. Most messages have none (their runs are commas and stops), and one search
    tells so faster than splitting at every run."""
    breaks = "".join(map(re.escape, sorted(CLAUSE_BREAKS)))
    return re.compile(
        rf"{_AFTER_CJK}(?:[^\w{SENTINEL}{breaks}]|[_{_LETTER_SEPARATORS}])+{_BEFORE_CJK}"
    )


_SEPARATORS: set[str] = set()  # learnt as met: the full set is large and mostly never needed
# Clause punctuation and line breaks end a phrase: a word split by `，` is two clauses, not an
# evasion, so a run holding one is kept (after NFKC, full-width ，；：！？ are ASCII).
CLAUSE_BREAKS = frozenset(",，。;；:：!！?？、\n\r")
# a run of characters that may be separators: a superset of what _all_separators accepts
# (with `_` first turned into a space: one class is several times faster than an alternation)
_SQUEEZE = re.compile("[^\\w" + SENTINEL + "".join(map(re.escape, sorted(CLAUSE_BREAKS))) + "]+")

# what NFKC makes of full-width ASCII and the ideographic space, character by character
FULL_TO_HALF = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")

_REMOVED = "\x00"  # a control character, so never the image of a kept character


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph: the characters a Chinese word is made of."""
    if len(ch) != 1:
        return False
    cp = ord(ch)
    return any(low <= cp <= high for low, high in _CJK_SPANS)


def _removable(ch: str) -> bool:
    if ch in "\n\t":
        return False
    return unicodedata.category(ch) in ("Cf", "Cc") or _INVISIBLE.match(ch) is not None


class _CharTable(dict[int, int | str]):
    """Per-character NFKC with invisible characters removed, computed once per character.

    Used with str.translate so the common case runs in C. A removed character maps to
    _REMOVED rather than to "" so that a translation of unchanged length without _REMOVED
    proves every character mapped to exactly one (a removal cannot hide an expansion).
    A character mapping to one character is stored as its code point, which str.translate
    handles a third faster than a one-character string; the irregular ones stay strings.
    """

    def __init__(self) -> None:
        super().__init__()
        self._irregular: set[str] = set()
        self._irregular_re: re.Pattern[str] | None = None

    def __missing__(self, cp: int) -> int | str:
        ch = chr(cp)
        out = "".join(c for c in unicodedata.normalize("NFKC", ch) if not _removable(c))
        if len(out) == 1:
            self[cp] = mapped = ord(out)
            return mapped
        self._irregular.add(ch)
        self._irregular_re = None
        self[cp] = out = out or _REMOVED
        return out

    def irregular(self) -> re.Pattern[str]:
        """Matches the characters seen so far that do not map to exactly one character."""
        if self._irregular_re is None:
            chars = "".join(re.escape(c) for c in sorted(self._irregular))
            self._irregular_re = re.compile(f"[{chars}]")
        return self._irregular_re


_TABLE = _CharTable()
_converter = None
_taiwan = None


def _t2s(text: str) -> str:
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    conv = _converter.convert(text)
    return _particle_zhe(text, conv) if "著" in conv else conv


def _particle_zhe(text: str, conv: str) -> str:
    """t2s keeps 著 wherever its phrases do not say the particle (走著瞧, 等著, 盯著你), since
    著 is also simplified (著名, 显著); Taiwan writes the particle 著, so a threat in Taiwanese
    script would never meet a pack's 走着瞧. OpenCC's Taiwan table knows the particle: its
    着 is taken, and nothing else of it (it turns a lone 么 into 幺)."""
    global _taiwan
    if _taiwan is None:
        import opencc

        _taiwan = opencc.OpenCC("tw2s")
    taiwan = _taiwan.convert(text)
    if len(taiwan) != len(conv):
        return conv
    return "".join(
        "着" if c == "著" and t == "着" else c for c, t in zip(conv, taiwan, strict=True)
    )


@dataclass
class Normalized:
    """Normalised text; ``original[starts[k]:ends[k]]`` is what produced ``text[k]``.

    A placeholder becomes one SENTINEL character spanning the whole placeholder; a SENTINEL at
    ``k`` is a placeholder exactly when ``k in placeholders`` (the input may contain U+E000),
    whose keys come in text order.
    """

    text: str
    starts: Sequence[int]  # a list, or a range for the identity map
    ends: Sequence[int]
    placeholders: dict[int, Placeholder] = field(default_factory=dict)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of normalised ``text[start:end]``; an empty span maps to an empty one
        at the original position of ``text[start]`` (or after the last character)."""
        if start < end:
            return self.starts[start], self.ends[end - 1]
        if start < len(self.starts):
            return self.starts[start], self.starts[start]
        last = self.ends[-1] if self.ends else 0
        return last, last


def normalize(text: str) -> Normalized:
    """Placeholders → sentinel, NFKC, drop invisibles, traditional → simplified, casefold,
    Cantonese spellings → Mandarin, 帐 → 账 for accounts."""
    joined, starts, ends, placeholders = _widths(text)
    if text.isascii():  # nothing for OpenCC; lower() leaves the sentinels alone
        return Normalized(joined.lower(), starts, ends, placeholders)
    return _folded(_t2s_exact(joined), starts, ends, placeholders)


def _widths(text: str) -> tuple[str, Sequence[int], Sequence[int], dict[int, Placeholder]]:
    """Placeholders → sentinel, NFKC and invisible removal, with the map back."""
    found = find_placeholders(text)
    placeholders: dict[int, Placeholder] = {}
    starts: Sequence[int]
    ends: Sequence[int]
    joined = "" if found else _one_to_one(text)
    if joined:
        # the common case in bulk runs: each character maps to one, and ranges are the
        # identity map without a list entry per character
        return joined, range(len(text)), range(1, len(text) + 1), placeholders
    pieces: list[str] = []
    starts, ends = [], []
    pos = 0
    for p in found:
        _segment(text, pos, p.start, pieces, starts, ends)
        placeholders[len(starts)] = p
        pieces.append(SENTINEL)
        starts.append(p.start)
        ends.append(p.end)
        pos = p.end
    _segment(text, pos, len(text), pieces, starts, ends)
    return "".join(pieces), starts, ends, placeholders


# Cantonese written forms of Mandarin words, each as long as its Mandarin word so the map back
# stays one to one: 我哋 is 我们, 唔还 is 不还, 屋企 is 家里. Rewritten only in a text holding a
# character written in Cantonese alone (the other keys are Mandarin words too), after
# traditional → simplified; a pack's words go through the same step, so lists meet texts.
DIALECT = {
    **dict(zip("喺嘅啲哋唔俾畀咗佢嚟揾冇睇", "在的的们不给给了他来找没看", strict=True)),
    **{"屋企": "家里", "返工": "上班", "放工": "下班", "听日": "明天", "琴日": "昨天"},
    **{"而家": "现在", "边度": "哪里", "等住": "等着"},
}
_CANTONESE = re.compile("[喺嘅啲哋唔俾畀咗佢嚟揾冇睇]")


@cache
def _dialect_words() -> re.Pattern[str]:
    """The keys of ``DIALECT``, with whatever the compact view would drop between their
    characters (返 工 is 返工 there, and must read 上班 too)."""
    breaks = "".join(map(re.escape, sorted(CLAUSE_BREAKS)))
    gap = rf"(?:[^\w{SENTINEL}{breaks}]|[_{_LETTER_SEPARATORS}])*"
    keys = sorted(DIALECT, key=len, reverse=True)
    return re.compile("|".join(gap.join(map(re.escape, key)) for key in keys))


def _spoken(m: re.Match[str]) -> str:
    """The match with its key's characters in Mandarin and anything between them kept."""
    key = [i for i, ch in enumerate(m[0]) if is_cjk(ch) and not _LETTER_SEPARATOR.match(ch)]
    out = list(m[0])
    for i, ch in zip(key, DIALECT["".join(out[i] for i in key)], strict=True):
        out[i] = ch
    return "".join(out)


def mandarin(text: str) -> str:
    """``text`` with the Cantonese spellings of ``DIALECT`` in Mandarin, where it holds one."""
    if not _CANTONESE.search(text):
        return text
    return _dialect_words().sub(_spoken, text)


# OpenCC's t2s turns 帳 into 帐, the character of tents and mosquito nets, where simplified
# writing puts 账 for accounts and bills (帳戶 → 帐户, a Taiwan notice's 轉帳 → 转帐): one spelling
# for what is owed, so 账户 in a pack matches both. The tent words keep theirs.
_ACCOUNT_ZHANG = re.compile("(?<![蚊营军罗床纱幔])帐(?![篷幕幔])")


# Taiwan writes a woman's "you" 妳 (妳再不還錢…, 妳家人) and "what" 甚麼 (t2s: 甚么): every pack
# writes 你 and 什么. Each spelling keeps its length, so offsets stay exact.


def standard_spelling(text: str) -> str:
    """``text`` with 帐 written 账 wherever it is not a tent or a net, Taiwan's 妳 as 你 and
    甚么 as 什么."""
    if "帐" in text:
        text = _ACCOUNT_ZHANG.sub("账", text)
    return text.replace("妳", "你").replace("甚么", "什么")


def _folded(
    converted: str,
    starts: Sequence[int],
    ends: Sequence[int],
    placeholders: dict[int, Placeholder],
) -> Normalized:
    folded = converted.casefold()
    if len(folded) != len(converted):
        out: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        _casefold_spans(converted, 0, len(converted), starts, ends, out, new_starts, new_ends)
        folded, starts, ends = "".join(out), new_starts, new_ends
        # no other character starts at a placeholder's offset, so that finds its new index
        placeholders = {bisect_left(starts, p.start): p for p in placeholders.values()}
    return Normalized(standard_spelling(mandarin(folded)), starts, ends, placeholders)


def _unchanged(seg: str) -> bool:
    return (
        seg.isprintable()  # no Cc, Cf, surrogates, no Zs but " "
        and unicodedata.is_normalized("NFKC", seg)  # then each character is NFKC on its own
        and not _INVISIBLE.search(seg)
    )


def _one_to_one(seg: str) -> str:
    """NFKC and invisible removal of ``seg`` when each character maps to exactly one (full-width
    punctuation, the usual change, does), else "" and the caller maps character by character."""
    if seg.isascii():
        if not _ASCII_CONTROL.search(seg):
            return seg
    elif _unchanged(seg):
        return seg
    else:
        # Chinese text is full of full-width punctuation: replacing the few distinct ones is
        # a few C calls, where translating every character costs a dict lookup each.
        wide = set(_FULL_WIDTH.findall(seg))
        if wide:
            narrowed = seg
            for ch in wide:
                narrowed = narrowed.replace(ch, FULL_TO_HALF[ch])
            if _unchanged(narrowed):
                return narrowed
    out = seg.translate(_TABLE)
    return out if len(out) == len(seg) and _REMOVED not in out else ""


def _segment(
    text: str, lo: int, hi: int, pieces: list[str], starts: list[int], ends: list[int]
) -> None:
    """NFKC and invisible removal of text[lo:hi] (no placeholders in it), keeping the map."""
    if lo >= hi:
        return
    seg = text[lo:hi]
    out = _one_to_one(seg)
    if out:
        pieces.append(out)
        starts.extend(range(lo, hi))
        ends.extend(range(lo + 1, hi + 1))
        return
    # Copy the one-to-one stretches of `out` and spell out only the irregular characters.
    out = seg.translate(_TABLE)
    o = 0
    pos = 0
    for m in _TABLE.irregular().finditer(seg):
        i = m.start()
        pieces.append(out[o : o + i - pos])
        starts.extend(range(lo + pos, lo + i))
        ends.extend(range(lo + pos + 1, lo + i + 1))
        mapped = str(_TABLE[ord(m[0])])  # irregular characters map to strings
        o += i - pos + len(mapped)
        if mapped != _REMOVED:
            pieces.append(mapped)
            starts.extend([lo + i] * len(mapped))
            ends.extend([lo + i + 1] * len(mapped))
        pos = i + 1
    pieces.append(out[o:])
    starts.extend(range(lo + pos, hi))
    ends.extend(range(lo + pos + 1, hi + 1))


def _t2s_exact(s: str) -> str:
    """OpenCC t2s kept one-to-one, so offsets survive; surrogates are passed through."""
    try:
        conv = _t2s(s)
    except UnicodeEncodeError:  # lone surrogates cannot be sent to OpenCC
        return "".join(
            piece if i % 2 else _t2s_exact(piece) for i, piece in enumerate(_SURROGATES.split(s))
        )
    if len(conv) == len(s):
        return conv
    # A phrase rule changed the length: retry each run between placeholders on its own, then,
    # for the run at fault, character by character.
    if SENTINEL in s:
        return SENTINEL.join(_t2s_exact(run) for run in s.split(SENTINEL))
    return "".join(c2 if len(c2 := _t2s(c)) == 1 else c for c in s)


def _casefold_spans(
    s: str,
    a: int,
    b: int,
    starts: Sequence[int],
    ends: Sequence[int],
    out: list[str],
    new_starts: list[int],
    new_ends: list[int],
) -> None:
    """Casefold s[a:b] where some character expands (`ß` → `ss`), each piece keeping its span.

    Casefolding is per character, so halving until a part keeps its length finds the few
    expanding characters in O(k log n) C-level calls instead of a Python loop over all of s.
    """
    folded = s[a:b].casefold()
    if len(folded) == b - a:
        out.append(folded)
        new_starts += starts[a:b]
        new_ends += ends[a:b]
    elif b - a == 1:
        out.append(folded)
        new_starts += [starts[a]] * len(folded)
        new_ends += [ends[a]] * len(folded)
    else:
        mid = (a + b) // 2
        _casefold_spans(s, a, mid, starts, ends, out, new_starts, new_ends)
        _casefold_spans(s, mid, b, starts, ends, out, new_starts, new_ends)


def compact(n: Normalized) -> Normalized:
    """Drop separators standing between two CJK characters, so `坐*牢` and `通 讯 录` match.

    Separators elsewhere carry meaning (`1,000`, `a.b`) and are kept, and so is a run between
    CJK characters that holds clause punctuation or a line break. Returns ``n`` itself when
    nothing is dropped.
    """
    if not _droppable().search(n.text):
        return n
    parts = _between_cjk().split(n.text)  # kept, run, kept, run, ..., kept
    if len(parts) == 1:
        return n
    drop_all = _SEPARATORS.issuperset("".join(parts[1::2]))
    old_starts, old_ends = n.starts, n.ends
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    runs = iter(parts)
    pos = 0
    for kept in runs:
        end = pos + len(kept)
        pieces.append(kept)
        starts += old_starts[pos:end]
        ends += old_ends[pos:end]
        run = next(runs, "")
        pos = end + len(run)
        if run and not (drop_all or _all_separators(run)):
            pieces.append(run)
            starts += old_starts[end:pos]
            ends += old_ends[end:pos]
    if len(starts) == len(old_starts):
        return n
    # No other character starts at a placeholder's offset, so that finds its new index.
    placeholders = {bisect_left(starts, p.start): p for p in n.placeholders.values()}
    return Normalized("".join(pieces), starts, ends, placeholders)


def compact_text(n: Normalized) -> str:
    """``compact(n).text`` without the map back: a phrase scan of the compact view needs
    positions only when it finds something, and in bulk runs it almost never does."""
    return compact_string(n.text)


def compact_string(text: str) -> str:
    """The compact view of an already normalised string (a pack's word, a view's text)."""
    if not _droppable().search(text):
        return text
    parts = _between_cjk().split(text)
    if len(parts) == 1:
        return text
    if _SEPARATORS.issuperset("".join(parts[1::2])):
        return "".join(parts[::2])
    return "".join(p for i, p in enumerate(parts) if not (i % 2 and _all_separators(p)))


def squeeze(text: str) -> str:
    """``text`` without any separator character, between CJK characters or not.

    Every run the compact view drops is dropped here too, so a string without separators
    that occurs in the normalised or the compact view also occurs here: a scan that finds
    nothing here has nothing to find in either (it may find more, which is checked there).
    """
    if _LETTER_SEPARATOR.search(text):  # rare: one more class in _SQUEEZE costs every text
        text = _LETTER_SEPARATOR.sub(" ", text)
    return _SQUEEZE.sub("", text.replace("_", " "))


def _all_separators(run: str) -> bool:
    for c in run:
        if c not in _SEPARATORS:
            if c in CLAUSE_BREAKS or not (
                c.isspace() or unicodedata.category(c)[0] in "ZPS" or _LETTER_SEPARATOR.match(c)
            ):
                return False
            _SEPARATORS.add(c)
    return True
