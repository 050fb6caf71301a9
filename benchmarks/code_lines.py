"""Code lines of Python files or of named functions and classes, at a git revision or in the tree.

Issue 18 asks that the net lines of speed machinery go down; this counts them the same way
before and after: lines holding a token of code, not blank, comment or docstring lines.

Usage: ``python benchmarks/code_lines.py [--rev REV] [--only NAME,...] FILE...`` (``--only``:
count only the functions and classes of those names in the files, e.g. ``gate,_gated``).
"""

from __future__ import annotations

import argparse
import ast
import io
import subprocess
import sys
import textwrap
import tokenize

SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def code_lines(source: str) -> int:
    """Lines of ``source`` that hold a token of code outside a docstring."""
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in SKIPPED or token.type == tokenize.ENDMARKER:
            continue
        lines.update(n for n in range(token.start[0], token.end[0] + 1) if n not in docstrings)
    return len(lines)


def definitions(source: str, names: set[str]) -> list[tuple[str, str]]:
    """(name, source) of every function or class called one of ``names``, decorators included."""
    lines = source.split("\n")
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if node.name in names:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            body = "\n".join(lines[first - 1 : node.end_lineno])
            found.append((node.name, textwrap.dedent(body)))
    return found


def read(path: str, rev: str | None) -> str | None:
    if rev is None:
        try:
            with open(path, encoding="utf-8") as stream:
                return stream.read()
        except FileNotFoundError:
            return None
    shown = subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rev", help="a git revision (default: the working tree)")
    parser.add_argument("--only", help="comma-separated function or class names")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    names = set(args.only.split(",")) if args.only else None
    total = 0
    for path in args.files:
        source = read(path, args.rev)
        if source is None:
            print(f"{'absent':>8}  {path}")
            continue
        parts = [(path, source)] if names is None else definitions(source, names)
        for name, text in parts:
            count = code_lines(text)
            total += count
            print(f"{count:8d}  {path if names is None else f'{path}:{name}'}")
    print(f"{total:8d}  total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
