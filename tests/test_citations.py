"""Legal citations in the shipped packs cite the text in force: a legal reviewer signs off a
report on the law of its date. A revision that renumbers articles makes an old citation point
at an unrelated article, so a basis naming a revised law must name the revision it cites."""

from __future__ import annotations

import re
from functools import cache

import pytest

from smslint.packs.pack import shipped_names

from .conftest import loaded_pack

# law: (the marker of the text in force, article numbers of the repealed numbering that the
# rules used to cite, and no longer may)
IN_FORCE = {
    "治安管理处罚法": ("（2025年修订", ("第四十二条", "第五十一条", "第五十二条")),
}
# document names that were cited with a wrong document number
MISNAMED = {"银行保险机构消费者权益保护管理办法": "国家金融监督管理总局令2023年第7号"}


def citations(basis: str, law: str) -> list[str]:
    """Each citation of ``law`` in ``basis``: from its title to the next 《 or the end."""
    return re.findall(rf"《{law}》[^《]*", basis)


@cache  # loading every shipped pack takes a second or two
def bases() -> list[tuple[str, str]]:
    return [
        (rule.id, rule.basis)
        for name in shipped_names()
        for rule in loaded_pack(name).rules
        if rule.basis
    ]


@pytest.mark.parametrize("law", IN_FORCE)
def test_revised_laws_are_cited_in_the_text_in_force(law: str) -> None:
    marker, repealed = IN_FORCE[law]
    cited = [(rule, c) for rule, basis in bases() for c in citations(basis, law)]
    assert cited  # the check looks at something
    for rule, citation in cited:
        assert citation.startswith(f"《{law}》{marker}"), (rule, citation)
        assert not any(number in citation for number in repealed), (rule, citation)


def test_documents_are_named_by_their_own_number() -> None:
    for rule, basis in bases():
        for document, wrong in MISNAMED.items():
            assert not any(wrong in c for c in citations(basis, document)), rule


def test_the_check_catches_a_2012_citation() -> None:
    marker, repealed = IN_FORCE["治安管理处罚法"]
    old = "《治安管理处罚法》（2012年修正）第四十二条；《刑法》第二百七十九条。"
    (citation,) = citations(old, "治安管理处罚法")
    assert not citation.startswith(f"《治安管理处罚法》{marker}")
    assert any(number in citation for number in repealed)
    assert "刑法" not in citation
