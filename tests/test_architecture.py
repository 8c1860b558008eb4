"""The shape of the package: every module imports, pressroom's imports form no cycle, and no module
hides an import of another inside a function (where a cycle would go unseen until run time)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import pressroom

PACKAGE = Path(pressroom.__file__).parent
# The command line may import what a subcommand needs when it runs (startup time of `make-book`).
LOCAL_IMPORTS_ALLOWED = {"pressroom.cli"}


def module_names() -> list[str]:
    return sorted(["pressroom", *(info.name for info in pkgutil.walk_packages([str(PACKAGE)], "pressroom."))])


MODULES = module_names()


def source_path(name: str) -> Path:
    path = PACKAGE.joinpath(*name.split(".")[1:])
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def resolve(name: str, imported: str | None, names: list[str], level: int) -> list[str]:
    """The pressroom modules an import statement in module ``name`` loads (the most specific one
    for each imported name: ``from pressroom.print import layout`` is pressroom.print.layout)."""
    if level:
        package = name if source_path(name).name == "__init__.py" else name.rsplit(".", 1)[0]
        base = ".".join(package.split(".")[: len(package.split(".")) - level + 1])
        imported = f"{base}.{imported}" if imported else base
    if imported is None or not (imported == "pressroom" or imported.startswith("pressroom.")):
        return []
    found = [f"{imported}.{alias}" for alias in names if f"{imported}.{alias}" in MODULES]
    return found or ([imported] if imported in MODULES else [])


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(name: str) -> list[tuple[str, bool]]:
    """(imported pressroom module, whether the import is inside a function) for every import
    statement the module runs (``if TYPE_CHECKING:`` blocks do not run)."""
    tree = ast.parse(source_path(name).read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.extend((module, in_function) for module in resolve(name, alias.name, [], 0))
            elif isinstance(child, ast.ImportFrom):
                modules = resolve(name, child.module, [alias.name for alias in child.names], child.level)
                found.extend((module, in_function) for module in modules)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return found


GRAPH = {name: sorted({module for module, _ in imports(name) if module != name}) for name in MODULES}


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name):
    importlib.import_module(name)


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in graph.get(node, ()):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in graph:
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_no_import_cycle():
    """Function-level imports count too: a cycle hidden in a function is still a cycle."""
    cycle = find_cycle(GRAPH)
    assert cycle is None, " → ".join(cycle or [])


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b", "c"], "b": ["c"], "c": []}) is None


def local_imports() -> dict[str, list[str]]:
    found = {}
    for name in MODULES:
        local = sorted({module for module, in_function in imports(name) if in_function})
        if local and name not in LOCAL_IMPORTS_ALLOWED:
            found[name] = local
    return found


def test_no_function_local_imports_of_pressroom_modules():
    """Imports stand at the top of a module, where a cycle shows at once (cli.py excepted)."""
    assert local_imports() == {}


def test_the_print_package_imports_no_writer_outside_it():
    """pressroom.print imports neither the build nor another edition's writer."""
    for name in MODULES:
        if name.startswith("pressroom.print"):
            outside = [
                m
                for m in GRAPH[name]
                if m in {"pressroom.build", "pressroom.epub", "pressroom.html", "pressroom.serve", "pressroom.cli"}
                or m.startswith("pressroom.proof")
            ]
            assert outside == [], name
