"""``links``: a link in a notice must visibly lead to the institution itself.

Phishing SMS imitate collection notices, so a borrower can only trust a link whose domain
is the institution's own. A shortener (t.cn, dwz.cn …) hides the target and an IP address
has no owner to recognise: both are flagged everywhere. Other domains are flagged when the
pack knows the official ones (``institution.domains`` plus the rule's ``domains``); a
subdomain of an official domain is official. Links are found on the normalised text, so
full-width ｔ．ｃｎ is seen as t.cn; an e-mail address is not a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from smslint.core.model import Finding
from smslint.engine.checks import Check
from smslint.engine.checks.wording import fill
from smslint.engine.document import Document

if TYPE_CHECKING:
    from smslint.packs.pack import Pack, Rule
    from smslint.prefilter import CompileContext

SHORTENERS = (
    "t.cn",
    "dwz.cn",
    "url.cn",
    "suo.im",
    "sina.lt",
    "mrw.so",
    "6du.in",
    "bit.ly",
    "tinyurl.com",
    "is.gd",
    "u.nu",
    "goo.gl",
    "ow.ly",
    "cutt.ly",
    "rebrand.ly",
    "s.id",
)
# Without a scheme or `www.`, only these top-level domains make a word a link, so that
# `v1.2`, `3.5元` or `file.txt` are not taken for one.
BARE_TLDS = (
    "com|cn|net|org|gov|edu|info|biz|io|me|cc|co|tv|top|xyz|vip|club|site|online|shop"
    "|app|link|ly|im|gd|lt|nu|so|in|id|gl|hk|mo|tw"
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_IP = r"(?:\d{1,3}\.){3}\d{1,3}"
_PATH = r"(?::\d{1,5})?(?:[/?#][a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?"
_LINK = re.compile(
    rf"(?<![a-z0-9@._-])(?:"
    rf"(?:https?|ftp)://(?P<host>{_IP}|(?:{_LABEL}\.)+[a-z]{{2,}}){_PATH}"
    rf"|(?P<ip>{_IP})(?!\d|\.\d){_PATH}"
    rf"|(?P<bare>(?:{_LABEL}\.)+(?:{BARE_TLDS}))(?![a-z0-9@-]){_PATH}"
    rf")"
)
# every link above holds one of these (a label and a dot before letters, or an IP's dots): a
# cheap test that settles the many messages with amounts like 3.5元 and no link
# (written to start with the literal dot, which the regex engine finds with a fast scan)
_MAYBE_LINK = re.compile(r"\.(?:(?<=[a-z0-9]\.)[a-z]|(?<=\d\.)\d{1,3}\.\d)")
_TRAILING = ".,;:!?)'"  # sentence punctuation after a link belongs to the sentence


def _domains(entries: list[object], option: str, check: Check) -> tuple[str, ...]:
    out = []
    for entry in entries:
        if not isinstance(entry, str) or not entry.strip(". "):
            raise check.error(f"every entry of {option!r} must be a domain name", option)
        out.append(entry.strip(". ").lower().removeprefix("www."))
    return tuple(out)


def under(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


class Links(Check):
    name = "links"
    options = {"domains": list, "shorteners": list}

    def __init__(self, rule: Rule, pack: Pack, ctx: CompileContext) -> None:
        super().__init__(rule, pack, ctx)
        official = list(pack.institution.get("domains") or [])
        self.official = _domains(official + rule.options.get("domains", []), "domains", self)
        extra = _domains(rule.options.get("shorteners", []), "shorteners", self)
        self.shorteners = SHORTENERS + extra

    def reason(self, host: str, is_ip: bool) -> str | None:
        """Why a link to ``host`` is not acceptable, or None when it is."""
        if under(host, self.official):
            return None
        if is_ip:
            return "IP 地址链接无法辨认归属"
        if under(host, self.shorteners):
            return "短链接隐藏了真实网址"
        if self.official:
            return f"不是本机构官方域名（{'、'.join(self.official)}）"
        return None

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.norm.text
        if not _MAYBE_LINK.search(text):
            return
        for m in _LINK.finditer(text):
            host = m.group("host") or m.group("ip") or m.group("bare")
            is_ip = re.fullmatch(_IP, host) is not None
            if is_ip and any(int(part) > 255 for part in host.split(".")):
                continue
            reason = self.reason(host.removeprefix("www."), is_ip)
            if reason is None:
                continue
            end = m.end()
            while end > m.start() and text[end - 1] in _TRAILING:
                end -= 1
            start, stop = doc.norm.to_original(m.start(), end)
            shown = doc.text[start:stop]
            yield self.finding(start, stop, fill(self.rule.message, shown, reason))
