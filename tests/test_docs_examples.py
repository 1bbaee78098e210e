"""The code examples in README.md and docs/ run as tests, so the docs cannot rot.

How examples are collected and run:

* Every fenced code block whose language is ``python``, ``py`` or ``pycon`` in
  ``README.md`` and ``docs/**/*.md`` is an example (fences of three or more
  backticks or tildes, possibly indented, as inside a list or an admonition).
* The examples of one file run in order in one namespace, like cells of a
  notebook: a later block can use names from an earlier one. Each file gets a
  fresh namespace and runs in a temporary working directory.
* A block whose first non-blank line starts with ``>>>`` (and every ``pycon``
  block) is a doctest: each statement runs and its printed output is compared
  with the text below it (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` are on).
  Any other block is executed as a script and must not raise; use ``assert``
  to pin values.
* To show code that must not run (it needs a network, a file that is not there,
  or is deliberately wrong), put the HTML comment ``<!-- no-run -->`` on the
  line just before the fence (blank lines between are allowed). It is invisible
  on GitHub and in the docs site. A ``no-run`` word in the info string
  (``python no-run``) is honoured too, but MkDocs then fails to recognise the
  fence, so prefer the comment in ``docs/``.
* A failure names the file and the line of the block (and, for a doctest, of
  the example) that broke, with the traceback pointing into the Markdown file.
"""

from __future__ import annotations

import concurrent.futures
import doctest
import re
import sys
import traceback
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = frozenset({"python", "py", "pycon"})
SKIP_MARK = "no-run"
_SKIP_COMMENT = re.compile(r"<!--\s*no-run\s*-->")
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it starts and what it says."""

    path: Path
    line: int  # 1-based line of the first line of code (after the opening fence)
    info: str
    code: str
    skip: bool

    @property
    def language(self) -> str:
        first = self.info.split()[0] if self.info.split() else ""
        return first.strip("{}").lstrip(".").lower()

    @property
    def is_doctest(self) -> bool:
        if self.language == "pycon":
            return True
        stripped = self.code.lstrip()
        return stripped.startswith(">>>")


class DocExampleError(AssertionError):
    """A documentation example that raised, or printed something other than shown."""


def collect_blocks(path: Path) -> list[Block]:
    """Every Python block of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            body.append(_dedent(lines[end], indent))
            end += 1
        block = Block(
            path=path,
            line=index + 2,
            info=info,
            code="\n".join(body) + "\n",
            skip=SKIP_MARK in info.replace("{", " ").replace("}", " ").replace(".", " ").split()
            or _preceded_by_skip_comment(lines, index),
        )
        if block.language in LANGUAGES:
            blocks.append(block)
        index = end + 1
    return blocks


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")


def _preceded_by_skip_comment(lines: list[str], fence_index: int) -> bool:
    previous = fence_index - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    return previous >= 0 and _SKIP_COMMENT.search(lines[previous]) is not None


def run_file(path: Path) -> int:
    """Run the Python examples of ``path`` in order in one namespace; how many ran.

    Raises :class:`DocExampleError` naming the file and line of the block that broke.
    """
    # The namespace is a real module in sys.modules while the examples run, so that
    # what needs one works (dataclasses with string annotations, pickling, kinds).
    name = "docs_example_" + re.sub(r"\W", "_", _shown(path))
    module = types.ModuleType(name)
    module.__file__ = str(path)
    namespace: dict[str, object] = module.__dict__
    previous = sys.modules.get(name)
    sys.modules[name] = module
    ran = 0
    try:
        for block in collect_blocks(path):
            if block.skip:
                continue
            if block.is_doctest:
                _run_doctest(block, namespace)
            else:
                _run_script(block, namespace)
            ran += 1
    finally:
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
    return ran


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _where(block: Block) -> str:
    return f"{_shown(block.path)}:{block.line}"


def _run_script(block: Block, namespace: dict[str, object]) -> None:
    # Pad with blank lines so tracebacks give the line number in the Markdown file.
    source = "\n" * (block.line - 1) + block.code
    try:
        code = compile(source, str(block.path), "exec")
        exec(code, namespace)
    except Exception as error:
        trace = "".join(traceback.format_exception(error))
        raise DocExampleError(
            f"the example at {_where(block)} raised {type(error).__name__}: {error}\n\n{trace}"
        ) from error


def _run_doctest(block: Block, namespace: dict[str, object]) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.code, namespace, _where(block), str(block.path), block.line - 1)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    report: list[str] = []
    result = runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)
    if result.failed:
        raise DocExampleError(
            f"the doctest at {_where(block)} failed ({result.failed} of {result.attempted} "
            "examples):\n" + "".join(report)
        )


def documentation_files() -> Iterator[Path]:
    """README.md and every Markdown page under docs/."""
    readme = ROOT / "README.md"
    if readme.exists():
        yield readme
    yield from sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize(
    "path",
    list(documentation_files()),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_examples_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # Each page runs in a thread of its own, as a reader's script runs in a fresh process:
    # the browser tests' Playwright keeps an event loop running in the main thread, where
    # an example's asyncio.run() would be refused. One thread per page, so a store opened in
    # one block is used from the same thread in the next.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(run_file, path).result()


_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def test_readme_links_resolve() -> None:
    """Relative links in the README point at files that exist (the docs site checks its own)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = [m["target"].split("#")[0] for m in _LINK.finditer(text)]
    local = [t for t in targets if t and "://" not in t and not t.startswith("mailto:")]
    assert local, "expected the README to link to the docs"
    missing = [t for t in local if not (ROOT / t).exists()]
    assert not missing, f"README.md links to missing files: {missing}"


# -- the collector itself -------------------------------------------------------


def test_readme_has_examples() -> None:
    assert any(not block.skip for block in collect_blocks(ROOT / "README.md"))


def _write(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def test_a_raising_block_fails_with_file_and_line(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        "# A page\n"
        "\n"
        "```python\n"
        "x = 1\n"
        "```\n"
        "\n"
        "```python\n"
        "y = x + 1\n"
        "assert y == 3, 'wrong sum'\n"
        "```\n",
    )
    with pytest.raises(
        DocExampleError, match=r"page\.md:8 raised AssertionError: wrong sum"
    ) as info:
        run_file(page)
    # The traceback points at the failing line of the Markdown file itself.
    assert f'File "{page}", line 9' in str(info.value)


def test_blocks_share_a_namespace_in_order(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        "```python\nitems = [1]\n```\n\ntext\n\n"
        "```py\nitems.append(2)\nassert items == [1, 2]\n```\n",
    )
    assert run_file(page) == 2


def test_no_run_blocks_and_other_languages_are_skipped(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        "<!-- no-run -->\n"
        "```python\nraise RuntimeError('not run')\n```\n"
        "```python no-run\nraise RuntimeError('not run either')\n```\n"
        "```sh\nexit 1\n```\n"
        "```python\nran = True\n```\n",
    )
    assert run_file(page) == 1


def test_indented_and_tilde_fences(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        "- a list item:\n\n"
        "    ```python\n"
        "    def f():\n"
        "        return 2\n"
        "    ```\n\n"
        "~~~~python\n"
        'fence = """\n'
        "```\n"  # not a closing fence: wrong character
        '"""\n'
        "assert f() == 2\n"
        "~~~~\n",
    )
    assert run_file(page) == 2


def test_examples_run_in_a_real_module(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        "```python\n"
        "from __future__ import annotations\n"
        "import dataclasses, pickle\n\n"
        "@dataclasses.dataclass\n"
        "class Point:\n"
        "    x: int\n\n"
        "assert pickle.loads(pickle.dumps(Point(1))) == Point(1)\n"
        "```\n",
    )
    assert run_file(page) == 1


def test_doctest_blocks_compare_output(tmp_path: Path) -> None:
    good = _write(
        tmp_path, "```python\n>>> x = 40\n>>> x + 2\n42\n```\n\n```python\nassert x == 40\n```\n"
    )
    assert run_file(good) == 2
    bad = tmp_path / "bad.md"
    bad.write_text("Intro\n\n```pycon\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    with pytest.raises(DocExampleError, match=r"bad\.md:4 failed") as info:
        run_file(bad)
    assert "line 4" in str(info.value)
