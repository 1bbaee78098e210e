# ruff: noqa: PT009, PT027  (a unittest.TestCase, so that the suite runs without pytest)
"""The store contract's tests of lookup by id and reported time (part of ``StoreContract``)."""

from __future__ import annotations

import unittest
from abc import ABC
from datetime import UTC, datetime, timedelta, timezone

from timeline.store import EventStore, Recorded, StoreClosedError, StoreError, StoreInputError
from timeline.testing.samples import make_event, make_events

_FEB_3 = datetime(2020, 2, 3, tzinfo=UTC)
_FEB_28 = datetime(2020, 2, 28, tzinfo=UTC)


class _LookupContract(unittest.TestCase, ABC):
    """Lookup by id and reported time: mixed into :class:`~timeline.testing.StoreContract`."""

    store: EventStore

    # -- lookup by id -------------------------------------------------------------------------

    def test_get_returns_the_record_of_an_id(self) -> None:
        store = self.store
        store.append("a", make_events("a", 3))
        store.append("b", make_events("b", 2))
        for recorded in store.read_all():
            self.assertEqual(store.get(recorded.event.id), recorded)
            self.assertTrue(store.contains(recorded.event.id))

    def test_get_of_an_unknown_id_is_none(self) -> None:
        store = self.store
        self.assertIsNone(store.get("nothing"))
        self.assertFalse(store.contains("nothing"))
        store.append("s", [make_event("x")])
        self.assertIsNone(store.get("X"))
        self.assertFalse(store.contains("x-1"))

    def test_get_after_many_appends_and_a_repeat(self) -> None:
        store = self.store
        for index in range(30):
            store.append(f"s{index % 3}", [make_event(f"e{index}")])
        store.append("s0", [make_event("e0")])  # an identical repeat records nothing
        found = store.get("e17")
        assert found is not None
        self.assertEqual((found.stream, found.version, found.position), ("s2", 6, 18))
        self.assertEqual(store.get("e0"), next(store.read_all()))

    def test_lookup_arguments_are_checked(self) -> None:
        store = self.store
        with self.assertRaises(StoreInputError):
            store.get(3)  # type: ignore[arg-type]
        with self.assertRaises(StoreInputError):
            store.contains(None)  # type: ignore[arg-type]

    def test_lookup_on_a_closed_store_is_refused(self) -> None:
        store = self.store
        store.close()
        with self.assertRaises(StoreClosedError):
            store.get("x")
        with self.assertRaises(StoreClosedError):
            store.contains("x")

    # -- reported time ------------------------------------------------------------------------

    def test_reported_at_is_kept_per_append_apart_from_recorded_at(self) -> None:
        store = self.store
        store.append("s", make_events("late", 2), reported_at=_FEB_28)
        store.append("s", make_events("early", 1), reported_at=_FEB_3)
        store.append("s", make_events("plain", 1))
        records = list(store.read_all())
        self.assertEqual([r.reported_at for r in records], [_FEB_28, _FEB_28, _FEB_3, None])
        self.assertEqual([r.known_time for r in records[:3]], [_FEB_28, _FEB_28, _FEB_3])
        self.assertEqual(records[3].known_time, records[3].recorded_at)
        times = [r.recorded_at for r in records]
        self.assertEqual(times, sorted(times))  # the store's own clock is untouched
        self.assertEqual(store.get("early-0"), records[2])

    def test_reported_at_is_stored_as_utc(self) -> None:
        store = self.store
        damascus = timezone(timedelta(hours=2))
        store.append("s", [make_event("x")], reported_at=datetime(2020, 2, 3, 2, tzinfo=damascus))
        (recorded,) = store.read_all()
        self.assertEqual(recorded.reported_at, datetime(2020, 2, 3, tzinfo=UTC))
        assert recorded.reported_at is not None
        self.assertEqual(recorded.reported_at.utcoffset(), timedelta(0))

    def test_a_repeat_keeps_its_first_reported_at(self) -> None:
        store = self.store
        store.append("s", [make_event("x")], reported_at=_FEB_3)
        result = store.append("s", [make_event("x"), make_event("y")], reported_at=_FEB_28)
        self.assertEqual(result.appended, 1)
        self.assertEqual([r.reported_at for r in store.read_all()], [_FEB_3, _FEB_28])

    def test_reported_at_may_be_given_per_event_in_one_append(self) -> None:
        store = self.store
        damascus = timezone(timedelta(hours=2))
        early = datetime(2020, 2, 3, 2, tzinfo=damascus)
        result = store.append("s", make_events("r", 3), reported_at=[early, None, _FEB_28])
        self.assertEqual(result.appended, 3)
        records = list(store.read_all())
        self.assertEqual([r.reported_at for r in records], [_FEB_3, None, _FEB_28])
        self.assertEqual(len({r.recorded_at for r in records}), 1)  # one append, one time

    def test_per_event_reported_at_follows_the_new_events_of_a_retry(self) -> None:
        store = self.store
        store.append("s", [make_event("x")], reported_at=_FEB_3)
        batch = [make_event("x"), make_event("y"), make_event("y")]
        result = store.append("s", batch, reported_at=(_FEB_28, None, _FEB_28))
        self.assertEqual(result.appended, 1)
        self.assertEqual([r.reported_at for r in store.read_all()], [_FEB_3, None])

    def test_per_event_reported_at_of_the_wrong_length_is_refused(self) -> None:
        store = self.store
        with self.assertRaisesRegex(StoreInputError, "2 values for 3 events"):
            store.append("s", make_events("r", 3), reported_at=[_FEB_3, _FEB_28])
        with self.assertRaisesRegex(StoreError, r"reported_at\[1\] must be timezone-aware"):
            store.append("s", make_events("r", 2), reported_at=[_FEB_3, datetime(2020, 2, 3)])
        self.assertEqual(store.head, 0)

    def test_a_bad_reported_at_is_refused_and_records_nothing(self) -> None:
        store = self.store
        with self.assertRaises(StoreError):
            store.append("s", [make_event("x")], reported_at=datetime(2020, 2, 3))
        with self.assertRaises(StoreInputError):
            store.append("s", [make_event("x")], reported_at="2020-02-03")  # type: ignore[arg-type]
        self.assertEqual(store.head, 0)

    def test_restore_keeps_reported_at(self) -> None:
        store = self.store
        event = make_event("r")
        at = datetime(2026, 1, 1, tzinfo=UTC)
        store._restore([Recorded(event, "s", 1, 1, at, _FEB_3)])
        self.assertEqual(store.get("r"), Recorded(event, "s", 1, 1, at, _FEB_3))
