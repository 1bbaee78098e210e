"""Constraints between events at append: kept as data, refused when they cannot hold.

Every backend keeps an event's constraints (they round-trip with it), refuses
an append whose constraints cannot hold with those recorded (naming the cycle
or the bounds), and is unchanged after a refusal. A reopened store checks
against what it recorded before.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.store.support import StoreFactory
from timeline import Constraint, Event, Retraction, Tri, When
from timeline.errors import ConstraintError, UnknownReferenceError
from timeline.io import jsonl
from timeline.projections import Chronology, Resolver
from timeline.store import EventStore, MemoryStore, SQLiteStore
from timeline.strategies import constraint_networks


def ev(event_id: str, when: str, *constraints: Constraint) -> Event:
    return Event(id=event_id, when=when, summary=event_id, constraints=constraints)


def after(other: str, offset: str | None = None) -> Constraint:
    return Constraint(relation="after", event=other, offset=offset)


def test_constraints_are_kept_and_read_back(store: EventStore) -> None:
    store.append("s", [ev("took-effect", "2020-01")])
    collapsed = ev("collapsed", "[2020-01..2020-02-03]", after("took-effect", "1 day"))
    store.append("s", [collapsed])
    found = store.get("collapsed")
    assert found is not None
    assert found.event == collapsed
    assert found.event.constraints == (after("took-effect", "1 day"),)


def test_a_cycle_within_one_batch_is_refused(store: EventStore) -> None:
    store.append("s", [ev("a", "2020-01")])
    batch = [
        ev("b", "[2020-01..2020-03]", after("a"), after("c")),
        ev("c", "[2020-01..2020-03]", after("b")),
    ]
    with pytest.raises(ConstraintError, match="cycle") as caught:
        store.append("s", batch)
    assert "'b'" in str(caught.value)
    assert "'c'" in str(caught.value)
    assert "nothing was appended to 's'" in str(caught.value)
    assert store.head == 1
    store.append("s", [ev("b", "[2020-01..2020-03]", after("a"))])
    assert store.head == 2


def test_bounds_that_cannot_both_hold_are_refused_naming_them(store: EventStore) -> None:
    store.append("s", [ev("capture", "2020-02-03")])
    with pytest.raises(ConstraintError, match="cannot both hold") as caught:
        store.append("s", [ev("advance", "2020-02-01", after("capture", "2 days"))])
    message = str(caught.value)
    assert "'advance'" in message
    assert "'capture'" in message
    assert store.head == 1
    assert not store.contains("advance")
    store.append("s", [ev("advance", "2020-02", after("capture", "2 days"))])  # still appends


def test_a_constraint_naming_an_unknown_event_is_refused_naming_it(store: EventStore) -> None:
    with pytest.raises(UnknownReferenceError, match="'nowhere'") as caught:
        store.append("s", [ev("a", "2020", after("nowhere"))])
    assert caught.value.field == "constraints[0].event"
    assert store.head == 0


def test_a_reopened_store_checks_against_what_it_recorded(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with SQLiteStore(path) as first:
        first.append("s", [ev("a", "2020-01-10"), ev("b", "2020-01", after("a"))])
    with SQLiteStore(path) as again:
        with pytest.raises(ConstraintError, match="cannot both hold"):
            # b begins after 10 January; c ends before b begins yet begins after 20 January
            again.append(
                "s",
                [
                    Event(
                        id="c",
                        when="2020-01-20",
                        summary="c",
                        constraints=[Constraint(relation="before", event="b")],
                    ),
                    Event(
                        id="d",
                        when="2020-01-05",
                        summary="d",
                        constraints=[Constraint(relation="after", event="c")],
                    ),
                ],
            )
        assert again.head == 2


def test_another_writers_constraints_count(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with SQLiteStore(path) as one, SQLiteStore(path) as two:
        one.append("s", [ev("a", "2020-01")])
        two.append("s", [ev("x", "2020-02-01")])  # two has built its network: no constraints yet
        two.append("s", [ev("y", "2020-02", after("x"))])
        one.append("s", [ev("b", "2020-01-15", after("a"))])
        with pytest.raises(ConstraintError):
            two.append("s", [ev("z", "2020-01-20", Constraint(relation="during", event="b"))])


@given(constraint_networks(consistent=True))
def test_every_consistent_network_is_accepted_event_by_event(events: list[Event]) -> None:
    store = MemoryStore()
    for event in events:
        store.append("s", [event])
    assert store.head == len(events)


@given(constraint_networks())
def test_the_store_refuses_exactly_what_the_network_refuses(events: list[Event]) -> None:
    from timeline.strategies.networks import network_items
    from timeline.time.constraints import Network

    network = Network()
    try:
        network.add(network_items(events))
        holds = True
    except ConstraintError:
        holds = False
    store = MemoryStore()
    if holds:
        store.append("s", events)
        assert store.head == len(events)
    else:
        with pytest.raises(ConstraintError):
            store.append("s", events)
        assert store.head == 0


def test_projections_see_the_narrowed_dates_and_keep_the_stated_ones(
    make_store: StoreFactory,
) -> None:
    store = make_store()
    store.append(
        "s",
        [
            ev("collapsed", "[2020-01..2020-02-03]"),
            ev("took-effect", "2020-01-24"),
        ],
    )
    store.append("s", [ev("advance", "[2020-01..2020-02-03]", after("took-effect", "2 days"))])
    chronology = Chronology(store)
    order = [r.event.id for r in chronology]
    assert order == ["collapsed", "took-effect", "advance"]
    advance = chronology.get("advance")
    assert advance is not None
    assert advance.event.when.to_edtf() == "[2020-01-26..2020-02-03]"
    took_effect = chronology.get("took-effect")
    assert took_effect is not None
    # relations read the narrowed date: stated, the advance might have come first
    assert took_effect.event.when.before(When.from_edtf("[2020-01..2020-02-03]")) is Tri.MAYBE
    assert took_effect.event.when.before(advance.event.when) is Tri.YES
    resolver = Resolver()
    for recorded in store.read_all():
        resolver.add(recorded)
    stated = resolver.stated("advance")
    assert stated is not None
    assert stated.to_edtf() == "[2020-01..2020-02-03]"
    assert resolver.stated("collapsed") is None
    window = chronology.query("2020-01-01", "2020-01-25", match="possible")
    assert [r.event.id for r in window] == ["collapsed", "took-effect"]


def test_constraints_round_trip_through_json_lines(tmp_path: Path) -> None:
    store = MemoryStore()
    store.append("s", [ev("a", "2020-01"), ev("b", "2020-02", after("a", "1 week"))])
    path = tmp_path / "out.jsonl"
    jsonl.export_jsonl(store, path)
    again = MemoryStore()
    jsonl.import_jsonl(again, path)
    assert [r.event for r in again.read_all()] == [r.event for r in store.read_all()]


def test_a_live_chronology_narrows_as_constraints_arrive() -> None:
    store = MemoryStore()
    store.append("s", [ev("took-effect", "2020-01-24"), ev("collapsed", "[2020-01..2020-02-03]")])
    chronology = Chronology(store)  # follows the store
    assert [r.event.id for r in chronology] == ["collapsed", "took-effect"]
    store.append(
        "s", [ev("advance", "2020-01", Constraint(relation="before", event="took-effect"))]
    )
    advance = chronology.get("advance")
    assert advance is not None
    assert advance.event.when.to_edtf() == "[2020-01-01..2020-01-24]"
    # two points from 1 January: in the order recorded (the rule for points)
    assert [r.event.id for r in chronology] == ["collapsed", "advance", "took-effect"]


def test_a_document_shows_the_narrowed_date_and_the_stated_one() -> None:
    from timeline.render import build_document, render_markdown

    store = MemoryStore()
    store.append(
        "s", [Event(id="took-effect", when="2020-01-24", summary="The ceasefire takes effect")]
    )
    store.append(
        "s",
        [
            Event(
                id="collapsed",
                when="[2020-01..2020-02-03]",
                summary="The ceasefire has collapsed",
                constraints=[after("took-effect")],
            )
        ],
    )
    doc = build_document(store)
    (entry,) = [e for e in doc.entries if e.id == "collapsed"]
    assert entry.when.display() == "between 24 January and 3 February 2020"
    stated = (
        "after “The ceasefire takes effect”; between January and 3 February 2020 by its sources"
    )
    assert entry.statement == stated
    text = render_markdown(doc)
    assert "**between 24 January and 3 February 2020**" in text
    assert f"Order: {stated}" in text


def test_a_document_says_when_an_event_is_narrowed_by_others() -> None:
    from timeline.render import build_document

    store = MemoryStore()
    store.append("s", [ev("took-effect", "2020-01")])
    store.append(
        "s", [ev("collapsed", "2020-01-10", Constraint(relation="after", event="took-effect"))]
    )
    (entry,) = [e for e in build_document(store).entries if e.id == "took-effect"]
    assert entry.when.display() == "between 1 and 10 January 2020"
    assert (
        entry.statement == "narrowed by the order other events state; January 2020 by its sources"
    )


@given(constraint_networks())
def test_a_resolver_taking_records_in_bulk_narrows_as_one_by_one(events: list[Event]) -> None:
    import warnings

    from timeline.store import Recorded

    records = [
        Recorded(
            event=event,
            stream="s",
            version=i + 1,
            position=i + 1,
            recorded_at=datetime(2020, 3, 1, tzinfo=UTC),
        )
        for i, event in enumerate(events)
    ]
    one, bulk = Resolver(), Resolver()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for recorded in records:
            one.add(recorded)
        with bulk.deferring():
            for recorded in records:
                bulk.add(recorded)
    assert {r.event.id: r.event for r in bulk.effective()} == {
        r.event.id: r.event for r in one.effective()
    }
    assert all(bulk.stated(e.id) == one.stated(e.id) for e in events)


def test_the_check_reads_back_only_the_constrained_events(make_store: StoreFactory) -> None:
    # The first constrained append of a store object builds its network from what the store
    # holds: every backend hands it the constrained events only (SQLite and PostgreSQL filter
    # the stored text, so the plain events are never decoded).
    store = make_store()
    store.append("s", [Event(id=f"e{i}", when="2020-01", summary="plain") for i in range(50)])
    tied = Event(
        id="tied",
        when="2020-01",
        summary="after e3",
        constraints=[Constraint(relation="after", event="e3")],
        data={"note": '"constraints": in the text of a plain field'},
    )
    decoy = Event(id="decoy", when="2020-01", summary='"constraints":', data={"constraints": 1})
    store.append("s", [tied, decoy])
    assert [r.event.id for r in store._read_constrained(0)] == ["tied"]
    assert list(store._read_constrained(store.head)) == []


@given(constraint_networks(consistent=True), st.data())
def test_a_retracted_event_narrows_nothing(events: list[Event], data: st.DataObject) -> None:
    # Retracting an event leaves the dates as if it (and every constraint naming it) had never
    # been recorded: built from scratch, or followed as the retraction arrives.
    gone = data.draw(st.sampled_from([e.id for e in events]))
    retraction = Retraction(target=gone, when="2020-03", summary="withdrawn")
    store = MemoryStore()
    store.append("s", events)
    live = Chronology(store)  # follows the store: takes the retraction as it comes
    live_dates = {r.event.id: r.event.when for r in live}
    store.append("s", [retraction])
    never = [
        attrs.evolve(e, constraints=[c for c in e.constraints if c.event != gone])
        for e in events
        if e.id != gone
    ]
    without = MemoryStore()
    without.append("s", never)
    expected = {r.event.id: r.event.when for r in Chronology(without, live=False)}
    assert {r.event.id: r.event.when for r in Chronology(store, live=False)} == expected
    assert {r.event.id: r.event.when for r in live} == expected
    assert gone in live_dates  # it was there before
