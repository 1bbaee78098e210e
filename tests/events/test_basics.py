"""The base event and the codec: construction, validation, round trips, ids."""

import datetime as dt

import pytest

from timeline import codec
from timeline.events import Citation, DecodeError, Event, EventError, FrozenDict, Stance
from timeline.time import When


def nairab() -> Event:
    return Event(
        id="nairab-taken",
        when=When.from_edtf("2020-02-03"),
        summary="Syrian army takes Nairab",
        actors=["syrian-army"],
        places=["nairab"],
        tags={"capture"},
        data={"distance_km": 8, "note": ["first", "since late 2012"]},
        citations=[{"source": "dpa", "stance": "asserts"}],
    )


def test_converters_make_immutable_values() -> None:
    event = nairab()
    assert event.actors == ("syrian-army",)
    assert event.tags == frozenset({"capture"})
    assert isinstance(event.data, FrozenDict)
    assert event.data["note"] == ("first", "since late 2012")
    assert event.citations == (Citation(source="dpa", stance=Stance.ASSERTS),)
    assert hash(event) == hash(nairab())


def test_round_trip() -> None:
    event = nairab()
    assert codec.decode(codec.encode(event)) == event
    assert codec.loads(codec.dumps(event)) == event
    assert codec.dumps(codec.loads(codec.dumps(event))) == codec.dumps(event)


def test_generated_ids_are_deterministic() -> None:
    a = Event(when="2020-02-03", summary="Syrian army takes Nairab")
    b = Event(when="2020-02-03", summary="Syrian army takes Nairab")
    assert a.id == b.id
    assert a.id.startswith("ev-")
    assert Event(when="2020-02-03", summary="other").id != a.id


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"summary": 3}, "summary: expected a string, got 3"),
        ({"actors": "Turkey"}, "actors: expected a list of strings"),
        ({"id": ""}, "id: '' is not a usable id"),
        ({"when": dt.datetime(2020, 1, 1)}, "when: naive datetime"),
        ({"data": {"t": dt.datetime(2020, 1, 1)}}, "data['t']: naive datetime"),
    ],
)
def test_bad_fields_name_field_and_value(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"when": "2020", "summary": "x"}
    with pytest.raises(EventError, match=message.replace("[", r"\[").replace("(", r"\(")):
        Event(**{**base, **kwargs})  # type: ignore[arg-type]


def test_decode_errors_name_kind_and_field() -> None:
    with pytest.raises(DecodeError, match="kind 'event' event 'x': missing field 'summary'"):
        codec.decode({"kind": "event", "id": "x", "when": {"text": "2020", "tz": "UTC"}})
