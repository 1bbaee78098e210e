"""Record plans: the encode and decode of one attrs class, computed once from its fields."""

from __future__ import annotations

import enum
import inspect
import types
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from timeline.errors import DecodeError, EventError
from timeline.events._errors import _fail, _show, nested
from timeline.events._fields import resolve_type
from timeline.events._frozen import FrozenDict
from timeline.events._specs import Spec, _Int, _Str, spec_for
from timeline.time.when import When


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
#: Specs whose trusted value is the JSON value itself when it has this exact type.
_PLAIN_SPECS: Final[dict[type, type]] = {_Str: str, _Int: int}


def slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """A function writing attribute ``name`` of a ``cls`` instance, bypassing frozenness.

    The slot's own descriptor when there is one (half the cost of
    ``object.__setattr__``), else ``object.__setattr__`` bound to the name.
    """
    descriptor = inspect.getattr_static(cls, name, None)
    if type(descriptor) is types.MemberDescriptorType:
        setter: Callable[[Any, Any], None] = descriptor.__set__
        return setter
    return lambda obj, value: _set(obj, name, value)


class FieldPlan:
    """One field of a plan: attribute name, JSON key, spec, converter and default."""

    __slots__ = ("convert", "default", "encode", "key", "name", "spec", "trusted", "trusted_type")

    def __init__(
        self, name: str, key: str, spec: Spec, default: Any, convert: Callable[[Any], Any] | None
    ) -> None:
        self.name = name
        self.key = key
        self.spec = spec
        self.default = default
        self.convert = convert
        self.encode: Callable[[Any], Any] | None = None if spec.identity else spec.encode
        # Data this library wrote was converted already: a converter that only checks
        # (and shapes, as the spec does) is skipped on trusted reads; any other runs.
        checks_only = convert is None or hasattr(convert, "__timeline_spec__")
        checks_only = checks_only or getattr(convert, "__timeline_checks_only__", False)
        self.trusted: Callable[[Any], Any] = spec.trusted
        if not checks_only and convert is not None:
            self.trusted = convert
        self.trusted_type: type | None = None
        if checks_only and type(spec) in _PLAIN_SPECS:
            self.trusted_type = _PLAIN_SPECS[type(spec)]


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
        "_trusted",
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
        self._trusted: dict[tuple[str, ...], Callable[[dict[str, Any], str], Any]] = {}

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

    def trusted_decoder(
        self, present: tuple[str, ...] = ()
    ) -> Callable[[dict[str, Any], str], Any] | None:
        """A function building the object from data this library wrote itself.

        ``decoder(data, ignore)`` converts each value's shape only
        (:meth:`Spec.trusted`); no checking converter and no
        ``__attrs_post_init__`` runs, so the caller uses it only for classes
        whose post-init hook checks nothing the encoder could have written
        wrong. It returns ``None`` for an unknown or missing field (the caller
        then decodes the checked way). ``present`` names fields the data must
        hold (looked up first, like required ones). ``None`` if the class
        needs its ``__init__``.
        """
        if not self.fast:
            return None
        decoder = self._trusted.get(present)
        if decoder is None:
            decoder = self._trusted[present] = self._compile_trusted(present)
        return decoder

    def _compile_trusted(self, present: tuple[str, ...]) -> Callable[[dict[str, Any], str], Any]:
        """A decoder specialised to this class's fields, as for the encoder.

        Required fields (and those named in ``present``) first, one ``dict.get`` and
        one slot write each; when the data holds nothing else (the usual event:
        kind, id, when, summary), every other field takes its default unlooked.
        Values of plain string and int fields are stored as they are. Only
        JSON keys are looked up (the encoder writes those); keys are counted,
        so an unknown key (or a field given by its Python name) gives ``None``.
        """
        namespace: dict[str, Any] = {"_ND": _NO_DEFAULT, "new": object.__new__, "cls": self.cls}
        fields = list(enumerate(self.fields))
        required = [(i, f) for i, f in fields if f.default is _NO_DEFAULT or f.name in present]
        optional = [(i, f) for i, f in fields if (i, f) not in required]
        lines = ["def decode(data, ignore):", "    obj = new(cls)", "    get = data.get"]
        for i, f in enumerate(self.fields):
            namespace[f"D{i}"] = f.default
            namespace[f"T{i}"] = f.trusted
            namespace[f"Y{i}"] = f.trusted_type
            namespace[f"S{i}"] = slot_setter(self.cls, f.name)

        def store(i: int, f: FieldPlan, indent: str) -> None:
            if f.trusted_type is not None:  # a plain str or int field: no call when it is one
                lines.append(f"{indent}S{i}(obj, v if type(v) is Y{i} else T{i}(v))")
            else:
                lines.append(f"{indent}S{i}(obj, T{i}(v))")

        for i, f in required:
            lines.append(f"    v = get({f.key!r}, _ND)")
            lines.append("    if v is _ND:")
            lines.append("        return None")
            store(i, f, "    ")
        lines.append(f"    n = {len(required)} + (ignore in data)")
        lines.append("    if n == len(data):")
        lines.extend(f"        S{i}(obj, D{i})" for i, _ in optional)
        lines.append("        return obj")
        for i, f in optional:
            lines.append(f"    v = get({f.key!r}, _ND)")
            lines.append("    if v is _ND:")
            lines.append(f"        S{i}(obj, D{i})")
            lines.append("    else:")
            lines.append("        n += 1")
            store(i, f, "        ")
        lines.append("    return obj if n == len(data) else None")
        # The names are attrs field names (identifiers); the file name shows in profiles.
        code = compile("\n".join(lines), f"<trusted decode of {self.label}>", "exec")
        exec(code, namespace)
        function: Callable[[dict[str, Any], str], Any] = namespace["decode"]
        return function

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
