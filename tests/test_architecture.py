"""The shape of the source tree: no import cycles, private names stay private, layers point down.

The checker reads ``src/timeline`` with :mod:`ast`; nothing is imported and
nothing is grepped. It enforces three rules (docs/architecture.md explains them
for contributors):

1. **No import cycles** between modules inside ``src/timeline``. Every import
   counts: the ones at the top of a module, the ones inside functions, and the
   ones under ``if TYPE_CHECKING:``. A lazy import inside a function is the
   usual way to paper over a cycle (it still runs, only later), and a
   type-only import is still a dependency: a reader must read both modules
   together, mypy and the docs build load both, and the day someone needs the
   name at run time (``isinstance``, a default value) the cycle becomes real.
   The cure is the same in every case: move what the two modules share into a
   lower module that both import.
2. **Private names stay private.** Importing a ``_name`` (one leading
   underscore; dunders such as ``__version__`` are public) is allowed only
   from an underscore module (``_core.py``, ``_common.py``) of a package the
   importer is inside. Importing an underscore module itself is allowed only
   from inside the package that holds it. A public module never hands out its
   ``_names``, and no package reaches into another package's private parts.
   Reading ``module._name`` through an imported module counts as importing it.
3. **Layers point down.** Each top-level part of ``timeline`` has a rank in
   :data:`LAYERS`; a module may import only parts of a lower rank (and its own
   part). Parts of equal rank (``io`` and ``render``) do not import each other.

When a rule fails, the message lists every violation as ``path:line: what``.
The checker itself is tested on small trees written into ``tmp_path``.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = "timeline"

#: The layers, bottom first: a part may import only the parts of lower rank.
#: A "part" is the first name under ``timeline`` (``timeline.io.jsonl`` is part
#: ``io``); ``__init__`` is the top-level ``timeline/__init__.py``.
LAYERS: dict[str, int] = {
    # Error classes: every layer raises them, so they sit below everything.
    "errors": 0,
    "time": 1,
    "events": 2,
    "codec": 3,
    # Hypothesis strategies generate values of the layers below (When, events,
    # sources); the conflict pack's strategies build on them, so they sit
    # under the store and the packs, never above them.
    "strategies": 4,
    "store": 5,
    "projections": 6,
    "conflict": 7,
    # Peers: interchange formats and documents never import each other.
    "io": 8,
    "render": 8,
    # Findings and counts over a record (what `timeline validate` and `stats`
    # print), for library users as well as the command.
    "report": 8,
    "cli": 9,
    # The demo's loader by report day and its known-at contrast: library parts only,
    # under the demo that prints them.
    "demo_contrast": 9,
    # UCDP GED's Idlib months beside the seed article (the docs page, `make demo-ged`):
    # library code over io and projections, under the demo that prints it.
    "idlib_context": 9,
    # Programs and test support on top of the command and the library; no
    # library module may depend on them. ``timeline.testing`` (the store
    # contract for backends) is for test suites, so nothing in src imports it.
    "__main__": 10,
    "demo": 10,
    "testing": 10,
    # The public face re-exports from below; nothing inside imports it back
    # (except ``__version__``, see EXEMPT_NAMES).
    "__init__": 11,
}

#: Names any module may read from the top-level package without breaking the
#: layer rule: the version is metadata (a document records it in its
#: provenance), not code. It could move to a ``timeline._version`` module.
EXEMPT_NAMES: Mapping[str, frozenset[str]] = {PACKAGE: frozenset({"__version__"})}


# -- reading the tree ------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """One ``.py`` file of the tree."""

    name: str  # dotted: "timeline.io.jsonl"; a package's __init__ is the package name
    path: Path
    is_package: bool

    @property
    def package(self) -> str:
        """The package the module's code runs in (``__package__``)."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


@dataclass(frozen=True)
class Import:
    """One module imported by another, with the names taken from it."""

    importer: Module
    line: int
    target: str  # the module imported (always a module of the tree)
    names: tuple[str, ...] = ()  # attributes taken from it ("from target import a, b")
    type_only: bool = False
    lazy: bool = False


@dataclass
class Tree:
    """The modules of one package and the imports between them."""

    root: Path  # the directory that holds the top-level package (src/)
    modules: dict[str, Module] = field(default_factory=dict)
    imports: list[Import] = field(default_factory=list)

    def where(self, imp: Import) -> str:
        return f"{_shown(imp.importer.path, self.root)}:{imp.line}"


def _shown(path: Path, root: Path) -> str:
    for base in (ROOT, root):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


def read_tree(root: Path, package: str = PACKAGE) -> Tree:
    """Parse every module of ``root/package`` and resolve its imports inside the package."""
    tree = Tree(root=root)
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        tree.modules[name] = Module(name=name, path=path, is_package=is_package)
    for module in tree.modules.values():
        source = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        tree.imports.extend(_imports(module, source, tree.modules, package))
    return tree


def _imports(
    module: Module, source: ast.Module, modules: Mapping[str, Module], package: str
) -> Iterator[Import]:
    for node, type_only, lazy in _walk(source, type_only=False, lazy=False):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _longest_module(alias.name, modules)
                if target is not None and _inside(alias.name, package):
                    yield Import(module, node.lineno, target, (), type_only, lazy)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            if base is None or not _inside(base, package):
                continue
            taken: dict[str, list[str]] = defaultdict(list)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in modules:  # "from pkg import submodule"
                    yield Import(module, node.lineno, submodule, (), type_only, lazy)
                else:
                    target = _longest_module(base, modules)
                    if target is not None:
                        taken[target].append(alias.name)
            for target, names in taken.items():
                yield Import(module, node.lineno, target, tuple(names), type_only, lazy)
    yield from _attribute_reads(module, source, modules, package)


def _walk(node: ast.AST, *, type_only: bool, lazy: bool) -> Iterator[tuple[ast.AST, bool, bool]]:
    """Every node, with whether it sits under ``if TYPE_CHECKING:`` or inside a function."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for inner in child.body:
                yield inner, True, lazy
                yield from _walk(inner, type_only=True, lazy=lazy)
            for inner in child.orelse:
                yield inner, type_only, lazy
                yield from _walk(inner, type_only=type_only, lazy=lazy)
            continue
        inner_lazy = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield child, type_only, lazy
        yield from _walk(child, type_only=type_only, lazy=inner_lazy)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(module: Module, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module
    parts = module.package.split(".")
    if node.level - 1 >= len(parts):
        return None
    base = ".".join(parts[: len(parts) - (node.level - 1)])
    return f"{base}.{node.module}" if node.module else base


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _longest_module(dotted: str, modules: Mapping[str, Module]) -> str | None:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def _attribute_reads(
    module: Module, source: ast.Module, modules: Mapping[str, Module], package: str
) -> Iterator[Import]:
    """``alias._name`` where ``alias`` is bound to a module of the tree by an import."""
    bound: dict[str, str] = {}
    for node in ast.walk(source):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _inside(alias.name, package):
                    continue
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    bound[head] = head
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            if base is None or not _inside(base, package):
                continue
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    bound[alias.asname or alias.name] = f"{base}.{alias.name}"
    if not bound:
        return
    for node in ast.walk(source):
        if not isinstance(node, ast.Attribute):
            continue
        chain = _chain(node)
        if chain is None or chain[0] not in bound:
            continue
        dotted = bound[chain[0]]
        for index, attr in enumerate(chain[1:], start=1):
            if f"{dotted}.{attr}" in modules:
                dotted = f"{dotted}.{attr}"
                continue
            if _is_private(attr) and index == len(chain) - 1:
                yield Import(module, node.lineno, dotted, (attr,))
            break


def _chain(node: ast.expr) -> list[str] | None:
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(names)]


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# -- the rules -------------------------------------------------------------------


def import_cycles(tree: Tree) -> list[str]:
    """Each cycle of imports, as its path and every import inside its strongly connected part."""
    edges: dict[str, dict[str, Import]] = defaultdict(dict)
    for imp in tree.imports:
        if imp.target != imp.importer.name:
            edges[imp.importer.name].setdefault(imp.target, imp)
    problems = []
    for component in _strongly_connected(sorted(tree.modules), edges):
        if len(component) < 2:
            continue
        start = min(component)
        path = _shortest_cycle(start, component, edges)
        inside = [
            edges[a][b] for a in sorted(component) for b in sorted(edges[a]) if b in component
        ]
        lines = [f"import cycle: {' -> '.join(path)}"]
        for imp in inside:
            how = " (under TYPE_CHECKING)" if imp.type_only else " (inside a function)" * imp.lazy
            lines.append(f"    {tree.where(imp)}: {imp.importer.name} imports {imp.target}{how}")
        problems.append("\n".join(lines))
    return problems


def _strongly_connected(
    nodes: list[str], edges: Mapping[str, Mapping[str, Import]]
) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the module graph is small but recursion is not needed)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, {}))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, {})))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found


def _shortest_cycle(
    start: str, component: set[str], edges: Mapping[str, Mapping[str, Import]]
) -> list[str]:
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(edges.get(node, {})):
                if child not in component:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start]  # not reached: a strongly connected part of two or more has a cycle


def private_imports(tree: Tree) -> list[str]:
    """Every import of a private name or a private module from outside its package."""
    problems = []
    for imp in tree.imports:
        importer = imp.importer.name
        owner = _private_owner(imp.target)
        if owner is not None and not _inside(importer, owner):
            problems.append(
                f"{tree.where(imp)}: {importer} imports the private module {imp.target}, "
                f"which only modules inside {owner} may import"
            )
            continue
        for name in imp.names:
            if not _is_private(name):
                continue
            last = imp.target.rpartition(".")[2]
            if not _is_private(last):
                problems.append(
                    f"{tree.where(imp)}: {importer} imports {name} from the public module "
                    f"{imp.target}; move it to an underscore module of its package"
                )
            elif not _inside(importer, imp.target.rpartition(".")[0]):
                problems.append(
                    f"{tree.where(imp)}: {importer} imports {name} from {imp.target}, "
                    "the private module of another package"
                )
    return problems


def _private_owner(module: str) -> str | None:
    """The package a private module belongs to (the deepest ``_part`` decides), if private."""
    parts = module.split(".")
    owner = None
    for end in range(1, len(parts)):
        if _is_private(parts[end]):
            owner = ".".join(parts[:end])
    return owner


def layer_violations(
    tree: Tree, layers: Mapping[str, int] = LAYERS, package: str = PACKAGE
) -> list[str]:
    """Every import that runs up the layers, or between two parts of the same rank."""
    problems = []
    unplaced: set[str] = set()
    for module in tree.modules:
        part = _part(module, package)
        if part not in layers and part not in unplaced:
            unplaced.add(part)
            problems.append(
                f"{_shown(tree.modules[module].path, tree.root)}:1: {part!r} has no layer; "
                "add it to LAYERS in tests/test_architecture.py and to docs/architecture.md"
            )
    for imp in tree.imports:
        source, target = _part(imp.importer.name, package), _part(imp.target, package)
        if source == target or source in unplaced or target in unplaced:
            continue
        if imp.names and set(imp.names) <= EXEMPT_NAMES.get(imp.target, frozenset()):
            continue
        if layers[target] < layers[source]:
            continue
        how = "up the layers" if layers[target] > layers[source] else "to a peer of its layer"
        problems.append(
            f"{tree.where(imp)}: {imp.importer.name} ({source}, layer {layers[source]}) imports "
            f"{imp.target} ({target}, layer {layers[target]}): an import {how}"
        )
    return problems


def _part(module: str, package: str) -> str:
    rest = module[len(package) + 1 :].split(".")[0] if module != package else ""
    return rest or "__init__"


def _report(title: str, problems: list[str]) -> str:
    return f"{len(problems)} {title} (see docs/architecture.md):\n" + "\n".join(problems)


# -- the real tree ---------------------------------------------------------------


@pytest.fixture(scope="module")
def source_tree() -> Tree:
    return read_tree(SRC)


def test_the_tree_is_read(source_tree: Tree) -> None:
    assert "timeline.store.base" in source_tree.modules
    assert any(imp.target == "timeline.errors" for imp in source_tree.imports)


def test_no_import_cycles(source_tree: Tree) -> None:
    problems = import_cycles(source_tree)
    assert not problems, _report("import cycles", problems)


def test_no_private_imports(source_tree: Tree) -> None:
    problems = private_imports(source_tree)
    assert not problems, _report("private imports", problems)


def test_imports_point_down_the_layers(source_tree: Tree) -> None:
    problems = layer_violations(source_tree)
    assert not problems, _report("imports against the layers", problems)


# -- the checker, on small trees -------------------------------------------------


def _tree(tmp_path: Path, files: Mapping[str, str]) -> Tree:
    for name, text in files.items():
        path = tmp_path / "timeline" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for directory in [tmp_path / "timeline", *(tmp_path / "timeline").rglob("*")]:
        if directory.is_dir() and not (directory / "__init__.py").exists():
            (directory / "__init__.py").write_text("", encoding="utf-8")
    return read_tree(tmp_path)


CLEAN = {
    "__init__.py": "from timeline.events import Event\n__version__ = '1'\n",
    "errors.py": "class TimelineError(Exception): ...\n",
    "time/__init__.py": "from timeline.time.when import When\n",
    "time/_parts.py": "_SHARED = 1\n",
    "time/when.py": "from timeline.time._parts import _SHARED\nfrom . import display\nWhen = 1\n",
    "time/display.py": "from ._parts import _SHARED\nfrom timeline.errors import TimelineError\n",
    "events/__init__.py": "from timeline.events.base import Event\n",
    "events/base.py": (
        "from timeline.time import When\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from timeline.errors import TimelineError\n"
        "Event = 1\n"
    ),
    "io/__init__.py": "",
    "io/_files.py": "def _atomic_write(): ...\n",
    "io/authoring/__init__.py": "from timeline.io.authoring.load import load\n",
    "io/authoring/load.py": (
        "from timeline.io._files import _atomic_write\n"
        "from timeline import __version__\n"
        "def load():\n    import timeline.events\n"
    ),
}


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    tree = _tree(tmp_path, CLEAN)
    assert import_cycles(tree) == []
    assert private_imports(tree) == []
    assert layer_violations(tree) == []


def test_relative_imports_and_submodules_are_resolved(tmp_path: Path) -> None:
    tree = _tree(tmp_path, CLEAN)
    found = {(imp.importer.name, imp.target) for imp in tree.imports}
    assert ("timeline.time.when", "timeline.time.display") in found
    assert ("timeline.time.display", "timeline.time._parts") in found
    assert ("timeline.io.authoring.load", "timeline.events") in found
    lazy = [imp for imp in tree.imports if imp.lazy]
    assert [(imp.importer.name, imp.target) for imp in lazy] == [
        ("timeline.io.authoring.load", "timeline.events")
    ]


def test_cycles_are_reported_with_their_path(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "projections/chronology.py": "from timeline.projections.fold import run\n",
            "projections/fold.py": "def run():\n    from timeline.projections import snapshot\n",
            "projections/snapshot.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from timeline.projections.chronology import Chronology\n"
            ),
            "time/when.py": "from timeline.time.display import show\n",
            "time/display.py": "from timeline.time import when\n",
        },
    )
    problems = import_cycles(tree)
    assert len(problems) == 2, problems
    chronology, time = problems
    assert chronology.startswith(
        "import cycle: timeline.projections.chronology -> timeline.projections.fold"
        " -> timeline.projections.snapshot -> timeline.projections.chronology"
    )
    assert "timeline/projections/fold.py:2: " in chronology
    assert "(inside a function)" in chronology
    assert "timeline/projections/snapshot.py:3: " in chronology
    assert "(under TYPE_CHECKING)" in chronology
    assert time.startswith(
        "import cycle: timeline.time.display -> timeline.time.when -> timeline.time.display"
    )


def test_a_package_importing_its_own_init_is_a_cycle(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "store/__init__.py": "from timeline.store.memory import MemoryStore\n",
            "store/memory.py": "from timeline.store import EventStore\nMemoryStore = 1\n",
        },
    )
    (problem,) = import_cycles(tree)
    assert problem.startswith("import cycle: timeline.store -> timeline.store.memory")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "store/base.py": "def _check_stream(): ...\n",
                "store/memory.py": "from timeline.store.base import _check_stream\n",
            },
            "timeline/store/memory.py:1: timeline.store.memory imports _check_stream from the "
            "public module timeline.store.base",
            id="private-name-of-a-public-module",
        ),
        pytest.param(
            {
                "events/_core.py": "_UPCASTERS = {}\n",
                "codec.py": "from timeline.events._core import _UPCASTERS\n",
            },
            "timeline/codec.py:1: timeline.codec imports the private module "
            "timeline.events._core, which only modules inside timeline.events may import",
            id="private-module-of-another-package",
        ),
        pytest.param(
            {
                "events/_core.py": "X = 1\n",
                "strategies.py": "from timeline.events import _core\n",
            },
            "timeline/strategies.py:1: timeline.strategies imports the private module "
            "timeline.events._core",
            id="private-module-through-from",
        ),
        pytest.param(
            {
                "events/_core.py": "X = 1\n",
                "strategies.py": "def f():\n    import timeline.events._core as core\n",
            },
            "timeline/strategies.py:2: timeline.strategies imports the private module",
            id="plain-import-inside-a-function",
        ),
        pytest.param(
            {
                "store/base.py": "def _check_stream(): ...\n",
                "store/sqlite.py": ("from timeline.store import base\nbase._check_stream()\n"),
            },
            "timeline/store/sqlite.py:2: timeline.store.sqlite imports _check_stream from the "
            "public module timeline.store.base",
            id="attribute-of-an-imported-module",
        ),
        pytest.param(
            {
                "projections/fold.py": "_Selected = 1\n",
                "projections/snapshot.py": "from .fold import _Selected\n",
            },
            "timeline/projections/snapshot.py:1: timeline.projections.snapshot imports "
            "_Selected from the public module timeline.projections.fold",
            id="relative-import",
        ),
    ],
)
def test_private_imports_are_reported(
    tmp_path: Path, files: Mapping[str, str], expected: str
) -> None:
    problems = private_imports(_tree(tmp_path, files))
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems


def test_dunder_names_and_own_underscore_modules_are_allowed(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "__init__.py": "__version__ = '1'\n",
            "render/_common.py": "def _show(): ...\n",
            "render/__init__.py": "from timeline.render import _common\n",
            "render/html.py": "from timeline.render._common import _show\nimport timeline\n",
            "render/pages/deep.py": "from timeline.render._common import _show\n",
            "cli.py": "from timeline import __version__\n",
        },
    )
    assert private_imports(tree) == []


def test_layer_violations_are_reported(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "time/when.py": "def show():\n    from timeline.events import Event\n",
            "events/__init__.py": "Event = 1\n",
            "io/jsonl.py": "from timeline.render import Document\n",
            "render/__init__.py": "Document = 1\n",
            "store/base.py": "from timeline import MemoryStore\n",
            "gadgets.py": "",
        },
    )
    problems = layer_violations(tree)
    assert problems == [
        "timeline/gadgets.py:1: 'gadgets' has no layer; add it to LAYERS in "
        "tests/test_architecture.py and to docs/architecture.md",
        "timeline/io/jsonl.py:1: timeline.io.jsonl (io, layer 8) imports timeline.render "
        "(render, layer 8): an import to a peer of its layer",
        "timeline/store/base.py:1: timeline.store.base (store, layer 5) imports timeline "
        "(__init__, layer 11): an import up the layers",
        "timeline/time/when.py:2: timeline.time.when (time, layer 1) imports timeline.events "
        "(events, layer 2): an import up the layers",
    ]


def test_every_layer_part_exists_or_is_planned() -> None:
    parts = {_part(name, PACKAGE) for name in read_tree(SRC).modules}
    planned = {"testing"}  # timeline.testing: the store contract for backends (issue 15)
    assert parts <= set(LAYERS)
    assert set(LAYERS) - parts <= planned
