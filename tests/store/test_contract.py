"""The store contract, run against every backend in ``support.BACKENDS``."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from tests.store.support import WHEN, Capture, StoreFactory, ev, evs
from timeline.events import Event
from timeline.store import (
    ANY,
    EXISTS,
    NO_STREAM,
    AppendResult,
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    Recorded,
    StoreClosedError,
    StoreError,
    StoreInputError,
)


def snapshot(store: EventStore) -> list[Recorded]:
    return list(store.read_all())


# -- empty store, numbering ----------------------------------------------------------


def test_empty_store(store: EventStore) -> None:
    assert store.head == 0
    assert len(store) == 0
    assert store.streams() == []
    assert list(store.read("nothing")) == []
    assert list(store.read_all()) == []
    assert store.stream_version("nothing") == 0


def test_versions_from_1_and_positions_global_and_gapless(store: EventStore) -> None:
    assert store.append("a", evs("a", 2)) == AppendResult(version=2, positions=(1, 2), appended=2)
    assert store.append("b", evs("b", 1)) == AppendResult(version=1, positions=(3,), appended=1)
    assert store.append("a", evs("a2", 3)) == AppendResult(3 + 2, (4, 5, 6), 3)
    assert store.head == 6
    assert [(r.stream, r.version, r.position) for r in store.read_all()] == [
        ("a", 1, 1),
        ("a", 2, 2),
        ("b", 1, 3),
        ("a", 3, 4),
        ("a", 4, 5),
        ("a", 5, 6),
    ]
    assert [r.version for r in store.read("a")] == [1, 2, 3, 4, 5]
    assert store.stream_version("a") == 5
    assert store.stream_version("b") == 1
    assert store.streams() == ["a", "b"]


def test_events_come_back_equal_and_of_their_kind(store: EventStore) -> None:
    events = [
        ev("plain", actors=["syrian-army"], tags={"capture"}, data={"n": [1, 2]}),
        Capture(id="nairab", when=WHEN, summary="Nairab taken", place="nairab", by="saa"),
    ]
    store.append("idlib", events)
    back = [r.event for r in store.read("idlib")]
    assert back == events
    assert type(back[1]) is Capture


def test_read_from_version_is_inclusive(store: EventStore) -> None:
    store.append("s", evs("s", 5))
    assert [r.version for r in store.read("s", from_version=0)] == [1, 2, 3, 4, 5]
    assert [r.version for r in store.read("s", from_version=1)] == [1, 2, 3, 4, 5]
    assert [r.version for r in store.read("s", from_version=4)] == [4, 5]
    assert list(store.read("s", from_version=6)) == []


def test_read_all_after_is_exclusive(store: EventStore) -> None:
    store.append("a", evs("a", 3))
    store.append("b", evs("b", 2))
    assert [r.position for r in store.read_all(after=0)] == [1, 2, 3, 4, 5]
    assert [r.position for r in store.read_all(after=3)] == [4, 5]
    assert list(store.read_all(after=5)) == []
    assert list(store.read_all(after=99)) == []


def test_reading_is_a_snapshot_of_the_call(store: EventStore) -> None:
    store.append("s", evs("s", 3))
    by_stream = store.read("s")
    everything = store.read_all()
    store.append("s", evs("t", 2))
    assert len(list(by_stream)) == 3
    assert len(list(everything)) == 3


def test_large_reads_cross_pages(store: EventStore) -> None:
    store.append("big", evs("big", 2500))
    assert [r.version for r in store.read("big", from_version=2)] == list(range(2, 2501))
    assert [r.position for r in store.read_all(after=10)] == list(range(11, 2501))


def test_streams_listed_in_order_of_first_event(store: EventStore) -> None:
    store.append("zeta", evs("z", 1))
    store.append("alpha", evs("a", 1))
    store.append("zeta", evs("z2", 1))
    store.append("mid", evs("m", 1))
    assert store.streams() == ["zeta", "alpha", "mid"]


# -- expected versions ------------------------------------------------------------------


def test_expected_versions_that_hold(store: EventStore) -> None:
    assert store.append("s", evs("a", 1), NO_STREAM).version == 1
    assert store.append("s", evs("b", 1), EXISTS).version == 2
    assert store.append("s", evs("c", 1), 2).version == 3
    assert store.append("s", evs("d", 1), ANY).version == 4
    assert store.append("t", evs("e", 1), 0).version == 1  # 0 is "no events yet"


@pytest.mark.parametrize(
    ("existing", "expected", "wanted"),
    [
        (0, EXISTS, "an existing stream"),
        (0, 1, "version 1"),
        (2, NO_STREAM, "no stream"),
        (2, 0, "version 0"),
        (2, 1, "version 1"),
        (2, 3, "version 3"),
    ],
)
def test_conflicts_name_stream_expected_and_actual(
    store: EventStore, existing: int, expected: Any, wanted: str
) -> None:
    if existing:
        store.append("idlib", evs("x", existing))
    before = snapshot(store)
    with pytest.raises(ConcurrencyError) as caught:
        store.append("idlib", evs("new", 2), expected)
    error = caught.value
    assert (error.stream, error.expected, error.actual) == ("idlib", expected, existing)
    message = str(error)
    assert "'idlib'" in message
    assert wanted in message
    assert (f"version {existing}" if existing else "does not exist") in message
    assert snapshot(store) == before
    assert isinstance(error, StoreError)


def test_empty_append_checks_the_version_and_records_nothing(store: EventStore) -> None:
    assert store.append("s", [], NO_STREAM) == AppendResult(0, (), 0)
    store.append("s", evs("a", 2))
    assert store.append("s", [], 2) == AppendResult(2, (), 0)
    with pytest.raises(ConcurrencyError):
        store.append("s", [], NO_STREAM)
    assert store.head == 2


# -- repeats and duplicates -----------------------------------------------------------


def test_reappending_an_identical_event_is_a_noop(store: EventStore) -> None:
    store.append("s", evs("a", 3))
    again = ev("a-1", "event 1 of a")  # a new, equal object
    assert store.append("s", [again]) == AppendResult(3, (2,), 0)
    assert store.head == 3


def test_a_retried_append_succeeds_whatever_the_expected_version(store: EventStore) -> None:
    batch = evs("a", 3)
    first = store.append("s", batch, NO_STREAM)
    store.append("s", evs("b", 1))
    retry = store.append("s", batch, NO_STREAM)
    assert retry == AppendResult(4, first.positions, 0)
    assert store.head == 4


def test_a_mixed_batch_records_only_the_new_events(store: EventStore) -> None:
    store.append("s", evs("a", 2))
    result = store.append("s", [ev("n-0"), ev("a-0", "event 0 of a"), ev("n-1")], 2)
    assert result == AppendResult(4, (3, 1, 4), 2)
    assert [r.event.id for r in store.read("s")] == ["a-0", "a-1", "n-0", "n-1"]


def test_a_mixed_batch_checks_the_expected_version(store: EventStore) -> None:
    store.append("s", evs("a", 2))
    with pytest.raises(ConcurrencyError):
        store.append("s", [ev("a-0", "event 0 of a"), ev("n-0")], 1)
    assert store.head == 2


def test_an_identical_repeat_inside_a_batch_is_recorded_once(store: EventStore) -> None:
    result = store.append("s", [ev("x"), ev("y"), ev("x")])
    assert result == AppendResult(2, (1, 2, 1), 2)


def test_a_different_event_under_a_used_id_is_refused(store: EventStore) -> None:
    store.append("s", evs("a", 2))
    before = snapshot(store)
    with pytest.raises(DuplicateEventError) as caught:
        store.append("s", [ev("n-0"), ev("a-1", "another summary"), ev("n-1")])
    error = caught.value
    assert (error.event_id, error.stream, error.position) == ("a-1", "s", 2)
    assert "'a-1'" in str(error)
    assert "position 2" in str(error)
    assert snapshot(store) == before


def test_a_used_id_in_another_stream_is_refused(store: EventStore) -> None:
    store.append("s", [ev("x")])
    with pytest.raises(DuplicateEventError, match="one stream only"):
        store.append("t", [ev("x")])
    assert store.streams() == ["s"]


def test_different_events_under_one_id_in_a_batch_are_refused(store: EventStore) -> None:
    with pytest.raises(DuplicateEventError, match="earlier in the same append"):
        store.append("s", [ev("x", "one"), ev("y"), ev("x", "two")])
    assert store.head == 0


def test_no_update_or_delete_in_the_api(store: EventStore) -> None:
    for name in ("update", "delete", "remove", "replace", "truncate", "clear", "__setitem__"):
        assert not hasattr(store, name)


# -- recorded time ----------------------------------------------------------------------


def test_recorded_at_is_aware_utc_shared_by_a_batch_and_never_decreasing(
    store: EventStore,
) -> None:
    before = datetime.now(UTC)
    store.append("s", evs("a", 3))
    store.append("s", evs("b", 2))
    times = [r.recorded_at for r in store.read_all()]
    assert all(t.utcoffset() == timedelta(0) for t in times)
    assert len(set(times[:3])) == 1
    assert times == sorted(times)
    assert times[0] >= before - timedelta(seconds=1)


def test_recorded_at_holds_when_the_clock_goes_back(make_store: StoreFactory) -> None:
    ticks = iter(
        [
            datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
            datetime(2025, 6, 1, 0, 0, tzinfo=UTC),  # the clock jumps back
            datetime(2026, 1, 1, 13, 0, tzinfo=timezone(timedelta(hours=3))),  # = 10:00 UTC
            datetime(2026, 1, 2, 0, 0, tzinfo=UTC),
        ]
    )
    store = make_store(clock=lambda: next(ticks))
    for index in range(4):
        store.append("s", [ev(f"e{index}")])
    times = [r.recorded_at for r in store.read_all()]
    assert times == [
        datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
        datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
        datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
        datetime(2026, 1, 2, 0, 0, tzinfo=UTC),
    ]
    assert all(t.tzinfo is UTC for t in times)


def test_a_naive_clock_is_refused(make_store: StoreFactory) -> None:
    store = make_store(clock=lambda: datetime(2026, 1, 1))
    with pytest.raises(StoreError, match="naive"):
        store.append("s", [ev("x")])
    assert store.head == 0


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stream", "events", "expected", "error"),
    [
        (5, [], ANY, StoreInputError),
        (None, [], ANY, StoreInputError),
        ("", [], ANY, StoreError),
        ("a\x00b", [], ANY, StoreError),
        ("s", ev("single"), ANY, StoreInputError),
        ("s", "not events", ANY, StoreInputError),
        ("s", {"id": "x"}, ANY, StoreInputError),
        ("s", 42, ANY, StoreInputError),
        ("s", [ev("a"), {"id": "b", "summary": "dict"}, ev("c")], ANY, StoreInputError),
        ("s", [ev("a"), None], ANY, StoreInputError),
        ("s", [ev("a")], "1", StoreInputError),
        ("s", [ev("a")], 1.0, StoreInputError),
        ("s", [ev("a")], True, StoreInputError),
        ("s", [ev("a")], None, StoreInputError),
        ("s", [ev("a")], -1, StoreError),
    ],
)
def test_bad_append_arguments(
    store: EventStore, stream: Any, events: Any, expected: Any, error: type[Exception]
) -> None:
    store.append("s", [ev("first")])
    before = snapshot(store)
    with pytest.raises(error) as caught:
        store.append(stream, events, expected)
    assert str(caught.value)
    assert snapshot(store) == before


def test_a_bad_item_is_named_by_its_index(store: EventStore) -> None:
    with pytest.raises(StoreInputError, match=r"item 1 of the append is a dict, not an Event"):
        store.append("s", [ev("a"), {"id": "b"}, ev("c")])
    assert isinstance(StoreInputError("x"), TypeError)


def test_an_unregistered_event_class_is_refused(store: EventStore) -> None:
    @attrs.frozen(kw_only=True)
    class Unregistered(Event):
        extra: int = 0

    loose = Unregistered(id="loose", when=WHEN, summary="not a kind")
    with pytest.raises(StoreInputError, match="not a registered kind"):
        store.append("s", [ev("fine"), loose])
    assert store.head == 0


def test_bad_read_arguments(store: EventStore) -> None:
    with pytest.raises(StoreInputError):
        store.read(3)  # type: ignore[arg-type]
    with pytest.raises(StoreInputError):
        store.read("s", from_version="1")  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.read("s", from_version=-1)
    with pytest.raises(StoreInputError):
        store.read_all(after=True)
    with pytest.raises(StoreError):
        store.read_all(after=-5)
    with pytest.raises(StoreInputError):
        store.subscribe("not callable")  # type: ignore[arg-type]


def test_any_iterable_of_events_is_accepted(store: EventStore) -> None:
    store.append("s", (e for e in evs("g", 3)))
    store.append("s", tuple(evs("t", 2)))
    assert store.head == 5


# -- subscriptions ------------------------------------------------------------------------


def test_subscribe_live_only_by_default(store: EventStore) -> None:
    store.append("s", evs("old", 2))
    seen: list[Recorded] = []
    subscription = store.subscribe(seen.append)
    assert seen == []
    store.append("s", evs("new", 2))
    store.append("t", evs("other", 1))
    assert [r.position for r in seen] == [3, 4, 5]
    assert subscription.position == 5
    subscription.close()
    store.append("s", evs("later", 1))
    assert len(seen) == 3
    assert subscription.closed


def test_subscribe_catches_up_from_a_position(store: EventStore) -> None:
    store.append("s", evs("old", 4))
    seen: list[int] = []
    with store.subscribe(lambda r: seen.append(r.position), after=2):
        assert seen == [3, 4]
        store.append("s", evs("new", 1))
    store.append("s", evs("after-close", 1))
    assert seen == [3, 4, 5]


def test_a_subscriber_that_appends_sees_everything_once_in_order(store: EventStore) -> None:
    seen: list[int] = []

    def react(recorded: Recorded) -> None:
        seen.append(recorded.position)
        if recorded.stream == "orders":
            store.append("reactions", [ev(f"re-{recorded.event.id}")])

    store.subscribe(react, after=0)
    store.append("orders", evs("o", 3))
    assert seen == [1, 2, 3, 4, 5, 6]
    assert [r.stream for r in store.read_all()] == ["orders"] * 3 + ["reactions"] * 3


def test_a_failing_subscriber_is_closed_and_the_append_stands(store: EventStore) -> None:
    def broken(recorded: Recorded) -> None:
        raise RuntimeError("boom")

    healthy: list[int] = []
    subscription = store.subscribe(broken)
    store.subscribe(lambda r: healthy.append(r.position))
    with pytest.warns(RuntimeWarning, match="boom"):
        result = store.append("s", evs("a", 2))
    assert result.appended == 2
    assert subscription.closed
    assert isinstance(subscription.error, RuntimeError)
    assert subscription.position == 0
    assert healthy == [1, 2]
    store.append("s", evs("b", 1))
    assert healthy == [1, 2, 3]


def test_noop_appends_do_not_notify(store: EventStore) -> None:
    store.append("s", [ev("x")])
    seen: list[Recorded] = []
    store.subscribe(seen.append)
    store.append("s", [ev("x")])
    assert seen == []


def test_closing_the_store_closes_subscriptions(store: EventStore) -> None:
    subscription = store.subscribe(lambda r: None)
    store.close()
    assert subscription.closed
    assert store.closed


# -- threads and lifetime ------------------------------------------------------------------


def test_concurrent_appends_from_threads(store: EventStore) -> None:
    def work(name: str) -> None:
        for batch in range(20):
            store.append(name, evs(f"{name}-{batch}", 5))

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = list(store.read_all())
    assert [r.position for r in records] == list(range(1, 401))
    for name in ("t0", "t1", "t2", "t3"):
        stream = list(store.read(name))
        assert [r.version for r in stream] == list(range(1, 101))
        assert [r.event.id for r in stream] == [
            e.id for b in range(20) for e in evs(f"{name}-{b}", 5)
        ]


def test_a_subscriber_sees_every_event_once_in_order_under_threads(store: EventStore) -> None:
    seen: list[int] = []
    store.subscribe(lambda r: seen.append(r.position), after=0)

    def work(name: str) -> None:
        for batch in range(15):
            store.append(name, evs(f"{name}-{batch}", 3))

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == list(range(1, 4 * 15 * 3 + 1))


def test_a_closed_store_refuses_use(store: EventStore) -> None:
    store.append("s", [ev("x")])
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreClosedError):
        store.append("s", [ev("y")])
    with pytest.raises(StoreClosedError):
        store.read_all()


def test_context_manager_closes(make_store: StoreFactory) -> None:
    with make_store() as store:
        store.append("s", [ev("x")])
    assert store.closed


def test_recorded_is_immutable_and_compares_by_value(store: EventStore) -> None:
    store.append("s", [ev("x")])
    first = next(store.read_all())
    again = next(store.read_all())
    assert first == again
    with pytest.raises(AttributeError):
        first.version = 5  # type: ignore[misc]
