"""The machinery under events: errors, the frozen mapping, typed field specs and record plans.

A *spec* knows one field type: how to turn what a user passes into the
canonical immutable value (``convert``, used by the attrs converters and by
decoding) and how to write that value as JSON-ready data (``encode``). Specs are
derived once per class from the field annotations, so encoding and decoding
never reflect on a class per call.
"""

from __future__ import annotations

import datetime as _dt
import enum
import inspect
import math
import re
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any, ClassVar, Final, TypeVar

import attrs

from timeline.errors import (
    DecodeError,
    EntityError,
    EventError,
    KindError,
    TimelineError,
    UnknownKindError,
)
from timeline.time.when import When

__all__ = [
    "DecodeError",
    "EntityError",
    "EventError",
    "FrozenDict",
    "KindError",
    "Plan",
    "Spec",
    "UnknownKindError",
    "plan_for",
    "spec_for",
    "transform_fields",
]

V = TypeVar("V")
T = TypeVar("T")


def _show(value: Any) -> str:
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{text} ({type(value).__name__})"


#: The class part of a label: ``"Capture."`` in ``"Capture.place"`` (plans use ``"kind 'x'."``).
_OWNER: Final = re.compile(r"(?:_*[A-Z][A-Za-z0-9_]*|kind '[^']*')\.")
#: A field path: a name, then any ``[i]``, ``['key']`` or ``.name`` steps.
_PATH: Final = re.compile(r"[a-z_][A-Za-z0-9_]*(?:\[[^\]]*\]|\.[a-z_][A-Za-z0-9_]*)*")


def located(label: str) -> dict[str, str | None]:
    """The ``field`` and ``where`` keywords of an error about the value labelled ``label``.

    Labels are made in this package, never read from user text: ``"Capture.place"``
    (class-qualified, from the annotations), or a bare ``"when"`` where one converter
    serves every class, each with ``[1]``, ``['key']`` or ``.text`` appended for a
    nested value. ``field`` is the label without its class (``"place"``,
    ``"citations[1]"``), or ``None`` when the label names no field; ``where`` is the label.
    """
    owner = _OWNER.match(label)
    path = label[owner.end() :] if owner is not None else label
    return {"field": path if _PATH.fullmatch(path) else None, "where": label}


def error_at(label: str, detail: str, cls: type[EventError] = EventError) -> EventError:
    """``cls("{label}: {detail}")`` carrying the ``field`` and ``where`` of ``label``."""
    return cls(f"{label}: {detail}", **located(label))


def nested(
    label: str, exc: TimelineError, cls: type[EventError] = EventError, message: str | None = None
) -> EventError:
    """``exc``, about a part of the value labelled ``label``, as a ``cls`` about that value.

    The message is ``message``, by default ``"{label}: {exc}"``; the field is the
    path into the value (``"citations[1].source"`` for a citation's ``source``).
    """
    field = located(label)["field"]
    inner = exc.field if isinstance(exc, EventError) else None
    if field is None or inner is None:
        return cls(f"{label}: {exc}" if message is None else message, field=field, where=label)
    return cls(
        f"{label}: {exc}" if message is None else message,
        field=f"{field}.{inner}",
        where=f"{label}.{inner}",
    )


def _fail(where: str, expected: str, value: Any) -> EventError:
    if isinstance(value, _dt.datetime) and value.tzinfo is None:
        return error_at(
            where,
            f"naive datetime {value.isoformat()!r} has no time zone; "
            "pass an aware datetime or a When (When.parse(text, tz=...))",
        )
    return error_at(where, f"expected {expected}, got {_show(value)}")


# -- the frozen mapping ---------------------------------------------------------------


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


# -- specs ------------------------------------------------------------------------------


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


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def check_text(value: str, where: str) -> str:
    """``value``, unless it holds lone surrogates (text that cannot be written as UTF-8)."""
    if value.isascii() or _SURROGATE.search(value) is None:
        return value
    raise error_at(where, f"{value!r} has lone surrogates; it cannot be written as UTF-8")


class _Int(Spec):
    __slots__ = ()
    identity = True

    def convert(self, value: Any, where: str) -> Any:
        if type(value) is int:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value)
        raise _fail(where, "an integer", value)


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
    when = When.parse(text, tz=tz)
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
        return When.of(
            value.year, value.month, value.day, value.hour, value.minute, value.second, tz=zone
        )
    utc = value.astimezone(_dt.UTC)
    return When.of(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)


_WHEN_KEYS: Final = frozenset({"text", "tz", "phrase", "hint"})


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


# -- field transformer: converters from annotations ---------------------------------------------


def resolve_type(cls: type, tp: Any, name: str | None = None) -> Any:
    """``tp`` with a string annotation evaluated where it was written.

    ``name`` (a field name) picks the class in ``cls``'s MRO that declared the
    field, so inherited annotations resolve in their own module.
    """
    if not isinstance(tp, str):
        return tp
    owner = cls
    if name is not None:
        for klass in cls.__mro__:
            if name in inspect.get_annotations(klass):
                owner = klass
                break
    module = sys.modules.get(owner.__module__)
    namespace: dict[str, Any] = dict(vars(module)) if module is not None else {}
    namespace.setdefault(owner.__name__, owner)
    namespace.setdefault(cls.__name__, cls)
    return eval(tp, namespace, {})


def _when_eq(value: Any) -> Any:
    """Equality key of a When field: ``When.__eq__`` ignores the phrase; the codec keeps it."""
    return value if value is None else (value, value.phrase)


def _make_converter(spec: Spec, where: str) -> Callable[[Any], Any]:
    convert = spec.convert

    def converter(value: Any) -> Any:
        return convert(value, where)

    converter.__timeline_spec__ = spec  # type: ignore[attr-defined]
    return converter


def transform_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """attrs ``field_transformer``: add a converter (and When equality) from each annotation.

    Fields with their own converter are left alone; annotations that cannot be
    resolved yet are left unconverted (the codec still checks them).
    """
    out = []
    for field in fields:
        converter = field.converter
        if converter is None or hasattr(converter, "__timeline_spec__"):
            try:
                tp = resolve_type(cls, field.type, field.name)
                spec = spec_for(tp, f"{cls.__name__}.{field.name}")
            except (NameError, AttributeError, SyntaxError, TypeError):
                out.append(field)
                continue
            changes: dict[str, Any] = {
                "converter": _make_converter(spec, f"{cls.__name__}.{field.alias or field.name}")
            }
            if spec is WHEN or (isinstance(spec, _Optional) and spec.inner is WHEN):
                changes["eq_key"] = _when_eq
            field = field.evolve(**changes)
        out.append(field)
    return out


# -- plans: per-class encode / decode ------------------------------------------------------------


def json_key(name: str) -> str:
    """The JSON key of a field: a trailing underscore that dodges a keyword is dropped."""
    import keyword

    if name.endswith("_") and keyword.iskeyword(name[:-1]):
        return name[:-1]
    return name


_NO_DEFAULT: Final = object()


_IMMUTABLE_DEFAULTS: Final = (
    tuple,
    frozenset,
    FrozenDict,
    str,
    int,
    float,
    bool,
    type(None),
    enum.Enum,
    When,
)
_set = object.__setattr__


class FieldPlan:
    """One field of a plan: attribute name, JSON key, spec, converter and default."""

    __slots__ = ("convert", "default", "encode", "key", "name", "spec")

    def __init__(
        self, name: str, key: str, spec: Spec, default: Any, convert: Callable[[Any], Any] | None
    ) -> None:
        self.name = name
        self.key = key
        self.spec = spec
        self.default = default
        self.convert = convert
        self.encode: Callable[[Any], Any] | None = None if spec.identity else spec.encode


class Plan:
    """Encode / decode of one attrs class, computed once from its fields.

    Fields equal to their default are left out of the encoding (so adding a
    field with a default later keeps existing encodings, and generated ids,
    unchanged). Decoding builds the instance directly when the class allows it
    (no validators, no pre-init hook, immutable defaults): each given value
    goes through the field's converter, missing ones take the (already
    converted) default, then ``__attrs_post_init__`` runs, exactly as
    ``__init__`` would, without converting defaults again.
    """

    __slots__ = (
        "_encode",
        "by_key",
        "cls",
        "defaults",
        "fast",
        "fields",
        "label",
        "post",
        "required",
    )

    def __init__(self, cls: type, label: str) -> None:
        self.cls = cls
        self.label = label
        fields = []
        fast = not hasattr(cls, "__attrs_pre_init__")
        for field in attrs.fields(cls):
            if not field.init:
                fast = False
                continue
            if field.validator is not None:
                fast = False
            tp = resolve_type(cls, field.type, field.name)
            spec = spec_for(tp, f"{label}.{field.name}")
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    fast = False
                default = default.factory() if not default.takes_self else _NO_DEFAULT
            elif default is attrs.NOTHING:
                default = _NO_DEFAULT
            converter: Any = field.converter
            if isinstance(converter, attrs.Converter):
                fast = False
                converter = converter.converter  # type: ignore[attr-defined]
            if default is not _NO_DEFAULT and converter is not None:
                default = converter(default)
            if not isinstance(default, _IMMUTABLE_DEFAULTS) and default is not _NO_DEFAULT:
                hook = getattr(type(default), "__timeline_spec__", None)
                if hook is None:
                    fast = False
            fields.append(FieldPlan(field.name, json_key(field.name), spec, default, converter))
        self.fields = tuple(fields)
        by_key = {f.name: f for f in fields}
        by_key.update((f.key, f) for f in fields)
        self.by_key = by_key
        self.required = tuple(f for f in fields if f.default is _NO_DEFAULT)
        self.defaults = tuple((f.name, f.default) for f in fields if f.default is not _NO_DEFAULT)
        self.fast = fast
        self.post = getattr(cls, "__attrs_post_init__", None)
        self._encode = self._compile_encoder()

    def encode(self, obj: Any, out: dict[str, Any], skip: str | None = None) -> dict[str, Any]:
        """Write ``obj``'s fields into ``out`` (defaults left out; ``skip`` is left out too)."""
        out = self._encode(obj, out)
        if skip is not None:
            out.pop(json_key(skip), None)
        return out

    def _compile_encoder(self) -> Callable[[Any, dict[str, Any]], dict[str, Any]]:
        """A function specialised to this class's fields (no per-field loop or lookups)."""
        lines = ["def encode(obj, out):"]
        namespace: dict[str, Any] = {"_ND": _NO_DEFAULT}
        for i, f in enumerate(self.fields):
            default = f.default
            namespace[f"D{i}"] = default
            namespace[f"T{i}"] = type(default)
            namespace[f"E{i}"] = f.encode
            value = "v" if f.encode is None else f"E{i}(v)"
            lines.append(f"    v = obj.{f.name}")
            if default is _NO_DEFAULT:
                lines.append(f"    out[{f.key!r}] = {value}")
                continue
            if default is None:
                test = "v is not None"
            elif type(default) in (tuple, frozenset, FrozenDict, str) and not default:
                test = f"v is not D{i} and (type(v) is not T{i} or v)"
            else:
                test = f"v is not D{i} and not (type(v) is T{i} and v == D{i})"
            lines.append(f"    if {test}:")
            lines.append(f"        out[{f.key!r}] = {value}")
        lines.append("    return out")
        exec("\n".join(lines), namespace)  # the names are attrs field names: identifiers
        function: Callable[[Any, dict[str, Any]], dict[str, Any]] = namespace["encode"]
        return function

    def decode(self, data: Mapping[str, Any], where: Where, ignore: str | None = None) -> Any:
        """Build the object from JSON-ready ``data``; errors name ``where`` and the field.

        ``where`` is a label, or a function making one (called only on error).
        """
        if type(data) is not dict and not isinstance(data, Mapping):
            raise DecodeError(
                f"{_label(where)}: expected a mapping of fields, got {_show(data)}",
                where=self.label,
            )
        if not self.fast:
            return self._decode_init(data, where, ignore)
        by_key = self.by_key
        obj: Any = object.__new__(self.cls)
        for name, default in self.defaults:
            _set(obj, name, default)
        required = 0
        try:
            for key, value in data.items():
                f = by_key.get(key)
                if f is None:
                    if key == ignore:
                        continue
                    raise self._unknown(key, where)
                convert = f.convert
                _set(obj, f.name, value if convert is None else convert(value))
                if f.default is _NO_DEFAULT:
                    required += 1
            if required != len(self.required):
                for f in self.required:
                    if f.key not in data and f.name not in data:
                        raise self._missing(f, where)
                raise DecodeError(
                    f"{_label(where)}: a field is given twice (by name and by key)",
                    where=self.label,
                )
            post = self.post
            if post is not None:
                post(obj)
        except DecodeError:
            raise
        except EventError as exc:
            raise _wrapped(where, exc) from exc
        return obj

    def _unknown(self, key: str, where: Where) -> DecodeError:
        known = ", ".join(f.key for f in sorted(self.fields, key=lambda f: f.key))
        return DecodeError(
            f"{_label(where)}: unknown field {key!r}; {self.label} has {known}",
            field=key,
            where=f"{self.label}.{key}",
        )

    def _missing(self, f: FieldPlan, where: Where) -> DecodeError:
        return DecodeError(
            f"{_label(where)}: missing field {f.key!r} ({f.spec.expected}) "
            f"required by {self.label}",
            field=f.key,
            where=f"{self.label}.{f.key}",
        )

    def _decode_init(self, data: Mapping[str, Any], where: Where, ignore: str | None) -> Any:
        by_key = self.by_key
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            f = by_key.get(key)
            if f is None:
                if key == ignore:
                    continue
                raise self._unknown(key, where)
            kwargs[f.name] = value
        for f in self.required:
            if f.name not in kwargs:
                raise self._missing(f, where)
        try:
            return self.cls(**kwargs)
        except EventError as exc:
            raise _wrapped(where, exc) from exc
        except TypeError as exc:
            raise DecodeError(f"{_label(where)}: {exc}", where=self.label) from exc


#: A label for error messages, or a function that makes one (only called on error).
Where = str | Callable[[], str]


def _label(where: Where) -> str:
    return where if isinstance(where, str) else where()


def _wrapped(where: Where, exc: EventError) -> DecodeError:
    """``exc``, met decoding the object labelled ``where``, as a DecodeError with its field."""
    return DecodeError(f"{_label(where)}: {exc}", field=exc.field, where=exc.where)


_PLANS: dict[type, Plan] = {}


def plan_for(cls: type, label: str | None = None) -> Plan:
    """The cached plan of an attrs class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = Plan(cls, label or cls.__name__)
    return plan


class RecordSpec(Spec):
    """Spec of a value record (Citation, Source, Figure...): an instance or a field mapping."""

    __slots__ = ("_plan", "cls")

    def __init__(self, cls: type) -> None:
        super().__init__(f"a {cls.__name__}")
        self.cls = cls
        self._plan: Plan | None = None

    @property
    def plan(self) -> Plan:
        """The record class's plan (built on first use)."""
        if self._plan is None:
            self._plan = plan_for(self.cls)
        return self._plan

    def convert(self, value: Any, where: str) -> Any:
        if type(value) is self.cls:
            return value
        if type(value) is dict or isinstance(value, Mapping):
            plan = self.plan
            try:
                return plan.decode(value, where)
            except DecodeError as exc:
                raise nested(where, exc, message=str(exc)) from exc
        if isinstance(value, self.cls):
            return value
        raise _fail(where, f"a {self.cls.__name__} or a mapping of its fields", value)

    def encode(self, value: Any) -> Any:
        return self.plan.encode(value, {})

    def accepts(self, value: Any) -> bool:
        return isinstance(value, self.cls)
