"""The public constructor keeps every check, however its fast paths take the common case.

``Event.__init__`` writes slots directly and tests defaults by identity first;
these pin that an input which is not the default (even an equal one of another
type) still goes through its converter, and that bad input is refused.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import When, codec
from timeline.events import Citation, Event, EventError, FrozenDict
from timeline.strategies import events

WHEN = When.from_edtf("2020-02-03")


def make(**fields: Any) -> Event:
    return Event(**{"id": "a", "when": WHEN, "summary": "x", **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"id": " a"},
        {"id": "a\x00"},
        {"id": ""},
        {"id": 7},
        {"summary": "two\nlines"},
        {"summary": "cr\r"},
        {"summary": "\ud800"},
        {"summary": None},
        {"when": "not a date"},
        {"when": {"text": "2020", "tz": 3}},
        {"actors": ["a", 1]},
        {"actors": ("a", None)},
        {"actors": "abc"},
        {"places": [["nested"]]},
        {"citations": [{"source": 1}]},
        {"citations": ["report"]},
        {"tags": ["a", 2]},
        {"tags": "abc"},
        {"data": {"x": object()}},
        {"data": {1: "x"}},
        {"data": [1]},
    ],
)
def test_the_constructor_refuses_bad_input(fields: dict[str, Any]) -> None:
    with pytest.raises(EventError):
        make(**fields)


@pytest.mark.parametrize(
    ("name", "given", "stored"),
    [
        ("actors", [], ()),
        ("places", [], ()),
        ("citations", [], ()),
        ("tags", set(), frozenset()),
        ("tags", [], frozenset()),
        ("data", {}, FrozenDict()),
        ("actors", ["a", "b"], ("a", "b")),
        ("tags", ["b", "a"], frozenset({"a", "b"})),
        ("data", {"k": [1, {"j": 2}]}, FrozenDict({"k": (1, FrozenDict({"j": 2}))})),
    ],
)
def test_values_equal_to_a_default_are_still_converted(name: str, given: Any, stored: Any) -> None:
    value = getattr(make(**{name: given}), name)
    assert value == stored
    assert type(value) is type(stored)


def test_citations_given_as_mappings_become_citations() -> None:
    event = make(citations=[{"source": "report"}])
    assert event.citations == (Citation(source="report"),)
    assert type(event.citations) is tuple


def test_the_content_id_is_made_when_no_id_is_given() -> None:
    event = Event(when=WHEN, summary="x")
    assert event.id.startswith("ev-")
    assert Event(when=WHEN, summary="x").id == event.id
    assert codec.loads(codec.dumps(event)) == event


def test_events_stay_frozen() -> None:
    event = make()
    with pytest.raises(AttributeError):
        event.summary = "y"  # type: ignore[misc]


@given(events(), st.sampled_from([("id", " padded "), ("summary", "two\nlines")]))
def test_rebuilding_any_event_through_the_constructor_gives_it_back(
    event: Event, broken: tuple[str, str]
) -> None:
    fields = {name: getattr(event, name) for name in ("id", "when", "summary")}
    fields.update(
        actors=list(event.actors),
        places=list(event.places),
        citations=list(event.citations),
        tags=set(event.tags),
        data=dict(event.data),
        constraints=list(event.constraints),
    )
    if type(event) is Event:
        assert Event(**fields) == event
    with pytest.raises(EventError):
        Event(**{**fields, broken[0]: broken[1]})
