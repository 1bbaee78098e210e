"""The projections package imports in one direction, and keeps its private names private."""

from __future__ import annotations

import ast
from pathlib import Path

import timeline.projections

PACKAGE = Path(timeline.projections.__file__).parent
PREFIX = "timeline.projections."


def _imports() -> dict[str, list[tuple[str, list[str]]]]:
    """For each module of the package: (imported module, names) for every import of a sibling."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = found.setdefault(path.stem, [])
        for node in ast.walk(tree):  # every import, at any depth (functions, TYPE_CHECKING)
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith(PREFIX):
                    module = node.module.removeprefix(PREFIX).split(".")[0]
                    edges.append((module, [alias.name for alias in node.names]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(PREFIX):
                        edges.append((alias.name.removeprefix(PREFIX).split(".")[0], []))
    return found


def test_no_import_cycle() -> None:
    graph = {name: {target for target, _ in edges} for name, edges in _imports().items()}
    graph.pop("__init__")
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        if name in done:
            return
        for target in sorted(graph.get(name, ())):
            visit(target, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_private_names_come_only_from_underscore_modules() -> None:
    for name, edges in _imports().items():
        for target, names in edges:
            private = [n for n in names if n.startswith("_")]
            assert not private or target.startswith("_"), (
                f"{name} imports {private} from the public module {target}"
            )


def test_modules_read_in_one_sitting() -> None:
    for path in PACKAGE.glob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 500, f"{path.name} has {lines} lines"
