"""The converters of the base :class:`~timeline.events.Event`'s fields, with its defaults.

Each takes the common, already canonical input without work and sends
anything else through the field's spec, which checks it and names the field.
They live apart from ``base`` so that the event module stays about events.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

from timeline.errors import EventError, TimelineError
from timeline.events._errors import error_at
from timeline.events._frozen import FrozenDict, check_text
from timeline.events._specs import STR, WHEN, _FrozenSet, _Json, _Map, _Tuple, _when_from
from timeline.events.constraints import Constraint
from timeline.events.sources import Citation, check_id
from timeline.time.when import When

#: Placeholder id until the content id is computed (users cannot pass it: ids refuse controls).
_PENDING: Final = "\x00pending"


def _to_id(value: str | None) -> str:
    if value is None:
        return _PENDING
    if type(value) is str and value and value.isprintable() and value.strip() == value:
        return value
    return check_id(value, "id")


def _to_when(value: When | str | _dt.date | Mapping[str, Any]) -> When:
    if type(value) is When:
        return value
    if type(value) is dict and len(value) == 2:  # the codec's usual {"text", "tz"}
        text = value.get("text")
        tz = value.get("tz")
        if type(text) is str and type(tz) is str:
            try:
                return _when_from(text, tz, None, None)
            except TimelineError:
                pass  # the general path below says what is wrong, naming the field
    return WHEN.convert(value, "when")  # type: ignore[no-any-return]


def _to_summary(value: str) -> str:
    if type(value) is not str:
        value = STR.convert(value, "summary")
    if "\n" in value or "\r" in value:
        raise error_at("summary", f"{value!r} has a line break; a summary is one line")
    return check_text(value, "summary")


_NAMES = _Tuple(STR)
_CITATION = Citation.__timeline_spec__()
_CITATIONS = _Tuple(_CITATION)
_TAGS = _FrozenSet(STR)
_CONSTRAINTS = _Tuple(Constraint.__timeline_spec__())
_DATA = _Map(_Json("a JSON-ready value"))
_EMPTY_DATA: Final[FrozenDict[Any]] = FrozenDict()
_NO_TAGS: Final[frozenset[str]] = frozenset()
_NONE: Final[tuple[Any, ...]] = ()


def _str_items(value: Any) -> bool:
    for item in value:  # noqa: SIM110 (a plain loop is faster than all() on a generator)
        if type(item) is not str:
            return False
    return True


def _to_actors(value: Iterable[str]) -> tuple[str, ...]:
    if (type(value) is tuple or type(value) is list) and _str_items(value):
        return tuple(value)
    return _NAMES.convert(value, "actors")  # type: ignore[no-any-return]


def _to_places(value: Iterable[str]) -> tuple[str, ...]:
    if (type(value) is tuple or type(value) is list) and _str_items(value):
        return tuple(value)
    return _NAMES.convert(value, "places")  # type: ignore[no-any-return]


def _to_citations(value: Iterable[Citation | Mapping[str, Any]]) -> tuple[Citation, ...]:
    if type(value) is tuple:
        for item in value:
            if type(item) is not Citation:
                break
        else:
            return value
    elif type(value) is list:
        try:  # one label for all; on error, the slow path names the index
            return tuple([_CITATION.convert(item, "citations") for item in value])
        except EventError:
            pass
    return _CITATIONS.convert(value, "citations")  # type: ignore[no-any-return]


def _to_constraints(value: Iterable[Constraint | Mapping[str, Any]]) -> tuple[Constraint, ...]:
    if type(value) is tuple and all(type(item) is Constraint for item in value):
        return value
    return _CONSTRAINTS.convert(value, "constraints")  # type: ignore[no-any-return]


def _to_tags(value: Iterable[str]) -> frozenset[str]:
    if type(value) is frozenset and _str_items(value):
        return value
    if type(value) is list and _str_items(value):
        return frozenset(value)
    return _TAGS.convert(value, "tags")  # type: ignore[no-any-return]


def _to_data(value: Mapping[str, Any]) -> FrozenDict[Any]:
    if not value and (type(value) is dict or type(value) is FrozenDict):
        return _EMPTY_DATA
    return _DATA.convert(value, "data")  # type: ignore[no-any-return]


# These converters check and shape only: a trusted decode (a store reading its own
# rows) uses the fields' specs instead (see Plan.decode_trusted).
_CHECKING: Final = (_to_id, _to_when, _to_summary, _to_actors, _to_places, _to_citations)
for _converter in (*_CHECKING, _to_tags, _to_data, _to_constraints):
    setattr(_converter, "__timeline_checks_only__", True)  # noqa: B010
