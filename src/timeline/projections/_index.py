"""The valid-time index behind a :class:`~timeline.projections.Chronology` and its snapshots.

Every effective record (corrections applied, retractions left out) in
valid-time order, the log of records in store order it was built from, and
a span index for the records that straddle an instant. The chronology's
queries and the snapshot index's checkpoints both read it; the snapshot
index listens to it to drop the checkpoints a late event invalidates.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import TypeAlias

from sortedcontainers import SortedKeyList

from timeline.events import CatalogEvent, Correction, Retraction
from timeline.projections._instants import (
    Key,
    SpanIndex,
    is_qualified,
    key_of,
    keys_of,
    pad_of,
    presorted,
)
from timeline.projections._records import KnownAt, check_known_at, known_prefix, known_records
from timeline.projections.catalog import Catalog
from timeline.projections.resolver import Resolver
from timeline.store import Recorded

__all__ = ["Listener", "ValidTimeIndex"]

Listener: TypeAlias = Callable[[int, int], None]
"""Called with the index (in valid-time order) of a record that arrived (and ``1``) or
left (and ``-1``)."""


class ValidTimeIndex:
    """Effective records in valid-time order, kept current by :meth:`add`.

    Attributes:
        log: every record taken in, in store order.
        resolver: the corrections and retractions resolved so far.
        ordered: the effective records in valid-time order (:func:`key_of`).
        spans: the same records, by span, to find those straddling an instant.
        approx: the records whose ``~`` / ``?`` widen them (a span index of their own).
        pad: the furthest any record's ``~`` / ``?`` widening reaches beyond
            its bounds (0 when none is qualified; never shrinks).
        catalog: the catalog events folded (stream zones for grouping).
        reported: whether any record taken in has a reported time (then what
            was known at a time may not be a prefix of the log).
    """

    __slots__ = (
        "_listeners",
        "_view_cache",
        "approx",
        "catalog",
        "log",
        "ordered",
        "pad",
        "reported",
        "resolver",
        "spans",
    )

    def __init__(self, records: Iterable[Recorded] = ()) -> None:
        """Index ``records`` (in store order)."""
        self.resolver = Resolver()
        self.log: list[Recorded] = []
        self._listeners: list[weakref.WeakMethod[Listener]] = []
        self._view_cache: tuple[object, SortedKeyList[Recorded, Key]] | None = None
        self.reported = False
        self.catalog = Catalog()
        with self.resolver.deferring():
            for recorded in records:
                self.log.append(recorded)
                self.resolver.add(recorded)
                if recorded.reported_at is not None:
                    self.reported = True
                if isinstance(recorded.event, CatalogEvent):
                    self.catalog.add(recorded)
        effective = list(self.resolver.effective())
        # One key per record, computed once, sorted once and shared by both indexes.
        keys = keys_of(effective)
        order = sorted(range(len(keys)), key=keys.__getitem__)
        effective = [effective[i] for i in order]
        keys = [keys[i] for i in order]
        del order
        self.ordered: SortedKeyList[Recorded, Key] = presorted(effective, keys)
        self.spans = SpanIndex(effective, keys)
        # The qualified records (~, ?), found from their values' qualifier bits: no box
        # is computed for the others.
        qualified = [
            (r, k) for r, k in zip(effective, keys, strict=True) if is_qualified(r.event.when)
        ]
        self.approx = SpanIndex([r for r, _ in qualified], [k for _, k in qualified])
        self.pad: float | int = max((pad_of(r) for r, _ in qualified), default=0)

    @property
    def head(self) -> int:
        """The position of the last record taken in (0 when empty)."""
        return self.log[-1].position if self.log else 0

    def add(self, recorded: Recorded) -> None:
        """Take the next record (its position after :attr:`head`); O(log n) for a plain event."""
        self.log.append(recorded)
        if recorded.reported_at is not None:
            self.reported = True
        if isinstance(recorded.event, CatalogEvent):
            self.catalog.add(recorded)
        for before, after in self.resolver.add(recorded):
            if before is not None:
                index = self.ordered.index(before)
                del self.ordered[index]
                self.spans.remove(before)
                if is_qualified(before.event.when):
                    self.approx.remove(before)
                self._changed(index, -1)
            if after is not None:
                if is_qualified(after.event.when):
                    self.pad = max(self.pad, pad_of(after))
                    self.approx.add(after)
                self.ordered.add(after)
                self.spans.add(after)
                self._changed(self.ordered.bisect_key_left(key_of(after)), 1)

    def listen(self, listener: Listener) -> None:
        """Call ``listener(index, delta)`` when a record arrives at or leaves ``index``.

        ``delta`` is ``1`` for a record that arrived, ``-1`` for one that left.

        ``listener`` is a bound method; the index does not keep its object alive.
        """
        self._listeners.append(weakref.WeakMethod(listener))

    def _changed(self, index: int, delta: int) -> None:
        alive = []
        for ref in self._listeners:
            listener = ref()
            if listener is not None:
                listener(index, delta)
                alive.append(ref)
        if len(alive) != len(self._listeners):
            self._listeners = alive

    def view(
        self, known_at: KnownAt
    ) -> tuple[SortedKeyList[Recorded, Key], SpanIndex | None, int | None]:
        """The records to read for ``known_at``: (sorted records, span index, position limit).

        When what was known is a prefix of the log and nothing after it is a
        correction or a retraction, that is the live index with a position
        limit; otherwise a view rebuilt from the known records (no span
        index; the last one is cached).
        """
        known_at = check_known_at(known_at)
        if known_at is None:
            return self.ordered, self.spans, None
        count = known_prefix(self.log, known_at, reported=self.reported)
        if count is None:  # reports imported out of order: a filter, not a prefix
            key = (known_at, len(self.log))
            if self._view_cache is None or self._view_cache[0] != key:
                resolver = Resolver()
                for recorded in known_records(self.log, known_at, reported=True):
                    resolver.add(recorded)
                self._view_cache = (key, SortedKeyList(resolver.effective(), key=key_of))
            return self._view_cache[1], None, None
        if count == len(self.log):
            return self.ordered, self.spans, None
        limit = self.log[count - 1].position if count else 0
        tail = self.log[count:]
        if not any(isinstance(r.event, Correction | Retraction) for r in tail):
            return self.ordered, self.spans, limit
        if self._view_cache is None or self._view_cache[0] != limit:
            resolver = Resolver()
            for recorded in self.log[:count]:
                resolver.add(recorded)
            self._view_cache = (limit, SortedKeyList(resolver.effective(), key=key_of))
        return self._view_cache[1], None, None
