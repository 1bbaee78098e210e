"""The attrs field transformer: a converter for each field, made from its annotation."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Any

import attrs

from timeline.events._specs import WHEN, Spec, _Optional, spec_for


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
