"""Every public function and class appears in the API reference.

The reference is the pages of docs/reference/, plus the mkdocstrings blocks of
the guides (docs/authoring.md ends with the API of the authoring format). The
pages are made of mkdocstrings blocks::

    ::: timeline.render.snapshot
        options:
          members:
            - build_snapshot
            - html_states

A block documents the object it names; a block naming a module documents the
``members:`` it lists, nothing with ``members: false``, and otherwise the names
in the module's ``__all__``. An object counts as documented when the same
object appears in any block, under any of the paths it is exported from (so
``::: timeline.Event`` covers ``timeline.events.Event`` too).

The public names are the ``__all__`` of every public module of ``timeline``
(no ``_part`` in its path), except the programs in :data:`NOT_REFERENCE`.
Constants and type aliases are not required; functions and classes are.

A failure names each missing object and where it is exported from: add a
``:::`` block for it to the page of its package (the page for a new package
goes in mkdocs.yml's nav, under "API reference").
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import timeline

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "reference"

#: Public modules that are programs rather than library API: their own pages
#: (docs/cli.md, the README's ``make demo``) describe them.
NOT_REFERENCE = frozenset(
    {"timeline.cli", "timeline.demo", "timeline.demo_contrast", "timeline.__main__"}
)

_BLOCK = re.compile(r"^:::[ \t]+(?P<path>[\w.]+)[ \t]*$")


@dataclass(frozen=True)
class Block:
    """One ``::: path`` block of a reference page and its options."""

    page: Path
    line: int
    path: str
    options: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def read_blocks(page: Path) -> list[Block]:
    """The mkdocstrings blocks of one page, with their YAML options parsed."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = []
    for index, text in enumerate(lines):
        match = _BLOCK.match(text)
        if match is None:
            continue
        body = []
        for following in lines[index + 1 :]:
            if following.strip() and not following[0].isspace():
                break
            body.append(following)
        config = yaml.safe_load("\n".join(body)) if any(s.strip() for s in body) else None
        options = (config or {}).get("options") or {}
        blocks.append(Block(page, index + 1, match["path"], options))
    return blocks


def resolve(path: str) -> Any:
    """The object a dotted path names: a module, or an attribute of one."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:end]))
        except ModuleNotFoundError:
            continue
        for name in parts[end:]:
            found = getattr(found, name)
        return found
    raise ModuleNotFoundError(path)


def documented(block: Block) -> list[Any]:
    """The objects a block puts in the reference."""
    target = resolve(block.path)
    if not isinstance(target, ModuleType):
        return [target]
    members = block.options.get("members")
    if members is False:
        return []
    names = members if isinstance(members, list) else getattr(target, "__all__", [])
    return [getattr(target, name) for name in names]


def public_modules() -> Iterator[ModuleType]:
    """``timeline`` and every public module under it, except the programs."""
    yield timeline
    for info in pkgutil.walk_packages(timeline.__path__, "timeline."):
        parts = info.name.split(".")[1:]
        program = any(
            info.name == name or info.name.startswith(name + ".") for name in NOT_REFERENCE
        )
        if program or any(part.startswith("_") for part in parts):
            continue
        yield importlib.import_module(info.name)


def needs_reference(value: object) -> bool:
    """Functions and classes do; modules, constants and type aliases do not."""
    # unwrap: a function behind a decorator such as functools.lru_cache is still one.
    return inspect.isclass(value) or inspect.isfunction(inspect.unwrap(value))


def missing_from_reference(pages: list[Path]) -> list[str]:
    """Each public function or class no block documents, with the paths it is exported from."""
    seen = {id(obj) for page in pages for block in read_blocks(page) for obj in documented(block)}
    exported: dict[int, list[str]] = {}
    objects: dict[int, object] = {}
    for module in public_modules():
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if needs_reference(value) and id(value) not in seen:
                exported.setdefault(id(value), []).append(f"{module.__name__}.{name}")
                objects[id(value)] = value
    return sorted(
        f"{paths[0]}" + (f" (also {', '.join(paths[1:])})" if paths[1:] else "")
        for paths in (
            sorted(p, key=lambda path: (path.count("."), path)) for p in exported.values()
        )
    )


def reference_pages() -> list[Path]:
    """docs/reference/*.md, then every other page of docs/ that holds a ``:::`` block."""
    guides = [
        page
        for page in sorted((ROOT / "docs").rglob("*.md"))
        if page.parent != PAGES and read_blocks(page)
    ]
    return sorted(PAGES.glob("*.md")) + guides


def test_every_block_names_something() -> None:
    broken = []
    for page in reference_pages():
        for block in read_blocks(page):
            try:
                documented(block)
            except (ImportError, AttributeError) as error:
                broken.append(f"{block.where}: ::: {block.path}: {type(error).__name__}: {error}")
    assert not broken, "reference blocks that name nothing:\n" + "\n".join(broken)


def test_every_public_function_and_class_is_in_the_reference() -> None:
    missing = missing_from_reference(reference_pages())
    assert not missing, (
        f"{len(missing)} public functions and classes are missing from docs/reference/ "
        "(add a ::: block for each to the page of its package):\n" + "\n".join(missing)
    )


def test_every_reference_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    absent = [p.name for p in sorted(PAGES.glob("*.md")) if f"reference/{p.name}" not in nav]
    assert not absent, f"reference pages missing from mkdocs.yml's nav: {absent}"


# -- the checker, on a small page ------------------------------------------------


def test_blocks_and_members_are_read(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n"
        "::: timeline.When\n"
        "    options:\n"
        "      heading_level: 2\n\n"
        "::: timeline.render.snapshot\n"
        "    options:\n"
        "      members:\n"
        "        - html_states\n\n"
        "::: timeline.time.phrases\n"
        "    options:\n"
        "      members: false\n\n"
        "::: timeline.store.memory\n",
        encoding="utf-8",
    )
    blocks = read_blocks(page)
    assert [(b.line, b.path) for b in blocks] == [
        (3, "timeline.When"),
        (7, "timeline.render.snapshot"),
        (12, "timeline.time.phrases"),
        (16, "timeline.store.memory"),
    ]
    from timeline.render.snapshot import html_states
    from timeline.store import MemoryStore

    assert [documented(b) for b in blocks] == [
        [timeline.When],
        [html_states],
        [],
        [MemoryStore],
    ]


def test_a_missing_name_is_reported_with_its_paths(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("::: timeline.events\n", encoding="utf-8")
    missing = missing_from_reference([page])
    assert "timeline.When (also timeline.time.When, timeline.time.when.When)" in missing
    assert not any(line.startswith("timeline.Event ") for line in missing)
    assert not any("timeline.events.normalize_name" in line for line in missing)


@pytest.mark.parametrize("value", [1, "text", ("a",), timeline.codec])
def test_constants_and_modules_need_no_entry(value: object) -> None:
    assert not needs_reference(value)
