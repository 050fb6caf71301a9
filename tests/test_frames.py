"""Named word lists and the ``frame`` rule kind (issue 15): loading, extending, matching."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.cli import cli
from smslint.core.errors import SmslintError
from smslint.core.tuning import SCREEN_AFTER
from smslint.engine import packcache
from smslint.engine.checks.frame import FrameRule, trace
from smslint.engine.document import Document
from smslint.engine.linter import Linter, _template
from smslint.packs.pack import load_pack

from .conftest import DATA

FRAMES = str(DATA / "packs" / "frames.yaml")
CHILD = str(DATA / "packs" / "frames_child.yaml")
CONTACT = "frames.coercion.contact-third-party"
VISIT = "frames.coercion.visit"

RULE = """\
  - id: t.frame
    kind: frame
    category: coercion
    severity: error
    message: "m {match}"
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _rules(linter: Linter, text: str) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start : f.end]) for f in linter.lint(text, kind="overdue")]


@pytest.fixture(scope="module")
def frames() -> Linter:
    return Linter(FRAMES)


def test_list_entries_are_normalised_once_at_load(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.yaml", "name: p\nlists:\n  people: [ 家屬 , ＡＢ, 家属]\n")
    assert load_pack(path).lists == {"people": ("家属", "ab")}


def test_a_child_adds_and_removes_entries(frames: Linter) -> None:
    child = Linter(CHILD)
    assert "房东" in child.pack.lists["third_party"]
    assert "同事" not in child.pack.lists["third_party"]
    # the parent's rule sees the child's edit of the list it names
    assert _rules(child, "再不还就联系你的房東") == [(CONTACT, "联系你的房東")]
    assert _rules(child, "再不还就联系你的同事") == []
    assert _rules(frames, "再不还就联系你的同事") == [(CONTACT, "联系你的同事")]


@pytest.mark.parametrize(
    ("lists", "line", "message"),
    [
        ("  third_party: [邻居]\n", 4, "already defined by the pack this one extends"),
        ("  nosuch: {add: [邻居]}\n", 4, "edits a list the pack does not inherit"),
        ("  third_party: {remove: [房东]}\n", 4, "has no entry '房东' to remove"),
    ],
)
def test_list_edit_errors_name_the_line(
    tmp_path: Path, lists: str, line: int, message: str
) -> None:
    text = f"name: c\nextends: {FRAMES}\nlists:\n{lists}"
    path = _write(tmp_path, "c.yaml", text)
    with pytest.raises(SmslintError) as err:
        load_pack(path)
    assert message in err.value.message
    assert (err.value.file, err.value.line) == (path, line)


def test_unknown_list_reference_names_file_and_line(tmp_path: Path) -> None:
    text = "name: p\nlists:\n  a: [x]\nrules:\n" + RULE + "    frames:\n      - slots: [$a, $b]\n"
    path = _write(tmp_path, "p.yaml", text)
    with pytest.raises(SmslintError, match=r"unknown list \$b") as err:
        load_pack(path)
    assert (err.value.file, err.value.line) == (path, 11)


def test_list_names_are_validated_by_the_schema(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.yaml", "name: p\nlists:\n  Bad-Name: [x]\n")
    with pytest.raises(SmslintError, match="invalid pack: lists"):
        load_pack(path)


@pytest.mark.parametrize(
    ("frame", "where", "line"),
    [
        ("{slots: []}", "rules.0.frames.0.slots", 9),
        ("{slots: [a], gap: -1}", "rules.0.frames.0.gap", 9),
        ("{slots: [a], scope: page}", "rules.0.frames.0.scope", 9),
        ("{slots: [a], order: random}", "rules.0.frames.0.order", 9),
        ("{slots: [a], span: 3}", "rules.0.frames.0", 9),
        # what the schema cannot say, the kind does, at the rule's `frames:` line
        ("{slots: [a, b, c, d, e], order: any}", "at most 4 slots", 8),
    ],
)
def test_bad_frames_are_pack_errors(tmp_path: Path, frame: str, where: str, line: int) -> None:
    text = "name: p\nrules:\n" + RULE + f"    frames:\n      - {frame}\n"
    path = _write(tmp_path, "p.yaml", text)
    with pytest.raises(SmslintError, match=where) as err:
        Linter(path)
    assert err.value.file == path and err.value.line == line


def test_a_bad_frame_exits_2_with_one_line(tmp_path: Path) -> None:
    text = "name: p\nrules:\n" + RULE + "    frames:\n      - {slots: [a], gap: x}\n"
    path = _write(tmp_path, "p.yaml", text)
    result = CliRunner().invoke(cli, ["check", "--text", "再不还", "--pack", path])
    assert result.exit_code == 2
    assert f"{path}:9" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("再不还款就联系你的家人。", [(CONTACT, "联系你的家人")]),
        ("再不还就联系你的通-讯-录", [(CONTACT, "联系你的通-讯-录")]),
        ("我們將通知您的領導", [(CONTACT, "通知您的領導")]),
        # the gap is counted between slots: four characters pass, five do not
        ("再不还就联系一二三四家人", [(CONTACT, "联系一二三四家人")]),
        ("再不还就联系一二三四五家人", []),
        # clause scope: a comma ends the frame
        ("再不还就联系，家人", []),
        # a slot must be a word of its own: 家人 is not in 国家人口
        ("再不还就找国家人口普查", []),
    ],
)
def test_frame_matching(frames: Linter, text: str, expected: list[tuple[str, str]]) -> None:
    assert [h for h in _rules(frames, text) if h[0] == CONTACT] == expected


@pytest.mark.parametrize("space", [" ", "\u3000", "\u00a0"])
def test_a_space_for_a_comma_ends_the_recipient_s_reach(frames: Linter, space: str) -> None:
    """The compact view drops a space between CJK characters; not_before still stops there."""
    text = f"请您今天还款{space}否则我们就联系你的家人"
    assert [h for h in _rules(frames, text) if h[0] == CONTACT] == [(CONTACT, "联系你的家人")]
    assert [
        h for h in _rules(frames, "请您今天还款否则我们就联系你的家人") if h[0] == CONTACT
    ] == []


def test_the_recipient_acting_before_a_later_slot_in_its_clause(tmp_path: Path) -> None:
    """建议你与家人商量: the recipient is the actor of the clause the third party is in."""
    body = (
        "    frames:\n      - slots: [逾期记录, [家人, 同事]]\n        order: any\n"
        "        scope: sentence\n        gap: 12\n    when: [已, 会]\n"
        "    not_before: [建议你, 您可以]\n"
    )
    linter = _pack(tmp_path, body)
    assert _rules(linter, "逾期记录我们已保存，会通知你的家人") == [
        ("t.frame", "逾期记录我们已保存，会通知你的家人")
    ]
    assert _rules(linter, "逾期记录我们已保存，建议你与家人商量") == []


def test_order_any_and_sentence_scope(frames: Linter) -> None:
    assert (VISIT, "等你很久了，在你公司") in _rules(frames, "等你很久了，在你公司。")
    assert [h for h in _rules(frames, "等你很久了。在你公司。") if h[0] == VISIT] == []


def test_overlapping_matches_of_a_rule_are_one_finding(frames: Linter) -> None:
    text = "再不还就通知你的家人领导"
    assert _rules(frames, text) == [(CONTACT, "通知你的家人领导")]


def test_trace_says_where_each_frame_stopped(frames: Linter) -> None:
    by_rule = {t.rule: t for t in trace(frames, "您可以与家人商量后再联系我们。")}
    contact = by_rule[CONTACT].frames[0]
    assert contact.matched is None and contact.stopped_at == 1
    assert "slot 2" in contact.reason
    negated = {t.rule: t for t in trace(frames, "再不还我们也不会联系你的家人")}[CONTACT]
    assert negated.frames[0].stopped_at is None
    assert negated.frames[0].reason.startswith("negation")
    warned = {t.rule: t for t in trace(frames, "谨防冒充客服再不还就联系家人")}[CONTACT]
    assert warned.frames[0].reason == "unless: the sentence carries an unless word («谨防»)"
    matched = {t.rule: t for t in trace(frames, "明天去你单位。")}[VISIT]
    assert matched.frames[0].matched == (2, 6) and matched.findings == [(2, 6)]
    assert matched.frames[1].reason == "no word of slot 1 (上门)"


def test_lexicon_merges_overlapping_phrases_of_one_rule() -> None:
    found = [
        f for f in Linter("base").lint("否则后果自负", kind="overdue") if f.category == "coercion"
    ]
    assert [(f.rule, f.start, f.end) for f in found] == [("base.coercion.deadline-pressure", 0, 6)]


def test_a_cached_pack_keeps_lists_and_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMSLINT_CACHE_DIR", str(tmp_path / "cache"))
    first = Linter(CHILD)
    calls: list[str] = []
    monkeypatch.setattr(packcache, "load_pack", lambda ref: calls.append(ref) or load_pack(ref))
    second = Linter(CHILD)
    assert calls == []
    assert second.pack.lists == first.pack.lists
    text = "再不还就联系你的房东"
    assert _rules(second, text) == _rules(first, text) == [(CONTACT, "联系你的房东")]


def test_a_frame_rule_offers_its_replacement_as_a_fix(tmp_path: Path) -> None:
    text = (
        "name: p\nlists:\n  verb: [通知]\n  who: [家人]\nrules:\n"
        + RULE
        + "    replacement: 与您联系\n    frames:\n      - slots: [$verb, $who]\n"
    )
    linter = Linter(_write(tmp_path, "p.yaml", text))
    (finding,) = [
        f for f in linter.lint("我们将通知你的家人", kind="overdue") if f.rule == "t.frame"
    ]
    assert (finding.start, finding.end) == (3, 9)
    assert finding.fix is not None and finding.fix.replacement == "与您联系"


def _pack(tmp_path: Path, body: str, lists: str = "") -> Linter:
    text = f"name: p\nlists:\n  you: [你, 您]\n  place: [家, 单位]\n  go: [去, 到]\n{lists}rules:\n"
    return Linter(_write(tmp_path, "p.yaml", text + RULE + body))


def test_phrases_are_a_frame_of_one_slot_without_conditions(tmp_path: Path) -> None:
    linter = _pack(
        tmp_path,
        "    phrases: [上门催收]\n    frames:\n      - slots: [$go, $you, $place]\n"
        "        gap: 1\n    when: [再不]\n",
    )
    assert _rules(linter, "我们将上门催收") == [("t.frame", "上门催收")]  # no `when` needed
    assert _rules(linter, "明天去你家") == []  # the frame's rule-level `when` holds for frames
    assert _rules(linter, "再不还明天去你家") == [("t.frame", "去你家")]


def test_a_slot_word_may_be_any_template_placeholder(tmp_path: Path) -> None:
    """A lender's template names the debtor by a placeholder ({name}, ${userName}); in the
    checks' view each is the one character U+E000, so a list entry "\\ue000" is any of them."""
    linter = _pack(tmp_path, '    frames:\n      - slots: [请通知, "\\ue000"]\n        gap: 1\n')
    assert _rules(linter, "请通知{name}尽快还款") == [("t.frame", "请通知{name}")]
    assert _rules(linter, "请通知${userName}还款") == [("t.frame", "请通知${userName}")]
    assert _rules(linter, "请通知大家尽快还款") == []


def test_only_a_match_s_outer_edges_must_be_word_boundaries(tmp_path: Path) -> None:
    """去|你|家 is one or two words to the segmenter; the match as a whole is what counts."""
    linter = _pack(tmp_path, "    frames:\n      - slots: [$go, $you, $place]\n        gap: 1\n")
    assert _rules(linter, "明天去你家") == [("t.frame", "去你家")]
    assert _rules(linter, "明天去你单位找你") == [("t.frame", "去你单位")]
    assert _rules(linter, "过去你单位的同事") == []  # 去 inside 过去: its left edge is not a word's


def test_boundary_false_matches_inside_words(tmp_path: Path) -> None:
    body = "    phrases: [单位]\n"
    assert _rules(_pack(tmp_path, body), "用人单位") == []
    assert _rules(_pack(tmp_path, body + "    boundary: false\n"), "用人单位") == [
        ("t.frame", "单位")
    ]


def test_a_slot_word_in_digits_is_no_word_inside_a_number(tmp_path: Path) -> None:
    """A deadline of hours in digits: 2小时内 must not be found in 72小时内 nor 3天 in 30天."""
    linter = _pack(tmp_path, "    frames:\n      - slots: [[2小时内, 3天], 联系]\n        gap: 4\n")
    assert _rules(linter, "请2小时内联系") == [("t.frame", "2小时内联系")]
    assert _rules(linter, "请于72小时内联系") == []
    assert _rules(linter, "请在3天内联系") == [("t.frame", "3天内联系")]
    assert _rules(linter, "请在30天内联系") == []
    assert _rules(linter, "请在13天内联系") == []
    assert _rules(linter, "请于0.2小时内联系") == []  # a decimal point joins the number
    assert _rules(linter, "第1.2小时内联系") == []


def test_a_condition_may_sit_inside_a_word(tmp_path: Path) -> None:
    """现已 and 即将 are single words; the 已 and 将 in them still state intent."""
    body = "    frames:\n      - slots: [司法调查]\n    when: [已, 将]\n"
    linter = _pack(tmp_path, body)
    assert _rules(linter, "我方现已启动司法调查") == [("t.frame", "司法调查")]
    assert _rules(linter, "我方即将启动司法调查") == [("t.frame", "司法调查")]
    assert _rules(linter, "我方可以启动司法调查") == []


def test_when_scope_message_finds_the_condition_in_another_sentence(tmp_path: Path) -> None:
    """垃圾！还钱！: the exclamation mark ends the sentence that holds the insult."""
    frame = "    frames:\n      - slots: [垃圾]\n        when: [还钱]\n"
    sentence = _pack(tmp_path, frame)
    message = _pack(tmp_path, frame + "        when_scope: message\n")
    assert _rules(sentence, "垃圾！还钱！") == []
    assert _rules(message, "垃圾！还钱！") == [("t.frame", "垃圾")]
    assert _rules(message, "垃圾分类从我做起！") == []
    with pytest.raises(SmslintError, match="when_scope"):
        _pack(tmp_path, frame + "        when_scope: document\n")


def test_when_kinds_let_the_notice_kind_stand_for_the_condition(tmp_path: Path) -> None:
    """An overdue notice is about a debt by what it is: 晚上回家注意安全 needs no debt word
    there, and is banter between friends."""
    frame = "    frames:\n      - slots: [回家, 注意安全]\n        when: [还钱]\n"
    linter = _pack(tmp_path, frame + "        when_kinds: [overdue, mediation]\n")
    text = "晚上回家注意安全"
    found = [("t.frame", "回家注意安全")]
    assert _rules(linter, text) == found
    assert [(f.rule, text[f.start : f.end]) for f in linter.lint(text, kind="mediation")] == found
    assert linter.lint(text, kind="notification") == []
    (stopped,) = trace(linter, text, "notification")[0].frames
    assert stopped.reason.endswith("(and a notification notice is none of mediation, overdue)")
    with_debt = "还钱！晚上回家注意安全"
    assert [f.rule for f in linter.lint(with_debt, kind="notification")] == []  # sentence scope
    assert _rules(_pack(tmp_path, frame), text) == []
    with pytest.raises(SmslintError, match="when_kinds"):
        _pack(tmp_path, frame + "        when_kinds: [overdu]\n")


def test_a_rule_about_a_debt_speaks_only_where_one_is(tmp_path: Path) -> None:
    """联系您的家人 is what a safety app says too: with ``about``, the rule speaks in the kinds
    it names, or where one of its words stands anywhere in the message, for all its frames."""
    body = (
        "    phrases: [联系您的家人]\n    frames:\n      - slots: [通知, 紧急联系人]\n"
        "    about: {kinds: [overdue], words: [欠款, $debt]}\n"
    )
    linter = _pack(tmp_path, body, lists="  debt: [还款]\n")
    safety = "若十分钟内未确认平安，我们将联系您的家人并通知紧急联系人。"
    assert {f.rule for f in linter.lint(safety, kind="overdue")} == {"t.frame"}
    assert linter.lint(safety, kind="notification") == []
    debts = ("您的欠款已逾期。今天不处理，我们将联系您的家人。", "请按时还款，否则联系您的家人")
    for debt in debts:
        assert [f.rule for f in linter.lint(debt, kind="notification")] == ["t.frame"]
    assert linter.lint(safety)  # a message of no stated kind is read as a collection notice
    stopped = trace(linter, safety, "notification")[0].frames
    assert [f.reason for f in stopped] == [
        "about: a notification notice holding none of the rule's `about` words"
    ] * 2
    for bad in ("{kinds: [overdue]}", "{words: []}", "{words: [x], kinds: [overdu]}", "[x]"):
        with pytest.raises(SmslintError, match="about"):
            _pack(tmp_path, "    phrases: [x]\n    about: " + bad + "\n")
    with pytest.raises(SmslintError, match=r"unknown list \$debt_wrod") as err:
        _pack(tmp_path, "    phrases: [x]\n    about: {words: [$debt_wrod]}\n")
    assert err.value.line == 13  # the rule's `about:` line


def test_the_notice_kind_fills_a_frame_s_condition_for_the_prefilter(tmp_path: Path) -> None:
    """A notice that cannot meet a rule's ``about`` is no candidate for it (a notification
    holding no debt word skips the rule's work), while an overdue notice, or one of no stated
    kind, is about a debt by what it is; a kind of ``when_kinds`` stands for the condition."""
    body = (
        "    frames:\n      - slots: [回家, 注意安全]\n        when: [还钱]\n"
        "        when_kinds: [mediation]\n"
        "    about: {kinds: [overdue, mediation], words: [欠款]}\n"
    )
    linter = _pack(tmp_path, body)
    (rule,) = (check for check in linter.checks if isinstance(check, FrameRule))

    def candidate(text: str, kind: str | None) -> bool:
        doc = Document(_template(text), kind, linter.pack, linter.prefilter)
        return rule.number in doc.candidates.fillable()

    text = "还钱！晚上回家注意安全"
    assert candidate(text, "overdue") and candidate(text, None)
    assert not candidate(text, "notification")
    assert candidate("欠款还钱！晚上回家注意安全", "notification")
    assert candidate("晚上回家注意安全", "mediation")
    assert not candidate("晚上回家注意安全", "overdue")


def test_a_rule_is_silent_in_a_notification_its_authority_signs(tmp_path: Path) -> None:
    """你已被纳入失信被执行人名单 is a fact in a court's own notification (signed 【…法院】 at
    either end) and a false claim in a lender's: `unless_signed` reads the signature alone,
    only in its kinds, and a list may name the signers."""
    body = (
        "    phrases: [纳入失信被执行人名单]\n"
        "    unless_signed: {kinds: [notification], words: [$court, 仲裁委]}\n"
    )
    text = "name: p\nlists:\n  court: [法院]\nrules:\n"
    linter = Linter(_write(tmp_path, "p.yaml", text + RULE + body))
    claim = "你已被纳入失信被执行人名单，履行完毕后予以删除。"
    assert linter.lint("【XX区人民法院】" + claim, kind="notification") == []
    assert linter.lint(claim + "【XX仲裁委】", kind="notification") == []
    assert [f.rule for f in linter.lint("【XX区人民法院】" + claim, kind="overdue")] == ["t.frame"]
    assert [f.rule for f in linter.lint("【XX金融】" + claim, kind="notification")] == ["t.frame"]
    # a court named in the body is no signature: 本院 and the like are the pack's `unless`
    assert linter.lint("XX法院：" + claim, kind="notification") != []
    (stopped,) = trace(linter, "【XX区人民法院】" + claim, "notification")[0].frames
    assert stopped.reason == "unless_signed: a notification notice signed by «法院»"
    for bad in ("{kinds: [notification]}", "{words: []}", "{words: [x], kinds: [notice]}", "[x]"):
        with pytest.raises(SmslintError, match="unless_signed"):
            _pack(tmp_path, "    phrases: [x]\n    unless_signed: " + bad + "\n")
    with pytest.raises(SmslintError, match=r"\$nolist"):
        _pack(tmp_path, "    phrases: [x]\n    unless_signed: {words: [$nolist]}\n")
    # without kinds, every stated kind; a message of no stated kind is never silenced
    every = Linter(
        _write(
            tmp_path,
            "q.yaml",
            text
            + RULE
            + "    phrases: [纳入失信被执行人名单]\n    unless_signed: {words: [法院]}\n",
        )
    )
    for kind in ("overdue", "notification", "mediation"):
        assert every.lint("【XX区人民法院】" + claim, kind=kind) == []
    assert [f.rule for f in every.lint("【XX区人民法院】" + claim)] == ["t.frame"]


def test_a_signer_s_voice_is_asked_for_and_a_heading_may_sign(tmp_path: Path) -> None:
    """With `voice`, the signer counts only where the notice speaks as it does (本院, a case
    number's 民初): a collector signing 【XX法院】 is still one; and a heading before the
    first colon (XX法院执行案件通知：) signs as the 【…】 does."""
    body = (
        "    phrases: [已立案]\n"
        "    unless_signed: {kinds: [notification], words: [法院], voice: [本院, 民初],"
        " not_with: [小时内]}\n"
    )
    linter = Linter(_write(tmp_path, "v.yaml", "name: v\nrules:\n" + RULE + body))

    def fires(text: str) -> bool:
        return bool(linter.lint(text, kind="notification"))

    assert not fires("【XX区人民法院】（2026）X民初12号案件已立案，本院将依法审理。")
    assert fires("【XX区人民法院】你的借款纠纷已立案，请立即联系刘法官还款。")  # no voice
    assert not fires("XX区人民法院通知：（2026）X民初12号案件已立案。")  # a heading signs
    assert fires("法院的朋友说，你的案子已立案，本院…")  # no heading: the colon is missing
    assert fires("我们已找法院：你的案件已立案，本院将审理。")  # a heading not a signer's
    assert fires("【XX区人民法院】案件已立案，本院要求2小时内还款。")  # a collector's hours
    (stopped,) = trace(linter, "【XX区人民法院】案件已立案，本院将审理。", "notification")[0].frames
    assert stopped.reason == (
        "unless_signed: a notification notice signed by «法院» in its voice («本院»)"
    )


def test_a_clause_opened_by_a_bare_may_is_the_reader_s_act(tmp_path: Path) -> None:
    """如身体不适，可联系您的家人: no subject, the reader may; after a threat's condition in the
    sentence (如仍不处理，可以联系…) the same clause is the sender's consequence."""
    body = (
        "    phrases: [联系您的家人]\n    not_opening: {words: [可, 可以], unless: [仍不, 再不]}\n"
    )
    linter = _pack(tmp_path, body)
    assert _rules(linter, "如身体不适，可联系您的家人获取帮助。") == []
    assert _rules(linter, "如仍不处理，可以联系您的家人。") == [("t.frame", "联系您的家人")]
    assert _rules(linter, "我们可联系您的家人。") == [("t.frame", "联系您的家人")]  # not opening
    assert _rules(linter, "再不还。可联系您的家人。") == []  # the threat is another sentence's
    (stopped,) = trace(linter, "可联系您的家人", "overdue")[0].frames
    assert stopped.reason == "not_opening: the clause gives the reader the act (=可)"
    for bad in ("[可]", "{unless: [仍不]}", "{words: [可], after: [x]}"):
        with pytest.raises(SmslintError, match="not_opening"):
            _pack(tmp_path, "    phrases: [x]\n    not_opening: " + bad + "\n")


def test_a_threat_s_condition_after_the_reader_s_act_ends_not_before(tmp_path: Path) -> None:
    """请立即处理否则将联系您的家人, unpunctuated as many real messages are: the reader acts in
    请…处理, and 否则 makes what follows the sender's consequence. A condition before the
    reader's word (如未还款建议您与家人沟通) leaves the advice the reader's."""
    body = (
        "    phrases: [联系您的家人]\n    not_before: {words: [请, 建议您], unless: [否则, 再不]}\n"
    )
    linter = _pack(tmp_path, body)
    assert _rules(linter, "请立即处理否则将联系您的家人") == [("t.frame", "联系您的家人")]
    assert _rules(linter, "请您联系您的家人") == []
    assert _rules(linter, "如再不还款建议您联系您的家人") == []
    # the nearest reader's word after the condition still holds (否则…请您…)
    assert _rules(linter, "请尽快还款否则请您联系您的家人") == []
    (stopped,) = trace(linter, "请您联系您的家人", "overdue")[0].frames
    assert stopped.reason == "not_before: the recipient acts (=请)"
    # a bare list is the words alone, with no unless
    bare = _pack(tmp_path, "    phrases: [联系您的家人]\n    not_before: [请]\n")
    assert _rules(bare, "请立即处理否则将联系您的家人") == []
    for bad in ("{unless: [否则]}", "{words: [请], after: [x]}", "请"):
        with pytest.raises(SmslintError, match="not_before"):
            _pack(tmp_path, "    phrases: [x]\n    not_before: " + bad + "\n")


def test_a_condition_on_the_borrower_is_not_a_negation(tmp_path: Path) -> None:
    """你不出来… and 你不给钱… are what the threat hangs on; 就在, one word to the segmenter
    once a pack lists it, starts the consequence as 就 does."""
    body = "    frames:\n      - slots: [你家门口]\n      - slots: [[就在, 就去], 你家]\n"
    linter = _pack(tmp_path, body)
    assert _rules(linter, "你不出来我们就在你家门口等") != []
    assert _rules(linter, "你不给钱我们就在你家门口等") != []
    assert _rules(linter, "我们不在你家门口等") == []


def test_a_negation_held_a_mistaken_belief_or_taken_back_is_none(tmp_path: Path) -> None:
    """别以为我们不会上门 tells the reader the visit will come; 我们不是不能联系你的家人 takes
    its 不能 back. 以为 alone: 我们认为不会… is the sender's own word and stays a negation."""
    linter = _pack(tmp_path, "    phrases: [联系你的家人, 去你单位]\n")
    assert _rules(linter, "别以为我们不会联系你的家人") == [("t.frame", "联系你的家人")]
    assert _rules(linter, "你真以为我们不敢去你单位？") == [("t.frame", "去你单位")]
    assert _rules(linter, "我们不是不能联系你的家人") == [("t.frame", "联系你的家人")]
    assert _rules(linter, "我们不会联系你的家人") == []
    assert _rules(linter, "我们认为不会联系你的家人") == []
    assert _rules(linter, "你是不是觉得我们不会联系你的家人") == [("t.frame", "联系你的家人")]
    assert _rules(linter, "不还也不代表我们不去你单位") == [("t.frame", "去你单位")]
    # the negation reaches every item of a list joined by 、, and stops at a turn (但是)
    assert _rules(linter, "我们不会去你单位、联系你的家人") == []
    assert _rules(linter, "我们不会打扰你 但是会去你单位") == [("t.frame", "去你单位")]
    # 非 insisting (非把…, 非要…) negates nothing
    assert _rules(linter, "找到你非要去你单位闹") == [("t.frame", "去你单位")]
    # 不…的话 is a condition: 不还的话 明天去你单位
    assert _rules(linter, "不要的话明天就去你单位") == [("t.frame", "去你单位")]
    assert _rules(linter, "放心，我们不去你单位") == []
    # a space where a comma goes ends the negation; a space right after the negator does not
    assert _rules(linter, "不要再躲了 明天去你单位") == [("t.frame", "去你单位")]
    assert _rules(linter, "我们不会 联系你的家人") == []
    assert _rules(linter, "我们 不会 联系你的家人") == []
    # the space must close a clause (…了 ) or open one (… 我们, … 明天): here it spaces the
    # negated verb from its adverbial
    assert _rules(linter, "我们不会因逾期 联系你的家人") == []
    assert _rules(linter, "没空跟你耗 明天去你单位") == [("t.frame", "去你单位")]
    # the hit itself may open the clause after the space
    opener = _pack(tmp_path, "    phrases: [明天你就知道]\n")
    assert _rules(opener, "钱今天不转账 明天你就知道") == [("t.frame", "明天你就知道")]
    # 只能, 只好 start a consequence as 就 does: the debtor's 无 negates nothing after it
    assert _rules(linter, "你三个月无任何还款我们只能去你单位") == [("t.frame", "去你单位")]
    # right after a denial, a consequence word is the denied act's own (没有要…, 不会立即…)
    assert _rules(linter, "我们没有要去你单位的意思") == []
    assert _rules(linter, "我们不会立即联系你的家人") == []
    assert _rules(linter, "你不还我们马上去你单位") == [("t.frame", "去你单位")]
    # a run of them too; and the condition the negator makes is read past them
    assert _rules(linter, "我们不会立即就去你单位") == []
    assert _rules(linter, "如果没有马上还款我们将去你单位") == [("t.frame", "去你单位")]
    assert _rules(linter, "我们不会再联系你的家人") == []
    # a modal denial makes no condition, whatever follows its words of haste
    assert _rules(linter, "我们不会立即出面去你单位") == []
    # nor with a word of the reader's complying right after it (不会联系 is no 不联系…)
    family = _pack(tmp_path, "    frames:\n      - slots: [[你的, 您的], 家人]\n        gap: 0\n")
    assert _rules(family, "我们不会联系您的家人") == []
    assert _rules(family, "再不还款您的家人都会知道") == [("t.frame", "您的家人")]


def test_a_negator_the_segmenter_joined_to_a_condition_still_negates(tmp_path: Path) -> None:
    """A pack's condition word 逾期不 joins the segmenter's dictionary, which then reads
    逾期不会影响 as 逾期不|会|影响: the 不 of 不会 sits in the word before it."""
    body = "    frames:\n      - slots: [影响你孩子]\n      - slots: [逾期不, 还]\n"
    linter = _pack(tmp_path, body)
    assert _rules(linter, "逾期不会影响你孩子上学") == []
    assert _rules(linter, "逾期不能影响你孩子上学") == []
    assert _rules(linter, "逾期不还会影响你孩子上学") == [
        ("t.frame", "逾期不还"),
        ("t.frame", "影响你孩子"),
    ]


def test_a_later_slot_denied_by_a_statement_is_no_match(tmp_path: Path) -> None:
    """结清后征信不会永久保留 denies the frame's later word; a command (不要欠老子), a question
    (你家里人还不知道吧？), a rhetorical 不都/不就, and a slot opening on 就 (以为不听电话就找
    不到你) still speak of the act."""
    body = (
        "    frames:\n      - slots: [征信, 永久保留]\n        gap: 8\n"
        "      - slots: [你妈, 欠老子]\n        gap: 6\n"
        "      - slots: [家里人, 知道]\n        gap: 4\n"
        "      - slots: [以为, 就找不到你]\n        gap: 6\n"
    )
    linter = _pack(tmp_path, body)
    assert _rules(linter, "结清后征信不会永久保留") == []
    assert _rules(linter, "征信将永久保留") == [("t.frame", "征信将永久保留")]
    assert _rules(linter, "叫你妈不要欠老子") == [("t.frame", "你妈不要欠老子")]
    assert _rules(linter, "你家里人还不知道吧？") == [("t.frame", "家里人还不知道")]
    assert _rules(linter, "你家里人不都知道了") == [("t.frame", "家里人不都知道")]
    assert _rules(linter, "你家里人并不知道。") == []
    assert _rules(linter, "你以为不听电话就找不到你") == [("t.frame", "以为不听电话就找不到你")]
    # the question is the clause's, not a polite closing's: 您放心吧 asks nothing
    assert _rules(linter, "你家里人并不知道，您放心吧") == []
    # an earlier slot that is itself a negation makes two negations, which affirm
    twice = _pack(tmp_path, "    frames:\n      - slots: [不敢保证, 出什么意外]\n        gap: 8\n")
    affirmed = [("t.frame", "不敢保证你出门不会出什么意外")]
    assert _rules(twice, "我们不敢保证你出门不会出什么意外") == affirmed


def test_a_question_of_a_verb_and_its_negation_negates_nothing(tmp_path: Path) -> None:
    """会不会, 能不能, 要不要 ask; 不都, 不就, 不也 ask rhetorically."""
    linter = _pack(tmp_path, "    phrases: [联系你的家人, 多点东西]\n")
    assert _rules(linter, "今晚门口会不会多点东西") == [("t.frame", "多点东西")]
    assert _rules(linter, "我们不会联系你的家人") == []
    assert _rules(linter, "那我们不就联系你的家人了") == [("t.frame", "联系你的家人")]
    # the reader's question echoed and answered no is a denial
    assert _rules(linter, "您问会不会联系你的家人？不会，请放心。") == []
    # two negations affirm: 没有不, 不会不
    assert _rules(linter, "我们没有不联系你的家人的道理") == [("t.frame", "联系你的家人")]


def test_a_verb_the_segmenter_joins_to_a_modal_before_it_starts_a_word(tmp_path: Path) -> None:
    """The segmenter reads 会上 as one word ("at the meeting"); in 差人会上你家 the 上 is the
    verb. A two-character word opened by a modal or adverb (会 要 将 就 都 也 还 再 又 才 便)
    is cut after it; other words still hold their characters (马上你家… is no 上你家)."""
    linter = _pack(tmp_path, "    frames:\n      - slots: [上, 你家]\n")
    assert _rules(linter, "他们会上你家") == [("t.frame", "上你家")]
    assert _rules(linter, "马上你家就到了") == []


def test_unless_message_silences_the_rule_for_the_whole_message(tmp_path: Path) -> None:
    """An emergency contact asked to pass on a call-back and told, in another sentence, that
    they owe nothing: the rule is silent; the word taken back (not_inside) silences nothing."""
    text = (
        "lists:\n  disclaim: [无需承担任何还款]\n"
        "not_inside:\n  disclaim: [虽然您无需承担任何还款]\n"
        "rules:\n" + RULE + "    phrases: [提醒其回电]\n    unless_message: [$disclaim]\n"
    )
    linter = Linter(_write(tmp_path, "m.yaml", "name: m\n" + text))
    assert _rules(linter, "麻烦您提醒其回电。您无需承担任何还款责任。") == []
    assert _rules(linter, "麻烦您提醒其回电。") == [("t.frame", "提醒其回电")]
    taken_back = "虽然您无需承担任何还款责任，但请提醒其回电。"
    assert _rules(linter, taken_back) == [("t.frame", "提醒其回电")]
    # a call-back asked after 但 is still asked of a contact who owes nothing
    assert _rules(linter, "您无需承担任何还款责任，但麻烦您提醒其回电。") == []
    (stopped,) = trace(linter, "提醒其回电。无需承担任何还款", "overdue")[0].frames
    assert stopped.reason == "unless_message: the message carries «无需承担任何还款»"
    with pytest.raises(SmslintError, match="unless_message"):
        _pack(tmp_path, "    phrases: [x]\n    unless_message: 无需\n")


def test_a_fallback_rule_is_reported_only_when_its_category_has_nothing_else(
    tmp_path: Path,
) -> None:
    rules = (
        "name: p\nrules:\n"
        + RULE
        + "    phrases: [坐牢]\n"
        + RULE.replace("t.frame", "t.catch-all")
        + "    fallback: true\n    phrases: [不还就]\n"
    )
    linter = Linter(_write(tmp_path, "p.yaml", rules))
    assert [r for r, _ in _rules(linter, "不还就让你坐牢")] == ["t.frame"]
    assert [r for r, _ in _rules(linter, "不还就让你好看")] == ["t.catch-all"]


def test_a_document_with_list_hits_is_freed_without_a_collection() -> None:
    """Bulk runs keep the cyclic garbage collector rare: a document and its hits must not
    form a cycle, or every message would stay in memory until one runs."""
    import gc
    import weakref

    from smslint.engine.document import Document
    from smslint.engine.linter import _template

    linter = Linter("base")
    text = "再不还钱我们就联系你的家人"
    doc = Document(_template(text), "overdue", linter.pack, linter.prefilter)
    assert doc.candidates.words.found
    gone = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert gone() is None
    finally:
        gc.enable()


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["联系", "你的", "家人", "通-讯-录", "上 门", "再不", "将", "国家人口", "，"]
        ),
        max_size=8,
    )
)
def test_the_screen_sees_every_list_a_message_holds(words: list[str]) -> None:
    """Frames are skipped on what the screen saw, so its owner bits must cover the scan's."""
    linter = _screened_base()
    doc = Document(_template("".join(words)), "overdue", linter.pack, linter.prefilter)
    screened = doc.candidates.screened
    assert screened is not None
    assert doc.candidates.words.mask & ~screened == 0


@functools.cache
def _screened_base() -> Linter:
    linter = Linter("base")
    linter.check_many([_template("您好") for _ in range(SCREEN_AFTER + 1)])  # builds the screen
    return linter


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            "联系 你的 家人 通-讯-录 上门 再不 否则 我们 将 还款 ， 欠款 老赖 你家 楼下".split()
        ),
        max_size=10,
    ),
    kind=st.sampled_from(["overdue", "notification", "marketing", None]),
)
def test_a_frame_rule_the_prefilter_skips_finds_nothing(words: list[str], kind: str | None) -> None:
    """``Candidates.fillable`` only skips work: a rule it leaves out matches nothing, whatever
    the notice kind (which decides whether a frame needs its condition or ``about`` words)."""
    linter = _screened_base()
    doc = Document(_template("".join(words)), kind, linter.pack, linter.prefilter)
    fillable = doc.candidates.fillable()
    for check in linter.checks:
        if isinstance(check, FrameRule) and check.number not in fillable:
            assert not list(check.check(doc)), check.rule.id


def test_an_entry_inside_a_word_it_is_no_part_of_is_no_hit(tmp_path: Path) -> None:
    """要 announces an intent, 要求 does not (a condition is looked for inside words, where
    现已 holds 已); a child pack edits the words as it edits lists."""
    text = (
        "name: p\nlists:\n  intent: [要, 将]\n  verb: [联系]\n  who: [家人]\n"
        "not_inside:\n  intent: [要求]\nrules:\n"
        + RULE
        + "    frames:\n      - slots: [$verb, $who]\n        gap: 2\n    when: [$intent]\n"
    )
    parent = _write(tmp_path, "p.yaml", text)
    linter = Linter(parent)
    assert _rules(linter, "我们要联系你的家人") == [("t.frame", "联系你的家人")]
    assert _rules(linter, "按要求联系你的家人") == []  # 要 only inside 要求
    assert _rules(linter, "按要求，我们将联系你的家人") == [("t.frame", "联系你的家人")]
    child = _write(
        tmp_path, "c.yaml", f"name: c\nextends: {parent}\nnot_inside:\n  intent: {{add: [将近]}}\n"
    )
    assert Linter(child).pack.not_inside == {"intent": ("要求", "将近")}
    assert _rules(Linter(child), "将近联系你的家人") == []
    assert _rules(linter, "将近联系你的家人") == [("t.frame", "联系你的家人")]


def test_not_inside_must_name_a_list_of_the_pack(tmp_path: Path) -> None:
    text = "name: p\nlists:\n  intent: [要]\nnot_inside:\n  intnet: [要求]\n"
    with pytest.raises(SmslintError, match="'intnet' is not a list of the pack") as err:
        load_pack(_write(tmp_path, "p.yaml", text))
    assert err.value.line == 5
