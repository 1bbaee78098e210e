"""A small, strict TOML 1.0 writer for the authoring format's export.

Python's standard library reads TOML (:mod:`tomllib`) but does not write it.
The authoring format needs only a few shapes, so rather than add a dependency
this module writes them directly, and refuses what TOML cannot say (``None``,
non-finite floats, integers beyond 64 bits) with a clear error instead of
writing something that would read back differently. The tests read every
output back with :mod:`tomllib`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, Final

from timeline.errors import TomlWriteError

__all__ = ["TomlWriteError", "key", "table", "value"]

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_INT_MIN: Final = -(2**63)
_INT_MAX: Final = 2**63 - 1
_SHORT_ESCAPES: Final = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_NEEDS_ESCAPE: Final = re.compile(r'[\x00-\x1f"\\\x7f]')


def key(name: str) -> str:
    """``name`` as a TOML key: bare when it can be, else a quoted basic string."""
    return name if _BARE_KEY.fullmatch(name) else string(name)


def string(text: str) -> str:
    """``text`` as a TOML basic string (one line, everything that must be is escaped)."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def value(item: Any, where: str = "value") -> str:
    """``item`` as an inline TOML value; :class:`TomlWriteError` names ``where`` if impossible."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        if not _INT_MIN <= item <= _INT_MAX:
            raise TomlWriteError(f"{where}: {item} does not fit TOML's 64-bit integers")
        return str(item)
    if isinstance(item, float):
        if not math.isfinite(item):
            raise TomlWriteError(f"{where}: {item!r} is not a finite number")
        return repr(item)
    if isinstance(item, str):
        return string(item)
    if isinstance(item, datetime | date | time):
        return item.isoformat()
    if isinstance(item, Mapping):
        if not item:
            return "{}"
        inner = ", ".join(
            f"{key(_key(k, where))} = {value(v, f'{where}.{k}')}" for k, v in item.items()
        )
        return "{ " + inner + " }"
    if isinstance(item, Sequence):
        return "[" + ", ".join(value(v, f"{where}[{i}]") for i, v in enumerate(item)) + "]"
    if item is None:
        raise TomlWriteError(f"{where}: TOML has no null; leave the key out or export JSON Lines")
    raise TomlWriteError(f"{where}: cannot write {type(item).__name__} {item!r} in TOML")


def _key(name: Any, where: str) -> str:
    if not isinstance(name, str):
        raise TomlWriteError(f"{where}: table keys must be strings, got {name!r}")
    return name


def _is_table_list(item: Any) -> bool:
    return (
        isinstance(item, Sequence)
        and not isinstance(item, str)
        and bool(item)
        and all(isinstance(v, Mapping) for v in item)
    )


def table(
    header: Sequence[str], body: Mapping[str, Any], *, array: bool = False, where: str = ""
) -> list[str]:
    """The lines of a table: its header, its plain keys, then its sub-tables.

    Values that are non-empty mappings become ``[header.key]`` sub-tables and
    lists of mappings become ``[[header.key]]`` arrays of tables; everything
    deeper is written inline.
    """
    name = ".".join(key(part) for part in header)
    where = where or name
    lines = [f"[[{name}]]" if array else f"[{name}]"]
    nested: list[tuple[str, Any]] = []
    for k, v in body.items():
        k = _key(k, where)
        if (isinstance(v, Mapping) and v) or _is_table_list(v):
            nested.append((k, v))
        else:
            lines.append(f"{key(k)} = {value(v, f'{where}.{k}')}")
    for k, v in nested:
        if isinstance(v, Mapping):
            lines += ["", *_inline_table(header, k, v, f"{where}.{k}")]
        else:
            for i, item in enumerate(v):
                lines += [
                    "",
                    *_inline_table(header, k, item, f"{where}.{k}[{i}]", array=True),
                ]
    return lines


def _inline_table(
    header: Sequence[str], name: str, body: Mapping[str, Any], where: str, *, array: bool = False
) -> list[str]:
    """A sub-table one level down, with every value inline."""
    full = ".".join(key(part) for part in (*header, name))
    lines = [f"[[{full}]]" if array else f"[{full}]"]
    for k, v in body.items():
        k = _key(k, where)
        lines.append(f"{key(k)} = {value(v, f'{where}.{k}')}")
    return lines
