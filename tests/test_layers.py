"""Imports point down only (HOUSE_STYLE "Layers"): the core imports no app; nothing imports the top layer; no
module imports itself back through others at load time, and services never import task modules."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

APPS = {
    "sakip",
    "indicators",
    "budget",
    "reports",
    "audit",
    "agency",
    "inbox",
    "notifications",
    "exchange",
    "demo",
    "api",
}
TOP = {"inbox", "notifications", "exchange", "demo", "api"}  # the layer that may import everything
ABOVE = {
    "sakip": APPS - {"sakip"},
    "indicators": TOP - {"demo"},  # indicators/imports/samples.py reads the demo files (to be moved up)
    "budget": TOP,
    "reports": TOP,
    "audit": TOP,
    "agency": TOP,
}


def imported_apps(package: str) -> dict[str, set[str]]:
    found = {}
    for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(settings.BASE_DIR))] = names & APPS
    return found


@pytest.mark.parametrize("package", sorted(ABOVE))
def test_it_imports_no_app_above(package):
    wrong = {path: names & ABOVE[package] for path, names in imported_apps(package).items() if names & ABOVE[package]}
    assert wrong == {}


def project_modules(root: Path, packages: set[str]) -> dict[str, Path]:
    modules = {}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def load_time_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports a module runs when it is loaded: at its top level, or under an `if`/`try` there (not under
    `if TYPE_CHECKING`, and not inside functions, which run later)."""
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
            yield from (sub for sub in node.body + node.orelse if isinstance(sub, ast.Import | ast.ImportFrom))
        elif isinstance(node, ast.Try):
            yield from (sub for sub in node.body if isinstance(sub, ast.Import | ast.ImportFrom))


def import_graph(root: Path, packages: set[str]) -> dict[str, set[str]]:
    """module -> the project modules it imports when loaded."""
    modules = project_modules(root, packages)
    graph = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets = set()
        for node in load_time_imports(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
                continue
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            targets |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names}
        graph[name] = {_nearest(target, modules) for target in targets} - {name, ""}
    return graph


def _nearest(target: str, modules: dict[str, Path]) -> str:
    """The project module an import loads (`a.b.C` -> `a.b`), or "" for another library."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for module in sorted(graph):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_module_imports_itself_back_when_loaded():
    assert cycles(import_graph(Path(settings.BASE_DIR), APPS)) == []


def test_the_cycle_check_finds_a_cycle(tmp_path):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "services.py").write_text("from shop import tasks\n")
    (tmp_path / "shop" / "tasks.py").write_text("from .services import run\n")
    (tmp_path / "shop" / "views.py").write_text(
        "from shop.services import run\n\ndef later():\n    import shop.views\n"
    )
    assert cycles(import_graph(tmp_path, {"shop"})) == [["shop.services", "shop.tasks"]]


def test_services_never_import_task_modules():
    """Tasks call services; services enqueue by the task's name (sakip.queue), never by importing it back."""
    wrong = {}
    for name, path in project_modules(Path(settings.BASE_DIR), APPS).items():
        if name.rpartition(".")[2] != "services":
            continue
        for node in ast.walk(ast.parse(path.read_text())):  # at any level, functions included
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [f"{node.module or ''}.{alias.name}" for alias in node.names]
            if any(part == "tasks" for imported in names for part in imported.split(".")):
                wrong[name] = names
    assert wrong == {}
