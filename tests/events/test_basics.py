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


def test_events_pickle_and_copy() -> None:
    import copy
    import pickle

    event = nairab()
    assert pickle.loads(pickle.dumps(event)) == event
    assert copy.deepcopy(event) == event


def test_text_that_cannot_be_utf8_is_refused() -> None:
    with pytest.raises(EventError, match=r"summary: .* lone surrogates"):
        Event(when="2020", summary="bad \ud800 text")
    with pytest.raises(EventError, match=r"data\['k'\]: .* lone surrogates"):
        Event(when="2020", summary="s", data={"k": "\udfff"})


def test_equality_sees_what_the_codec_writes() -> None:
    base = {"when": "2020", "summary": "s", "id": "x"}
    assert Event(**base, data={"n": 1}) != Event(**base, data={"n": 1.0})  # type: ignore[arg-type]
    assert Event(**base, data={"n": 1}) != Event(**base, data={"n": True})  # type: ignore[arg-type]
    with_phrase = When.parse("2020-W05").replace(phrase="last week")
    assert Event(id="x", when=with_phrase, summary="s") != Event(
        id="x", when=When.parse("2020-W05"), summary="s"
    )


def test_when_accepts_text_dates_and_aware_datetimes() -> None:
    from zoneinfo import ZoneInfo

    aware = dt.datetime(2020, 2, 3, 1, 30, tzinfo=dt.UTC)
    assert Event(when=aware, summary="s").when == When.of(2020, 2, 3, 1, 30, 0)
    damascus = dt.datetime(2020, 2, 3, 1, 30, tzinfo=ZoneInfo("Asia/Damascus"))
    assert Event(when=damascus, summary="s").when == When.of(
        2020, 2, 3, 1, 30, 0, tz="Asia/Damascus"
    )
    assert Event(when=dt.date(2020, 2, 3), summary="s").when == When.parse("2020-02-03")
    assert Event(when="2020-01/2020-02", summary="s").when.is_interval
