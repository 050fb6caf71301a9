"""benchmarks/code_lines.py: code lines are counted without docstrings, comments or blanks."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("code_lines", ROOT / "benchmarks" / "code_lines.py")
code_lines = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(code_lines)  # type: ignore[union-attr]

SOURCE = '''"""A module docstring
over two lines."""

import os  # a comment


class Thing:
    """A class docstring."""

    size = 1

    def grow(self) -> int:
        """Why it grows."""
        # only a comment
        return (self.size
                + 1)


@staticmethod
def helper() -> str:
    return "not a docstring"
'''


def test_code_lines_skip_docstrings_comments_and_blanks() -> None:
    # import, class, size, def, return (two lines), decorator, def, return
    assert code_lines.code_lines(SOURCE) == 9


def test_only_the_named_definitions_are_counted() -> None:
    found = dict(code_lines.definitions(SOURCE, {"grow", "helper"}))
    assert set(found) == {"grow", "helper"}
    assert code_lines.code_lines(found["grow"]) == 3
    assert code_lines.code_lines(found["helper"]) == 3  # the decorator counts
