"""Mentions (issue 15): coercive words a message reports, quotes or describes, not uses."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.core.errors import SmslintError
from smslint.engine.checks.frame import trace
from smslint.engine.linter import Linter
from smslint.packs.pack import load_pack

PACK = """\
name: m
lists:
  p_address: [你, 您]
  p_teller: [催收员, 对方]
mentions:
  address: [$p_address]
  opener: [记者, 投诉对象]
  narration: [被催收]
  reporter: [$p_teller]
  source: [律师]
  report_verb: [称, 说, 表示]
  judge_after: [属于, 被通报]
  judge_before: [所谓]
  forbid: [严禁, 不得]
  forbid_turn: [否则, 明天]
rules:
  - id: m.visit
    kind: lexicon
    category: coercion
    severity: error
    message: "上门：{match}"
    phrases: [上门, 爆通讯录]
  - id: m.jail
    kind: frame
    category: coercion
    severity: error
    message: "坐牢：{match}"
    frames:
      - slots: [钱, 坐牢]
        gap: 4
  - id: m.format
    kind: lexicon
    category: format
    severity: warning
    message: "x {match}"
    phrases: [上门]
"""


@cache
def _linter(tmp: str) -> Linter:
    path = Path(tmp) / "m.yaml"
    path.write_text(PACK, encoding="utf-8")
    return Linter(str(path))


@pytest.fixture(scope="module")
def linter(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    return _linter(str(tmp_path_factory.mktemp("mentions")))


def _coercion(linter: Linter, text: str) -> list[str]:
    return sorted(f.rule for f in linter.lint(text, kind="overdue") if f.category == "coercion")


@pytest.mark.parametrize(
    "text",
    [
        "明天上门，你等着",  # used: the message speaks to its reader
        "再不还钱就上门",  # a bare threat, no frame around it
        "“再不还钱就上门”",  # a bare quoted threat is still the message itself
        "记者你好，明天上门",  # an opener in a message that speaks to its reader
        "催收员称明天上门，你准备好",  # reported, but the reader is addressed
        "律师称此案明天上门执行",  # a source goes on in its clause: the claim is the sender's
        "不得拖延，否则上门",  # a prohibition turned into a threat
        "不得拖延，明天上门",
        "严禁拖欠！上门",  # the prohibition in another sentence
        "你不得拖延，上门",  # a prohibition said to the reader is an order
        "不得不上门",  # 不得 inside 不得不 forbids nothing
        "“上门”了也没用",  # a quotation nobody judges
        "说明天上门",  # a verb without a reporter
    ],
)
def test_uses_fire(linter: Linter, text: str) -> None:
    assert _coercion(linter, text) == ["m.visit"]


@pytest.mark.parametrize(
    "text",
    [
        "记者调查：催收公司常以上门施压",  # opens as a report
        "【某报】记者获悉，有公司上门",  # after a leading signature
        "我借了钱，现在被催收上门",  # a victim tells it
        "催收员称明天上门",  # a reporter, then a reporting verb
        "对方在电话里说要上门",
        "律师表示，催收公司不得随意上门",  # a source and its verb end the first clause
        "因“爆通讯录”被通报",  # a quotation judged after it, in any message
        "您好，所谓“上门”属于恐吓",
        "您好，“上门”、“爆通讯录”属于违法",  # a run of quotations is judged as one
        "本公司严禁员工参与暴力催收，包括上门骚扰",  # a rule book forbids it
        "催收作业不得上门",
        "【某市记者站】调查：有公司上门",  # the signature opens a report
    ],
)
def test_mentions_pass(linter: Linter, text: str) -> None:
    assert _coercion(linter, text) == []


@pytest.mark.parametrize(
    ("text", "fired"),
    [
        ('BANNED = ["上门", "爆通讯录", "坐牢"]', []),  # a config's list of words
        ("敏感词: [上门, 爆通讯录, 坐牢]", []),
        ("“上门”“坐牢”“爆通讯录”", []),  # three in a run: a list, not a message
        ('BANNED = ["上门", "爆通讯录"]', ["m.visit", "m.visit"]),  # two make no list
        ("你等着“上门”“坐牢”“爆通讯录”", ["m.visit", "m.visit"]),  # said to the reader
    ],
)
def test_a_list_of_words_is_no_message(linter: Linter, text: str, fired: list[str]) -> None:
    assert _coercion(linter, text) == fired


def test_frames_ask_too_and_say_why(linter: Linter) -> None:
    assert _coercion(linter, "不还钱就要坐牢") == ["m.jail"]
    assert _coercion(linter, "催收员称不还钱就要坐牢") == []
    (record,) = trace(linter, "催收员称不还钱就要坐牢", "overdue")
    assert record.findings == []
    assert record.frames[0].reason.startswith("mention: reports what «催收员» said («称»)")


def test_only_coercion_rules_ask(linter: Linter) -> None:
    found = [f.rule for f in linter.lint("催收员称明天上门", kind="overdue")]
    assert found == ["m.format"]


def test_a_quotation_that_is_the_whole_message_speaks_to_its_reader(linter: Linter) -> None:
    """A script written inside quotation marks is the message: 您 in it addresses the reader."""
    assert _coercion(linter, "“您好，我是某某，记者说明天上门”") == ["m.visit"]
    # while in a report the quoted 你 is someone else's words
    assert _coercion(linter, "记者调查：催收公司在短信中写“你等着，明天上门”") == []


def test_a_code_template_s_ascii_quotes_hold_the_message(linter: Linter) -> None:
    assert _coercion(linter, 'msg = "催收员称你明天上门"') == ["m.visit"]


def test_a_pack_without_mentions_judges_every_hit(tmp_path: Path) -> None:
    head, _, rules = PACK.partition("rules:\n")
    plain = head.split("mentions:")[0] + "rules:\n" + rules
    path = tmp_path / "plain.yaml"
    path.write_text(plain, encoding="utf-8")
    assert _coercion(Linter(str(path)), "催收员称明天上门") == ["m.visit"]


def test_a_child_pack_edits_the_lists_mentions_name(tmp_path: Path, linter: Linter) -> None:
    parent = tmp_path / "m.yaml"
    parent.write_text(PACK, encoding="utf-8")
    child = tmp_path / "c.yaml"
    child.write_text(
        "name: c\nextends: m.yaml\nlists:\n  p_teller: {add: [该团伙]}\n", encoding="utf-8"
    )
    assert _coercion(linter, "该团伙称明天上门") == ["m.visit"]
    assert _coercion(Linter(str(child)), "该团伙称明天上门") == []


@pytest.mark.parametrize(
    ("section", "message", "line"),
    [
        ("mentions:\n  opener: [$nope]\n", r"mentions: unknown list \$nope", 3),
        ("mentions:\n  speaker: [x]\n", "invalid pack: mentions", 2),
        ("mentions:\n  opener: x\n", "invalid pack: mentions.opener", 3),
    ],
)
def test_bad_mentions_are_pack_errors(
    tmp_path: Path, section: str, message: str, line: int
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\n" + section, encoding="utf-8")
    with pytest.raises(SmslintError, match=message) as err:
        load_pack(str(path))
    assert (err.value.file, err.value.line) == (str(path), line)


@settings(max_examples=60, deadline=None)
@given(
    frame=st.sampled_from(["记者调查：", "我被催收了，", "催收员称", "对方说", ""]),
    filler=st.text(alphabet="今天明的了啊，", max_size=6),
)
def test_a_message_that_speaks_to_its_reader_uses_its_threat(
    tmp_path_factory: pytest.TempPathFactory, frame: str, filler: str
) -> None:
    """Whatever report frame stands around it, a threat addressed to 你 fires."""
    linter = _linter(str(tmp_path_factory.getbasetemp()))
    assert _coercion(linter, f"{frame}{filler}你不还就上门") == ["m.visit"]


def test_base_pack_mentions() -> None:
    """The shipped lists, on wordings of our own: reports pass, the threats they quote
    fire when sent."""
    base = Linter("base")

    def fires(text: str) -> bool:
        return any(f.category == "coercion" for f in base.lint(text, kind="notification"))

    assert not fires("法院认定：催收员在短信中称借款人“涉嫌诈骗”，属于虚假陈述")
    assert not fires("受访者表示，催收方曾把她的照片发到家族群里")
    assert not fires("学者认为，所谓“全家征信受影响”纯属夸大")
    assert not fires("求助！借了网贷逾期了，催收天天打我家人电话")
    assert fires("再不还钱就上门催收")
    assert fires("律师认为你已构成诈骗，即将移交公安")
    assert fires("律师认为此案已构成诈骗，即将移交公安")


def _naive(text: str, at: int) -> bool:
    """The reported and first-clause tests as a scan per hit: what the kept facts answer."""
    tellers, verbs = ("催收员", "对方"), ("声称", "表示")
    stops = "，。"
    clause_end = next((i for i, ch in enumerate(text) if ch in stops), len(text))
    for verb in verbs:  # a teller then a verb ending the first clause
        v = clause_end - len(verb)
        if v >= 0 and text[v:clause_end] == verb and any(t in text[:v] for t in tellers):
            return True
    sentence_start = text.rfind("。", 0, at) + 1
    return any(
        text[v : v + len(verb)] == verb and any(t in text[:v] for t in tellers)
        for verb in verbs
        for v in range(sentence_start, at - len(verb) + 1)
    )


@settings(max_examples=120, deadline=None)
@given(
    parts=st.lists(st.sampled_from(["催收员", "对方", "声称", "表示", "上门", "，", "。", "明天"]))
)
def test_kept_facts_answer_as_a_scan_per_hit(parts: list[str]) -> None:
    """Reporters and verbs are read once per message; each hit's answer is the scan's."""
    from smslint.engine.checks.context import Mentions
    from smslint.engine.document import Document
    from smslint.engine.linter import _template

    text = "".join(parts)
    if not text:
        return
    mentions = Mentions({"reporter": ("催收员", "对方"), "report_verb": ("声称", "表示")})
    base = _base()
    doc = Document(_template(text), None, base.pack, base.prefilter)
    for at in range(len(text)):
        assert bool(mentions.reason(doc, at)) == _naive(text, at), at


@cache
def _base() -> Linter:
    return Linter("base")
