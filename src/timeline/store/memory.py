"""The in-memory store: the embedded default.

Events are kept as the (immutable) objects appended: no encoding on the way in
or out. The only encoding happens when an event id is appended again with an
event that is not ``==`` to the recorded one (then the canonical JSON text of
both decides whether the content is identical).

Thread-safety: appends are serialised by a lock; reads take a snapshot of the
(append-only) lists and need no lock. Safe to share between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import repeat

import attrs

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
        self._log: list[Recorded] = []
        self._streams: dict[str, list[Recorded]] = {}
        self._by_id: dict[str, Recorded] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<MemoryStore: {len(self._log)} events in {len(self._streams)} streams>"

    # -- writing --------------------------------------------------------------

    def _append(self, stream: str, events: list[Event], expected: ExpectedVersion) -> AppendResult:
        n = len(events)
        ids = [event.id for event in events]
        with self._lock:
            records = self._streams.get(stream)
            current = len(records) if records is not None else 0
            if self._by_id.keys().isdisjoint(ids) and len(set(ids)) == n:
                # The usual case: every event is new.
                _verify_expected(stream, expected, current)
                if not n:
                    return AppendResult(current, (), 0)
                new = events
                positions = tuple(range(len(self._log) + 1, len(self._log) + n + 1))
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
        next_position = len(self._log) + 1
        new: list[Event] = []
        positions: list[int] = []
        in_batch: dict[str, tuple[Event, int]] = {}
        for event, event_id in zip(events, ids, strict=True):
            known = self._by_id.get(event_id)
            if known is not None:
                if known.stream != stream or not _same_content(known.event, event):
                    raise DuplicateEventError(event_id, known.stream, known.position, stream)
                positions.append(known.position)
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
        base = len(self._log)
        last = self._log[-1].recorded_at if self._log else None
        now = self._stamp(last)
        batch = list(
            map(
                Recorded,
                events,
                repeat(stream, n),
                range(current + 1, current + n + 1),
                range(base + 1, base + n + 1),
                repeat(now, n),
            )
        )
        self._log.extend(batch)
        self._streams.setdefault(stream, []).extend(batch)
        self._by_id.update(zip(ids, batch, strict=True))

    def _restore(self, records: Sequence[Recorded]) -> None:
        with self._lock:
            _check_continuation(self, records, self._by_id.__contains__)
            for record in records:
                if record.recorded_at.tzinfo is not UTC:
                    at = record.recorded_at.astimezone(UTC)
                    record = attrs.evolve(record, recorded_at=at)
                self._log.append(record)
                self._streams.setdefault(record.stream, []).append(record)
                self._by_id[record.event.id] = record
        if records and self._subscriptions:
            self._notify()

    # -- reading --------------------------------------------------------------

    def read(self, stream: str, from_version: int = 0) -> Iterator[Recorded]:
        """Iterate the events of ``stream`` whose version is ``>= from_version``."""
        self._check_open()
        records = self._streams.get(_check_stream(stream))
        start = max(_check_count(from_version, "from_version") - 1, 0)
        if records is None:
            return iter(())
        return iter(records[start:])

    def _read_after(self, after: int) -> Iterator[Recorded]:
        return iter(self._log[after:])

    def streams(self) -> list[str]:
        """The names of the streams that have events, in order of their first event."""
        return list(self._streams)

    def stream_version(self, stream: str) -> int:
        """The version of ``stream``: its number of events (0 if it has none)."""
        records = self._streams.get(_check_stream(stream))
        return 0 if records is None else len(records)

    @property
    def head(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        return len(self._log)
