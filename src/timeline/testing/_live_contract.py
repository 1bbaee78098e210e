# ruff: noqa: PT009, PT027  (a unittest.TestCase, so that the suite runs without pytest)
"""The store contract's tests of subscriptions, threads and lifetime (part of ``StoreContract``)."""

from __future__ import annotations

import threading
import unittest
from abc import ABC, abstractmethod
from typing import Any

from timeline.store import EventStore, Recorded, StoreClosedError
from timeline.testing.samples import make_event, make_events


class _LiveContract(unittest.TestCase, ABC):
    """Subscriptions, threads, closing: mixed into :class:`~timeline.testing.StoreContract`."""

    store: EventStore

    @abstractmethod
    def new_store(self, **options: Any) -> EventStore:
        """A fresh store of the backend under test (see ``StoreContract``)."""

    # -- subscriptions ------------------------------------------------------------------------

    def test_subscribe_live_only_by_default(self) -> None:
        store = self.store
        store.append("s", make_events("old", 2))
        seen: list[Recorded] = []
        subscription = store.subscribe(seen.append)
        self.assertEqual(seen, [])
        store.append("s", make_events("new", 2))
        store.append("t", make_events("other", 1))
        self.assertEqual([r.position for r in seen], [3, 4, 5])
        self.assertEqual(subscription.position, 5)
        subscription.close()
        store.append("s", make_events("later", 1))
        self.assertEqual(len(seen), 3)
        self.assertTrue(subscription.closed)

    def test_subscribe_catches_up_from_a_position(self) -> None:
        store = self.store
        store.append("s", make_events("old", 4))
        seen: list[int] = []
        with store.subscribe(lambda r: seen.append(r.position), after=2):
            self.assertEqual(seen, [3, 4])
            store.append("s", make_events("new", 1))
        store.append("s", make_events("after-close", 1))
        self.assertEqual(seen, [3, 4, 5])

    def test_a_subscriber_that_appends_sees_everything_once_in_order(self) -> None:
        store = self.store
        seen: list[int] = []

        def react(recorded: Recorded) -> None:
            seen.append(recorded.position)
            if recorded.stream == "orders":
                store.append("reactions", [make_event(f"re-{recorded.event.id}")])

        store.subscribe(react, after=0)
        store.append("orders", make_events("o", 3))
        self.assertEqual(seen, [1, 2, 3, 4, 5, 6])
        self.assertEqual([r.stream for r in store.read_all()], ["orders"] * 3 + ["reactions"] * 3)

    def test_a_failing_subscriber_is_closed_and_the_append_stands(self) -> None:
        store = self.store

        def broken(recorded: Recorded) -> None:
            raise RuntimeError("boom")

        healthy: list[int] = []
        subscription = store.subscribe(broken)
        store.subscribe(lambda r: healthy.append(r.position))
        with self.assertWarnsRegex(RuntimeWarning, "boom"):
            result = store.append("s", make_events("a", 2))
        self.assertEqual(result.appended, 2)
        self.assertTrue(subscription.closed)
        self.assertIsInstance(subscription.error, RuntimeError)
        self.assertEqual(subscription.position, 0)
        self.assertEqual(healthy, [1, 2])
        store.append("s", make_events("b", 1))
        self.assertEqual(healthy, [1, 2, 3])

    def test_noop_appends_do_not_notify(self) -> None:
        store = self.store
        store.append("s", [make_event("x")])
        seen: list[Recorded] = []
        store.subscribe(seen.append)
        store.append("s", [make_event("x")])
        self.assertEqual(seen, [])

    def test_closing_the_store_closes_subscriptions(self) -> None:
        store = self.store
        subscription = store.subscribe(lambda r: None)
        store.close()
        self.assertTrue(subscription.closed)
        self.assertTrue(store.closed)

    # -- threads and lifetime ------------------------------------------------------------------

    def test_concurrent_appends_from_threads(self) -> None:
        store = self.store

        def work(name: str) -> None:
            for batch in range(20):
                store.append(name, make_events(f"{name}-{batch}", 5))

        threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        records = list(store.read_all())
        self.assertEqual([r.position for r in records], list(range(1, 401)))
        for name in ("t0", "t1", "t2", "t3"):
            stream = list(store.read(name))
            self.assertEqual([r.version for r in stream], list(range(1, 101)))
            self.assertEqual(
                [r.event.id for r in stream],
                [e.id for b in range(20) for e in make_events(f"{name}-{b}", 5)],
            )

    def test_a_subscriber_sees_every_event_once_in_order_under_threads(self) -> None:
        store = self.store
        seen: list[int] = []
        store.subscribe(lambda r: seen.append(r.position), after=0)

        def work(name: str) -> None:
            for batch in range(15):
                store.append(name, make_events(f"{name}-{batch}", 3))

        threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(seen, list(range(1, 4 * 15 * 3 + 1)))

    def test_a_closed_store_refuses_use(self) -> None:
        store = self.store
        store.append("s", [make_event("x")])
        store.close()
        store.close()  # twice is fine
        with self.assertRaises(StoreClosedError):
            store.append("s", [make_event("y")])
        with self.assertRaises(StoreClosedError):
            store.read_all()

    def test_context_manager_closes(self) -> None:
        make_store = self.new_store
        with make_store() as store:
            store.append("s", [make_event("x")])
        self.assertTrue(store.closed)

    def test_recorded_is_immutable_and_compares_by_value(self) -> None:
        store = self.store
        store.append("s", [make_event("x")])
        first = next(store.read_all())
        again = next(store.read_all())
        self.assertEqual(first, again)
        with self.assertRaises(AttributeError):
            first.version = 5  # type: ignore[misc]
