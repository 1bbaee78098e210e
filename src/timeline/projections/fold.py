"""Running projections: :func:`replay` from scratch, :class:`LiveProjection` as events arrive.

A projection (:class:`~timeline.projections.Projection`, or :func:`fold` from
two functions) is run over the events in valid-time order (the default) or
append order::

    total = replay(Count(), store)                          # valid-time order
    total = replay(Count(), store, known_at=some_datetime)  # as the store knew it then
    live = LiveProjection(Count(), store)                   # live.state follows the store

The runners resolve corrections, retractions and claims first, in one place
(:class:`~timeline.projections.Resolver`; the rules are in
:mod:`timeline.projections.resolver`), so every projection honours them the
same way.

Two clocks
    ``known_at`` is a *recorded* time: an aware :class:`~datetime.datetime`
    (events recorded at or before it), or an ``int`` store position (events
    at or before that position, a finer clock since a batch shares one
    ``recorded_at``). Valid time is always called ``at`` / ``valid_*``.

This module also gives, under their old home, the names the runners are
built from: the protocol (:mod:`~timeline.projections.projection`), the
resolver (:mod:`~timeline.projections.resolver`) and the clocks.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from timeline.errors import ProjectionError
from timeline.projections._records import (
    KnownAt,
    Order,
    Records,
    check_order,
    known_position,
    position,
    valid_key,
)
from timeline.projections._select import Selected, kinds_of, selector
from timeline.projections.chronology import SnapshotIndex
from timeline.projections.projection import Projection, fold
from timeline.projections.resolver import (
    CorrectionWarning,
    Resolver,
    claims_by_target,
    effective_events,
)
from timeline.store import EventStore, Recorded, Subscription

__all__ = [
    "CorrectionWarning",
    "KnownAt",
    "LiveProjection",
    "Order",
    "Projection",
    "ProjectionError",
    "Records",
    "Resolver",
    "claims_by_target",
    "effective_events",
    "fold",
    "known_position",
    "replay",
    "valid_key",
]

S = TypeVar("S")


def replay(
    projection: Projection[S],
    source: Records,
    *,
    order: Order = "valid",
    streams: Iterable[str] | None = None,
    where: Callable[[Recorded], bool] | None = None,
    known_at: KnownAt = None,
) -> S:
    """Replay a store (or records) through ``projection`` from scratch and return its state.

    Args:
        projection: the fold to run.
        source: an :class:`~timeline.store.EventStore` or records in any order.
        order: ``"valid"`` (valid time, ties by store position; the default)
            or ``"append"`` (store position).
        streams: only events of these streams (corrections and retractions
            apply from any stream).
        where: only records for which this returns true (called with the
            effective, i.e. corrected, record).
        known_at: only what was recorded by then: an aware datetime or a
            store position (``None``: everything).

    Raises:
        ProjectionError: an unknown order, a naive ``known_at``, a source that
            is neither a store nor records.
    """
    kinds = kinds_of(projection)
    records = effective_events(source, known_at, order=check_order(order))
    select = selector(kinds, streams, where)
    state = projection.initial()
    apply = projection.apply
    for recorded in records:
        if select is None or select(recorded):
            state = apply(state, recorded)
    return state


class LiveProjection(Generic[S]):
    """A projection kept up to date with a store through its subscription.

    ``live = LiveProjection(Count(), store)``; ``live.state`` is always the
    state over everything recorded so far (what :func:`replay` with the same
    arguments gives).

    * ``order="valid"`` (the default): kept in a
      :class:`~timeline.projections.SnapshotIndex`; an event that arrives in
      valid-time order costs O(log n) to take in and O(1) amortised to apply;
      a late event, a correction or a retraction drops the checkpoints after
      its valid time, and the next read of :attr:`state` re-applies only the
      records after the checkpoint before it.
    * ``order="append"``: each new event is applied as it arrives; a
      correction or retraction of an event already applied makes the next
      read of :attr:`state` replay from scratch.

    Close it (or use it as a context manager) to stop following the store.
    """

    def __init__(
        self,
        projection: Projection[S],
        store: EventStore,
        *,
        order: Order = "valid",
        streams: Iterable[str] | None = None,
        where: Callable[[Recorded], bool] | None = None,
    ) -> None:
        """Catch up with ``store`` and follow it."""
        if not isinstance(store, EventStore):
            raise ProjectionError(f"LiveProjection follows an EventStore, got {store!r}")
        self._projection = projection
        self._kinds = kinds_of(projection)
        self._order = check_order(order)
        self._select = selector(self._kinds, streams, where)
        self._resolver = Resolver()
        self._state: S = projection.initial()
        self._last: tuple[Any, ...] | None = None
        self._dirty = False
        self._subscription: Subscription | None = None
        if self._order == "valid":
            selected = projection if self._select is None else Selected(projection, self._select)
            # The index's chronology follows the store (position and close go through it).
            self._index: SnapshotIndex[S] | None = SnapshotIndex(selected, store)
        else:
            self._index = None
            self._subscription = store.subscribe(self._on_record, after=0)

    @property
    def state(self) -> S:
        """The state over every event recorded so far."""
        if self._index is not None:
            return self._index.full_state()
        if self._dirty:
            self._replay()
        return self._state

    @property
    def position(self) -> int:
        """The store position of the last record taken in."""
        if self._index is not None:
            return self._index.chronology.head
        assert self._subscription is not None
        return self._subscription.position

    def _key(self, recorded: Recorded) -> tuple[Any, ...]:
        if self._order == "valid":
            return valid_key(recorded)
        return (recorded.position,)

    def _on_record(self, recorded: Recorded) -> None:
        for before, after in self._resolver.add(recorded):
            if self._dirty:
                continue
            if before is not None and (self._select is None or self._select(before)):
                self._dirty = True
            elif after is not None and (self._select is None or self._select(after)):
                key = self._key(after)
                if self._last is not None and key < self._last:
                    self._dirty = True
                else:
                    self._state = self._projection.apply(self._state, after)
                    self._last = key

    def _replay(self) -> None:
        records = list(self._resolver.effective())
        records.sort(key=valid_key if self._order == "valid" else position)
        state = self._projection.initial()
        last: tuple[Any, ...] | None = None
        for recorded in records:
            if self._select is None or self._select(recorded):
                state = self._projection.apply(state, recorded)
                last = self._key(recorded)
        self._state, self._last, self._dirty = state, last, False

    def close(self) -> None:
        """Stop following the store (the state stays readable)."""
        if self._index is not None:
            self._index.chronology.close()
        elif self._subscription is not None:
            self._subscription.close()

    def __enter__(self) -> LiveProjection[S]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<LiveProjection {self._projection!r} at position {self.position}>"


# Old names, kept for one release: ``run`` is now ``replay``; ``Source`` (a store or
# records, not a citation's source) is now ``Records``.
_DEPRECATED = {"run": ("replay", replay), "Source": ("Records", Records)}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        new, value = _DEPRECATED[name]
        warnings.warn(
            f"timeline.projections.fold.{name} is deprecated; use {new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
