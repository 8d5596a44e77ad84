"""The SDK's import graph has no cycles, and no facade reaches up to the client.

Every import statement counts, wherever it is written (module level, under ``TYPE_CHECKING`` or in a
function): an import moved into a function to break a cycle still is one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import zhangdian_sdk

PACKAGE = Path(zhangdian_sdk.__file__).parent
FACADES = ("ledger", "catalog", "departments", "materials", "certificates", "federation", "rules")
FACADE_LAYER = ("zhangdian_sdk.core", "zhangdian_sdk.facades")  # what a facade may import


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (``from a import b`` counts a.b when it is a module)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path) for path in paths}
    return {_module_name(path): _imports(path, modules) for path in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_sdk_has_no_import_cycles() -> None:
    graph = import_graph()
    assert "zhangdian_sdk.facades.ledger" in graph.get("zhangdian_sdk.client", set())  # the walk sees the package
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above would see the 9-module cycle the client and its facades once formed."""
    graph = {"client": {"ledger", "catalog"}, "ledger": {"client", "codes"}, "catalog": set(), "codes": set()}
    assert cycles(graph) == [["client", "ledger"]]


def test_facades_get_a_chain_context_never_the_client() -> None:
    graph = import_graph()
    for facade in FACADES:
        upward = {
            module
            for module in graph[f"zhangdian_sdk.facades.{facade}"]
            if module != "zhangdian_sdk" and not module.startswith(FACADE_LAYER)
        }
        assert upward == set(), f"{facade} imports {sorted(upward)}"
