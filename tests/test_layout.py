"""The package layout: no import cycle, imports at the top, modules small enough to read."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "riwaya"
MAX_LINES = 400
# module -> why it may be longer than MAX_LINES (keep this short)
LONG_MODULES: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def tree(name: str) -> ast.Module:
    path = modules()[name]
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def absolute(name: str, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = name.split(".") if is_package(name) else name.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def targets(name: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """riwaya modules an import statement runs: ``from pkg import sub`` runs pkg.sub, ``from pkg
    import Name`` runs pkg's ``__init__`` (a re-export); parent packages are left out."""
    if isinstance(node, ast.Import):
        found = {alias.name for alias in node.names}
    else:
        source = absolute(name, node)
        found = {f"{source}.{a.name}" if f"{source}.{a.name}" in modules() else source for a in node.names}
    return {m for m in found if m in modules()}


def type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(test)


def imports(name: str, *, in_functions: bool) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """(import statement, inside a function?) for the module, ``if TYPE_CHECKING:`` left out."""
    found = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if type_checking(child):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append((child, inside))
            nested = inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if nested and not in_functions:
                continue
            visit(child, nested)

    visit(tree(name), False)
    return found


def import_graph(*, in_functions: bool) -> dict[str, set[str]]:
    return {
        name: {t for node, _ in imports(name, in_functions=in_functions) for t in targets(name, node)}
        - {name}
        for name in modules()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_layout_finds_the_modules_and_their_imports():
    graph = import_graph(in_functions=False)
    assert len(graph) >= 60 and "riwaya.pipeline" in graph
    assert {"riwaya.errors", "riwaya.model"} <= graph["riwaya.pipeline"]
    assert "riwaya.analysis" in graph["riwaya"]  # a re-export is an edge to the module it reads
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_layout_no_import_cycle():
    assert cycles(import_graph(in_functions=False)) == []


def test_layout_no_import_cycle_hidden_in_functions():
    assert cycles(import_graph(in_functions=True)) == []


def test_layout_no_function_level_import_of_riwaya():
    found = [
        f"{modules()[name].relative_to(PACKAGE.parent)}:{node.lineno}"
        for name in modules()
        for node, inside in imports(name, in_functions=True)
        if inside and (targets(name, node) or getattr(node, "level", 0))
    ]
    assert found == []


def test_layout_no_module_over_the_line_limit():
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert max(lengths.values()) > 100  # the count reads real files
    long = {name: n for name, n in lengths.items() if n > MAX_LINES and name not in LONG_MODULES}
    assert long == {}
    assert [name for name in LONG_MODULES if lengths.get(name, 0) <= MAX_LINES] == []  # stale allowances
