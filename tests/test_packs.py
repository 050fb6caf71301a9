from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from smslint.core.errors import SmslintError
from smslint.packs.pack import load_pack, shipped_dir, shipped_names

from .conftest import DATA, loaded_pack

PACKS = DATA / "packs"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_shipped_packs_are_found() -> None:
    assert (shipped_dir() / "pack.schema.json").is_file()
    for name in shipped_names():
        assert loaded_pack(name).name == name


def test_extends_merges_and_overrides() -> None:
    child = load_pack(str(PACKS / "child.yaml"))
    assert child.chain == ("child", "mini")
    rules = {r.id: r for r in child.rules}
    assert rules["mini.format.hurry"].severity == "off"
    assert rules["mini.coercion.combo"].severity == "error"
    # overriding a field keeps the rest of the inherited rule
    assert rules["mini.coercion.combo"].options["patterns"]
    assert child.elements["amount"]["label"] == "金额"
    assert child.digest != load_pack(str(PACKS / "mini.yaml")).digest


def test_extends_cycle_is_reported_at_the_extends_key() -> None:
    with pytest.raises(SmslintError) as err:
        load_pack(str(PACKS / "loop_a.yaml"))
    assert "extends itself" in err.value.message
    assert err.value.line == 2


def test_self_extension(tmp_path: Path) -> None:
    path = _write(tmp_path, "me.yaml", "name: me\nextends: me.yaml\n")
    with pytest.raises(SmslintError, match="extends itself"):
        load_pack(path)


def test_unknown_shipped_pack() -> None:
    with pytest.raises(SmslintError, match="unknown pack 'nope'"):
        load_pack("nope")


def test_unknown_parent_names_the_child(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.yaml", "name: p\nextends: nosuch\n")
    with pytest.raises(SmslintError) as err:
        load_pack(path)
    assert err.value.file == path and err.value.line == 2


def test_schema_error_points_at_the_key(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad.yaml",
        "name: bad\nrules:\n  - id: x.y\n    kind: regex\n    category: threats\n",
    )
    with pytest.raises(SmslintError) as err:
        load_pack(path)
    assert err.value.line == 5 and err.value.column == 5
    assert "rules.0.category" in err.value.message


def test_duplicate_rule_id(tmp_path: Path) -> None:
    rule = "  - {id: a.b, kind: regex, pattern: x, category: format, severity: info, message: m}\n"
    path = _write(tmp_path, "dup.yaml", "name: dup\nrules:\n" + rule + rule)
    with pytest.raises(SmslintError, match="duplicate rule id") as err:
        load_pack(path)
    assert err.value.line == 4


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "k.yaml", "name: a\nname: b\n")
    with pytest.raises(SmslintError, match="duplicate key") as err:
        load_pack(path)
    assert err.value.line == 2


def test_billion_laughs_is_refused_fast(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    path = _write(tmp_path, "bomb.yaml", "name: bomb\n" + "\n".join(lines) + "\n")
    with pytest.raises(SmslintError, match="aliases"):
        load_pack(path)


def test_object_tags_are_not_constructed(tmp_path: Path) -> None:
    path = _write(tmp_path, "tag.yaml", "name: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(SmslintError, match="invalid YAML"):
        load_pack(path)


def test_not_a_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path, "list.yaml", "- a\n- b\n")
    with pytest.raises(SmslintError, match="mapping"):
        load_pack(path)


@pytest.mark.parametrize("name", shipped_names())
def test_no_list_holds_a_word_twice(name: str) -> None:
    """A word written twice in one list is dead data (the loader keeps one), and a later edit
    may change one copy only; read as written, since loading drops the second (codespell
    tests its dictionaries the same way)."""
    written = yaml.safe_load((shipped_dir() / f"{name}.yaml").read_text("utf-8"))
    twice = {
        list_name: sorted({w for w in words if words.count(w) > 1})
        for list_name, words in (written.get("lists") or {}).items()
        if isinstance(words, list) and len(set(words)) < len(words)
    }
    assert twice == {}
