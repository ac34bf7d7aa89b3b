"""Fail when the project's own modules import each other in a cycle, counting imports inside functions.

A function-level import hides a cycle from Python (it only runs later) but not from the reader: the
two modules still depend on each other. This reads every module with ``ast`` (nothing is imported or
run), draws an edge for every ``import``/``from ... import`` anywhere in the file -- module level,
function bodies, try/except -- and reports each strongly connected group of modules. Imports under
``if TYPE_CHECKING:`` are left out: they never run.

Usage: python scripts/check_import_cycles.py [--root DIR] [PACKAGE ...]
Exit status 1 and one line per cycle when there is any; 0 and a summary otherwise.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

# Checked by `make test`: every top-level package of the project (a directory with __init__.py), the
# scripts, and the console's Django apps (imported as top-level packages from console/).
NOT_CHECKED = ("tests", "mutants", "node_modules", "models", "build", "var", "results")
EXTRA_DIRS = ("scripts",)
CONSOLE_DIR = "console"


def project_packages(root: Path) -> list[str]:
    """Top-level package directories (with __init__.py) plus scripts/, sorted."""
    found = [p.name for p in root.iterdir() if (p / "__init__.py").is_file() and p.name not in NOT_CHECKED]
    return sorted({*found, *(d for d in EXTRA_DIRS if (root / d).is_dir())})


def module_files(root: Path, packages: list[str]) -> dict[str, Path]:
    """Dotted module name -> file, for every .py below each package directory (tests and migrations left out)."""
    found: dict[str, Path] = {}
    for package in packages:
        base = root / package
        if not base.is_dir():
            continue
        top = base.parent
        for path in sorted(base.rglob("*.py")):
            relative = path.relative_to(top)
            if any(part in ("tests", "migrations", "node_modules") for part in relative.parts):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def console_packages(root: Path) -> list[str]:
    """The console's Django apps and project package (each a directory with __init__.py)."""
    console = root / CONSOLE_DIR
    if not console.is_dir():
        return []
    return sorted(f"{CONSOLE_DIR}/{p.name}" for p in console.iterdir() if (p / "__init__.py").is_file())


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Every dotted name the module may import, wherever the statement stands."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    names: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and _is_import_module_call(node):
            names.append(node.args[0].value)  # type: ignore[attr-defined]
    return names


def _is_import_module_call(node: ast.Call) -> bool:
    """importlib.import_module("literal") counts too."""
    func = node.func
    named = (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module"
    )
    return named and bool(node.args) and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (the deepest existing module of each dotted name)."""
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets: set[str] = set()
        for name in imported_names(tree, module, path.name == "__init__.py"):
            parts = name.split(".")
            while parts and ".".join(parts) not in files:
                parts.pop()
            if parts and ".".join(parts) != module:
                targets.add(".".join(parts))
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def example_path(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """One concrete loop through the group, for the error message (a -> b -> a)."""
    members = set(group)
    start = group[0]
    path, seen = [start], {start}
    node = start
    while True:
        nxt = sorted(t for t in graph[node] if t in members)
        if start in nxt and len(path) > 1:
            return path + [start]
        fresh = [t for t in nxt if t not in seen]
        if not fresh:
            return path + [nxt[0]] if nxt else path
        node = fresh[0]
        path.append(node)
        seen.add(node)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("packages", nargs="*", help="package directories relative to --root")
    args = parser.parse_args(argv)
    packages = args.packages or [*project_packages(args.root), *console_packages(args.root)]
    files = module_files(args.root, packages)
    graph = import_graph(files)
    found = cycles(graph)
    for group in found:
        print(f"import cycle: {' -> '.join(example_path(graph, group))}   (modules: {', '.join(group)})")
    edges = sum(len(t) for t in graph.values())
    print(f"{len(files)} modules, {edges} project imports, {len(found)} import cycle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
