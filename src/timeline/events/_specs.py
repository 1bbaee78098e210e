"""Field specs: how one field type is converted (user input or JSON data) and encoded.

A *spec* knows one field type: how to turn what a user passes into the
canonical immutable value (``convert``, used by the attrs converters and by
decoding), how to write that value as JSON-ready data (``encode``), and how
to read back data this library wrote (``trusted``: shape only, no checks). Specs are
derived once per class from the field annotations (:func:`spec_for`), so
encoding and decoding never reflect on a class per call.
"""

# Longer than the house guide (~500 lines): one class per field type, each with its
# three directions side by side; splitting them would part a type from its reading.

from __future__ import annotations

import datetime as _dt
import enum
import math
import types
import typing
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, ClassVar, Final

from timeline.errors import EventError, KindError, TimelineError
from timeline.events._errors import _fail, _show, error_at
from timeline.events._frozen import FrozenDict, check_text, freeze_json, thaw_json
from timeline.time.calendar import wall_instants
from timeline.time.when import Fold, When


class Spec:
    """How one field type is converted (user input or JSON data -> value) and encoded."""

    __slots__ = ("expected",)

    #: Whether ``encode`` returns its input unchanged (the plan then skips the call).
    identity: ClassVar[bool] = False

    def __init__(self, expected: str) -> None:
        self.expected = expected

    def convert(self, value: Any, where: str) -> Any:
        """The canonical immutable value for ``value``; :class:`EventError` naming ``where``."""
        raise NotImplementedError

    def encode(self, value: Any) -> Any:
        """The JSON-ready form of a canonical value."""
        return value

    def trusted(self, value: Any) -> Any:
        """The value for JSON data this library wrote itself (store reads).

        Only the shape is converted (lists to tuples, ``{"text", "tz"}`` to a
        ``When``); checks that cannot fail on such data are skipped. The
        default is the full :meth:`convert`.
        """
        return self.convert(value, "stored data")

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is already a canonical value of this spec (used by unions)."""
        try:
            return self.convert(value, "") is value
        except EventError:
            return False


class _Str(Spec):
    __slots__ = ()
    identity = True

    def convert(self, value: Any, where: str) -> Any:
        if type(value) is str:
            return check_text(value, where)
        if isinstance(value, str):
            return check_text(str.__str__(value), where)
        raise _fail(where, "a string", value)

    def trusted(self, value: Any) -> Any:
        return value if type(value) is str else self.convert(value, "stored data")


class _Int(Spec):
    __slots__ = ()
    identity = True

    def convert(self, value: Any, where: str) -> Any:
        if type(value) is int:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value)
        raise _fail(where, "an integer", value)

    def trusted(self, value: Any) -> Any:
        return value if type(value) is int else self.convert(value, "stored data")


class _Float(Spec):
    __slots__ = ()
    identity = True

    def convert(self, value: Any, where: str) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            if not math.isfinite(number):
                raise _fail(where, "a finite number", value)
            return 0.0 if number == 0 else number
        raise _fail(where, "a number", value)


class _Bool(Spec):
    __slots__ = ()
    identity = True

    def convert(self, value: Any, where: str) -> Any:
        if isinstance(value, bool):
            return bool(value)
        raise _fail(where, "true or false", value)


class _Json(Spec):
    __slots__ = ()

    def convert(self, value: Any, where: str) -> Any:
        return freeze_json(value, where)

    def encode(self, value: Any) -> Any:
        return thaw_json(value)


_TEXT_CACHE: dict[When, str] = {}


@lru_cache(maxsize=65_536)
def _when_from(text: str, tz: str, phrase: str | None, hint: str | None) -> When:
    # Stored text says which instant it means (an offset) or was written before wall
    # times in a DST gap or overlap were refused: read it as it was read then.
    when = When.parse(text, tz=tz, fold="compatible")
    if phrase is not None or hint is not None:
        when = when.replace(phrase=phrase, hint=hint)  # type: ignore[arg-type]
    return when


def when_text(when: When) -> str:
    """``when.to_text()``, cached (the text depends only on the calendar values)."""
    text = _TEXT_CACHE.get(when)
    if text is None:
        if len(_TEXT_CACHE) >= 65_536:
            _TEXT_CACHE.clear()
        text = _TEXT_CACHE[when] = when.to_text()
    return text


def when_from_datetime(value: _dt.datetime, where: str) -> When:
    """A second-precision ``When`` for an aware datetime (naive ones are refused).

    A datetime in an IANA zone (``ZoneInfo``) keeps its wall clock and zone;
    one with a fixed offset becomes UTC.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise _fail(where, "", value.replace(tzinfo=None))
    zone = getattr(value.tzinfo, "key", None)
    if isinstance(zone, str):
        parts = (value.year, value.month, value.day, value.hour, value.minute, value.second)
        # The datetime's own fold says which instant a skipped or repeated wall time is.
        instants, _ = wall_instants(zone, *parts)
        fold: Fold = "raise"
        if len(instants) == 2:
            fold = "earlier" if int(value.timestamp()) == instants[0] else "later"
        return When.of(*parts, tz=zone, fold=fold)
    utc = value.astimezone(_dt.UTC)
    return When.of(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)


_WHEN_KEYS: Final = frozenset({"text", "tz", "phrase", "hint"})
#: Trusted reads: the When of each (text, zone) pair (a dict lookup costs less than
#: the lru_cache call of four arguments).
_PAIRS: dict[tuple[str, str], When] = {}


class _When(Spec):
    __slots__ = ()

    def convert(self, value: Any, where: str) -> Any:
        if type(value) is When:
            return value
        try:
            if type(value) is dict:
                return self._decode(value, where)
            if isinstance(value, str):
                return When.parse(value)
            if isinstance(value, _dt.datetime):
                return when_from_datetime(value, where)
            if isinstance(value, _dt.date):
                return When.of(value.year, value.month, value.day)
            if isinstance(value, Mapping):
                return self._decode(value, where)
        except TimelineError as exc:
            if isinstance(exc, EventError):
                raise
            raise error_at(where, str(exc)) from exc
        if isinstance(value, When):
            return value
        raise _fail(where, 'a When, EDTF text or {"text": ..., "tz": ...}', value)

    def _decode(self, data: Mapping[str, Any], where: str) -> When:
        text = data.get("text")
        tz = data.get("tz", "UTC")
        phrase = data.get("phrase")
        hint = data.get("hint")
        if (
            type(text) is str
            and type(tz) is str
            and (phrase is None or type(phrase) is str)
            and (hint is None or type(hint) is str)
            and data.keys() <= _WHEN_KEYS
        ):
            return _when_from(text, tz, phrase, hint)
        if not isinstance(text, str):
            raise _fail(f"{where}.text", "EDTF text", text)
        if not isinstance(tz, str):
            raise _fail(f"{where}.tz", "an IANA zone name", tz)
        if phrase is not None and not isinstance(phrase, str):
            raise _fail(f"{where}.phrase", "a string", phrase)
        if hint is not None and not isinstance(hint, str):
            raise _fail(f"{where}.hint", "a string", hint)
        extra = sorted(set(data) - _WHEN_KEYS)
        raise error_at(where, f"unknown keys {extra}; a when has text, tz, phrase and hint")

    def trusted(self, value: Any) -> Any:
        if type(value) is dict:
            if len(value) == 2 and "tz" in value and "text" in value:  # the usual case
                pair = (value["text"], value["tz"])
                when = _PAIRS.get(pair)
                if when is None:
                    if len(_PAIRS) >= 65_536:
                        _PAIRS.clear()
                    when = _PAIRS[pair] = _when_from(*pair, None, None)
                return when
            text = value.get("text")
            if type(text) is str:
                return _when_from(
                    text, value.get("tz", "UTC"), value.get("phrase"), value.get("hint")
                )
        return self.convert(value, "stored data")

    def encode(self, value: Any) -> Any:
        out = {"text": when_text(value), "tz": value.tz}
        phrase = value.phrase
        if phrase is not None:
            out["phrase"] = phrase
        hint = value.hint
        if hint is not None:
            out["hint"] = hint
        return out


class _Optional(Spec):
    __slots__ = ("inner",)

    def __init__(self, inner: Spec) -> None:
        super().__init__(f"{inner.expected} or null")
        self.inner = inner

    def convert(self, value: Any, where: str) -> Any:
        return None if value is None else self.inner.convert(value, where)

    def encode(self, value: Any) -> Any:
        return None if value is None else self.inner.encode(value)

    def trusted(self, value: Any) -> Any:
        return None if value is None else self.inner.trusted(value)

    @property
    def identity(self) -> bool:  # type: ignore[override]
        return self.inner.identity


class _Literal(Spec):
    __slots__ = ("values",)
    identity = True

    def __init__(self, values: tuple[Any, ...]) -> None:
        super().__init__("one of " + ", ".join(repr(v) for v in values))
        self.values = values

    def convert(self, value: Any, where: str) -> Any:
        for option in self.values:
            if value == option and type(value) is type(option):
                return option
        raise _fail(where, self.expected, value)


class _Enum(Spec):
    __slots__ = ("by_name", "cls")

    def __init__(self, cls: type[enum.Enum]) -> None:
        super().__init__("one of " + ", ".join(repr(m.value) for m in cls))
        self.cls = cls
        self.by_name = {m.name.lower(): m for m in cls}

    def convert(self, value: Any, where: str) -> Any:
        if isinstance(value, self.cls):
            return value
        try:
            return self.cls(value)
        except (ValueError, TypeError):
            pass
        if isinstance(value, str) and value.lower() in self.by_name:
            return self.by_name[value.lower()]
        raise _fail(where, self.expected, value)

    def encode(self, value: Any) -> Any:
        return value.value

    def accepts(self, value: Any) -> bool:
        return isinstance(value, self.cls)


def _all_str(values: list[Any]) -> bool:
    for value in values:  # noqa: SIM110 (a plain loop is faster than all() on a generator)
        if type(value) is not str:
            return False
    return True


def _check_iterable(value: Any, where: str, expected: str) -> None:
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        raise _fail(where, expected, value)


class _Tuple(Spec):
    __slots__ = ("inner",)

    def __init__(self, inner: Spec) -> None:
        super().__init__(f"a list of {_plural(inner.expected)}")
        self.inner = inner

    def convert(self, value: Any, where: str) -> Any:
        inner = self.inner
        if type(value) is tuple:
            if not value:
                return value
            if type(inner) is _Str and all(type(v) is str for v in value):
                return value
        _check_iterable(value, where, self.expected)
        return tuple(inner.convert(v, f"{where}[{i}]") for i, v in enumerate(value))

    def trusted(self, value: Any) -> Any:
        if type(value) is list:
            if type(self.inner) is _Str and _all_str(value):
                return tuple(value)
            return tuple([self.inner.trusted(v) for v in value])
        return self.convert(value, "stored data")

    def encode(self, value: Any) -> Any:
        if self.inner.identity:
            return list(value)
        enc = self.inner.encode
        return [enc(v) for v in value]


class _FixedTuple(Spec):
    __slots__ = ("items",)

    def __init__(self, items: tuple[Spec, ...]) -> None:
        super().__init__(f"a list of {len(items)} items ({', '.join(i.expected for i in items)})")
        self.items = items

    def convert(self, value: Any, where: str) -> Any:
        _check_iterable(value, where, self.expected)
        values = tuple(value)
        if len(values) != len(self.items):
            raise _fail(where, self.expected, value)
        return tuple(
            s.convert(v, f"{where}[{i}]")
            for i, (s, v) in enumerate(zip(self.items, values, strict=True))
        )

    def encode(self, value: Any) -> Any:
        return [s.encode(v) for s, v in zip(self.items, value, strict=True)]


class _FrozenSet(Spec):
    __slots__ = ("inner",)

    def __init__(self, inner: Spec) -> None:
        super().__init__(f"a set of {_plural(inner.expected)}")
        self.inner = inner

    def convert(self, value: Any, where: str) -> Any:
        inner = self.inner
        if type(value) is frozenset and (
            not value or (type(inner) is _Str and all(type(v) is str for v in value))
        ):
            return value
        _check_iterable(value, where, self.expected)
        return frozenset(inner.convert(v, f"{where}[{i}]") for i, v in enumerate(value))

    def trusted(self, value: Any) -> Any:
        if type(value) is list:
            if type(self.inner) is _Str and _all_str(value):
                return frozenset(value)
            return frozenset([self.inner.trusted(v) for v in value])
        return self.convert(value, "stored data")

    def encode(self, value: Any) -> Any:
        if self.inner.identity:
            return sorted(value)
        enc = self.inner.encode
        return sorted(enc(v) for v in value)


class _Map(Spec):
    __slots__ = ("inner",)

    def __init__(self, inner: Spec) -> None:
        super().__init__(f"a mapping of names to {_plural(inner.expected)}")
        self.inner = inner

    def convert(self, value: Any, where: str) -> Any:
        if type(value) is FrozenDict and not value:
            return value
        if not isinstance(value, Mapping):
            raise _fail(where, self.expected, value)
        if type(self.inner) is _Json:
            return freeze_json(value, where)
        out: dict[str, Any] = {}
        conv = self.inner.convert
        for key, item in value.items():
            if not isinstance(key, str):
                raise error_at(where, f"keys must be strings, got {_show(key)}")
            out[str(key)] = conv(item, f"{where}[{key!r}]")
        return FrozenDict(out)

    def encode(self, value: Any) -> Any:
        if type(self.inner) is _Json:
            return thaw_json(value)
        enc = self.inner.encode
        return {k: enc(v) for k, v in value.items()}


class _Union(Spec):
    __slots__ = ("options",)

    def __init__(self, options: tuple[Spec, ...]) -> None:
        super().__init__(" or ".join(o.expected for o in options))
        self.options = options

    def convert(self, value: Any, where: str) -> Any:
        for option in self.options:
            if option.accepts(value):
                return value
        for option in self.options:
            try:
                return option.convert(value, where)
            except EventError:
                continue
        raise _fail(where, self.expected, value)

    def encode(self, value: Any) -> Any:
        for option in self.options:
            if option.accepts(value):
                return option.encode(value)
        raise EventError(f"cannot encode {_show(value)}: expected {self.expected}")


def _plural(expected: str) -> str:
    for article in ("a ", "an "):
        if expected.startswith(article):
            return expected[len(article) :] + "s"
    return expected


STR: Final = _Str("a string")
INT: Final = _Int("an integer")
FLOAT: Final = _Float("a number")
BOOL: Final = _Bool("true or false")
JSON: Final = _Json("a JSON-ready value")
WHEN: Final = _When("a When")


def spec_for(tp: Any, where: str = "field") -> Spec:
    """The spec for a resolved type annotation; :class:`KindError` if the codec cannot write it."""
    if tp is str:
        return STR
    if tp is bool:
        return BOOL
    if tp is int:
        return INT
    if tp is float:
        return FLOAT
    if tp is When:
        return WHEN
    if tp is Any or tp is object:
        return JSON
    hook = getattr(tp, "__timeline_spec__", None)
    if hook is not None and isinstance(tp, type):
        spec: Spec = hook()
        return spec
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _Enum(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        rest = tuple(a for a in args if a is not type(None))
        inner = (
            spec_for(rest[0], where)
            if len(rest) == 1
            else _Union(tuple(spec_for(a, where) for a in rest))
        )
        return _Optional(inner) if len(rest) < len(args) else inner
    if origin is typing.Literal:
        return _Literal(args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _Tuple(spec_for(args[0], where))
    if origin is tuple and args and Ellipsis not in args:
        return _FixedTuple(tuple(spec_for(a, where) for a in args))
    if origin in (frozenset, set, typing.AbstractSet, _abc_set()):
        return _FrozenSet(spec_for(args[0], where) if args else JSON)
    if origin is FrozenDict:
        return _Map(spec_for(args[0], where) if args else JSON)
    if origin in (dict, Mapping, _abc_mapping()) or tp in (dict, Mapping, FrozenDict):
        if args and args[0] is not str:
            raise error_at(where, f"mapping keys must be str, not {args[0]!r}", KindError)
        return _Map(spec_for(args[1], where) if args else JSON)
    raise error_at(
        where,
        f"the codec cannot write values of type {tp!r}; use str, int, float, bool, "
        "When, an Enum, a registered record (Citation, Figure, ...), an Event, X | None, "
        "tuple[X, ...], frozenset[X] or Mapping[str, X]",
        KindError,
    )


def _abc_set() -> Any:
    import collections.abc

    return collections.abc.Set


def _abc_mapping() -> Any:
    import collections.abc

    return collections.abc.Mapping
