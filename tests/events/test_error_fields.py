"""Errors about events carry the field and where it was found, not only text."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import timeline
from timeline import codec
from timeline.events import Citation, DecodeError, Event, EventError, Figure


@timeline.kind("test.error-fields")
@attrs.frozen(kw_only=True)
class _Capture(Event):
    place: str
    tags_of: tuple[str, ...] = ()


def _error(make: Any) -> EventError:
    with pytest.raises(EventError) as info:
        make()
    return info.value


def test_a_base_field_is_named() -> None:
    error = _error(lambda: Event(when="2020-13", summary="x"))
    assert (error.field, error.where) == ("when", "when")
    error = _error(lambda: Event(when="2020", summary="a\nb"))
    assert (error.field, error.where) == ("summary", "summary")


def test_a_kind_field_is_named_with_its_class() -> None:
    error = _error(lambda: _Capture(when="2020", summary="x", place=3))
    assert (error.field, error.where) == ("place", "_Capture.place")
    assert str(error).startswith("_Capture.place: expected a string")


def test_a_nested_value_gives_its_path() -> None:
    error = _error(lambda: _Capture(when="2020", summary="x", place="p", tags_of=["a", 1]))
    assert (error.field, error.where) == ("tags_of[1]", "_Capture.tags_of[1]")
    error = _error(
        lambda: Event(when="2020", summary="x", citations=[{"source": "a", "stance": "zz"}])
    )
    assert error.field == "citations[0].stance"
    assert error.where == "citations[0].stance"


def test_a_record_field_is_named() -> None:
    error = _error(lambda: Citation(source="a", stance="zz"))
    assert (error.field, error.where) == ("stance", "stance")


def test_a_rule_across_fields_names_the_record_only() -> None:
    error = _error(lambda: Figure(low=3, high=2))
    assert (error.field, error.where) == (None, "Figure")


def test_decoding_keeps_the_field() -> None:
    with pytest.raises(DecodeError) as info:
        codec.decode({"kind": "event", "when": {"text": "2020", "tz": "UTC"}})
    assert (info.value.field, info.value.where) == ("summary", "kind 'event'.summary")
    with pytest.raises(DecodeError) as info:
        codec.decode({"kind": "event", "when": {"text": "2020-13", "tz": "UTC"}, "summary": "s"})
    assert info.value.field == "when"
