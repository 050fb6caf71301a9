"""What decides whether a word found in a message counts: shared by ``lexicon`` and ``frame``.

A hit must lie on word boundaries (家人 is not in 国家人口), must not be negated in its clause
(我们不会上门, while 再不还就上门 is a condition, not a negation), and its sentence must not
carry an ``unless`` context (a fraud warning quoting what impostors say). Both kinds find
their words on the compact view; where that view dropped separators inside a matched word,
:func:`note_inserted` records them for the ``inserted-characters`` kind.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smslint.engine.document import CLAUSE_PUNCT
from smslint.packs.wordlists import expand, reference
from smslint.prefilter import compact_word
from smslint.text.normalize import is_cjk

if TYPE_CHECKING:
    from smslint.engine.document import Document
    from smslint.packs.pack import Pack
    from smslint.prefilter import CompileContext
    from smslint.text.normalize import Normalized
    from smslint.text.regexes import Pattern

WINDOW = 12  # characters of context on each side that decide a word boundary
SENTENCE_ENDS = frozenset("。！!？?；;\n")
CLAUSE_ENDS = SENTENCE_ENDS | frozenset("，,、")
ANSWERS_NO = ("不", "没", "并不", "绝不", "放心")
NEGATORS = frozenset(
    "不 不会 不会再 不再 不要 不用 不必 不得 不能 不可 绝不 决不 绝不会 决不会 从不 从未 "
    "并不 并未 并非 没 没有 未 无 更无 无需 无须 勿 切勿 请勿 禁止 严禁 杜绝 拒绝 避免 防止 谨防 "
    "非".split()
)
# what denies a later slot's act (征信不会永久保留): a statement's negators, not a command's
# (不要欠老子 still speaks of the debt)
DENIALS = frozenset(
    "不 不会 不会再 不再 不用 不必 不能 绝不 决不 绝不会 决不会 从不 从未 并不 并未 并非 "
    "没 没有 未 无需 无须".split()
)
NEGATOR_CHARS = frozenset("".join(NEGATORS))
# a slot holding one of these is itself a negation (不敢保证, 没人, 难保): a later one affirms
SLOT_NEGATION_CHARS = frozenset("不没无未难")
NEGATION_REACH = 8  # tokens back from a hit that a negator may stand
# after 不, these make a condition on the borrower (再不还钱…, 不要的话…) rather than a negation
COMPLY = frozenset(
    "还 还款 还钱 归还 偿还 处理 回复 联系 配合 理会 接 接听 履行 结清 缴 缴纳 按时 及时 主动 "
    "理睬 回电 出来 露面 出面 回话 回消息 回信息 接电话 还清 出现 面对 的话".split()
)
# a modal denial states what will not happen (不会联系您的家人): it makes no condition
WILL_NOT = frozenset(
    "不会 不会再 绝不 决不 绝不会 决不会 从不 从未 并不 并未 并非 不用 不必 无需 无须".split()
)
# the negators that may reach a repayment past words of haste (如果没有马上还款…)
BARE_NEGATORS = frozenset(("不", "没", "没有"))
# after 没有 and words of haste (没有马上还款), only a repayment makes the condition
REPAY = frozenset("还 还款 还钱 归还 偿还 还清 结清 缴 缴纳 处理 回复 回电 联系".split())
# words that start the consequence of a condition: 不还款就上门 is a threat, not a negation
CONSEQUENCE = frozenset("就 则 将 便 否则 那么 立即 马上 会 要 再 只能 只好 只得".split())
CONSEQUENCE_TAILS = ("就", "只能", "只好", "只得")
SPLIT_MODALS = frozenset(("会", "能"))
RHETORICAL = ("都", "就", "也")
TURNS = frozenset("但是 但 不过 可是 然而 只是".split())
# a contrast: what follows is the writer's point (not 但凡, 不但, 但愿, 包括但不限于; 不过, 然而,
# 可是, 只是, 只不过 opening a clause, not 躲不过 or 这可是)
CONTRAST = re.compile(
    "(?<!不)但(?!凡|愿|不限于)|(?<![\u4e00-\u9fff])(?:不过|然而|可是|只是|只不过)"
)
# a negation the reader is told is a mistaken belief (别以为我们不会上门, 你是不是觉得我们不会…,
# 别指望, 不代表…; not 认为 or a bare 觉得: 我们认为不会… is the sender's own word), or one
# taken back by another (我们不是不能联系你的家人): the act stands
BELIEF = ("以为", "你觉得", "您觉得", "是不是觉得", "别指望", "没说", "不代表", "不等于")
DOUBLE = frozenset("不是 并非 并不是 不是说 也不是 倒不是".split())
# 非 insisting, not negating: 非把你打得…, 非要你还, 非得上门
INSIST = ("把", "要", "得", "让", "叫", "给")
# a clause's last character (不要再躲了 …) and its first words (… 我们明天, … 下午去): a space
# between them is a comma
CLAUSE_END = frozenset("了吧啊呢嘛哦呀啦的")
CLAUSE_OPENERS = tuple(
    "我们 我司 我方 我 老子 今天 今晚 明天 后天 下午 上午 晚上 中午 早上 马上 现在 立刻 这周 下周 "
    "周末 过两天 到时候 到时 那 直接 下次 以后 今后 回头".split()
)


def on_boundaries(
    doc: Document, view: Normalized, start: int, end: int, left: bool = True, right: bool = True
) -> bool:
    """``view.text[start:end]`` neither starts (``left``) nor ends (``right``) inside a word of
    its clause, nor inside a number."""
    text = view.text
    if (left and text[start].isdigit() and _in_number(text, start - 1, -1)) or (
        right and text[end - 1].isdigit() and _in_number(text, end, 1)
    ):
        return False  # 2小时内 is no word of 72小时内 nor of 0.2小时内
    left_open = left and start > 0 and is_cjk(text[start - 1])
    right_open = right and end < len(text) and is_cjk(text[end])
    if not (left_open or right_open):
        return True  # neighbours are not CJK: the phrase is a word of its own
    lo = max(0, start - WINDOW)
    hi = min(len(text), end + WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in CLAUSE_PUNCT:
            lo = i + 1
            break
    for i in range(end, hi):
        if text[i] in CLAUSE_PUNCT:
            hi = i
            break
    tokenizer = doc.tokenizer
    window = text[lo:hi]
    return not (
        (left_open and tokenizer.splits_word(window, start - lo))
        or (right_open and tokenizer.splits_word(window, end - lo))
    )


def _in_number(text: str, at: int, step: int) -> bool:
    """Whether ``text[at]``, next to a digit, continues its number: a digit, or a decimal
    point with a digit beyond it."""
    if not 0 <= at < len(text):
        return False
    if text[at].isdigit():
        return True
    beyond = at + step
    return text[at] == "." and 0 <= beyond < len(text) and text[beyond].isdigit()


def negated(doc: Document, original: int) -> bool:
    """A negator earlier in the clause of the hit at ``original`` (an original offset), with
    no condition or consequence in between, on the normalised view and, where it differs, on
    the compact one too: a separator inside 不还款 must not turn a condition into a negation,
    and dropping a ``~`` must not bring a negator from further back into reach."""
    at = doc.norm_index(original)
    if not _negated_before(doc, doc.norm.text, _listed_clause(doc, at, False), at):
        return False
    if doc.compact_text == doc.norm.text:
        return True
    at = doc.compact_index(original)
    return _negated_before(doc, doc.compact_text, _listed_clause(doc, at, True), at)


def negated_between(doc: Document, before: tuple[int, int], original_at: int) -> bool:
    """A negator between an earlier slot (``before``, original offsets) and a later slot at
    ``original_at``, within the later slot's clause: in 结清后征信不会永久保留 the frame's
    later word is denied. The same reading as :func:`negated`, over that stretch only; an
    earlier slot that is itself a negation (不敢保证…不会出什么意外) makes two, which affirm."""
    original_from = before[1]
    if any(ch in SLOT_NEGATION_CHARS for ch in doc.text[before[0] : before[1]]):
        return False
    for compact in (False, True):
        if compact and doc.compact_text == doc.norm.text:
            break
        index = doc.compact_index if compact else doc.norm_index
        text = doc.compact_text if compact else doc.norm.text
        at = index(original_at)
        if text.startswith(CONSEQUENCE_TAILS, at) or _asked(text, at):
            # 以为不听电话|就找不到你: a slot opening on 就 is a consequence; 你家里人还不
            # 知道吧？ asks what the sender may tell
            return False
        start = max(index(original_from), _listed_clause(doc, at, compact))
        if not _negated_before(doc, text, start, at, DENIALS):
            return False
    return True


def _asked(text: str, at: int) -> bool:
    """Whether the clause holding ``at`` is a question (…吗？, …吧,): a negation in it asks
    rather than denies."""
    end = at
    while end < len(text) and text[end] not in CLAUSE_ENDS:
        end += 1
    tail = text[at:end].rstrip()
    return (end < len(text) and text[end] in "?？") or tail.endswith(("吗", "吧", "嘛"))


def _answered_no(text: str, at: int) -> bool:
    """Whether the question holding ``at`` (逾期会不会上门？) is answered by a denial right
    after it (不会，我们不上门): the reader's question echoed, then denied."""
    end = at
    while end < len(text) and text[end] not in SENTENCE_ENDS:
        end += 1
    answer = text[end + 1 :].lstrip()
    return end < len(text) and text[end] in "?？" and answer.startswith(ANSWERS_NO)


def _listed_clause(doc: Document, at: int, compact: bool) -> int:
    """Where the clause of ``at`` starts, across an enumeration comma: in 不会以上门、联系家人
    单位、曝光等方式催收 the 不会 reaches every item of the list."""
    text = doc.compact_text if compact else doc.norm.text
    start = doc.clause(at, compact=compact)[0]
    while start > 0 and text[start - 1] == "、":
        start = doc.clause(start - 1, compact=compact)[0]
    return start


def _negated_before(
    doc: Document, text: str, clause_start: int, at: int, negators: frozenset[str] = NEGATORS
) -> bool:
    # only the last tokens before the hit decide, so only they are read: a scan back to the
    # clause's start would be quadratic on one long clause with many hits
    before = text[max(clause_start, at - NEGATION_REACH * 3) : at]
    if not before or not any(ch in before for ch in NEGATOR_CHARS):
        return False
    tokens = doc.tokenizer.cut(before[-NEGATION_REACH * 3 :])[-NEGATION_REACH:]
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        # 逾期不|会影响: a word of the segmenter's (a condition, 逾期不还) took the 不 of 不会
        if token in SPLIT_MODALS and i > 0 and len(tokens[i - 1]) > 1 and tokens[i - 1][-1] == "不":
            token = "不" + token
        # 就在, 就去, 我们只能, 那就: the segmenter's words that open or close on a consequence,
        # unless a denial stands right before them (没有要去, 不会立即将…: the denied act's own)
        elif _consequence(token) and not _after_denial(tokens, i):
            return False
        if token in TURNS:  # 我们不会打你 但是别人会不会…: the negation stays before the turn
            return False
        if token in negators:
            if i > 0 and tokens[i - 1] in DOUBLE:
                return False
            if i > 0 and tokens[i - 1] in NEGATORS:
                return False  # 没有不知道的, 不会不打: two negations affirm
            if i > 0 and len(token) > 1 and tokens[i - 1] == token[1:]:
                # 会不会, 能不能: a question, not a denial, unless the next sentence answers no
                return _answered_no(text, at)
            following = tokens[i + 1] if i + 1 < len(tokens) else text[at : at + 1]
            if token == "不" and following.startswith(RHETORICAL):
                return False  # 周围的人不都知道了: 不都, 不就, 不也 ask, they do not deny
            if token == "非" and i + 1 < len(tokens) and tokens[i + 1].startswith(INSIST):
                return False
            if _comma_space(tokens[i + 1 :], text[at : at + 4]):
                return False
            if any(cue in "".join(tokens[:i]) for cue in BELIEF):
                return False
            # 不还款…: a condition on the borrower, not a negation of what follows
            return not _condition(tokens, i)
    return False


def _condition(tokens: list[str], i: int) -> bool:
    """Whether the negator ``tokens[i]`` makes a condition on the borrower (不还款…, 不要的话…)
    rather than denying what follows. A bare 不 or 没(有) may reach a repayment past words
    of haste (如果没有马上还款…); a modal denial (不会联系, 不会立即出面) never makes one."""
    if i + 1 >= len(tokens) or tokens[i] in WILL_NOT:
        return False
    if tokens[i + 1] in COMPLY:
        return True
    if tokens[i] not in BARE_NEGATORS:
        return False
    k = i + 1
    while k < len(tokens) - 1 and _consequence(tokens[k]):
        k += 1
    return k > i + 1 and tokens[k] in REPAY


def _consequence(token: str) -> bool:
    return token in CONSEQUENCE or token.startswith("就") or token.endswith(CONSEQUENCE_TAILS)


def _after_denial(tokens: list[str], i: int) -> bool:
    """Whether consequence words only stand between ``tokens[i]`` and a denial before it."""
    j = i - 1
    while j >= 0 and _consequence(tokens[j]):
        j -= 1
    return j >= 0 and tokens[j] in DENIALS


def _comma_space(tokens: list[str], hit: str) -> bool:
    """Whether a space stands where a comma goes after the negator's own words: informal
    messages write 不要再躲了 我们明天去你单位, and the negation ends at the space. Only a
    space that closes a clause (…了 ) or opens one (… 我们, … 明天; the hit itself, ``hit``,
    may open it: 不到账 明天你就知道…) counts: 我们不会因逾期 上门 spaces the negated verb
    from its adverbial, and 不会 上门 only spaces words."""
    for k, token in enumerate(tokens):
        if not token.isspace() or k == 0 or tokens[k - 1].isspace():
            continue
        after = next((t for t in tokens[k + 1 :] if not t.isspace()), hit)
        if tokens[k - 1][-1] in CLAUSE_END or after.startswith(CLAUSE_OPENERS):
            return True
    return False


@dataclass(frozen=True)
class Unless:
    """A rule's ``unless`` words (compacted) and, parallel to them, the words of the pack's
    ``not_inside`` for the word's list: a word found only inside one of those is none of the
    list's (a collector's 你去投诉也没用 points to no complaint line)."""

    words: tuple[str, ...]
    held: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.words)

    def first(self, sentence: str) -> str | None:
        """The first word found in ``sentence`` other than inside a word that holds it."""
        return next((word for word, _ in self.found(sentence)), None)

    def found(self, text: str) -> Iterator[tuple[str, int]]:
        """Each word of ``text`` and where it starts, but where a word that holds it is."""
        for word, holders in zip(self.words, self.held, strict=True):
            if word not in text:  # most words of a list are in no message: asked first
                continue
            covered = [
                (at, at + len(holder)) for holder in holders for at in _occurrences(text, holder)
            ]
            for at in _occurrences(text, word):
                if not any(s <= at and at + len(word) <= e for s, e in covered):
                    yield word, at


def unless_of(entries: list[Any], pack: Pack, normal: Callable[[str], str]) -> Unless:
    """The ``unless`` words of a rule: ``$name`` entries as the list's words, each held by
    that list's ``not_inside`` words; ``normal`` normalises a literal entry (and raises the
    rule's error on one that is not a non-empty string)."""
    words: list[str] = []
    held: list[tuple[str, ...]] = []
    for entry in entries:
        name = reference(entry)
        found = [entry] if name is None else list(pack.lists.get(name, ()))
        holders = pack.not_inside.get(name, ()) if name is not None else ()
        for word in found:
            word = compact_word(normal(word) if name is None else word)
            words.append(word)
            held.append(tuple(compact_word(h) for h in holders if word in compact_word(h)))
    return Unless(tuple(words), tuple(held))


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def in_sentence(doc: Document, original: int, unless: Unless) -> bool:
    """One of the ``unless`` words occurs in the sentence around original offset ``original``,
    on the normalised view or the compact one (谨 防 is still a fraud warning), and not before
    a 但 or 不过 that precedes the hit: what follows a contrast is the writer's point (如遇暴力
    催收请报警，但再不还我们就上门; 您无任何还款义务，但您儿子的欠款您得替他还)."""
    s, e = _reach(doc, False, doc.norm_index(original))
    if _sentence_holds(doc, False, s, e, unless):
        return True
    if doc.compact_text == doc.norm.text:
        return False
    s, e = _reach(doc, True, doc.compact_index(original))
    return _sentence_holds(doc, True, s, e, unless)


def unless_word(doc: Document, original: int, unless: Unless) -> str:
    """The first ``unless`` word in the reach of ``original`` (as :func:`in_sentence` finds
    them), or "": a trace names the word that stopped a hit, for a pack author to weigh
    it."""
    for compact in (False, True):
        text = doc.compact_text if compact else doc.norm.text
        index = doc.compact_index(original) if compact else doc.norm_index(original)
        s, e = _reach(doc, compact, index)
        word = unless.first(text[s:e])
        if word is not None:
            return word
    return ""


def _reach(doc: Document, compact: bool, index: int) -> tuple[int, int]:
    """The sentence around ``index`` from the last contrast before it: a warning or
    disclaimer before 但 does not reach past it, while words after the hit still count (a
    judgment's 虽曾受刑事处罚，但其前科与本案无关). The contrasts of a sentence are found once:
    a scan per hit would be quadratic on one long sentence with many hits."""
    s, e = doc.sentence(index, compact=compact)
    cuts = doc.sentence_cuts.get((compact, s))
    if cuts is None:
        text = doc.compact_text if compact else doc.norm.text
        cuts = doc.sentence_cuts[compact, s] = tuple(
            found.start() for found in CONTRAST.finditer(text, s, e)
        )
    i = bisect_right(cuts, index)
    return (cuts[i - 1] if i else s), e


def _sentence_holds(doc: Document, compact: bool, s: int, e: int, unless: Unless) -> bool:
    """Answered once per stretch of a sentence and word list: the hits of one sentence ask
    alike, and a scan per hit would be quadratic on one long sentence with many hits. A
    stretch runs to its sentence's end, so its start names it."""
    key = (compact, s, unless)
    found = doc.sentence_words.get(key)
    if found is None:
        sentence = (doc.compact_text if compact else doc.norm.text)[s:e]
        found = doc.sentence_words[key] = unless.first(sentence) is not None
    return found


def note_inserted(doc: Document, view: Normalized, start: int, end: int) -> None:
    """Record the visible separators the compact ``view`` dropped inside ``view.text[start:
    end]`` where they split a word (通-讯-录; not the space between two words of a match).
    Invisible characters are reported wherever they stand, so they are not recorded here."""
    if view is doc.norm or end - start < 2:
        return
    starts, ends = view.starts, view.ends
    text = doc.text
    for k in range(start, end - 1):
        gap_start, gap_end = ends[k], starts[k + 1]
        if gap_end == gap_start:
            continue
        if any(_visible(ch) for ch in text[gap_start:gap_end]) and _splits_word(doc, view, k + 1):
            doc.inserted.add((gap_start, gap_end))


def _visible(ch: str) -> bool:
    """A character that shows: spaces count (U+00A0 is not "printable" to Python), format
    characters (Cf) do not."""
    return ch.isprintable() or unicodedata.category(ch) != "Cf"


def _splits_word(doc: Document, view: Normalized, at: int) -> bool:
    """Whether compact index ``at`` falls inside a word of its clause."""
    lo, hi = doc.clause(at, compact=True)
    cuts = doc.tokenizer.boundaries(view.text[lo:hi])
    return (at - lo) not in cuts


def merge_spans(
    spans: Iterable[tuple[int, int]], doc: Document | None = None
) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined: one finding per rule per threat. With ``doc``,
    spans with only characters the compact view drops between them touch too (欠钱不还 and
    还有脸 with a zero-width space between are one insult, as without it); a separator so
    swallowed into one finding is recorded where it splits a word (欠钱不还 的死八婆: 欠钱不还的
    is one word), as inside a single match."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        elif (
            out
            and doc is not None
            and (joint := doc.compact_index(start)) <= (last := doc.compact_index(out[-1][1]))
        ):
            note_inserted(doc, doc.compact, last - 1, joint + 1)
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def pattern_matches(
    doc: Document, pattern: Pattern, boundary: bool = False
) -> Iterator[tuple[int, int, tuple[int, int] | None]]:
    """Matches of a pattern written for the normalised view, on that view and, where it
    differs, on the compact one, so separators hide nothing from patterns either.

    Yields (original start, original end, compact span or None); the compact span is given
    for a match found on the compact view (for :func:`note_inserted`).
    """
    norm = doc.norm
    for m in pattern.finditer(norm.text):
        start, end = m.span()
        if end == start or (boundary and not on_boundaries(doc, norm, start, end)):
            continue
        ostart, oend = norm.to_original(start, end)
        yield ostart, oend, None
    if doc.compact_text == norm.text:
        return
    view = doc.compact
    for m in pattern.finditer(view.text):
        start, end = m.span()
        if end == start or (boundary and not on_boundaries(doc, view, start, end)):
            continue
        ostart, oend = view.to_original(start, end)
        yield ostart, oend, (start, end)  # a separator may split a word of it either way


# quotation marks as the normalised view writes them (NFKC keeps these; ＂ becomes "), and
# the brackets of a list in code or config ([坐牢, 上门])
QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"', "[": "]"}
CJK_QUOTES = frozenset("“‘「『")  # what holds someone else's words (ASCII " holds code's)
# what may stand between two quotations of one run: “上门”、“爆通讯录”, "上门", "坐牢"
QUOTE_JOINERS = frozenset("、和与及或, ")
LISTED = 3  # quoted or bracketed words in a run that make a list (a config's banned words)
OWN_WORDS = 6  # CJK characters outside quotations below which the quotations are the message
JUDGE_REACH = 2  # characters (等, 的) between a quotation and the word judging it
MENTION_PARTS = (
    "address",
    "opener",
    "narration",
    "reporter",
    "source",
    "report_verb",
    "judge_after",
    "judge_before",
    "forbid",
    "forbid_turn",
)


class Mentions:
    """Coercive words a message reports, quotes or describes instead of using them: a court
    finding (法院认定：催收员称借款人“涉嫌诈骗”), a lawyer's warning, a news item, a complaint,
    a collection rule. Built from the pack's ``mentions:`` section; every coercion rule of
    the ``lexicon`` and ``frame`` kinds asks it about each hit that would fire.

    A message that speaks to its reader (an ``address`` word such as 你/您 outside quotation
    marks) uses what it says, whoever it cites; one that does not is a report when it opens
    as one (an ``opener`` in its first clause: 律师提醒, 记者; or a ``source`` or ``reporter``
    and a ``report_verb`` ending that clause: 法院认定：, 律师表示，), tells a victim's story
    (``narration``: 被催收, 求助), or when the hit follows a ``reporter`` (催收人员, 对方)
    and then a ``report_verb`` (称, 扬言) in its sentence. A quotation judged by the
    words right after it (``judge_after``: 属于, 多为, 被通报, 话术) or disowned right before
    it (``judge_before``: 所谓, 诸如) is a mention in any message. In a message to nobody
    in particular, a hit after a prohibition in its sentence (``forbid``: 严禁员工…曝光他人隐私)
    is what a rule book forbids, unless the sentence turns to a threat in between
    (``forbid_turn``: 不得拖延，否则上门). A bare quoted threat (“再不还钱就上门”) stays a
    threat: only the frame around it makes it a mention. The opening clause of a report may
    be its signature: 【XX日报】, 【内部通知】."""

    def __init__(self, parts: dict[str, tuple[str, ...]]) -> None:
        self.address = parts.get("address", ())
        self.opener = parts.get("opener", ())
        self.narration = parts.get("narration", ())
        self.reporter = parts.get("reporter", ())
        self.source = parts.get("source", ())
        self.report_verb = parts.get("report_verb", ())
        self.judge_after = parts.get("judge_after", ())
        self.judge_before = parts.get("judge_before", ())
        self.forbid = parts.get("forbid", ())
        self.forbid_turn = parts.get("forbid_turn", ())
        self.judge_length = max(map(len, (*self.judge_after, *self.judge_before)), default=0)

    def reason(self, doc: Document, original: int) -> str:
        """Why the hit starting at ``original`` (an original offset) is a mention, or "" when
        it is used."""
        facts = doc.mention_facts.get(self)
        if facts is None:
            facts = doc.mention_facts[self] = self._facts(doc)
        if facts.quotations:
            at = doc.norm_index(original)
            for start, end, judged in facts.quotations:
                if start <= at < end and judged:
                    return f"a quotation {judged}"
        if facts.addressed:
            return ""
        at = doc.compact_index(original)
        return facts.described or facts.reported(doc, at) or self._forbidden(doc, at)

    def _forbidden(self, doc: Document, at: int) -> str:
        """A prohibition before the hit at compact ``at`` in its sentence, with no turn to a
        threat between them: 本公司严禁员工参与非法催收，包括曝光他人隐私."""
        text = doc.compact_text
        start = doc.sentence(at, compact=True)[0]
        for word in self.forbid:
            i = text.rfind(word, start, at)
            # a word of its own: 不得 is no prohibition in 不得不 or 恨不得
            if i < 0 or not on_boundaries(doc, doc.compact, i, i + len(word)):
                continue
            between = text[i + len(word) : at]
            if not any(turn in between for turn in self.forbid_turn):
                return f"mention: a rule forbids it («{word}»)"
        return ""

    def _facts(self, doc: Document) -> _Facts:
        """Whether the message speaks to its reader, whether it is a report as a whole, its
        quotations (spans on the normalised view, which keeps quotation marks: the compact
        one drops them between CJK characters) with how each is judged, and where a
        reporter's words are told. Read once per message, so a long one with many hits
        costs what a scan of it does."""
        norm = doc.norm.text
        runs = _quotation_runs(norm)
        # a code template quotes its whole message in ASCII marks: only CJK quotation marks
        # hold someone else's words, and only in a message that says something of its own
        quoted = [(s, e) for run in runs for s, e in run if norm[s - 1] in CJK_QUOTES]
        if _cjk_outside(norm, quoted) < OWN_WORDS:
            quoted = []
        starts = [s for s, _ in quoted]
        addressed = any(
            not _inside(quoted, starts, i) for w in self.address for i in _find(norm, w)
        )
        quotations: list[tuple[int, int, str]] = []
        for run in runs:
            # a list of words (a config's banned words) in a message to nobody in particular
            listed = "" if addressed else _listed(norm, run)
            judged = listed or self._judged(norm, run[0][0] - 1, run[-1][1] + 1)
            quotations.extend((start, end, judged) for start, end in run)
        facts = _Facts(quotations)
        facts.addressed = addressed
        if addressed:
            return facts
        text = doc.compact_text
        start, end = _first_clause(text)
        # the signature opens a report too: 【XX日报】, 【内部通知】
        opener = next((w for w in self.opener if w in text[:end]), None)
        # the source and its verb end the clause (律师表示，…; 记者从警方获悉，…): a
        # collector's own claim goes on in it (律师认为此案已构成诈骗)
        told = self._told(doc, start, end, (*self.source, *self.reporter), closing=True)
        if opener is not None:
            facts.described = f"the message opens as a report («{opener}»)"
        elif told:
            facts.described = f"the message opens as a report («{told[0][2]}» … «{told[0][3]}»)"
        else:
            victim = next((w for w in self.narration if w in text), None)
            if victim is not None:
                facts.described = f"the message tells what happened to its writer («{victim}»)"
            else:
                facts.told = self._told(doc, 0, len(text), self.reporter)
                facts.told_ends = [f[1] for f in facts.told]
        return facts

    def _judged(self, text: str, opening: int, closing: int) -> str:
        """How the quotation run from mark ``opening`` to the end of mark ``closing - 1`` is
        judged or disowned by its neighbours in the clause, or ""."""
        after = _after(text, closing, JUDGE_REACH + self.judge_length)
        for word in self.judge_after:
            i = after.find(word)
            if 0 <= i <= JUDGE_REACH:
                return f"judged by «{word}»"
        before = _before(text, opening, JUDGE_REACH + self.judge_length)
        for word in self.judge_before:
            i = before.rfind(word)
            if i >= 0 and len(before) - i - len(word) <= JUDGE_REACH:
                return f"disowned by «{word}»"
        return ""

    def _told(
        self,
        doc: Document,
        start: int,
        end: int,
        tellers: tuple[str, ...],
        closing: bool = False,
    ) -> list[tuple[int, int, str, str]]:
        """Reporting verbs in compact ``[start, end)`` (only one ending it, if ``closing``)
        with one of ``tellers`` before them from ``start`` on: (verb start, verb end, teller,
        verb), by verb end."""
        text = doc.compact_text
        # the teller that ends first: a verb after it has a teller before it
        first_end, teller = min(
            ((i + len(t), t) for t in tellers if (i := text.find(t, start, end)) >= 0),
            default=(end + 1, ""),
        )
        found = []
        for verb in self.report_verb:
            for v in _find(text, verb, end - len(verb) if closing else first_end, end):
                if v < first_end or (
                    len(verb) == 1 and not on_boundaries(doc, doc.compact, v, v + 1)
                ):
                    continue
                found.append((v, v + len(verb), teller, verb))
        found.sort(key=lambda f: f[1])
        return found


class _Facts:
    """What :class:`Mentions` read in one message (see ``Mentions._facts``)."""

    __slots__ = ("addressed", "described", "quotations", "told", "told_ends")

    def __init__(self, quotations: list[tuple[int, int, str]]) -> None:
        self.quotations = quotations
        self.addressed = False
        self.described = ""
        # reporting verbs after a reporter, by verb end (compact offsets), and their ends
        self.told: list[tuple[int, int, str, str]] = []
        self.told_ends: list[int] = []

    def reported(self, doc: Document, at: int) -> str:
        """A reporter, then a reporting verb, before the hit at compact ``at`` in its
        sentence: 催收员…称…. The last verb ending before the hit decides: verbs hold no
        punctuation, so if it is not in the hit's sentence, no earlier one is."""
        k = bisect_right(self.told_ends, at)
        if not k:
            return ""
        v, _, teller, verb = self.told[k - 1]
        if v < doc.sentence(at, compact=True)[0]:
            return ""
        return f"reports what «{teller}» said («{verb}»)"


_COMPILED: dict[str, Mentions | None] = {}


def mentions_of(pack: Pack, ctx: CompileContext) -> Mentions | None:
    """The pack's ``mentions:`` compiled once for all its rules (None when it has none)."""
    if pack.digest not in _COMPILED:
        parts = {}
        for part in MENTION_PARTS:
            words = expand(list(pack.mentions.get(part, [])), pack.lists)
            parts[part] = tuple(
                dict.fromkeys(compact_word(ctx.normal_form(w.strip())) for w in words)
            )
        _COMPILED[pack.digest] = Mentions(parts) if any(parts.values()) else None
    return _COMPILED[pack.digest]


def _find(text: str, word: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Where ``word`` starts in ``text[start:end]`` (whole occurrences inside the range)."""
    end = len(text) if end is None else end
    i = text.find(word, start, end)
    while i >= 0:
        yield i
        i = text.find(word, i + 1, end)


def _listed(text: str, run: list[tuple[int, int]]) -> str:
    """A list of words, not a message: three quotations in a run (["上门", "坐牢", "曝光"],
    “上门”“恐吓”“辱骂”), or a bracket of three comma-separated items ([坐牢, 拘留, 上门])."""
    start, end = run[0]
    if len(run) >= LISTED or (
        len(run) == 1
        and text[start - 1] == "["
        and text.count(",", start, end) + text.count("、", start, end) >= LISTED - 1
    ):
        return "listed among other words"
    return ""


def _inside(spans: list[tuple[int, int]], starts: list[int], i: int) -> bool:
    """Whether ``i`` lies in one of ``spans`` (sorted, apart; ``starts`` their starts)."""
    k = bisect_right(starts, i) - 1
    return k >= 0 and i < spans[k][1]


def _cjk_outside(text: str, spans: list[tuple[int, int]]) -> int:
    """How many CJK characters of ``text`` lie outside ``spans``."""
    inside = sum(sum(map(is_cjk, text[s:e])) for s, e in spans)
    return sum(map(is_cjk, text)) - inside


def _quotation_runs(text: str) -> list[list[tuple[int, int]]]:
    """Quotations (inner spans) grouped in runs: “律师函”“法院传票” is one run of two."""
    runs: list[list[tuple[int, int]]] = []
    unclosed: set[str] = set()  # closing marks with none left: a scan for one is not repeated
    i = 0
    while i < len(text):
        closing = QUOTES.get(text[i])
        end = text.find(closing, i + 1) if closing and closing not in unclosed else -1
        if end < 0:
            if closing:
                unclosed.add(closing)
            i += 1
            continue
        previous = runs[-1][-1][1] + 1 if runs else -1
        joined = previous >= 0 and all(ch in QUOTE_JOINERS for ch in text[previous:i])
        if joined:
            runs[-1].append((i + 1, end))
        else:
            runs.append([(i + 1, end)])
        i = end + 1
    return runs


def _after(text: str, start: int, length: int) -> str:
    """Up to ``length`` characters from ``start``, stopping at clause punctuation."""
    part = text[start : start + length]
    cut = next((k for k, ch in enumerate(part) if ch in CLAUSE_PUNCT), len(part))
    return part[:cut]


def _before(text: str, end: int, length: int) -> str:
    """Up to ``length`` characters before ``end``, from the last clause punctuation."""
    part = text[max(0, end - length) : end]
    cut = max((k for k, ch in enumerate(part) if ch in CLAUSE_PUNCT), default=-1)
    return part[cut + 1 :]


def _first_clause(text: str) -> tuple[int, int]:
    """The message's first clause, after a leading signature 【…】: where a report opens."""
    start = 0
    if text.startswith("【"):
        close = text.find("】")
        start = close + 1 if close > 0 else 0
    for i in range(start, len(text)):
        if text[i] in CLAUSE_PUNCT:
            return start, i
    return start, len(text)
