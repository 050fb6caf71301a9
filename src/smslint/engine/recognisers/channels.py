"""The institution's channels: where to repay and where to ask.

``app`` finds an official app or service point, the pack's own first: a pack lists its
institution's apps under ``institution.apps`` (中信银行's 动卡空间, 浦发银行's 浦大喜奔), so
可在动卡空间还款 counts as a channel and a place to ask. A name listed as ``XX App`` is also
read as ``XX app``, ``XX客户端``; a name that is also the institution's signature counts only
with such a suffix, since 【网商银行】 names the sender, not an app. ``channel`` is any way to
repay: an app, 手机银行, 自动扣款, 柜台/网点, a link. A channel the text warns against
(切勿点击陌生链接, 勿下载第三方App) does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from smslint.engine.recognisers.base import (
    NOT_CLAUSE,
    Recogniser,
    Span,
    alternation,
    listed,
    merged,
    outside,
    register,
    signature_blocks,
    words,
)

if TYPE_CHECKING:
    from smslint.packs.pack import Pack

URL = r"https?://[a-z0-9./?=&%_~:#+-]+|www\.[a-z0-9.-]+|(?<![@\w.])[a-z0-9-]+\.(?:com|cn|net)(?:\.cn)?\b"


@cache
def _own(apps: tuple[str, ...], names: tuple[str, ...]) -> re.Pattern[str] | None:
    suffixes = listed("app_suffixes")
    forms = []
    for app in apps:
        stem = app.lower().strip()
        if stem.endswith("app"):
            stem = stem[:-3].strip()
        if not stem:
            continue
        needs_suffix = stem in names or app.lower().endswith("app")
        forms.append(re.escape(stem) + (f"\\s*{suffixes}" if needs_suffix else ""))
    return re.compile("|".join(sorted(forms, key=len, reverse=True))) if forms else None


@cache
def _generic() -> re.Pattern[str]:
    # any app by name: 招商银行App, 星图金融客户端
    named = f"(?:[^\\W\\d_]{{2,8}}\\s*)?{listed('app_suffixes')}(?![a-z])"
    return re.compile(f"{listed('contact_apps')}|{named}|{URL}")


@cache
def _generic_parts() -> re.Pattern[str]:
    """Strings one of which every match of :func:`_generic` holds: a text without any is not
    searched with it (most messages of a bulk run), as that grammar tries a name of up to eight
    letters before every character."""
    lists = words()
    parts = [*lists["contact_apps"], *lists["app_suffixes"], "http", "www.", ".com", ".cn", ".net"]
    return re.compile(alternation(parts))


@cache
def _channels() -> re.Pattern[str]:
    return re.compile(listed("channels"))


@cache
def _warned() -> re.Pattern[str]:
    """A warning word with the rest of its clause: searched up to a span's end, it tells
    whether the clause the span ends in warns against it."""
    return re.compile(alternation(words()["not_channel_before"]) + NOT_CLAUSE + "*\\Z")


def _institution(pack: Pack | None) -> re.Pattern[str] | None:
    inst = pack.institution if pack is not None else None
    if not inst or not inst.get("apps"):
        return None
    names = {str(n).lower() for n in (inst.get("signatures") or [])}
    if inst.get("name"):
        names.add(str(inst["name"]).lower())
    return _own(tuple(inst.get("apps") or ()), tuple(sorted(names)))


def _kept(text: str, spans: list[Span]) -> list[Span]:
    if not spans:
        return spans
    blocks = signature_blocks(text)
    warned = _warned()
    kept = []
    for s in outside(spans, blocks):
        # the clause up to the span's end: 切勿下载第三方App warns against the app it names
        if not warned.search(text, max(0, s.start - 8), s.end):
            kept.append(s)
    return kept


@register
class App(Recogniser):
    name = "app"
    label = "官方渠道"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        found = []
        if _generic_parts().search(text):
            found = self.spans(text, _generic().finditer(text))
        own = _institution(pack)
        if own is not None:
            found += self.spans(text, own.finditer(text))
        yield from merged(_kept(text, found))


@register
class Channel(Recogniser):
    name = "channel"
    label = "还款渠道"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        found = [Span(self.name, s.start, s.end, s.text) for s in App().find(text, pack)]
        found += self.spans(text, _channels().finditer(text))
        yield from merged(_kept(text, found))
