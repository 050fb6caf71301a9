"""Who is greeted, who takes part, what to bring.

``salutation`` is a courteous address: 尊敬的…, 亲爱的…, 您好, ${name}先生/女士. A bare name
and a comma (``${name}，``) is an address, not a courteous one. ``participants`` are the people
who take part (本人, 委托代理人, 调解员, 申请人); 本人身份证 is a document, not a person.
``materials`` are what to bring or submit: a document named as one (身份证原件, 授权委托书)
or a thing the reader is asked to bring (请携带身份证); 身份证号 or 身份证尾号 is no material.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from smslint.engine.recognisers.base import NOT_CLAUSE, GrammarRecogniser, listed, register
from smslint.engine.recognisers.numbers import SENTINEL

if TYPE_CHECKING:
    pass


@cache
def _salutation() -> re.Pattern[str]:
    # 李先生，… or ${name}女士您好 addresses the reader; 调解员王女士将与您联系 does not
    named = (
        f"(?:^|(?<=】)|(?<=\\s))(?:[^\\W\\d_]{{1,3}}|{SENTINEL})(?:{listed('honorifics')})"
        f"(?=\\s*(?:[,:!]|您好|你好))"
    )
    return re.compile(
        # 尊敬的 up to the end of its clause: 尊敬的${name}先生, 尊敬的各位客户
        f"{listed('courteous')}{NOT_CLAUSE}{{0,12}}"
        f"|{listed('greetings')}(?!好)|{named}"
        f"|(?:^|】)\\s*亲(?=[,!~\\s])"
    )


@cache
def _participants() -> re.Pattern[str]:
    return re.compile(f"{listed('participants')}(?!{listed('not_participant_after')})")


@cache
def _materials() -> re.Pattern[str]:
    weak = listed("materials_weak")
    strong = listed("materials")
    # 携带本人有效证件及委托书: the things joined to the first are asked for too
    things = f"(?:{strong}|{weak})"
    joined = f"(?:(?:及|和|、|与|以及|或){things})*"
    asked = f"{listed('materials_verbs')}{NOT_CLAUSE}{{0,10}}?{things}{joined}"
    return re.compile(f"(?:{asked}|{strong})(?!{listed('not_material_after')})")


@register
class Salutation(GrammarRecogniser):
    name = "salutation"
    label = "礼貌称呼"
    grammar = staticmethod(_salutation)


@register
class Participants(GrammarRecogniser):
    name = "participants"
    label = "参加人员"
    grammar = staticmethod(_participants)


@register
class Materials(GrammarRecogniser):
    name = "materials"
    label = "材料"
    grammar = staticmethod(_materials)
