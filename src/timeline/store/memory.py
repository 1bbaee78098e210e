"""The in-memory store: the embedded default.

Events are kept as the (immutable) objects appended: no encoding on the way in
or out. (The contract encodes only when an event id is appended again with an
event that is not ``==`` to the recorded one, to compare their content.)

Appends only extend flat lists (events, streams, versions, the two times: C-level
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

from timeline.events import Event
from timeline.store._checks import Reported, _each_reported, _IdInUse
from timeline.store._repeats import Known
from timeline.store.base import EventStore
from timeline.store.records import Recorded

__all__ = ["MemoryStore"]


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
        # Position p is at index p - 1 of the five flat lists.
        self._events: list[Event] = []
        self._stream_of: list[str] = []
        self._version_of: list[int] = []
        self._time_of: list[datetime] = []
        self._reported_of: list[datetime | None] = []
        self._log: list[Recorded] = []  # built lazily: a prefix of the store
        self._positions: dict[str, list[int]] = {}  # stream -> its positions
        self._by_id: dict[str, int] = {}  # event id -> position
        self._lock = threading.RLock()

    _reads_block = False  # followers read in the event loop's thread: nothing waits

    def __repr__(self) -> str:
        return f"<MemoryStore: {len(self._events)} events in {len(self._positions)} streams>"

    # -- writing --------------------------------------------------------------

    def _writing(self) -> threading.RLock:
        # Nothing to undo on an error: _insert checks everything before it changes anything.
        return self._lock

    def _tail(self) -> tuple[int, datetime | None]:
        return len(self._events), (self._time_of[-1] if self._time_of else None)

    def _recorded(self, ids: list[str]) -> Known:
        found = {}
        for event_id in ids:
            position = self._by_id.get(event_id)
            if position is not None:
                found[event_id] = (
                    self._stream_of[position - 1],
                    position,
                    self._events[position - 1],
                )
        return found

    def _lookup(self, event_id: str) -> Recorded | None:
        position = self._by_id.get(event_id)
        if position is None:
            return None
        log, head = self._built()
        # An append in another thread fills _by_id before it grows the head.
        return log[position - 1] if position <= head else None

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
        if not self._by_id.keys().isdisjoint(ids):
            raise _IdInUse
        n = len(events)
        positions = range(position, position + n)
        self._stream_of.extend(repeat(stream, n))
        self._version_of.extend(range(version, version + n))
        self._time_of.extend(repeat(recorded_at, n))
        self._reported_of.extend(_each_reported(reported_at, n))
        self._positions.setdefault(stream, []).extend(positions)
        self._by_id.update(zip(ids, positions, strict=True))
        self._events.extend(events)  # last: ``head`` grows when the rest is in place

    def _insert_records(self, records: Sequence[Recorded]) -> None:
        for record in records:
            self._stream_of.append(record.stream)
            self._version_of.append(record.version)
            self._time_of.append(record.recorded_at.astimezone(UTC))
            reported = record.reported_at
            self._reported_of.append(None if reported is None else reported.astimezone(UTC))
            self._positions.setdefault(record.stream, []).append(record.position)
            self._by_id[record.event.id] = record.position
            self._events.append(record.event)

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
                        self._reported_of[built:head],
                    )
                )
        return log, head

    def _read_stream(self, stream: str, from_version: int) -> Iterator[Recorded]:
        positions = self._positions.get(stream)
        if positions is None:
            return iter(())
        log, head = self._built()
        mine = positions[max(from_version - 1, 0) :]
        return iter([log[position - 1] for position in mine if position <= head])

    def _read_after(self, after: int) -> Iterator[Recorded]:
        log, head = self._built()
        return iter(log[after:head])

    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""
        return list(self._positions)

    def _stream_version(self, stream: str) -> int:
        positions = self._positions.get(stream)
        return 0 if positions is None else len(positions)

    @property
    def head(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        return len(self._events)
