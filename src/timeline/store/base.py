"""The store contract: what every backend promises, and the types it speaks in.

A store is an append-only log of :class:`~timeline.Event` objects, grouped in
named *streams*. Every backend (:class:`~timeline.MemoryStore`,
:class:`~timeline.SQLiteStore`, later PostgreSQL) implements
:class:`EventStore` and passes the same contract test suite.

Numbering
    * ``version``: the place of an event in its stream, from **1** for the
      first event. A stream's version is the number of events in it, so an
      empty or unknown stream is at version 0.
    * ``position``: the place of an event in the whole store, global and
      gapless from **1**, in append order. ``head`` is the last position (0
      when the store is empty).

Recorded time
    ``recorded_at`` is set by the store when it accepts an append (one value
    per call, shared by the events of a batch), as a timezone-aware UTC
    :class:`datetime.datetime`. It never goes backwards, even if the wall
    clock does: a store keeps the later of the clock and its last value.

Reported time
    ``reported_at`` (optional, per append) is when the reporting the events
    come from became known, e.g. a report's publication day. The store keeps
    it beside ``recorded_at`` and never checks its order: reports arrive in
    any order. :attr:`Recorded.known_time` is the reported time if given, else
    the recorded time; projections' ``known_at`` reads it.

Lookup by id
    :meth:`EventStore.get` and :meth:`EventStore.contains` find one event by
    its id without reading the log: a dict in memory, the unique index on
    ``event_id`` in SQLite.

Idempotence
    Appending an event whose id is already recorded *in the same stream* with
    identical content is a no-op that reports the existing position, so a
    retried append is safe. If every event of a call is such a repeat, the call
    succeeds without checking ``expected_version`` (it is a retry of an append
    that already happened; a repeat keeps its first ``reported_at``). A
    different event under a used id, or the same id in another stream, raises
    :class:`DuplicateEventError`.

Nothing recorded is ever changed or removed: the API has no update or delete.

Backends
    A backend implements storage only: a write transaction, reading back, and
    recording rows it is given (see :class:`EventStore` for the list). The
    rules above, the argument checks and subscriptions live in
    :class:`EventStore`, so every backend behaves the same. A new backend
    proves itself with :mod:`timeline.testing`.

Live consumers
    :meth:`EventStore.subscribe` (a callback) and :meth:`EventStore.follow`
    (an asyncio iterator) deliver every event after a position, in order,
    exactly once. Appends through the same store object wake them at once;
    a backend that can hear other processes (SQLite by polling its change
    counter, PostgreSQL by ``LISTEN``) starts a watcher for them with the
    first consumer (:meth:`EventStore._watch`).
"""

from __future__ import annotations

import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from types import TracebackType
from typing import ClassVar, Self

from timeline.errors import (
    ConcurrencyError,
    DuplicateEventError,
    RestoreError,
    StoreClosedError,
    StoreError,
    StoreFormatError,
    StoreInputError,
)
from timeline.events import Event
from timeline.store._checks import (
    Reported,
    _check_continuation,
    _check_count,
    _check_event_id,
    _check_events,
    _check_expected,
    _check_reported,
    _check_stream,
    _IdInUse,
    _reported_of_new,
    _verify_expected,
)
from timeline.store._constraints import ConstraintCheck
from timeline.store._references import ReferenceCheck, catalog_reader
from timeline.store._repeats import Known, _sort_repeats
from timeline.store.catalog import Catalog
from timeline.store.following import Follower
from timeline.store.records import (
    ANY,
    EXISTS,
    NO_STREAM,
    AppendResult,
    Expect,
    ExpectedVersion,
    Recorded,
)
from timeline.store.subscription import Subscription

__all__ = [
    "ANY",
    "EXISTS",
    "NO_STREAM",
    "AppendResult",
    "ConcurrencyError",
    "DuplicateEventError",
    "EventStore",
    "Expect",
    "ExpectedVersion",
    "Follower",
    "Recorded",
    "RestoreError",
    "StoreClosedError",
    "StoreError",
    "StoreFormatError",
    "StoreInputError",
    "Subscription",
]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class EventStore(ABC):
    """The contract every store backend implements.

    The public methods are template methods: they check arguments and apply
    the rules of the contract (expected versions, idempotent repeats,
    recorded time that never goes back, subscriptions), then call the
    backend's storage primitives. A backend implements only those:

    * :meth:`_writing`: an exclusive write transaction;
    * :meth:`_tail` and :meth:`_stream_version`: where the log and a stream end;
    * :meth:`_recorded`: which of some event ids are recorded, and how;
    * :meth:`_lookup`: the record of one event id;
    * :meth:`_insert` and :meth:`_insert_records`: record new rows;
    * :meth:`_read_stream` and :meth:`_read_after`: read back;
    * :meth:`streams` and :attr:`head`.
    """

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        """Set up the parts every backend shares.

        Args:
            clock: returns the current time as an aware datetime; the default
                is the system clock (``datetime.now(UTC)``). Tests pass their
                own to simulate a clock that jumps back.
        """
        self._subscriptions: set[Subscription] = set()
        # Appending threads and a backend's watcher deliver under this lock, so that an
        # append returns only once its events are delivered, whoever delivered them.
        self._delivering = threading.RLock()
        # Followers are dropped with their last reference (an abandoned ``async for``).
        self._followers: weakref.WeakSet[Follower] = weakref.WeakSet()
        self._closed = False
        self._clock: Callable[[], datetime] = clock or _utc_now
        self._references = ReferenceCheck()
        self._constraints = ConstraintCheck()

    # -- writing --------------------------------------------------------------

    def append(
        self,
        stream: str,
        events: Iterable[Event],
        expected_version: ExpectedVersion = ANY,
        *,
        reported_at: datetime | Sequence[datetime | None] | None = None,
    ) -> AppendResult:
        """Append ``events`` to ``stream``, all or nothing.

        Args:
            stream: the stream's name (a non-empty str).
            events: the events, in order (a list or any iterable of events).
            expected_version: :data:`ANY` (no check), :data:`NO_STREAM`,
                :data:`EXISTS`, or the exact version the stream must be at
                (0 means the same as :data:`NO_STREAM`).
            reported_at: when the reporting these events come from became
                known (an aware datetime, e.g. a report's publication day),
                kept on each new record as :attr:`Recorded.reported_at`;
                ``None`` (the default) records none. A list (or tuple) gives
                one per event, so reports of several days land in one atomic
                append. Repeats of recorded events keep the reported time
                they were first recorded with.

        Returns:
            The stream's new version and each event's global position.

        Raises:
            ConcurrencyError: the stream is not at ``expected_version``.
            ConstraintError: the events' constraints, with those recorded, cannot
                hold (a cycle, or bounds that cannot both hold).
            DuplicateEventError: an event id is already recorded with other
                content, or in another stream.
            UnknownReferenceError: an event refers to an event, a catalog
                entry or a name (an agreement) neither the store nor the batch holds.
            CatalogConflictError: a declaration contradicts the catalog.
            CorrectionRefusedError: a correction's changes cannot apply to
                the event it corrects.
            StoreInputError: an argument has the wrong type.
            StoreError: ``reported_at`` is a naive datetime.
        """
        self._check_open()
        name = _check_stream(stream)
        expected = _check_expected(expected_version)
        batch = _check_events(events)
        reported = _check_reported(reported_at, len(batch))
        ids = [event.id for event in batch]
        self._check_references(name, batch, ids)
        with self._constraints.checking(
            name, batch, self.get, self._read_constrained, lambda: self.head
        ):
            result = None
            if len(set(ids)) == len(ids):
                result = self._append_new(name, batch, ids, expected, reported)
            if result is None:
                result = self._append_with_repeats(name, batch, ids, expected, reported)
        if result.appended == len(result.positions):  # all new: positions run on from the head
            self._constraints.appended(result.positions)
        if result.appended and (self._subscriptions or self._followers):
            self._notify()
        return result

    def _check_references(self, stream: str, events: list[Event], ids: list[str]) -> None:
        """Refuse what a stream file would refuse: see :mod:`timeline.store._references`."""
        self._references.check(
            stream,
            events,
            ids,
            self._present,
            catalog_reader(self.read_all),
            lambda: self.head,
            self._recorded,
        )

    def _present(self, ids: list[str]) -> Collection[str]:
        """Those of ``ids`` (distinct) that are recorded; a backend may answer it cheaper."""
        return self._recorded(ids).keys()

    def _append_new(
        self,
        stream: str,
        events: list[Event],
        ids: list[str],
        expected: ExpectedVersion,
        reported: Reported,
    ) -> AppendResult | None:
        """The usual case, tried first: every event is new. ``None`` if one may be a repeat."""
        try:
            with self._writing():
                current = self._stream_version(stream)
                _verify_expected(stream, expected, current)
                head, last = self._tail()
                n = len(events)
                if n:
                    stamp = self._stamp(last)
                    self._insert(stream, events, ids, current + 1, head + 1, stamp, reported)
                return AppendResult(current + n, tuple(range(head + 1, head + n + 1)), n)
        except _IdInUse:
            return None  # a used id: a retry, a partial retry or a clash; sorted out next
        except ConcurrencyError:
            if not events:
                raise
            return None  # a retry of a recorded batch succeeds whatever the version

    def _append_with_repeats(
        self,
        stream: str,
        events: list[Event],
        ids: list[str],
        expected: ExpectedVersion,
        reported: Reported,
    ) -> AppendResult:
        """Append when some ids may be recorded already or repeat inside the batch."""
        with self._writing():
            current = self._stream_version(stream)
            head, last = self._tail()
            known = self._recorded(list(dict.fromkeys(ids)))
            new, new_ids, positions = _sort_repeats(stream, events, ids, known, head)
            if new or not events:  # a call of only repeats skips the version check
                _verify_expected(stream, expected, current)
            if new:
                stamp = self._stamp(last)
                reported = _reported_of_new(reported, ids, new_ids)
                self._insert(stream, new, new_ids, current + 1, head + 1, stamp, reported)
        return AppendResult(current + len(new), positions, len(new))

    def _restore(self, records: Sequence[Recorded]) -> None:
        """Record ``records`` exactly as given (positions, versions, times), atomically.

        Used by importers to make a lossless copy of another store. The records
        must continue this store: positions from ``head + 1`` gaplessly,
        versions continuing each stream, ``recorded_at`` not earlier than the
        last one, event ids unused. Raises :class:`~timeline.errors.RestoreError`
        (a :class:`StoreError` whose ``index`` names the first bad record)
        otherwise, with nothing recorded.
        """
        self._check_open()
        ids = [
            record.event.id
            for record in records
            if isinstance(record, Recorded) and isinstance(record.event, Event)
        ]
        with self._writing():
            used = self._recorded(list(dict.fromkeys(ids))) if ids else {}
            _check_continuation(records, self._tail(), self._stream_version, used)
            self._insert_records(records)
        if records and (self._subscriptions or self._followers):
            self._notify()

    # -- reading --------------------------------------------------------------

    def read(self, stream: str, from_version: int = 0) -> Iterator[Recorded]:
        """Iterate the events of ``stream`` whose version is ``>= from_version``.

        Versions start at 1, so the default (0) reads the whole stream. An
        unknown stream reads as empty. The iterator covers the events recorded
        when the call was made.
        """
        self._check_open()
        name = _check_stream(stream)
        return self._read_stream(name, _check_count(from_version, "from_version"))

    def read_all(self, after: int = 0, *, kinds: Iterable[str] | None = None) -> Iterator[Recorded]:
        """Iterate every event whose position is ``> after``, in position (append) order.

        The iterator covers the events recorded when the call was made. With
        ``kinds`` (kind names), only events of those kinds: a store may answer
        that from an index (SQLite does) rather than reading every event.
        """
        self._check_open()
        start = _check_count(after, "after")
        if kinds is None:
            return self._read_after(start)
        if isinstance(kinds, str):
            raise StoreInputError(
                f"kinds: expected a collection of kind names, not the str {kinds!r}"
            )
        return self._read_kinds(start, frozenset(kinds))

    def _read_kinds(self, after: int, kinds: frozenset[str]) -> Iterator[Recorded]:
        """The events of ``kinds`` after ``after``; a backend with an index overrides this."""
        return (r for r in self._read_after(after) if r.event.kind in kinds)

    def _read_constrained(self, after: int) -> Iterator[Recorded]:
        """The events after ``after`` that state constraints (the constraint check's catch-up).

        A backend overrides this to filter before decoding: an event without
        constraints has no ``"constraints"`` key in its stored JSON.
        """
        self._check_open()
        return (r for r in self._read_after(after) if r.event.constraints)

    def catalog(self) -> Catalog:
        """The store's catalog as it stands: sources, actors, places, stream settings.

        The one the append checks keep, read once and then caught up with what
        was declared since (by this store object or another writer), so asking
        again costs what is new, not the whole catalog. The copy returned is
        yours: later appends leave it alone. For the catalog as known at a
        time, use ``Catalog.of(store, known_at=...)``.
        """
        self._check_open()
        return self._references.catalog(catalog_reader(self.read_all), lambda: self.head)

    def get(self, event_id: str) -> Recorded | None:
        """The record of the event with id ``event_id``, or ``None`` if none is recorded.

        Like :meth:`dict.get`: a missing id is not an error. O(1) in memory,
        one index lookup in SQLite.

        Raises:
            StoreInputError: ``event_id`` is not a str.
        """
        self._check_open()
        return self._lookup(_check_event_id(event_id))

    def contains(self, event_id: str) -> bool:
        """Whether an event with id ``event_id`` is recorded (in any stream).

        Raises:
            StoreInputError: ``event_id`` is not a str.
        """
        self._check_open()
        return bool(self._recorded([_check_event_id(event_id)]))

    def stream_version(self, stream: str) -> int:
        """The version of ``stream``: its number of events (0 if it has none)."""
        return self._stream_version(_check_stream(stream))

    @abstractmethod
    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""

    @property
    @abstractmethod
    def head(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""

    def __len__(self) -> int:
        """The number of recorded events (the same as :attr:`head`)."""
        return self.head

    # -- storage primitives: what a backend implements ----------------------------

    @abstractmethod
    def _writing(self) -> AbstractContextManager[object]:
        """An exclusive write transaction: commit on a normal exit, undo everything on an error.

        Every other writer (thread or process) waits for it, and what the
        primitives below read inside it stays true until it ends. Raises
        :class:`StoreClosedError` if the store is closed.
        """

    @abstractmethod
    def _tail(self) -> tuple[int, datetime | None]:
        """The head position and the recorded time there (``(0, None)`` when empty)."""

    @abstractmethod
    def _stream_version(self, stream: str) -> int:
        """The version of ``stream`` (a checked name): 0 if it has no events."""

    @abstractmethod
    def _recorded(self, ids: list[str]) -> Known:
        """Those of ``ids`` (distinct) already recorded: their stream, position and event.

        The event is ``None`` if this version of the library cannot read it
        back; it then counts as different from any event appended.
        """

    @abstractmethod
    def _lookup(self, event_id: str) -> Recorded | None:
        """The record of ``event_id``, or ``None``: O(1) or O(log n), never a scan."""

    @abstractmethod
    def _insert(
        self,
        stream: str,
        events: list[Event],
        ids: list[str],
        version: int,
        position: int,
        recorded_at: datetime,
        reported_at: Reported,
    ) -> None:
        """Record ``events`` (with their ``ids``) at the end of ``stream``, inside :meth:`_writing`.

        The first takes stream version ``version`` and global position
        ``position``, the next ones follow; all share ``recorded_at``, and
        ``reported_at`` (aware UTC, or ``None``), or each takes its own from
        a list of one per event (``_each_reported`` reads either). Raise
        ``_IdInUse`` (from ``timeline.store._checks``) if an id is already
        recorded: storage keeps ids unique, the contract decides about repeats.
        """

    @abstractmethod
    def _insert_records(self, records: Sequence[Recorded]) -> None:
        """Record ``records`` exactly as given, inside :meth:`_writing` (already checked)."""

    @abstractmethod
    def _read_stream(self, stream: str, from_version: int) -> Iterator[Recorded]:
        """Backend part of :meth:`read`: arguments are already checked."""

    @abstractmethod
    def _read_after(self, after: int) -> Iterator[Recorded]:
        """Backend part of :meth:`read_all`: ``after`` is already checked."""

    # -- live consumers ---------------------------------------------------------

    _reads_block: ClassVar[bool] = True
    """Whether reads wait on I/O (followers then read in a worker thread)."""

    def subscribe(
        self, callback: Callable[[Recorded], object], *, after: int | None = None
    ) -> Subscription:
        """Call ``callback`` with each newly recorded event, in position order.

        Args:
            callback: called once per :class:`Recorded`, after the append is
                recorded: in the thread that appended through this store
                object, or in the store's watcher thread for events other
                processes append (SQLite, PostgreSQL).
            after: catch up first: deliver every event after this position
                (0 for the whole history) before going live. ``None`` (the
                default) delivers only events appended from now on.

        Returns:
            A :class:`Subscription`; call its ``close()`` to stop.
        """
        self._check_open()
        if not callable(callback):
            raise StoreInputError(f"callback must be callable, not {type(callback).__name__}")
        with self._delivering:
            start = self.head if after is None else _check_count(after, "after")
            subscription = Subscription(self, callback, start)
            self._subscriptions.add(subscription)
            subscription.pump()
        self._watch()
        return subscription

    def follow(self, *, after: int | None = 0) -> Follower:
        """Follow the store from asyncio: every event after ``after``, then each new one.

        ``async for recorded in store.follow(after=n)`` catches up from
        position ``n`` (0, the default, for the whole history; ``None`` for
        only events recorded from now on), then waits for new events without
        blocking the event loop, and hands each :class:`Recorded` out once, in
        position order. Events appended by other processes come too, where the
        backend can hear them (SQLite within its ``poll_interval``, PostgreSQL
        by ``LISTEN``/``NOTIFY``). The iteration ends when the follower or the
        store is closed; to resume later, follow again from
        ``follower.position``.

        Raises:
            StoreInputError: ``after`` is not a position.
        """
        self._check_open()
        start = self.head if after is None else _check_count(after, "after")
        follower = Follower(self, start, blocking=self._reads_block)
        self._followers.add(follower)
        self._watch()
        return follower

    def _watch(self) -> None:
        """Start hearing appends by other processes, if the backend can (a no-op here).

        Called with each new subscription or follower; the backend's watcher
        calls :meth:`_notify` when it hears of something new.
        """
        return  # memory: nothing else can append to it

    def unsubscribe(self, subscription: Subscription) -> None:
        """Stop delivering to ``subscription`` (the same as its ``close()``). Safe to repeat."""
        self._subscriptions.discard(subscription)
        if not subscription.closed:
            subscription.close()

    def _notify(self) -> None:
        for follower in list(self._followers):
            follower.wake()
        with self._delivering:
            for subscription in list(self._subscriptions):
                subscription.pump()

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Release resources and close every subscription. Safe to call twice."""
        self._closed = True
        for subscription in list(self._subscriptions):
            subscription.close()
        for follower in list(self._followers):
            follower.wake()  # a waiting iteration sees the store closed and ends

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise StoreClosedError(f"{type(self).__name__} is closed")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _stamp(self, last: datetime | None) -> datetime:
        """The recorded time for a new append: now, but never before ``last``."""
        now = self._clock()
        if now.tzinfo is not UTC:
            if now.utcoffset() is None:
                raise StoreError(f"the store's clock returned a naive datetime: {now!r}")
            now = now.astimezone(UTC)
        if last is not None and now < last:
            return last
        return now
