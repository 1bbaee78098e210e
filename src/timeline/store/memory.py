"""The in-memory store: the embedded default.

Events are kept as the (immutable) objects appended: no encoding on the way in
or out. The only encoding happens when an event id is appended again with an
event that is not ``==`` to the recorded one (then the canonical JSON text of
both decides whether the content is identical).

Appends only extend flat lists (events, streams, versions, times: C-level
work, no per-event Python objects); the :class:`~timeline.store.Recorded`
objects are built on the first read that needs them, in bulk, and kept.

Thread-safety: appends and that first build are serialised by a lock; reads
then slice append-only lists. Safe to share between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import repeat

from timeline import codec
from timeline.events import Event
from timeline.store.base import (
    AppendResult,
    DuplicateEventError,
    EventStore,
    ExpectedVersion,
    Recorded,
    _check_continuation,
    _check_count,
    _check_stream,
    _verify_expected,
)

__all__ = ["MemoryStore"]


def _same_content(recorded: Event, new: Event) -> bool:
    """Whether two events with the same id have identical content."""
    return recorded == new or codec.dumps(recorded) == codec.dumps(new)


class MemoryStore(EventStore):
    """An append-only event store held in memory (lost when the process ends).

    >>> store = MemoryStore()
    >>> store.head
    0

    See :class:`~timeline.store.EventStore` for the contract.
    """

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        """Create an empty store.

        Args:
            clock: see :class:`~timeline.store.EventStore`.
        """
        super().__init__(clock=clock)
        # Position p is at index p - 1 of the four flat lists.
        self._events: list[Event] = []
        self._stream_of: list[str] = []
        self._version_of: list[int] = []
        self._time_of: list[datetime] = []
        self._log: list[Recorded] = []  # built lazily: a prefix of the store
        self._positions: dict[str, list[int]] = {}  # stream -> its positions
        self._by_id: dict[str, int] = {}  # event id -> position
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"<MemoryStore: {len(self._events)} events in {len(self._positions)} streams>"

    # -- writing --------------------------------------------------------------

    def _append(self, stream: str, events: list[Event], expected: ExpectedVersion) -> AppendResult:
        n = len(events)
        ids = [event.id for event in events]
        with self._lock:
            positions_of_stream = self._positions.get(stream)
            current = len(positions_of_stream) if positions_of_stream is not None else 0
            head = len(self._events)
            if self._by_id.keys().isdisjoint(ids) and len(set(ids)) == n:
                # The usual case: every event is new.
                _verify_expected(stream, expected, current)
                if not n:
                    return AppendResult(current, (), 0)
                new = events
                positions = tuple(range(head + 1, head + n + 1))
            else:
                new, positions = self._sort_repeats(stream, events, ids)
                if not new:
                    return AppendResult(current, positions, 0)
                _verify_expected(stream, expected, current)
                ids = [event.id for event in new]
            self._record(stream, new, ids, current)
            return AppendResult(current + len(new), positions, len(new))

    def _sort_repeats(
        self, stream: str, events: list[Event], ids: list[str]
    ) -> tuple[list[Event], tuple[int, ...]]:
        """Split a batch with reused ids into new events and positions for all."""
        next_position = len(self._events) + 1
        new: list[Event] = []
        positions: list[int] = []
        in_batch: dict[str, tuple[Event, int]] = {}
        for event, event_id in zip(events, ids, strict=True):
            known = self._by_id.get(event_id)
            if known is not None:
                known_stream = self._stream_of[known - 1]
                if known_stream != stream or not _same_content(self._events[known - 1], event):
                    raise DuplicateEventError(event_id, known_stream, known, stream)
                positions.append(known)
            elif event_id in in_batch:
                earlier, position = in_batch[event_id]
                if not _same_content(earlier, event):
                    raise DuplicateEventError(event_id, stream, None, stream)
                positions.append(position)
            else:
                position = next_position + len(new)
                in_batch[event_id] = (event, position)
                new.append(event)
                positions.append(position)
        return new, tuple(positions)

    def _record(self, stream: str, events: list[Event], ids: list[str], current: int) -> None:
        """Record ``events`` (all new, checked) at the end of ``stream``. Lock held."""
        n = len(events)
        head = len(self._events)
        now = self._stamp(self._time_of[-1] if self._time_of else None)
        self._stream_of.extend(repeat(stream, n))
        self._version_of.extend(range(current + 1, current + n + 1))
        self._time_of.extend(repeat(now, n))
        self._positions.setdefault(stream, []).extend(range(head + 1, head + n + 1))
        self._by_id.update(zip(ids, range(head + 1, head + n + 1), strict=True))
        self._events.extend(events)  # last: ``head`` grows when the rest is in place

    def _restore(self, records: Sequence[Recorded]) -> None:
        with self._lock:
            _check_continuation(self, records, self._by_id.__contains__)
            for record in records:
                self._stream_of.append(record.stream)
                self._version_of.append(record.version)
                self._time_of.append(record.recorded_at.astimezone(UTC))
                self._positions.setdefault(record.stream, []).append(record.position)
                self._by_id[record.event.id] = record.position
                self._events.append(record.event)
        if records and self._subscriptions:
            self._notify()

    # -- reading --------------------------------------------------------------

    def _built(self) -> tuple[list[Recorded], int]:
        """The log of Recorded objects, built up to the head, and that head."""
        log = self._log
        with self._lock:
            head = len(self._events)
            built = len(log)
            if built < head:
                log.extend(
                    map(
                        Recorded,
                        self._events[built:head],
                        self._stream_of[built:head],
                        self._version_of[built:head],
                        range(built + 1, head + 1),
                        self._time_of[built:head],
                    )
                )
        return log, head

    def read(self, stream: str, from_version: int = 0) -> Iterator[Recorded]:
        """Iterate the events of ``stream`` whose version is ``>= from_version``."""
        self._check_open()
        positions = self._positions.get(_check_stream(stream))
        start = max(_check_count(from_version, "from_version") - 1, 0)
        if positions is None:
            return iter(())
        log, head = self._built()
        mine = positions[start:]
        return iter([log[position - 1] for position in mine if position <= head])

    def _read_after(self, after: int) -> Iterator[Recorded]:
        log, head = self._built()
        return iter(log[after:head])

    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""
        return list(self._positions)

    def stream_version(self, stream: str) -> int:
        """The version of ``stream``: its number of events (0 if it has none)."""
        positions = self._positions.get(_check_stream(stream))
        return 0 if positions is None else len(positions)

    @property
    def head(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        return len(self._events)
