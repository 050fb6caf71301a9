"""The progress line: only for a person at a terminal, and gone when the run ends."""

from __future__ import annotations

import io

import pytest

from smslint.run import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress.wanted(Terminal())
    assert not progress.wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(Terminal())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.wanted(Terminal())


def test_draws_a_bar_then_erases_it(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 0.2, 0.7, 0.75, 0.9])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    out = Terminal()
    bar = progress.Progress(total_bytes=1000, stream=out)  # started at 0.0
    bar.advance(100, 250)  # 0.2: too early to draw
    assert out.getvalue() == ""
    bar.advance(100, 250)  # 0.7: drawn
    assert "50%" in out.getvalue() and "200 templates" in out.getvalue()
    bar.advance(10, 0)  # 0.75: too soon after the last draw
    assert out.getvalue().count("\r") == 1
    bar.advance(10, 500)  # 0.9: drawn again
    assert "100%" in out.getvalue().rsplit("\r", 1)[1]
    bar.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_without_a_total_only_counts() -> None:
    line = progress.Progress(stream=Terminal()).line(10.0)
    assert "%" not in line and "templates" in line
