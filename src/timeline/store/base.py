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

Idempotence
    Appending an event whose id is already recorded *in the same stream* with
    identical content is a no-op that reports the existing position, so a
    retried append is safe. If every event of a call is such a repeat, the call
    succeeds without checking ``expected_version`` (it is a retry of an append
    that already happened). A different event under a used id, or the same id
    in another stream, raises :class:`DuplicateEventError`.

Nothing recorded is ever changed or removed: the API has no update or delete.
"""

from __future__ import annotations

import threading
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from enum import Enum
from itertools import repeat
from types import TracebackType
from typing import Final, Self, TypeAlias

import attrs

from timeline.errors import (
    ConcurrencyError,
    DuplicateEventError,
    StoreClosedError,
    StoreError,
    StoreFormatError,
    StoreInputError,
)
from timeline.events import Event, kinds

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
    "Recorded",
    "StoreClosedError",
    "StoreError",
    "StoreFormatError",
    "StoreInputError",
    "Subscription",
]


# -- expected versions ------------------------------------------------------


class Expect(Enum):
    """Symbolic expected versions for :meth:`EventStore.append`."""

    ANY = "any"
    """No check: append whatever the stream's version."""
    NO_STREAM = "no stream"
    """The stream must not exist yet (version 0)."""
    EXISTS = "exists"
    """The stream must already have at least one event."""

    def __repr__(self) -> str:
        return self.name


ANY: Final = Expect.ANY
NO_STREAM: Final = Expect.NO_STREAM
EXISTS: Final = Expect.EXISTS

ExpectedVersion: TypeAlias = Expect | int
"""What :meth:`EventStore.append` accepts as ``expected_version``."""


# -- records ----------------------------------------------------------------


@attrs.frozen(slots=True)
class Recorded:
    """An event as the store recorded it.

    Attributes:
        event: the event, as appended (immutable).
        stream: the stream it belongs to.
        version: its place in the stream, from 1.
        position: its place in the whole store, global and gapless from 1.
        recorded_at: when the store accepted it (timezone-aware, UTC).
    """

    event: Event
    stream: str
    version: int
    position: int
    recorded_at: datetime


@attrs.frozen(slots=True)
class AppendResult:
    """What an append did.

    Attributes:
        version: the stream's version after the append.
        positions: the global position of each event passed, in order (for a
            repeat of an already recorded event, its existing position).
        appended: how many events were newly recorded (0 for a pure retry).
    """

    version: int
    positions: tuple[int, ...]
    appended: int


# -- subscriptions ------------------------------------------------------------


class Subscription:
    """A live subscription to a store; returned by :meth:`EventStore.subscribe`.

    The callback receives every :class:`Recorded` after :attr:`position`, in
    position order, exactly once, gaplessly. Close the subscription with
    :meth:`close` (or use it as a context manager). If the callback raises,
    the subscription closes itself, keeps the exception in :attr:`error` and
    warns (a :class:`RuntimeWarning`); the append that triggered it still
    succeeded. Re-subscribe with ``after=subscription.position`` to resume.
    """

    __slots__ = ("_callback", "_lock", "_pending", "_store", "closed", "error", "position")

    def __init__(self, store: EventStore, callback: Callable[[Recorded], object], after: int):
        self._store = store
        self._callback = callback
        self._lock = threading.Lock()
        self._pending = False
        self.position = after
        """The position of the last event delivered (or the starting point)."""
        self.closed = False
        """Whether the subscription is closed."""
        self.error: BaseException | None = None
        """The exception the callback raised, if it did."""

    def close(self) -> None:
        """Stop delivering events. Safe to call more than once."""
        self.closed = True
        self._store._subscriptions.discard(self)

    unsubscribe = close

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Subscription {state} at position {self.position}>"

    def pump(self) -> None:
        """Deliver everything recorded after :attr:`position` (runs in the caller's thread).

        Stores call this after each append; call it yourself to pick up events
        another process appended to a shared SQLite file. Re-entrant and
        thread-safe: a callback may append to the store, and concurrent pumps
        never deliver an event twice or out of order.
        """
        while not self.closed:
            self._pending = True
            if not self._lock.acquire(blocking=False):
                return  # the thread delivering now will see _pending and go round again
            try:
                while self._pending and not self.closed:
                    self._pending = False
                    for recorded in self._store.read_all(after=self.position):
                        if self.closed:
                            return
                        try:
                            self._callback(recorded)
                        except Exception as exc:
                            self.error = exc
                            self.close()
                            warnings.warn(
                                f"subscriber {self._callback!r} raised {exc!r} at position "
                                f"{recorded.position}; its subscription is closed",
                                RuntimeWarning,
                                stacklevel=2,
                            )
                            return
                        self.position = recorded.position
            finally:
                self._lock.release()
            if not self._pending:
                return


# -- the contract -------------------------------------------------------------


def _check_stream(stream: object) -> str:
    if type(stream) is not str:
        raise StoreInputError(f"a stream name must be a str, not {type(stream).__name__}")
    if not stream or "\x00" in stream:
        raise StoreError(f"invalid stream name {stream!r}: it must be a non-empty str without NUL")
    return stream


def _check_count(value: object, what: str) -> int:
    if type(value) is not int:
        raise StoreInputError(f"{what} must be an int, not {type(value).__name__}")
    if value < 0:
        raise StoreError(f"{what} must not be negative, got {value}")
    return value


def _check_expected(expected: object) -> ExpectedVersion:
    if isinstance(expected, Expect):
        return expected
    if type(expected) is not int:
        raise StoreInputError(
            "expected_version must be ANY, NO_STREAM, EXISTS or an int, "
            f"not {type(expected).__name__}"
        )
    if expected < 0:
        raise StoreError(f"expected_version must not be negative, got {expected}")
    return expected


def _check_events(events: object) -> list[Event]:
    if isinstance(events, Event):
        raise StoreInputError("append takes a sequence of events: wrap a single event in a list")
    if isinstance(events, (str, bytes, dict)) or not isinstance(events, Iterable):
        raise StoreInputError(f"append takes a sequence of events, not {type(events).__name__}")
    batch = list(events)
    if not all(map(isinstance, batch, repeat(Event))):
        for index, item in enumerate(batch):
            if not isinstance(item, Event):
                raise StoreInputError(
                    f"item {index} of the append is a {type(item).__name__}, not an Event; "
                    "nothing was appended"
                )
    registered = kinds()
    classes: set[type[Event]] = set(map(type, batch))
    for cls in classes:
        if registered.get(cls.kind) is not cls:
            raise StoreInputError(
                f"{cls.__module__}.{cls.__qualname__} is not a registered kind, so it could "
                "not be stored or exported; decorate it with @timeline.kind('name'). "
                "Nothing was appended"
            )
    return batch


def _verify_expected(stream: str, expected: ExpectedVersion, actual: int) -> None:
    if expected is ANY:
        return
    if expected is NO_STREAM:
        ok = actual == 0
    elif expected is EXISTS:
        ok = actual > 0
    else:
        ok = actual == expected
    if not ok:
        raise ConcurrencyError(stream, expected, actual)


class _RestoreError(StoreError):
    """A record that cannot be restored; ``index`` says which one (for importers)."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def _check_continuation(
    store: EventStore, records: Sequence[Recorded], is_used: Callable[[str], bool]
) -> None:
    """Check that ``records`` can be restored as-is at the end of ``store``.

    Raises :class:`_RestoreError` naming the first record that cannot.
    """
    position = store.head
    versions: dict[str, int] = {}
    last: datetime | None = None
    for record in store._read_after(max(position - 1, 0)):
        last = record.recorded_at
    seen: set[str] = set()
    for index, record in enumerate(records):
        if not isinstance(record, Recorded) or not isinstance(record.event, Event):
            raise _RestoreError(f"cannot restore {record!r}: not a Recorded event", index)
        where = f"record at position {record.position}"
        if record.position != position + 1:
            raise _RestoreError(
                f"{where}: positions must continue the store gaplessly from {position + 1}",
                index,
            )
        position = record.position
        stream = record.stream
        if type(stream) is not str or not stream or "\x00" in stream:
            raise _RestoreError(f"{where}: invalid stream name {stream!r}", index)
        if stream not in versions:
            versions[stream] = store.stream_version(stream)
        if record.version != versions[stream] + 1:
            raise _RestoreError(
                f"{where}: stream {stream!r} continues at version {versions[stream] + 1}, "
                f"not {record.version}",
                index,
            )
        versions[stream] = record.version
        at = record.recorded_at
        if not isinstance(at, datetime) or at.utcoffset() is None:
            raise _RestoreError(
                f"{where}: recorded_at must be an aware datetime, not {at!r}", index
            )
        if last is not None and at < last:
            raise _RestoreError(
                f"{where}: recorded_at {at.isoformat()} is earlier than the record before "
                f"({last.isoformat()}); recorded time never goes backwards",
                index,
            )
        last = at
        event_id = record.event.id
        if event_id in seen or is_used(event_id):
            raise _RestoreError(f"{where}: event id {event_id!r} is already recorded", index)
        seen.add(event_id)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class EventStore(ABC):
    """The contract every store backend implements.

    Backends implement :meth:`_append`, :meth:`read`, :meth:`_read_after`,
    :meth:`streams`, :meth:`stream_version`, :attr:`head` and :meth:`_restore`;
    argument checking, idempotence rules, subscriptions and the context
    manager live here, so every backend behaves the same.
    """

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        """Set up the parts every backend shares.

        Args:
            clock: returns the current time as an aware datetime; the default
                is the system clock (``datetime.now(UTC)``). Tests pass their
                own to simulate a clock that jumps back.
        """
        self._subscriptions: set[Subscription] = set()
        self._closed = False
        self._clock: Callable[[], datetime] = clock or _utc_now

    # -- writing --------------------------------------------------------------

    def append(
        self,
        stream: str,
        events: Iterable[Event],
        expected_version: ExpectedVersion = ANY,
    ) -> AppendResult:
        """Append ``events`` to ``stream``, all or nothing.

        Args:
            stream: the stream's name (a non-empty str).
            events: the events, in order (a list or any iterable of events).
            expected_version: :data:`ANY` (no check), :data:`NO_STREAM`,
                :data:`EXISTS`, or the exact version the stream must be at
                (0 means the same as :data:`NO_STREAM`).

        Returns:
            The stream's new version and each event's global position.

        Raises:
            ConcurrencyError: the stream is not at ``expected_version``.
            DuplicateEventError: an event id is already recorded with other
                content, or in another stream.
            StoreInputError: an argument has the wrong type.
        """
        self._check_open()
        name = _check_stream(stream)
        expected = _check_expected(expected_version)
        batch = _check_events(events)
        result = self._append(name, batch, expected)
        if result.appended and self._subscriptions:
            self._notify()
        return result

    @abstractmethod
    def _append(self, stream: str, events: list[Event], expected: ExpectedVersion) -> AppendResult:
        """Backend part of :meth:`append`: arguments are already checked."""

    @abstractmethod
    def _restore(self, records: Sequence[Recorded]) -> None:
        """Record ``records`` exactly as given (positions, versions, times), atomically.

        Used by importers to make a lossless copy of another store. The records
        must continue this store: positions from ``head + 1`` gaplessly,
        versions continuing each stream, ``recorded_at`` not earlier than the
        last one, event ids unused. Raises :class:`StoreError` otherwise, with
        nothing recorded.
        """

    # -- reading --------------------------------------------------------------

    @abstractmethod
    def read(self, stream: str, from_version: int = 0) -> Iterator[Recorded]:
        """Iterate the events of ``stream`` whose version is ``>= from_version``.

        Versions start at 1, so the default (0) reads the whole stream. An
        unknown stream reads as empty. The iterator covers the events recorded
        when the call was made.
        """

    def read_all(self, after: int = 0) -> Iterator[Recorded]:
        """Iterate every event whose position is ``> after``, in position (append) order.

        The iterator covers the events recorded when the call was made.
        """
        self._check_open()
        return self._read_after(_check_count(after, "after"))

    @abstractmethod
    def _read_after(self, after: int) -> Iterator[Recorded]:
        """Backend part of :meth:`read_all`: ``after`` is already checked."""

    @abstractmethod
    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""

    @abstractmethod
    def stream_version(self, stream: str) -> int:
        """The version of ``stream``: its number of events (0 if it has none)."""

    @property
    @abstractmethod
    def head(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""

    def __len__(self) -> int:
        """The number of recorded events (the same as :attr:`head`)."""
        return self.head

    # -- live consumers ---------------------------------------------------------

    def subscribe(
        self, callback: Callable[[Recorded], object], *, after: int | None = None
    ) -> Subscription:
        """Call ``callback`` with each newly recorded event, in position order.

        Args:
            callback: called once per :class:`Recorded`, in the thread that
                appended, after the append is recorded.
            after: catch up first: deliver every event after this position
                (0 for the whole history) before going live. ``None`` (the
                default) delivers only events appended from now on.

        Returns:
            A :class:`Subscription`; call its ``close()`` to stop.
        """
        self._check_open()
        if not callable(callback):
            raise StoreInputError(f"callback must be callable, not {type(callback).__name__}")
        start = self.head if after is None else _check_count(after, "after")
        subscription = Subscription(self, callback, start)
        self._subscriptions.add(subscription)
        subscription.pump()
        return subscription

    def _notify(self) -> None:
        for subscription in list(self._subscriptions):
            subscription.pump()

    # -- lifetime -------------------------------------------------------------

    def close(self) -> None:
        """Release resources and close every subscription. Safe to call twice."""
        self._closed = True
        for subscription in list(self._subscriptions):
            subscription.close()

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
