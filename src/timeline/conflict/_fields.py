"""The fields of the conflict kinds: converters, and the checks each converter promises.

Private to :mod:`timeline.conflict`: :mod:`~timeline.conflict.kinds` declares
its fields with these converters, and ``ConflictEvent`` checks every field
after construction, so errors name the class and the field.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from timeline import codec
from timeline.conflict.terms import Term
from timeline.errors import WhenError, show_value
from timeline.events import Event, EventError, Figure
from timeline.time import When

# -- converters ------------------------------------------------------------------------
#
# Converters only normalize what users pass (a list becomes a tuple, an int or a
# mapping becomes a Figure); ConflictEvent.__attrs_post_init__ then checks every
# field against what its converter promises, so errors name the class and field.


def _show(value: Any) -> str:
    return show_value(value)


def _usable(value: Any) -> bool:
    return isinstance(value, str) and bool(value) and value.isprintable() and value == value.strip()


def _to_id(value: str) -> str:
    """An id or name (checked after construction)."""
    return value


def _to_opt_id(value: str | None) -> str | None:
    """An id or name, or ``None`` (checked after construction)."""
    return value


def _to_opt_text(value: str | None) -> str | None:
    """Free text, or ``None`` (checked after construction)."""
    return value


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    """A list of ids or names as a tuple (items checked after construction)."""
    if isinstance(value, tuple | str | bytes | Mapping):
        return value  # type: ignore[return-value]
    if isinstance(value, Iterable):
        return tuple(value)
    return value


def _to_opt_figure(value: Figure | int | Mapping[str, Any] | None) -> Figure | None:
    """A figure: an int is exact; a mapping is read as the codec writes figures."""
    if value is None:
        return None
    return _to_figure(value)


def _to_figure(value: Figure | int | Mapping[str, Any]) -> Figure:
    """A figure: an int is exact; a mapping is read as the codec writes figures."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return Figure.exact(value)
    if isinstance(value, Mapping):
        try:
            figure = codec.decode_value(Figure, value)
        except EventError:
            return value  # type: ignore[return-value]  # reported with its field below
        assert isinstance(figure, Figure)
        return figure
    return value  # type: ignore[return-value]


def _to_terms(value: Iterable[Term | Mapping[str, Any]]) -> tuple[Term, ...]:
    """Dated terms: each a :class:`Term` or a mapping of its fields (checked after construction)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # reported with its field below
    out: list[Any] = []
    for item in value:
        if isinstance(item, Mapping):
            with contextlib.suppress(EventError):  # reported with its field below
                item = codec.decode_value(Term, item)
        out.append(item)
    return tuple(out)


def _terms_problem(value: Any) -> str | None:
    if not isinstance(value, tuple):
        return f"expected a list of dated terms, got {_show(value)}"
    for i, item in enumerate(value):
        if isinstance(item, Term):
            continue
        if isinstance(item, Mapping):
            try:
                codec.decode_value(Term, item)
            except EventError as exc:
                return f"[{i}]: {exc}"
        return f"[{i}]: expected a Term or a mapping of its fields, got {_show(item)}"
    return None


def _to_opt_when(value: When | str | Mapping[str, Any] | None) -> When | None:
    """A date: a ``When``, EDTF text, or a mapping as the codec writes dates."""
    try:
        if isinstance(value, str):
            return When.parse(value)
        if isinstance(value, Mapping) and set(value) <= {"text", "tz", "phrase", "hint"}:
            text, tz = value.get("text"), value.get("tz", "UTC")
            if isinstance(text, str) and isinstance(tz, str):
                when = When.parse(text, tz=tz)
                phrase, hint = value.get("phrase"), value.get("hint")
                if phrase is not None or hint is not None:
                    when = when.replace(phrase=phrase, hint=hint)
                return when
    except (WhenError, EventError, TypeError):
        pass  # reported with its field after construction
    return value  # type: ignore[return-value]


def _figure_problem(value: Any) -> str | None:
    if isinstance(value, Figure):
        bounds = [value.low, value.high]
        if any(b is not None and b < 0 for b in bounds):
            return f"a count cannot be negative, got {value!r}"
        for name, part in value.parts.items():
            problem = _figure_problem(part)
            if problem is not None:
                return f"parts[{name!r}]: {problem}"
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"a count cannot be negative, got {value}"
    if isinstance(value, Mapping):
        try:
            codec.decode_value(Figure, value)
        except EventError as exc:
            return f"cannot read {_show(value)} as a figure: {exc}"
    return (
        "expected a Figure: a count (13), or a table of the keys "
        f"{', '.join(_FIGURE_KEYS)} ({{low = 8}} is at least 8, "
        f'{{low = 3, high = 4, text = "3-4"}}), got {_show(value)}'
    )


# What a TOML author can write for a figure: the keys of its table, named in messages.
_FIGURE_KEYS: Final = tuple(field.name for field in attrs.fields(Figure))


def _check_field(converter: Any, value: Any) -> str | None:
    """What is wrong with ``value`` for a field with ``converter``, or ``None``."""
    if converter is _to_id:
        if _usable(value):
            return None
        return (
            f"expected a non-empty string of printable characters without surrounding "
            f"spaces, got {_show(value)}"
        )
    if converter is _to_opt_id:
        return None if value is None else _check_field(_to_id, value)
    if converter is _to_opt_text:
        if value is None or isinstance(value, str):
            return None
        return f"expected a string or None, got {_show(value)}"
    if converter is _to_names:
        if not isinstance(value, tuple):
            return f"expected a list of names, got {_show(value)}"
        for i, item in enumerate(value):
            problem = _check_field(_to_id, item)
            if problem is not None:
                return f"[{i}]: {problem}"
        return None
    if converter is _to_opt_when:
        if value is None or isinstance(value, When):
            return None
        return f"expected a When, EDTF text or None, got {_show(value)}"
    if converter is _to_opt_figure:
        return None if value is None else _figure_problem(value)
    if converter is _to_terms:
        return _terms_problem(value)
    if converter is _to_figure:
        if value is None:
            return "a figure is required (a count, or a Figure)"
        return _figure_problem(value)
    return None


def _merge(names: tuple[str, ...], extra: Iterable[str | None]) -> tuple[str, ...]:
    out = list(names)
    for name in extra:
        if name is not None and name not in out:
            out.append(name)
    return tuple(out) if len(out) != len(names) else names


def _flat(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


_OWN_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _own_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    found = _OWN_FIELDS.get(cls)
    if found is None:
        base = {f.name for f in attrs.fields(Event)}
        found = tuple(
            (f.name, f.converter) for f in attrs.fields(cls) if f.name not in base and f.init
        )
        _OWN_FIELDS[cls] = found
    return found
