from __future__ import annotations

from pathlib import Path

import pytest

from smslint.core.errors import SmslintError
from smslint.engine.linter import Linter

from .conftest import DATA
from .formatpack import found, write_pack

RULE = "format.format.links"
OPEN = DATA / "packs" / "format_open.yaml"


def spans(text: str, rule: str = RULE, **kw: object) -> list[str]:
    return [text[f.start : f.end] for f in found(rule, text, **kw)]


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("点t.cn/a", "t.cn/a", "短链接"),
        ("点 dwz.cn/x1，还款", "dwz.cn/x1", "短链接"),
        ("点ＨＴＴＰＳ：／／ｂｉｔ．ｌｙ／ａ", "ＨＴＴＰＳ：／／ｂｉｔ．ｌｙ／ａ", "短链接"),
        ("点http://8.8.8.8", "http://8.8.8.8", "IP"),
        ("点10.1.2.3:8080/pay。", "10.1.2.3:8080/pay", "IP"),
        ("点evil.com", "evil.com", "官方域名"),
        ("点https://test-bank.cn.evil.com/x", "https://test-bank.cn.evil.com/x", "官方域名"),
        ("点www.test-bank.com", "www.test-bank.com", "官方域名"),
    ],
)
def test_flagged_links_and_why(text: str, span: str, reason: str) -> None:
    (f,) = found(RULE, text)
    assert text[f.start : f.end] == span
    assert reason in f.message


@pytest.mark.parametrize(
    "text",
    [
        "点test-bank.cn",
        "点https://M.Test-Bank.cn/pay?id=1",
        "点www.test-bank.cn。",
        "点partner.com.cn/a",  # the rule's own domains
        "应还3.5元",
        "版本v1.2.3",
        "文件a.txt",
        "邮箱kefu@evil.com",
        "点${url}",
        "地址1.2.3",
        "金额1.234.567",
    ],
)
def test_nearest_passes(text: str) -> None:
    assert found(RULE, text) == []


def test_without_official_domains_only_shorteners_and_ips_are_flagged() -> None:
    rule = "open.format.links"
    assert spans("点t.cn/a", rule, pack=OPEN) == ["t.cn/a"]
    assert spans("点http://300.1.1.1", rule, pack=OPEN) == []  # not an IP address
    assert found(rule, "点www.anything.com", pack=OPEN) == []


def test_an_official_short_domain_wins_over_the_shortener_list(tmp_path: Path) -> None:
    body = (
        "institution: {domains: [t.cn]}\nrules:\n  - id: p.links\n    kind: links\n"
        "    shorteners: [s.test-bank.cn]\n    category: format\n    severity: error\n"
        "    message: m\n"
    )
    linter = Linter(write_pack(tmp_path, body))
    assert linter.lint("点t.cn/a") == []
    (f,) = linter.lint("点s.test-bank.cn/a")
    assert f.rule == "p.links" and "短链接" in f.message


def test_bad_domain_entry(tmp_path: Path) -> None:
    body = (
        "rules:\n  - id: p.links\n    kind: links\n    domains: ['.']\n"
        "    category: format\n    severity: error\n    message: m\n"
    )
    with pytest.raises(SmslintError, match="domain name") as err:
        Linter(write_pack(tmp_path, body))
    assert err.value.line == 5
