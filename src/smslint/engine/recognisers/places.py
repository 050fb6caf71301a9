"""Where and how a mediation or negotiation takes place.

``venue`` is a place: an address by road and number (建国路88号3层), a court, mediation centre
or committee, a branch, or a place introduced as one (调解地点：…). A court named as the one
that delegated the case (经XX人民法院委派) is no venue: a place counts when the text sends the
reader there (到, 至, 前往, 在 …) or gives its address. ``way`` is a manner: by phone (调解员将
致电与您沟通, 电话协商), by video, online, in person (当面, 到场), or on a named platform or
mini-program (请通过“移动微法院”参加).
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
    listed,
    merged,
    outside,
    register,
    signature_blocks,
)
from smslint.engine.recognisers.numbers import SENTINEL

if TYPE_CHECKING:
    from smslint.packs.pack import Pack

HAN = "[^\\W\\d_]"  # a letter: a Chinese character, in practice


@cache
def _venue() -> re.Pattern[str]:
    building = f"(?:{NOT_CLAUSE}{{0,12}}?(?:{listed('building_parts')}))?"
    address = (
        f"{HAN}{{1,12}}?{listed('address_parts')}\\s*\\d+(?:-\\d+)?{listed('address_units')}"
        f"{building}"
    )
    places = listed("venue_places")
    # a placeholder after 到 is a place (到${address}); after 于 it is as often a time
    sent_to = f"{listed('places_verbs')}{NOT_CLAUSE}{{0,16}}?{places}|(?:到|至|前往|赴){SENTINEL}"
    labelled = (
        f"(?:{listed('place_labels')}(?:为|是|[:：])|位于)\\s*(?:{SENTINEL}|{NOT_CLAUSE}{{2,}})"
    )
    return re.compile(f"{address}|{sent_to}|{labelled}")


@cache
def _platforms() -> re.Pattern[str]:
    return re.compile(listed("platforms"))


@cache
def _way() -> re.Pattern[str]:
    calls = f"{listed('call_verbs')}{NOT_CLAUSE}{{0,14}}?{listed('call_purposes')}"
    quoted = '[“"《][^”"》]{1,16}[”"》]'
    named = (
        f"{listed('platform_verbs')}{NOT_CLAUSE}{{0,12}}?(?:{listed('platform_kinds')}|{quoted})"
    )
    online = f"{listed('online')}{listed('online_actions')}"
    return re.compile(f"{listed('way_words')}|{online}|{calls}|{listed('platforms')}|{named}")


@register
class Venue(Recogniser):
    name = "venue"
    label = "地点"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        # 通过“移动微法院”参加 names a platform, not a court to go to
        online = [m.span() for m in _platforms().finditer(text)]
        found = [
            s
            for s in self.spans(text, _venue().finditer(text))
            if not any(a < s.end <= b for a, b in online)
        ]
        yield from merged(outside(found, signature_blocks(text)))


@register
class Way(Recogniser):
    name = "way"
    label = "方式"

    def find(self, text: str, pack: Pack | None) -> Iterator[Span]:
        found = self.spans(text, _way().finditer(text))
        yield from merged(outside(found, signature_blocks(text)))
