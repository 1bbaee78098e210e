"""The conflict kinds: registration, construction, validation, codec round trips."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from timeline import Citation, Figure, Stance, codec
from timeline.conflict import (
    AgreementCollapsed,
    AgreementInForce,
    AgreementSigned,
    Announcement,
    Attack,
    Capture,
    CasualtyReport,
    CeasefireCollapsed,
    CeasefireTookEffect,
    ConflictEvent,
    Deployment,
    Displacement,
    OperationEnded,
    OperationLaunched,
    RefugeePopulation,
    Statement,
    conflict_kinds,
)
from timeline.events import DecodeError, Event, EventError, kind_class, kinds

COMMON: dict[str, Any] = {"when": "2020-02-03", "summary": "something happened"}

EXAMPLES: list[ConflictEvent] = [
    AgreementSigned(
        agreement="sochi-2018",
        parties=["turkey", "russia"],
        terms="a demilitarized zone around Idlib",
        **{**COMMON, "when": "2018"},
    ),
    AgreementInForce(agreement="sochi-2018", **COMMON),
    AgreementCollapsed(agreement="sochi-2018", reason="offensive resumed", **COMMON),
    CeasefireTookEffect(
        ceasefire="idlib-2020", parties=["turkey", "russia"], agreement="sochi-2018", **COMMON
    ),
    CeasefireCollapsed(ceasefire="idlib-2020", **COMMON),
    OperationLaunched(
        operation="peace-spring", name="Operation Peace Spring", by="turkey", into="syria", **COMMON
    ),
    OperationEnded(operation="peace-spring", reason="a ceasefire", **COMMON),
    Capture(place="nairab", by="syrian-government", from_="rebels", **COMMON),
    Attack(by="syrian-government", on="turkey", where="saraqeb", method="shelling", **COMMON),
    CasualtyReport(
        side="syrian-government",
        killed=Figure.exact(13, parts={"idlib": 8, "latakia": 3, "hama": 2}),
        wounded=Figure.at_least(20, text="at least 20"),
        incident="shelling-1",
        citations=[
            Citation(source="sohr"),
            Citation(source="damascus", stance=Stance.DECLINES_TO_CONFIRM),
        ],
        **COMMON,
    ),
    Statement(speaker="erdogan", gist="developments are unbearable", quote="unbearable", **COMMON),
    Deployment(
        who="turkey",
        where="idlib-province",
        size=Figure(text="a convoy"),
        role="reinforcements",
        **COMMON,
    ),
    Displacement(
        people=Figure(high=1_000_000, text="nearly 1 million"),
        from_="idlib-province",
        toward="turkish-border",
        **COMMON,
    ),
    RefugeePopulation(host="turkey", population="syrian", figure=Figure.exact(3_600_000), **COMMON),
    Announcement(announces="spring-shield-launched", by="turkey", dated="2020-02-27", **COMMON),
]


def test_every_kind_is_registered_under_the_conflict_prefix() -> None:
    registered = conflict_kinds()
    assert len(registered) == 15
    for name, cls in registered.items():
        assert name.startswith("conflict.")
        assert cls.kind == name
        assert kind_class(name) is cls
        assert kinds()[name] is cls
        assert issubclass(cls, Event)
    assert {type(e) for e in EXAMPLES} == set(registered.values())


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.kind)
def test_round_trips_through_the_codec(event: ConflictEvent) -> None:
    data = codec.encode(event)
    assert data["kind"] == event.kind
    again = codec.decode(data)
    assert again == event
    assert type(again) is type(event)
    text = codec.dumps(event)
    assert codec.loads(text) == event
    assert codec.dumps(codec.loads(text)) == text


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.kind)
def test_pickles(event: ConflictEvent) -> None:
    assert pickle.loads(pickle.dumps(event)) == event


def test_from_is_written_without_the_underscore() -> None:
    data = codec.encode(EXAMPLES[7])
    assert data["from"] == "rebels"
    assert "from_" not in data


def test_figures_accept_ints_and_mappings() -> None:
    report = CasualtyReport(side="turkey", killed=5, civilians_killed={"low": 3}, **COMMON)
    assert report.killed == Figure.exact(5)
    assert report.civilians_killed == Figure.at_least(3)
    assert report.figures() == {"killed": Figure.exact(5), "civilians_killed": Figure(low=3)}
    assert codec.encode(report)["killed"] == 5


def test_breakdown_survives_the_codec() -> None:
    report = EXAMPLES[9]
    assert isinstance(report, CasualtyReport)
    data = codec.encode(report)
    assert data["killed"] == {
        "low": 13,
        "high": 13,
        "parts": {"idlib": 8, "latakia": 3, "hama": 2},
    }
    decoded = codec.decode(data)
    assert isinstance(decoded, CasualtyReport)
    assert decoded.killed is not None
    assert decoded.killed.parts["latakia"] == Figure.exact(3)


def test_actor_and_place_fields_join_actors_and_places() -> None:
    capture = Capture(
        place="nairab", by="syrian-government", from_="rebels", actors=["russia"], **COMMON
    )
    assert capture.actors == ("russia", "syrian-government", "rebels")
    assert capture.places == ("nairab",)
    attack = Attack(on="turkey", **COMMON)
    assert attack.actors == ("turkey",)
    assert attack.places == ()
    # idempotent: the decoded event is equal and keeps the same order
    assert codec.decode(codec.encode(capture)) == capture


def test_content_ids_are_stable() -> None:
    a = Capture(place="nairab", by="syrian-government", **COMMON)
    b = Capture(place="nairab", by="syrian-government", **COMMON)
    assert a.id == b.id
    assert a.id.startswith("ev-")


def test_lists_become_tuples() -> None:
    signed = AgreementSigned(agreement="a", parties=["x", "y"], **COMMON)
    assert signed.parties == ("x", "y")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Capture(place="", by="x", **COMMON), r"Capture\.place: expected a non-empty"),
        (lambda: Capture(place="p", by=3, **COMMON), r"Capture\.by: .*got 3 \(int\)"),  # type: ignore[arg-type]
        (
            lambda: AgreementSigned(agreement="a", parties="turkey", **COMMON),
            r"AgreementSigned\.parties: expected a list of names",
        ),
        (
            lambda: AgreementSigned(agreement="a", parties=["ok", " padded"], **COMMON),
            r"AgreementSigned\.parties: \[1\]",
        ),
        (
            lambda: CasualtyReport(side="turkey", **COMMON),
            "give at least one of killed, civilians_killed, wounded",
        ),
        (
            lambda: CasualtyReport(side="turkey", killed=-1, **COMMON),
            r"CasualtyReport\.killed: a count cannot be negative",
        ),
        (
            lambda: CasualtyReport(side="turkey", killed="five", **COMMON),  # type: ignore[arg-type]
            r"CasualtyReport\.killed: expected a Figure",
        ),
        (
            lambda: CasualtyReport(side="turkey", killed={"low": 5, "high": 2}, **COMMON),
            r"CasualtyReport\.killed: cannot read .* low 5 is above high 2",
        ),
        (
            lambda: CasualtyReport(
                side="turkey", killed=Figure.exact(3, parts={"a": Figure(low=-2)}), **COMMON
            ),
            r"CasualtyReport\.killed: parts\['a'\]: a count cannot be negative",
        ),
        (
            lambda: Displacement(people=None, **COMMON),  # type: ignore[arg-type]
            r"Displacement\.people: a figure is required",
        ),
        (
            lambda: Statement(speaker="x", gist="two\nlines", **COMMON),
            r"Statement\.gist",
        ),
        (
            lambda: OperationLaunched(operation="op", by="t", name=5, **COMMON),  # type: ignore[arg-type]
            r"OperationLaunched\.name: expected a string or None",
        ),
    ],
)
def test_bad_fields_name_class_and_field(build: Any, message: str) -> None:
    with pytest.raises(EventError, match=message):
        build()


def test_decode_errors_name_kind_event_and_field() -> None:
    data = {
        "kind": "conflict.casualties",
        "id": "toll",
        "when": "2020",
        "summary": "s",
        "side": "turkey",
        "killed": {"lo": 1},
    }
    with pytest.raises(DecodeError, match=r"'conflict.casualties' event 'toll'.*killed.*'lo'"):
        codec.decode(data)
    with pytest.raises(DecodeError, match="missing field 'place'"):
        codec.decode({"kind": "conflict.capture", "when": "2020", "summary": "s", "by": "x"})
