"""The frozen mapping and JSON freezing: the immutable values events hold."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final, TypeVar

from timeline.events._errors import _fail, _show, error_at

V = TypeVar("V")


class FrozenDict(Mapping[str, V]):
    """An immutable, hashable mapping with string keys.

    Equality with another ``FrozenDict`` is strict about JSON types (``1``,
    ``1.0`` and ``True`` differ), so equal mappings always encode to the same
    text; equality with a plain ``dict`` is ordinary dict equality.
    """

    __slots__ = ("_d", "_hash", "_strict")

    _d: dict[str, V]
    _strict: tuple[Any, ...] | None
    _hash: int | None

    def __init__(self, items: Mapping[str, V] | None = None) -> None:
        """Copy ``items`` (keys must be strings; values should already be immutable)."""
        self._d = {} if items is None else dict(items)
        self._strict = None
        self._hash = None

    def __getitem__(self, key: str) -> V:
        return self._d[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __contains__(self, key: object) -> bool:
        return key in self._d

    def _strict_key(self) -> tuple[Any, ...]:
        if self._strict is None:
            self._strict = tuple((k, _strict(v)) for k, v in sorted(self._d.items()))
        return self._strict

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self is other or self._strict_key() == other._strict_key()
        if isinstance(other, Mapping):
            return self._d == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._strict_key())
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._d!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._d,))


def _strict(value: Any) -> Any:
    t = type(value)
    if t is tuple:
        return ("list", tuple(_strict(v) for v in value))
    if t is FrozenDict:
        return ("dict", value._strict_key())
    if t in (str, int, float, bool) or value is None:
        return (t.__name__, value)
    return ("obj", value)


EMPTY: Final[FrozenDict[Any]] = FrozenDict()


def freeze_json(value: Any, where: str) -> Any:
    """JSON-ready ``value`` made immutable: lists become tuples, dicts ``FrozenDict``s.

    Rejects what JSON cannot carry faithfully: non-finite floats, non-string
    keys, datetimes (naive or not: use a ``When`` field) and other objects.
    """
    t = type(value)
    if t is str:
        return check_text(value, where)
    if t is int or t is bool or value is None:
        return value
    if t is float:
        if not math.isfinite(value):
            raise error_at(where, f"{value!r} is not a finite number; JSON cannot carry it")
        return 0.0 if value == 0 else value
    if t is FrozenDict and all(_is_frozen(v) for v in value.values()):
        return value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise error_at(where, f"keys must be strings, got {_show(key)}")
            out[str(key)] = freeze_json(item, f"{where}[{key!r}]")
        return FrozenDict(out)
    if isinstance(value, list | tuple):
        return tuple(freeze_json(v, f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return freeze_json(float(value), where)
    if isinstance(value, _dt.datetime | _dt.date):
        if isinstance(value, _dt.datetime) and value.tzinfo is None:
            raise _fail(where, "", value)
        raise error_at(
            where,
            f"{_show(value)} is not JSON-ready; put dates in a When field "
            "or write them as ISO text with an offset",
        )
    raise _fail(where, "a JSON-ready value (str, int, float, bool, None, list, dict)", value)


def _is_frozen(value: Any) -> bool:
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return True
    if t is float:
        return math.isfinite(value) and not (value == 0 and math.copysign(1, value) < 0)
    if t is tuple:
        return all(_is_frozen(v) for v in value)
    if t is FrozenDict:
        return all(_is_frozen(v) for v in value.values())
    return False


def thaw_json(value: Any) -> Any:
    """The plain JSON form of a value made by :func:`freeze_json`."""
    t = type(value)
    if t is tuple:
        return [thaw_json(v) for v in value]
    if t is FrozenDict:
        return {k: thaw_json(v) for k, v in value.items()}
    return value


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def check_text(value: str, where: str) -> str:
    """``value``, unless it holds lone surrogates (text that cannot be written as UTF-8)."""
    if value.isascii() or _SURROGATE.search(value) is None:
        return value
    raise error_at(where, f"{value!r} has lone surrogates; it cannot be written as UTF-8")
