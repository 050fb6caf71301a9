"""No import cycle among smslint's modules.

A cycle makes a module's meaning depend on which side was imported first, and it is how a
basic module (errors) ends up needing a feature (personal-data detection). Imports inside
functions count as much as those at the top: deferring one hides the cycle from Python, not
from the reader. ``if TYPE_CHECKING:`` blocks never run and are left out of the first test; a
second holds that even with them there is no circle.

An import names the module it reaches: ``from .checks import shared`` reaches
``smslint.prefilter.shared``, ``from .checks import Check`` reaches ``smslint.engine.checks``; a
package's ``__init__`` run on the way is not counted (as import-linter counts them).
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

Graph = dict[str, dict[str, int]]  # module -> {module it imports: line of the first import}


def _modules(src: Path, package: str) -> dict[str, Path]:
    found = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, hints: bool = False) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement under ``node`` at any depth, but for ``if TYPE_CHECKING:``
    (unless ``hints``: then those too)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            found.append(child)
        elif isinstance(child, ast.If) and _type_checking(child.test) and not hints:
            for other in child.orelse:
                found += _imports(ast.Module(body=[other], type_ignores=[]))
        else:
            found += _imports(child, hints)
    return found


def _targets(
    statement: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]
) -> list[str]:
    if isinstance(statement, ast.Import):
        names = [alias.name for alias in statement.names]
    else:
        base = statement.module or ""
        if statement.level:
            parts = module.split(".") if is_package else module.split(".")[:-1]
            parts = parts[: len(parts) - statement.level + 1]
            base = ".".join([*parts, *([statement.module] if statement.module else [])])
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in statement.names
        ]
    targets = []
    for name in names:  # ``import a.b.c`` reaches the deepest of them that is a module
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            targets.append(name)
    return targets


def import_graph(src: Path, package: str, hints: bool = False) -> Graph:
    """``hints``: count the imports made for type hints only (``if TYPE_CHECKING:``) too."""
    modules = _modules(src, package)
    known = set(modules)
    graph: Graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: dict[str, int] = {}
        for statement in _imports(tree, hints):
            for target in _targets(statement, module, path.name == "__init__.py", known):
                if target != module:
                    edges.setdefault(target, statement.lineno)
        graph[module] = edges
    return graph


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle of ``graph`` as its modules in import order (the first repeated at the end),
    or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in graph[module]:
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in graph:
        if module not in state and (cycle := visit(module)) is not None:
            return cycle
    return None


def _shown(graph: Graph, cycle: list[str]) -> str:
    return "\n".join(f"  {a} (line {graph[a][b]}) imports {b}" for a, b in pairwise(cycle))


def test_smslint_has_no_import_cycle() -> None:
    graph = import_graph(SRC, "smslint")
    assert len(graph) > 50 and graph["smslint.cli"], "the scan found the package"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle:\n" + _shown(graph, cycle or [])


def test_no_circle_even_through_type_hints() -> None:
    """A type named from a module is a dependency on it, if not at run time: a circle of them
    means two modules each need the other to be read (the document and a check's bracket
    type once did, and the prefilter's candidates and its compiled entry point)."""
    graph = import_graph(SRC, "smslint", hints=True)
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle through type hints:\n" + _shown(graph, cycle or [])


def test_the_scan_sees_deferred_imports_and_skips_type_checking(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("from .. import a\n")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
        "else:\n    import os\n"
    )
    (package / "b.py").write_text("import pkg.a\n\ndef late():\n    from .sub import c\n")
    (package / "sub" / "c.py").write_text("from ..b import late\n")
    assert import_graph(tmp_path, "pkg", hints=True)["pkg.a"] == {"pkg.b": 3}
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {}
    assert graph["pkg.sub"] == {"pkg.a": 1}
    assert graph["pkg.b"] == {"pkg.a": 1, "pkg.sub.c": 4}
    assert find_cycle(graph) == ["pkg.b", "pkg.sub.c", "pkg.b"]
    (package / "a.py").write_text("from .b import late\n")  # a -> b -> a at the top level
    graph = import_graph(tmp_path, "pkg")
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.a"]
    assert "pkg.b (line 1) imports pkg.a" in _shown(graph, find_cycle(graph) or [])
