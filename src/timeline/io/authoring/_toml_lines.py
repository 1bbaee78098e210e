"""Where things are in a TOML text: the line of every table header, key and array item.

:mod:`tomllib` reports a line and column only for syntax errors; the values it
returns carry no positions. To point an author at the line of a *semantic*
problem (an unknown source id in the third citation of the seventh event), this
module scans the raw text once and maps every *path* to the 1-based line where
it is written.

A path is a tuple of keys and array indexes, exactly as the parsed document is
addressed: ``("events", 6)`` is the header of the seventh ``[[events]]`` table,
``("events", 6, "citations", 2, "source")`` the ``source`` key of its third
citation, whether the citations are written as ``[[events.citations]]`` tables
or as an inline array of inline tables.

The scanner expects text that :mod:`tomllib` has already accepted; on anything
else it stops early and returns what it found (a lookup then falls back to a
shorter path).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Final, TypeAlias

__all__ = ["Path", "TomlLines", "locate"]

Path: TypeAlias = tuple[str | int, ...]
"""Keys and array indexes from the document root."""

_BARE: Final = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES: Final = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


class _Stop(Exception):
    """The text is not TOML the scanner understands; stop scanning."""


class TomlLines:
    """The line of every path of a TOML document (see :func:`locate`)."""

    __slots__ = ("_lines",)

    def __init__(self, lines: dict[Path, int]) -> None:
        """Wrap a mapping of paths to 1-based line numbers."""
        self._lines = lines

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its longest prefix that is written; ``None`` if none is."""
        key = tuple(path)
        while key:
            found = self._lines.get(key)
            if found is not None:
                return found
            key = key[:-1]
        return None

    def exact(self, path: Sequence[str | int]) -> int | None:
        """The line of exactly ``path`` (``None`` if it is not written)."""
        return self._lines.get(tuple(path))

    def __len__(self) -> int:
        return len(self._lines)


def locate(text: str) -> TomlLines:
    """Scan ``text`` (TOML that :mod:`tomllib` accepted) and map every path to its line."""
    scanner = _Scanner(text)
    # RecursionError: the scanner takes two frames per nesting level where tomllib takes
    # one, so a value tomllib just read may be too deep to scan; the lines found so far
    # are kept, and deeper paths fall back to their nearest located parent.
    with contextlib.suppress(_Stop, IndexError, RecursionError):
        scanner.document()
    return TomlLines(scanner.lines)


class _Scanner:
    """A small recursive scanner: it skips over values, recording where keys and items start."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.table: Path = ()
        # The current index of every array of tables, by its concrete path.
        self.current: dict[Path, int] = {}
        self.counts: dict[Path, int] = {}

    # -- characters ------------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.text[j] if j < len(self.text) else ""

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.i < len(self.text):
                if self.text[self.i] == "\n":
                    self.line += 1
                self.i += 1

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and tabs (and newlines and comments when ``newlines``)."""
        while self.i < len(self.text):
            c = self.text[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.advance()
            elif newlines and c == "#":
                self.skip_comment()
            else:
                return

    def skip_comment(self) -> None:
        while self.i < len(self.text) and self.text[self.i] != "\n":
            self.i += 1

    def record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    # -- structure -------------------------------------------------------------------------

    def document(self) -> None:
        while True:
            self.skip_blank(newlines=True)
            if self.i >= len(self.text):
                return
            if self.peek() == "[":
                self.header()
            else:
                self.key_value(self.table)
            self.skip_blank(newlines=False)
            if self.peek() == "#":
                self.skip_comment()
            if self.peek() not in ("\n", ""):
                raise _Stop

    def concrete(self, keys: Sequence[str]) -> Path:
        """The concrete path of dotted ``keys``: each array of tables gets its current index."""
        out: list[str | int] = []
        for key in keys:
            out.append(key)
            index = self.current.get(tuple(out))
            if index is not None:
                out.append(index)
        return tuple(out)

    def header(self) -> None:
        line = self.line
        array = self.peek(1) == "["
        self.advance(2 if array else 1)
        keys = self.keys()
        self.advance(2 if array else 1)
        if array:
            parent = self.concrete(keys[:-1])
            base = (*parent, keys[-1])
            index = self.counts.get(base, 0)
            self.counts[base] = index + 1
            self.current[base] = index
            self.record(base, line)
            self.table = (*base, index)
        else:
            self.table = self.concrete(keys)
        self.record(self.table, line)

    def keys(self) -> list[str]:
        """A dotted key, stopping before ``=`` or ``]``."""
        keys = []
        while True:
            self.skip_blank(newlines=False)
            keys.append(self.key())
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return keys
            self.advance()

    def key(self) -> str:
        c = self.peek()
        if c == '"':
            return self.basic_string()
        if c == "'":
            end = self.text.index("'", self.i + 1)
            value = self.text[self.i + 1 : end]
            self.advance(end + 1 - self.i)
            return value
        match = _BARE.match(self.text, self.i)
        if match is None:
            raise _Stop
        self.advance(match.end() - self.i)
        return match.group()

    def key_value(self, table: Path) -> None:
        line = self.line
        keys = self.keys()
        if self.peek() != "=":
            raise _Stop
        self.advance()
        for n in range(1, len(keys) + 1):
            self.record((*table, *keys[:n]), line)
        self.skip_blank(newlines=False)
        self.value((*table, *keys))

    # -- values ----------------------------------------------------------------------------

    def value(self, path: Path) -> None:
        c = self.peek()
        if c == '"':
            if self.text.startswith('"""', self.i):
                self.multiline('"""')
            else:
                self.basic_string()
        elif c == "'":
            if self.text.startswith("'''", self.i):
                self.multiline("'''")
            else:
                end = self.text.index("'", self.i + 1)
                self.advance(end + 1 - self.i)
        elif c == "[":
            self.array(path)
        elif c == "{":
            self.inline_table(path)
        else:
            start = self.i
            while self.i < len(self.text) and self.text[self.i] not in ",]}\n#":
                self.i += 1
            if self.i == start:
                raise _Stop

    def basic_string(self) -> str:
        self.advance()
        out: list[str] = []
        while True:
            c = self.text[self.i]
            if c == '"':
                self.advance()
                return "".join(out)
            if c == "\n":
                raise _Stop
            if c == "\\":
                e = self.text[self.i + 1]
                if e in _ESCAPES:
                    out.append(_ESCAPES[e])
                    self.advance(2)
                elif e in "uU":
                    width = 4 if e == "u" else 8
                    out.append(chr(int(self.text[self.i + 2 : self.i + 2 + width], 16)))
                    self.advance(2 + width)
                else:
                    raise _Stop
            else:
                out.append(c)
                self.advance()

    def multiline(self, quote: str) -> None:
        self.advance(3)
        while True:
            if self.text.startswith(quote, self.i):
                # Up to two quote characters may close the content before the delimiter.
                extra = 0
                while extra < 2 and self.text.startswith(quote, self.i + extra + 1):
                    extra += 1
                self.advance(3 + extra)
                return
            if quote == '"""' and self.text[self.i] == "\\":
                self.advance(2)
                continue
            if self.i >= len(self.text):
                raise _Stop
            self.advance()

    def array(self, path: Path) -> None:
        self.advance()
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            self.record((*path, index), self.line)
            self.value((*path, index))
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance()
            elif self.peek() != "]":
                raise _Stop

    def inline_table(self, path: Path) -> None:
        self.advance()
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.advance()
                return
            self.key_value(path)
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance()
            elif self.peek() != "}":
                raise _Stop
