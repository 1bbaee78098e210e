"""Property tests: checkpoints equal a full replay, for every stream, T and R."""

from __future__ import annotations

import random
import warnings
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.events import Event
from timeline.events.references import references
from timeline.projections import (
    Chronology,
    CorrectionWarning,
    Cursor,
    LiveProjection,
    Order,
    ProjectionError,
    SnapshotIndex,
    effective_events,
    replay,
    snapshot,
    valid_key,
)
from timeline.projections._instants import earliest, latest, to_instant
from timeline.store import MemoryStore, Recorded
from timeline.strategies import event_streams, whens
from timeline.time import When

from .streams import (
    WHENS,
    Op,
    build,
    count_tagged,
    ids,
    instants,
    make_event,
    model_effective,
    operations,
    ticking_clock,
)

Batches = list[list[Op]]
FAST = settings(max_examples=60, deadline=None)


def _same(a: object, b: object) -> None:
    assert a == b


@FAST
@given(operations(), st.lists(st.tuples(instants(), st.integers(0, 20)), min_size=1, max_size=4))
def test_checkpointed_snapshot_equals_full_replay(
    batches: Batches, questions: list[tuple[When | int, int]]
) -> None:
    store = build(batches)
    for every, views in ((1, 4), (3, 1), (2, 0)):
        index = SnapshotIndex(ids(), store, every=every, views=views)
        tagged = SnapshotIndex(count_tagged(), index.chronology, every=every)
        for at, position in questions:
            for known_at in (None, min(position, store.head)):
                fast = index.snapshot(at=at, known_at=known_at)
                slow = snapshot(ids(), store, at=at, known_at=known_at)
                assert fast.possible == slow.possible
                assert fast.certain == slow.certain
                assert [r.event.id for r in fast.straddling] == [
                    r.event.id for r in slow.straddling
                ]
                for recorded in store.read_all():
                    event_id = recorded.event.id
                    assert fast.is_certain(event_id) == slow.is_certain(event_id)
                    assert fast.is_possible(event_id) == slow.is_possible(event_id)
                fast_tagged = tagged.snapshot(at=at, known_at=known_at)
                slow_tagged = snapshot(count_tagged(), store, at=at, known_at=known_at)
                _same(fast_tagged.certain, slow_tagged.certain)
                # Only the records the projection reads (kind "event") straddle.
                straddling = [r.event.id for r in slow_tagged.straddling]
                assert [r.event.id for r in fast_tagged.straddling] == straddling
                assert all(type(r.event).kind == "event" for r in slow_tagged.straddling)
                for recorded in store.read_all():
                    event_id = recorded.event.id
                    assert fast_tagged.is_certain(event_id) == slow_tagged.is_certain(event_id)
                    assert fast_tagged.is_possible(event_id) == slow_tagged.is_possible(event_id)
                    if slow_tagged.is_possible(event_id) and not slow_tagged.is_certain(event_id):
                        assert event_id in straddling


@FAST
@given(operations(), st.lists(instants(), min_size=1, max_size=3), st.data())
def test_live_index_stays_equal_to_replay_as_events_arrive(
    batches: Batches, moments: list[When | int], data: st.DataObject
) -> None:
    store = MemoryStore(clock=ticking_clock())
    index = SnapshotIndex(ids(), store, every=2)
    for batch in batches:
        build([batch], store)
        for at in moments:
            known_at = data.draw(st.one_of(st.none(), st.integers(0, store.head)))
            fast = index.snapshot(at=at, known_at=known_at)
            slow = snapshot(ids(), store, at=at, known_at=known_at)
            assert (fast.possible, fast.certain) == (slow.possible, slow.certain)
        assert list(index.chronology) == effective_events(store, order="valid")


@FAST
@given(operations(), st.integers(0, 20), st.sampled_from(["2000", "2001-06", "1999/2002"]))
def test_corrections_and_retractions_honoured(batches: Batches, position: int, at: str) -> None:
    store = build(batches)
    position = min(position, store.head)
    records = list(store.read_all())[:position]
    expected = model_effective(records)
    seen = effective_events(store, known_at=position)
    assert {r.event.id: r.event for r in seen} == expected
    chron = Chronology(store)
    assert {r.event.id: r.event for r in chron.query(known_at=position)} == expected
    in_order = sorted(expected.values(), key=lambda e: (e.when.sort_key, e.id))
    applied: tuple[str, ...] = replay(ids(), store, known_at=position)
    assert sorted(applied) == sorted(e.id for e in in_order)


def _after_what_they_name(events: list[Event]) -> list[Event]:
    placed: list[Event] = []
    done: set[str] = set()
    waiting = list(events)
    while waiting:
        for event in waiting:
            named = {r.id for r in references(event) if r.to == "event"}
            if named <= done:
                placed.append(event)
                done.add(event.id)
                waiting.remove(event)
                break
        else:  # a reference cycle: cannot happen, as each names an earlier event
            raise AssertionError(waiting)
    return placed


@FAST
@given(operations(controls=False), st.randoms(use_true_random=False))
def test_valid_time_result_does_not_depend_on_append_order(
    batches: Batches, rnd: random.Random
) -> None:
    events = [make_event(op) for batch in batches for op in batch]
    # Ties in valid time fall back to store order, so compare streams without ties.
    keys = [e.when.sort_key for e in events]
    unique = [e for e, k in zip(events, keys, strict=True) if keys.count(k) == 1]
    # ...and leave out what names an event left out (a store refuses a dangling reference).
    while True:
        kept = {e.id for e in unique}
        named = [e for e in unique if {r.id for r in references(e) if r.to == "event"} <= kept]
        if len(named) == len(unique):
            break
        unique = named
    shuffled = list(unique)
    rnd.shuffle(shuffled)
    # A store refuses a reference to an event it does not hold yet: each event
    # still comes after the events it names, in an otherwise shuffled order.
    shuffled = _after_what_they_name(shuffled)
    a, b = MemoryStore(), MemoryStore()
    a.append("s", unique)
    for event in shuffled:
        b.append("s", [event])
    assert replay(ids(), a) == replay(ids(), b)
    assert (
        SnapshotIndex(ids(), b, every=2).state(at="2001") == snapshot(ids(), a, at="2001").possible
    )


@FAST
@given(operations(), st.integers(0, 20), instants())
def test_known_at_never_sees_a_later_event(batches: Batches, position: int, at: When | int) -> None:
    store = build(batches)
    position = min(position, store.head)
    later = {r.event.id for r in store.read_all(after=position)}
    chron = Chronology(store)
    index = SnapshotIndex(ids(), chron, every=2)
    assert later.isdisjoint(index.state(at=at, known_at=position))
    replayed: tuple[str, ...] = replay(ids(), store, known_at=position)
    assert later.isdisjoint(replayed)
    assert later.isdisjoint(r.event.id for r in chron.query(known_at=position))
    moment = list(store.read_all())[position - 1].recorded_at if position else None
    if moment is not None:
        by_time = {r.event.id for r in chron.query(known_at=moment)}
        recorded_later = {r.event.id for r in store.read_all() if r.recorded_at > moment}
        assert recorded_later.isdisjoint(by_time)


@FAST
@given(operations(controls=False), WHENS)
def test_a_late_event_lands_in_order(batches: Batches, when: When) -> None:
    store = build(batches)
    chron = Chronology(store)
    store.append("s", [make_event(("event", "late", when, ()))])
    records = list(chron)
    assert records == sorted(records, key=valid_key)
    assert chron.get("late") in records


@FAST
@given(
    operations(),
    st.one_of(st.none(), WHENS),
    st.one_of(st.none(), WHENS),
    st.sampled_from([None, "a", "b"]),
)
def test_windows_certain_within_possible_and_match_their_definitions(
    batches: Batches, start: When | None, end: When | None, tag: str | None
) -> None:
    store = build(batches)
    chron = Chronology(store)
    lo = -float("inf") if start is None else to_instant(start, end=False, what="")
    hi = float("inf") if end is None else to_instant(end, end=True, what="")
    if lo > hi:
        return
    tags = None if tag is None else {tag}
    certain = chron.query(start, end, match="certain", tags=tags)
    possible = chron.query(start, end, tags=tags)
    assert set(map(id, certain)) <= set(map(id, possible))
    everything = [r for r in chron if tag is None or tag in r.event.tags]
    assert certain == [r for r in everything if lo <= earliest(r) and latest(r) <= hi]
    assert possible == [r for r in everything if earliest(r) < hi and latest(r) > lo]
    pages: list[Recorded] = []
    after: Cursor | None = None
    while True:
        page = chron.page(start, end, tags=tags, limit=2, after=after)
        pages.extend(page.records)
        if page.next is None:
            break
        after = page.next
    assert pages == possible
    grouped = [r for g in chron.group("month", start, end, tags=tags) for r in g.records]
    assert sorted(map(valid_key, grouped)) == list(map(valid_key, possible))


def test_at_a_when_means_the_end_of_its_period() -> None:
    assert to_instant(When.parse("2020-01-15"), end=True, what="at") == to_instant(
        "2020-01-16", end=False, what="at"
    )


def test_at_must_be_a_bounded_valid_time() -> None:
    store = build([[("event", "x", When.parse("2000"), ())]])
    with pytest.raises(ProjectionError, match="no end"):
        snapshot(ids(), store, at="2000/..")
    with pytest.raises(ProjectionError, match="naive"):
        SnapshotIndex(ids(), store).snapshot(at=datetime(2000, 1, 1))


@FAST
@given(operations(), st.sampled_from(["valid", "append"]), st.booleans())
def test_live_projection_equals_run_after_every_append(
    batches: Batches, order: Order, filtered: bool
) -> None:
    store = MemoryStore(clock=ticking_clock())

    def where(r: Recorded) -> bool:
        return r.event.id[-1] in "02468"

    chosen = where if filtered else None
    with LiveProjection(ids(), store, order=order, where=chosen) as live:
        for batch in batches:
            build([batch], store)
            expected: tuple[str, ...] = replay(ids(), store, order=order, where=chosen)
            assert live.state == expected
            assert live.position == store.head


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    event_streams(max_size=8),
    st.lists(whens().filter(lambda w: w.latest_ts is not None), min_size=1, max_size=3),
    st.integers(0, 8),
)
def test_any_events_of_the_library_strategies(
    events: list[Event], moments: list[When], position: int
) -> None:
    store = MemoryStore(clock=ticking_clock())
    for event in events:
        store.append("s", [event])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorrectionWarning)
        chron = Chronology(store)
        index = SnapshotIndex(ids(), chron, every=2)
        assert list(chron) == effective_events(store, order="valid")
        for at in moments:
            for known_at in (None, min(position, store.head)):
                fast = index.snapshot(at=at, known_at=known_at)
                slow = snapshot(ids(), store, at=at, known_at=known_at)
                assert (fast.possible, fast.certain) == (slow.possible, slow.certain)
