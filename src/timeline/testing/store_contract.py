# ruff: noqa: PT009, PT027  (a unittest.TestCase, so that the suite runs without pytest)
"""The store contract as a test suite: subclass :class:`StoreContract` for a backend.

Every backend of :class:`~timeline.store.EventStore` must pass it; the
in-memory and SQLite stores do, in this repository's own tests. It is a
:class:`unittest.TestCase`, so it runs under ``unittest`` and under pytest
alike, and needs neither pytest nor its fixtures.
"""

from __future__ import annotations

import shutil
import tempfile
from abc import abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

import attrs
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from timeline.events import Event
from timeline.store import (
    ANY,
    EXISTS,
    NO_STREAM,
    AppendResult,
    ConcurrencyError,
    DuplicateEventError,
    EventStore,
    ExpectedVersion,
    Recorded,
    StoreError,
    StoreInputError,
)
from timeline.testing._follow_contract import _FollowContract
from timeline.testing._live_contract import _LiveContract
from timeline.testing._lookup_contract import _LookupContract
from timeline.testing.samples import SAMPLE_WHEN, SampleCapture, make_event, make_events
from timeline.testing.store_model import StoreMachine

__all__ = ["StoreContract"]


def _everything(store: EventStore) -> list[Recorded]:
    return list(store.read_all())


class StoreContract(_LookupContract, _LiveContract, _FollowContract):
    """The store contract: subclass it, implement :meth:`create_store`, and run it.

    Each test gets a fresh, empty store in :attr:`store`; :meth:`new_store`
    makes more (for a clock of your choosing). Every store made is closed and
    its scratch directory removed after the test. :meth:`test_matches_the_model`
    runs :class:`~timeline.testing.StoreMachine` against the backend as well.

    Import the module rather than the class into a test module (``from
    timeline import testing``), so that the test runner does not try to run
    the abstract class itself.
    """

    stateful_step_count: ClassVar[int] = 25
    """Steps per run of the model-based test (Hypothesis's ``max_examples`` sets the runs)."""

    store: EventStore
    """The fresh, empty store of the test being run."""

    @abstractmethod
    def create_store(self, directory: Path, **options: Any) -> EventStore:
        """A fresh, empty store of the backend under test.

        Args:
            directory: an empty scratch directory of its own, for backends
                that keep files.
            options: keyword arguments the store must accept, passed on to
                :class:`~timeline.store.EventStore` (today: ``clock``).
        """

    def setUp(self) -> None:
        """Make :attr:`store`."""
        super().setUp()
        self.store = self.new_store()

    def new_store(self, **options: Any) -> EventStore:
        """Another fresh store from :meth:`create_store`, cleaned up after the test."""
        directory = Path(tempfile.mkdtemp(prefix="timeline-contract-"))
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        store = self.create_store(directory, **options)
        self.addCleanup(store.close)
        return store

    def test_matches_the_model(self) -> None:
        """Random appends of every sort do what :class:`~timeline.testing.StoreModel` says."""
        create = self.create_store

        class Machine(StoreMachine):
            def create_store(self, directory: Path) -> EventStore:
                return create(directory)

        run_state_machine_as_test(
            Machine,
            # No deadline: a backend over a network may take its time; the model is what counts.
            settings=settings(stateful_step_count=self.stateful_step_count, deadline=None),
        )

    # -- empty store, numbering ----------------------------------------------------------

    def test_empty_store(self) -> None:
        store = self.store
        self.assertEqual(store.head, 0)
        self.assertEqual(len(store), 0)
        self.assertEqual(store.streams(), [])
        self.assertEqual(list(store.read("nothing")), [])
        self.assertEqual(list(store.read_all()), [])
        self.assertEqual(store.stream_version("nothing"), 0)

    def test_versions_from_1_and_positions_global_and_gapless(self) -> None:
        store = self.store
        self.assertEqual(
            store.append("a", make_events("a", 2)),
            AppendResult(version=2, positions=(1, 2), appended=2),
        )
        self.assertEqual(
            store.append("b", make_events("b", 1)),
            AppendResult(version=1, positions=(3,), appended=1),
        )
        self.assertEqual(store.append("a", make_events("a2", 3)), AppendResult(3 + 2, (4, 5, 6), 3))
        self.assertEqual(store.head, 6)
        self.assertEqual(
            [(r.stream, r.version, r.position) for r in store.read_all()],
            [
                ("a", 1, 1),
                ("a", 2, 2),
                ("b", 1, 3),
                ("a", 3, 4),
                ("a", 4, 5),
                ("a", 5, 6),
            ],
        )
        self.assertEqual([r.version for r in store.read("a")], [1, 2, 3, 4, 5])
        self.assertEqual(store.stream_version("a"), 5)
        self.assertEqual(store.stream_version("b"), 1)
        self.assertEqual(store.streams(), ["a", "b"])

    def test_events_come_back_equal_and_of_their_kind(self) -> None:
        store = self.store
        events = [
            make_event("plain", actors=["syrian-army"], tags={"capture"}, data={"n": [1, 2]}),
            SampleCapture(
                id="nairab", when=SAMPLE_WHEN, summary="Nairab taken", place="nairab", by="saa"
            ),
        ]
        store.append("idlib", events)
        back = [r.event for r in store.read("idlib")]
        self.assertEqual(back, events)
        self.assertIs(type(back[1]), SampleCapture)

    def test_read_from_version_is_inclusive(self) -> None:
        store = self.store
        store.append("s", make_events("s", 5))
        self.assertEqual([r.version for r in store.read("s", from_version=0)], [1, 2, 3, 4, 5])
        self.assertEqual([r.version for r in store.read("s", from_version=1)], [1, 2, 3, 4, 5])
        self.assertEqual([r.version for r in store.read("s", from_version=4)], [4, 5])
        self.assertEqual(list(store.read("s", from_version=6)), [])

    def test_read_all_after_is_exclusive(self) -> None:
        store = self.store
        store.append("a", make_events("a", 3))
        store.append("b", make_events("b", 2))
        self.assertEqual([r.position for r in store.read_all(after=0)], [1, 2, 3, 4, 5])
        self.assertEqual([r.position for r in store.read_all(after=3)], [4, 5])
        self.assertEqual(list(store.read_all(after=5)), [])
        self.assertEqual(list(store.read_all(after=99)), [])

    def test_reading_is_a_snapshot_of_the_call(self) -> None:
        store = self.store
        store.append("s", make_events("s", 3))
        by_stream = store.read("s")
        everything = store.read_all()
        store.append("s", make_events("t", 2))
        self.assertEqual(len(list(by_stream)), 3)
        self.assertEqual(len(list(everything)), 3)

    def test_large_reads_cross_pages(self) -> None:
        store = self.store
        store.append("big", make_events("big", 2500))
        self.assertEqual(
            [r.version for r in store.read("big", from_version=2)], list(range(2, 2501))
        )
        self.assertEqual([r.position for r in store.read_all(after=10)], list(range(11, 2501)))

    def test_streams_listed_in_order_of_first_event(self) -> None:
        store = self.store
        store.append("zeta", make_events("z", 1))
        store.append("alpha", make_events("a", 1))
        store.append("zeta", make_events("z2", 1))
        store.append("mid", make_events("m", 1))
        self.assertEqual(store.streams(), ["zeta", "alpha", "mid"])

    # -- expected versions ------------------------------------------------------------------

    def test_expected_versions_that_hold(self) -> None:
        store = self.store
        self.assertEqual(store.append("s", make_events("a", 1), NO_STREAM).version, 1)
        self.assertEqual(store.append("s", make_events("b", 1), EXISTS).version, 2)
        self.assertEqual(store.append("s", make_events("c", 1), 2).version, 3)
        self.assertEqual(store.append("s", make_events("d", 1), ANY).version, 4)
        self.assertEqual(
            store.append("t", make_events("e", 1), 0).version, 1
        )  # 0 is "no events yet"

    def check_conflict(self, existing: int, expected: ExpectedVersion, wanted: str) -> None:
        """A conflict names the stream, what was expected and what was found."""
        store = self.store
        if existing:
            store.append("idlib", make_events("x", existing))
        before = _everything(store)
        with self.assertRaises(ConcurrencyError) as caught:
            store.append("idlib", make_events("new", 2), expected)
        error = caught.exception
        self.assertEqual(
            (error.stream, error.expected, error.actual), ("idlib", expected, existing)
        )
        message = str(error)
        self.assertIn("'idlib'", message)
        self.assertIn(wanted, message)
        self.assertIn(f"version {existing}" if existing else "does not exist", message)
        self.assertEqual(_everything(store), before)
        self.assertIsInstance(error, StoreError)

    def test_empty_append_checks_the_version_and_records_nothing(self) -> None:
        store = self.store
        self.assertEqual(store.append("s", [], NO_STREAM), AppendResult(0, (), 0))
        store.append("s", make_events("a", 2))
        self.assertEqual(store.append("s", [], 2), AppendResult(2, (), 0))
        with self.assertRaises(ConcurrencyError):
            store.append("s", [], NO_STREAM)
        self.assertEqual(store.head, 2)

    # -- repeats and duplicates -----------------------------------------------------------

    def test_reappending_an_identical_event_is_a_noop(self) -> None:
        store = self.store
        store.append("s", make_events("a", 3))
        again = make_event("a-1", "event 1 of a")  # a new, equal object
        self.assertEqual(store.append("s", [again]), AppendResult(3, (2,), 0))
        self.assertEqual(store.head, 3)

    def test_a_retried_append_succeeds_whatever_the_expected_version(self) -> None:
        store = self.store
        batch = make_events("a", 3)
        first = store.append("s", batch, NO_STREAM)
        store.append("s", make_events("b", 1))
        retry = store.append("s", batch, NO_STREAM)
        self.assertEqual(retry, AppendResult(4, first.positions, 0))
        self.assertEqual(store.head, 4)

    def test_a_mixed_batch_records_only_the_new_events(self) -> None:
        store = self.store
        store.append("s", make_events("a", 2))
        result = store.append(
            "s", [make_event("n-0"), make_event("a-0", "event 0 of a"), make_event("n-1")], 2
        )
        self.assertEqual(result, AppendResult(4, (3, 1, 4), 2))
        self.assertEqual([r.event.id for r in store.read("s")], ["a-0", "a-1", "n-0", "n-1"])

    def test_a_mixed_batch_checks_the_expected_version(self) -> None:
        store = self.store
        store.append("s", make_events("a", 2))
        with self.assertRaises(ConcurrencyError):
            store.append("s", [make_event("a-0", "event 0 of a"), make_event("n-0")], 1)
        self.assertEqual(store.head, 2)

    def test_an_identical_repeat_inside_a_batch_is_recorded_once(self) -> None:
        store = self.store
        result = store.append("s", [make_event("x"), make_event("y"), make_event("x")])
        self.assertEqual(result, AppendResult(2, (1, 2, 1), 2))

    def test_a_different_event_under_a_used_id_is_refused(self) -> None:
        store = self.store
        store.append("s", make_events("a", 2))
        before = _everything(store)
        with self.assertRaises(DuplicateEventError) as caught:
            store.append(
                "s", [make_event("n-0"), make_event("a-1", "another summary"), make_event("n-1")]
            )
        error = caught.exception
        self.assertEqual((error.event_id, error.stream, error.position), ("a-1", "s", 2))
        self.assertIn("'a-1'", str(error))
        self.assertIn("position 2", str(error))
        self.assertEqual(_everything(store), before)

    def test_a_used_id_in_another_stream_is_refused(self) -> None:
        store = self.store
        store.append("s", [make_event("x")])
        with self.assertRaisesRegex(DuplicateEventError, "one stream only"):
            store.append("t", [make_event("x")])
        self.assertEqual(store.streams(), ["s"])

    def test_different_events_under_one_id_in_a_batch_are_refused(self) -> None:
        store = self.store
        with self.assertRaisesRegex(DuplicateEventError, "earlier in the same append"):
            store.append("s", [make_event("x", "one"), make_event("y"), make_event("x", "two")])
        self.assertEqual(store.head, 0)

    def test_no_update_or_delete_in_the_api(self) -> None:
        store = self.store
        for name in ("update", "delete", "remove", "replace", "truncate", "clear", "__setitem__"):
            self.assertFalse(hasattr(store, name))

    # -- recorded time ----------------------------------------------------------------------

    def test_recorded_at_is_aware_utc_shared_by_a_batch_and_never_decreasing(self) -> None:
        store = self.store
        before = datetime.now(UTC)
        store.append("s", make_events("a", 3))
        store.append("s", make_events("b", 2))
        times = [r.recorded_at for r in store.read_all()]
        self.assertTrue(all(t.utcoffset() == timedelta(0) for t in times))
        self.assertEqual(len(set(times[:3])), 1)
        self.assertEqual(times, sorted(times))
        self.assertGreaterEqual(times[0], before - timedelta(seconds=1))

    def test_recorded_at_holds_when_the_clock_goes_back(self) -> None:
        make_store = self.new_store
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
            store.append("s", [make_event(f"e{index}")])
        times = [r.recorded_at for r in store.read_all()]
        self.assertEqual(
            times,
            [
                datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
                datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
                datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
                datetime(2026, 1, 2, 0, 0, tzinfo=UTC),
            ],
        )
        self.assertTrue(all(t.tzinfo is UTC for t in times))

    def test_a_naive_clock_is_refused(self) -> None:
        make_store = self.new_store
        store = make_store(clock=lambda: datetime(2026, 1, 1))
        with self.assertRaisesRegex(StoreError, "naive"):
            store.append("s", [make_event("x")])
        self.assertEqual(store.head, 0)

    # -- bad input ----------------------------------------------------------------------------

    def check_bad_append(
        self, stream: Any, events: Any, expected: Any, error: type[Exception]
    ) -> None:
        """A bad argument raises ``error`` and records nothing."""
        store = self.store
        store.append("s", [make_event("first")])
        before = _everything(store)
        with self.assertRaises(error) as caught:
            store.append(stream, events, expected)
        self.assertTrue(str(caught.exception))
        self.assertEqual(_everything(store), before)

    def test_a_bad_item_is_named_by_its_index(self) -> None:
        store = self.store
        with self.assertRaisesRegex(
            StoreInputError, r"item 1 of the append is a dict, not an Event"
        ):
            store.append("s", [make_event("a"), {"id": "b"}, make_event("c")])  # type: ignore[list-item]
        self.assertIsInstance(StoreInputError("x"), TypeError)

    def test_an_unregistered_event_class_is_refused(self) -> None:
        store = self.store

        @attrs.frozen(kw_only=True)
        class Unregistered(Event):
            extra: int = 0

        loose = Unregistered(id="loose", when=SAMPLE_WHEN, summary="not a kind")
        with self.assertRaisesRegex(StoreInputError, "not a registered kind"):
            store.append("s", [make_event("fine"), loose])
        self.assertEqual(store.head, 0)

    def test_bad_read_arguments(self) -> None:
        store = self.store
        with self.assertRaises(StoreInputError):
            store.read(3)  # type: ignore[arg-type]
        with self.assertRaises(StoreInputError):
            store.read("s", from_version="1")  # type: ignore[arg-type]
        with self.assertRaises(StoreError):
            store.read("s", from_version=-1)
        with self.assertRaises(StoreInputError):
            store.read_all(after=True)
        with self.assertRaises(StoreError):
            store.read_all(after=-5)
        with self.assertRaises(StoreInputError):
            store.subscribe("not callable")  # type: ignore[arg-type]

    def test_any_iterable_of_events_is_accepted(self) -> None:
        store = self.store
        store.append("s", (e for e in make_events("g", 3)))
        store.append("s", tuple(make_events("t", 2)))
        self.assertEqual(store.head, 5)


# Each case below becomes a test of its own, as a parametrised test would.

_CONFLICTS: list[tuple[int, ExpectedVersion, str]] = [
    (0, EXISTS, "an existing stream"),
    (0, 1, "version 1"),
    (2, NO_STREAM, "no stream"),
    (2, 0, "version 0"),
    (2, 1, "version 1"),
    (2, 3, "version 3"),
]

_BAD_APPENDS: list[tuple[Any, Any, Any, type[Exception]]] = [
    (5, [], ANY, StoreInputError),
    (None, [], ANY, StoreInputError),
    ("", [], ANY, StoreError),
    ("a\x00b", [], ANY, StoreError),
    ("s", make_event("single"), ANY, StoreInputError),
    ("s", "not events", ANY, StoreInputError),
    ("s", {"id": "x"}, ANY, StoreInputError),
    ("s", 42, ANY, StoreInputError),
    ("s", [make_event("a"), {"id": "b", "summary": "dict"}, make_event("c")], ANY, StoreInputError),
    ("s", [make_event("a"), None], ANY, StoreInputError),
    ("s", [make_event("a")], "1", StoreInputError),
    ("s", [make_event("a")], 1.0, StoreInputError),
    ("s", [make_event("a")], True, StoreInputError),
    ("s", [make_event("a")], None, StoreInputError),
    ("s", [make_event("a")], -1, StoreError),
]


def _case(check: str, *args: Any) -> Callable[[StoreContract], None]:
    def test(self: StoreContract) -> None:
        getattr(self, check)(*args)

    test.__doc__ = f"{check}{args!r}"
    return test


for _number, _conflict in enumerate(_CONFLICTS):
    setattr(
        StoreContract,
        f"test_conflicts_name_stream_expected_and_actual_{_number}",
        _case("check_conflict", *_conflict),
    )
for _number, _bad in enumerate(_BAD_APPENDS):
    setattr(StoreContract, f"test_bad_append_arguments_{_number}", _case("check_bad_append", *_bad))
del _number, _conflict, _bad
