"""The streamed JSON report writes exactly what json.dump(indent=2) writes, in flat memory."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smslint.report import jsondoc

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, min_size=1, max_size=2)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(value=VALUES, level=st.integers(min_value=0, max_value=3))
def test_dumps_is_json_dumps(value: Any, level: int) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert jsondoc.dumps(value, level) == expected.replace("\n", "\n" + "  " * level)


@settings(max_examples=60, deadline=None)
@given(
    head=st.dictionaries(st.text(max_size=3), VALUES, max_size=3),
    entries=st.lists(st.lists(VALUES, max_size=3), min_size=2, max_size=2),
    limit=st.integers(min_value=1, max_value=200),
)
def test_spooled_document_is_json_dump(
    head: dict[str, Any], entries: list[list[Any]], limit: int
) -> None:
    """Spools that spill to a temporary file after ``limit`` characters change nothing."""
    spools = [jsondoc.Spool(limit=limit) for _ in entries]
    for spool, items in zip(spools, entries, strict=True):
        spool.extend(items)
    document = {**head, "templates": spools[0], "findings": spools[1]}
    out = io.StringIO()
    jsondoc.dump(document, out)
    expected = json.dumps(
        {**head, "templates": entries[0], "findings": entries[1]}, indent=2, ensure_ascii=False
    )
    assert out.getvalue() == expected


def test_a_spool_moves_to_disk_past_its_limit() -> None:
    spool = jsondoc.Spool(limit=100)
    spool.extend({"n": i, "text": "坐牢" * 5} for i in range(50))
    assert spool._file is not None  # spilled: memory holds at most ~limit characters
    assert spool._size <= 100 + 60
    out = io.StringIO()
    spool.write_to(out)
    assert json.loads(out.getvalue()) == [{"n": i, "text": "坐牢" * 5} for i in range(50)]
    assert spool._file is None  # the temporary file is closed (and so deleted) once written


def test_empty_document() -> None:
    out = io.StringIO()
    jsondoc.dump({}, out)
    assert out.getvalue() == "{}"


@pytest.mark.parametrize("binary", [True, False])
def test_spilled_entries_reach_the_stream_as_the_stream_would_encode_them(binary: bool) -> None:
    """A UTF-8 stream gets the spilled bytes copied as they are; any other stream gets text.
    Either way a lone surrogate is written as the CLI's streams write one: escaped."""
    entries = [{"n": i, "text": "坐牢\ud800é" * (i % 4)} for i in range(300)]
    spool = jsondoc.Spool(limit=500)
    spool.extend(entries)
    raw = io.BytesIO()
    out: Any = (
        io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace")
        if binary
        else io.StringIO()
    )
    jsondoc.dump({"findings": spool}, out)
    out.flush()
    expected = json.dumps({"findings": entries}, indent=2, ensure_ascii=False)
    if binary:
        assert raw.getvalue() == expected.encode("utf-8", "backslashreplace")
    else:
        text = out.getvalue()
        assert text.encode("utf-8", "backslashreplace") == expected.encode(
            "utf-8", "backslashreplace"
        )


def test_spilled_entries_reach_a_file_whole(tmp_path: Any) -> None:
    """Into a real file the spool's bytes go by the kernel's copy; text before and after it
    lands where it belongs."""
    entries = [{"n": i, "text": "坐牢" * (i % 5)} for i in range(400)]
    spool = jsondoc.Spool(limit=300)
    spool.extend(entries)
    path = tmp_path / "report.json"
    with path.open("w", encoding="utf-8", errors="backslashreplace") as out:
        jsondoc.dump({"head": "开头", "findings": spool, "tail": "结尾"}, out)
    expected = {"head": "开头", "findings": entries, "tail": "结尾"}
    assert path.read_text(encoding="utf-8") == json.dumps(expected, indent=2, ensure_ascii=False)


def test_a_stashed_block_lands_as_the_same_bytes_would(tmp_path: Any) -> None:
    """A worker's block written to a file is copied into the spool, then deleted."""
    entries = [{"n": i, "text": "坐牢" * (i % 3)} for i in range(30)]
    blocks = [
        jsondoc.Spool.block([jsondoc.dumps(e, 2) for e in part], 1)
        for part in (entries[:10], entries[10:25], entries[25:])
    ]
    inline, stashed = jsondoc.Spool(), jsondoc.Spool()
    for i, (block, part) in enumerate(zip(blocks, (10, 15, 5), strict=True)):
        inline.extend_block(block, part)
        stashed.extend_block(jsondoc.Stashed.write(block, str(tmp_path), str(i)), part)
    assert list(tmp_path.iterdir()) == []
    outputs = []
    for spool in (inline, stashed):
        out = io.StringIO()
        jsondoc.dump({"findings": spool}, out)
        outputs.append(out.getvalue())
    expected = json.dumps({"findings": entries}, indent=2, ensure_ascii=False)
    assert outputs[0] == outputs[1] == expected


def test_write_utf8_takes_a_stash(tmp_path: Any) -> None:
    out = io.StringIO()
    jsondoc.write_utf8(jsondoc.Stashed.write("坐牢\n".encode(), str(tmp_path), "s"), out)
    assert out.getvalue() == "坐牢\n" and list(tmp_path.iterdir()) == []
