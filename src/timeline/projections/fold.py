"""Projections as folds, the rules for corrections and retractions, and the runners.

A *projection* turns a stream of recorded events into a state: an initial
state and a pure ``apply(state, recorded) -> state``, run over the events in
valid-time order (the default) or append order::

    class Count(Projection[int]):
        kinds = frozenset({"capture"})        # optional: None reads every kind

        def initial(self) -> int:
            return 0

        def apply(self, state: int, recorded: Recorded) -> int:
            return state + 1

    total = run(Count(), store)                         # valid-time order
    total = run(Count(), store, known_at=some_datetime) # as the store knew it then

``apply`` must not mutate the state it is given: return a new value (a tuple,
a ``frozenset``, a copied dict...). Snapshots keep intermediate states as
checkpoints and hand the same state to ``apply`` again whenever a late event
lands before them; a mutated checkpoint would silently corrupt every later
answer.

Corrections, retractions and claims (one place: :class:`Resolver`)
    Projections never see :class:`~timeline.events.Correction` or
    :class:`~timeline.events.Retraction` records: the runner resolves them
    first, so every projection honours them the same way.

    * A retraction withdraws its target (any event, a claim or a correction):
      the target drops out. Retractions are final (a retraction that targets
      another retraction is ignored).
    * A correction replaces its target: the projection sees the corrected
      event (``Correction.apply``), in the place the corrected ``when`` gives
      it. Several corrections of one event apply in store order, each to the
      result of the previous one. A retracted correction no longer applies.
      A correction that targets a correction or a retraction is ignored; so
      is one whose changes do not fit its target (with a
      :class:`CorrectionWarning`; :meth:`Resolver.rejected` lists them).
    * The corrected record keeps the original's ``stream``, ``version``,
      ``position`` and ``recorded_at`` (it *is* that record, as now known);
      :meth:`Resolver.corrections` gives the corrections applied.
    * Both apply from the recorded time of the correction or retraction on:
      with ``known_at`` earlier than that, the original is seen.
    * :class:`~timeline.events.Claim` records (later reports about an
      existing event) are passed through as records of their own (kind
      ``"claim"``), ordered by their own ``when``; a projection that wants
      them declares ``"claim"`` in its ``kinds`` (or reads every kind) and
      finds the event they are about by ``claim.target``. Claims about a
      retracted event are withdrawn with it. :func:`claims_by_target` groups
      them when that is more convenient.
    * A correction or retraction whose target is not (yet) recorded waits: it
      applies as soon as the target is recorded.

Two clocks
    ``known_at`` is a *recorded* time: an aware :class:`~datetime.datetime`
    (events recorded at or before it), or an ``int`` store position (events
    at or before that position, a finer clock since a batch shares one
    ``recorded_at``). Valid time is always called ``at`` / ``valid_*``.
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import pairwise
from typing import Any, Generic, Literal, TypeAlias, TypeVar

import attrs

from timeline.errors import ProjectionError, TimelineError
from timeline.events import Claim, Correction, Event, Retraction
from timeline.store import EventStore, Recorded, Subscription

__all__ = [
    "CorrectionWarning",
    "KnownAt",
    "LiveProjection",
    "Order",
    "Projection",
    "ProjectionError",
    "Resolver",
    "claims_by_target",
    "effective_events",
    "fold",
    "known_position",
    "run",
    "valid_key",
]

S = TypeVar("S")

Order: TypeAlias = Literal["valid", "append"]
"""The order a projection is run in: ``"valid"`` (valid time) or ``"append"`` (store position)."""

KnownAt: TypeAlias = datetime | int | None
"""A recorded time: an aware datetime, a store position, or ``None`` for everything recorded."""

Source: TypeAlias = EventStore | Iterable[Recorded]


class CorrectionWarning(UserWarning):
    """A recorded correction cannot be applied to its target, and is ignored."""


# -- the protocol -------------------------------------------------------------------------


class Projection(ABC, Generic[S]):
    """A fold over recorded events: :meth:`initial` and a pure :meth:`apply`.

    Subclass it with the state type: ``class Tally(Projection[FrozenDict[int]])``.
    Set :attr:`kinds` to the kind names the projection reads; the runners
    then skip every other record without calling :meth:`apply`.
    """

    kinds: frozenset[str] | None = None
    """Kind names the projection reads (``None``: every kind)."""

    @abstractmethod
    def initial(self) -> S:
        """The state before any event."""

    @abstractmethod
    def apply(self, state: S, recorded: Recorded) -> S:
        """The state after ``recorded``; must not mutate ``state`` (return a new value)."""


@attrs.frozen
class _FunctionProjection(Projection[S]):
    _initial: Callable[[], S]
    _apply: Callable[[S, Recorded], S]
    kinds: frozenset[str] | None = None

    def initial(self) -> S:
        return self._initial()

    def apply(self, state: S, recorded: Recorded) -> S:
        return self._apply(state, recorded)


def fold(
    initial: Callable[[], S],
    apply: Callable[[S, Recorded], S],
    *,
    kinds: Iterable[str] | None = None,
) -> Projection[S]:
    """A projection from two functions: ``fold(lambda: 0, lambda n, r: n + 1)``."""
    if not callable(initial) or not callable(apply):
        raise ProjectionError("fold(initial, apply): both must be callable")
    return _FunctionProjection(initial, apply, _check_kinds(kinds))


def _check_kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        return frozenset({kinds})
    names = frozenset(kinds)
    for name in names:
        if not isinstance(name, str):
            raise ProjectionError(f"kinds: expected kind names (str), got {name!r}")
    return names


def _kinds_of(projection: Projection[Any]) -> frozenset[str] | None:
    if not (hasattr(projection, "initial") and hasattr(projection, "apply")):
        raise ProjectionError(
            f"{projection!r} is not a projection: it needs initial() and apply(state, recorded)"
        )
    return _check_kinds(getattr(projection, "kinds", None))


# -- ordering and the recorded clock --------------------------------------------------------


def valid_key(recorded: Recorded) -> tuple[tuple[float | int, float | int], int]:
    """The valid-time order of records: ``(event.when.sort_key, position)``.

    Earliest first, the wider span first among equal starts, then store order.
    """
    return (recorded.event.when.sort_key, recorded.position)


def _check_known_at(known_at: object) -> KnownAt:
    if known_at is None:
        return None
    if isinstance(known_at, bool):
        raise ProjectionError("known_at: expected an aware datetime or a store position, not bool")
    if isinstance(known_at, int):
        if known_at < 0:
            raise ProjectionError(f"known_at: a store position is >= 0, got {known_at}")
        return known_at
    if isinstance(known_at, datetime):
        if known_at.utcoffset() is None:
            raise ProjectionError(
                f"known_at: {known_at!r} is a naive datetime; give it a time zone "
                "(recorded times are UTC instants)"
            )
        return known_at
    raise ProjectionError(
        "known_at: expected an aware datetime (a recorded time) or an int (a store position), "
        f"got {type(known_at).__name__}"
    )


def _is_known(known_at: KnownAt) -> Callable[[Recorded], bool] | None:
    if known_at is None:
        return None
    if isinstance(known_at, int):
        limit = known_at
        return lambda r: r.position <= limit
    moment = known_at
    return lambda r: r.recorded_at <= moment


def known_position(records: Sequence[Recorded], known_at: KnownAt) -> int:
    """The number of leading records (in position order) known at ``known_at``.

    ``records`` is a store's log in position order; recorded times never go
    backwards along it, so what was known at a time is always a prefix.
    """
    known_at = _check_known_at(known_at)
    if known_at is None:
        return len(records)
    if isinstance(known_at, int):
        lo, hi = 0, len(records)
        key: Callable[[Recorded], bool] = lambda r: r.position <= known_at  # noqa: E731
    else:
        lo, hi = 0, len(records)
        moment = known_at
        key = lambda r: r.recorded_at <= moment  # noqa: E731
    while lo < hi:
        mid = (lo + hi) // 2
        if key(records[mid]):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _records(source: Source) -> list[Recorded]:
    """The records of a store or an iterable, in position order."""
    if isinstance(source, EventStore):
        return list(source.read_all())
    if isinstance(source, (str, bytes, Event)) or not isinstance(source, Iterable):
        raise ProjectionError(
            f"expected an EventStore or an iterable of Recorded, got {type(source).__name__}"
        )
    records = list(source)
    for item in records:
        if not isinstance(item, Recorded):
            raise ProjectionError(
                f"expected Recorded items (as a store's read_all() gives), "
                f"got {type(item).__name__}"
            )
    if any(a.position >= b.position for a, b in pairwise(records)):
        records.sort(key=lambda r: r.position)
    return records


# -- corrections and retractions: the one place they are resolved ---------------------------


Change: TypeAlias = tuple[Recorded | None, Recorded | None]
"""``(before, after)``: an effective record that left, arrived or changed (None: absent)."""


class Resolver:
    """Applies corrections and retractions, one record at a time, in store order.

    Feed it every record (:meth:`add`); it keeps, for each event id, the
    *effective* record: the event as corrected, or nothing if withdrawn.
    :meth:`add` says what changed, so indexes can follow a live store. The
    rules are in the module documentation (:mod:`timeline.projections.fold`).
    """

    __slots__ = ("_base", "_claims_of", "_corrections", "_effective", "_rejected", "_retracted")

    def __init__(self) -> None:
        """An empty resolver."""
        self._base: dict[str, Recorded] = {}
        self._corrections: dict[str, list[Recorded]] = {}
        self._retracted: dict[str, Recorded] = {}
        self._effective: dict[str, Recorded] = {}
        self._claims_of: dict[str, set[str]] = {}
        self._rejected: dict[str, str] = {}

    def __len__(self) -> int:
        """The number of effective records."""
        return len(self._effective)

    def effective(self) -> Iterator[Recorded]:
        """The effective records (corrected, retracted ones left out), in no set order."""
        return iter(self._effective.values())

    def get(self, event_id: str) -> Recorded | None:
        """The effective record of ``event_id`` (``None``: unknown, withdrawn or a control)."""
        return self._effective.get(event_id)

    def corrections(self, event_id: str) -> tuple[Recorded, ...]:
        """The corrections applied to ``event_id``, in store order."""
        return tuple(
            c for c in self._corrections.get(event_id, ()) if c.event.id not in self._retracted
        )

    def rejected(self) -> dict[str, str]:
        """Corrections that could not be applied to their target, by id, with the reason.

        A correction whose changes do not fit its target (an unknown field, a
        value of the wrong type) is ignored, with a :class:`CorrectionWarning`,
        rather than stopping every projection of the stream.
        """
        return dict(self._rejected)

    def retraction(self, event_id: str) -> Recorded | None:
        """The retraction that withdrew ``event_id``, if any."""
        return self._retracted.get(event_id)

    def add(self, recorded: Recorded) -> list[Change]:
        """Take the next record (in position order); return what changed as a result."""
        event = recorded.event
        if isinstance(event, Retraction):
            return self._retract(recorded, event)
        if isinstance(event, Correction):
            self._base[event.id] = recorded
            if event.id in self._retracted:
                return []
            self._corrections.setdefault(event.target, []).append(recorded)
            return self._refresh(event.target)
        self._base[event.id] = recorded
        return self._refresh(event.id)

    def _retract(self, recorded: Recorded, event: Retraction) -> list[Change]:
        self._base[event.id] = recorded
        target = event.target
        if target in self._retracted:
            return []
        known = self._base.get(target)
        if known is not None and isinstance(known.event, Retraction):
            return []  # retractions are final
        self._retracted[target] = recorded
        if known is not None and isinstance(known.event, Correction):
            changes = self._refresh(known.event.target)
        else:
            changes = self._refresh(target)
        for claim_id in sorted(self._claims_of.get(target, ())):
            changes.extend(self._refresh(claim_id))
        return changes

    def _compute(self, event_id: str) -> Recorded | None:
        original = self._base.get(event_id)
        if original is None or event_id in self._retracted:
            return None
        event = original.event
        if isinstance(event, Correction | Retraction):
            return None
        changed = False
        for correction in self._corrections.get(event_id, ()):
            fix = correction.event
            assert isinstance(fix, Correction)
            if fix.id in self._retracted:
                continue
            try:
                event = fix.apply(event)
            except TimelineError as exc:
                if fix.id not in self._rejected:
                    message = (
                        f"correction {fix.id!r} (position {correction.position}) cannot be "
                        f"applied to event {event_id!r} and is ignored: {exc}"
                    )
                    self._rejected[fix.id] = message
                    warnings.warn(message, CorrectionWarning, stacklevel=2)
                continue
            changed = True
        if isinstance(event, Claim) and event.target in self._retracted:
            return None
        if not changed:
            return original
        return attrs.evolve(original, event=event)

    def _refresh(self, event_id: str) -> list[Change]:
        before = self._effective.get(event_id)
        after = self._compute(event_id)
        if before is after:
            return []
        if before is not None and isinstance(before.event, Claim):
            self._claims_of.get(before.event.target, set()).discard(event_id)
        if after is None:
            self._effective.pop(event_id, None)
        else:
            self._effective[event_id] = after
            if isinstance(after.event, Claim):
                self._claims_of.setdefault(after.event.target, set()).add(event_id)
        return [(before, after)]


def effective_events(
    source: Source,
    known_at: KnownAt = None,
    *,
    order: Order = "append",
) -> list[Recorded]:
    """The records a projection sees: corrections applied, retracted events left out.

    Args:
        source: a store, or records (e.g. ``store.read_all()``).
        known_at: only what was recorded by then (an aware datetime or a
            store position); ``None`` for everything.
        order: ``"append"`` (store position, the default) or ``"valid"``
            (valid time, ties by position).
    """
    _check_order(order)
    known_at = _check_known_at(known_at)
    records = _records(source)
    records = records[: known_position(records, known_at)]
    resolver = Resolver()
    for recorded in records:
        resolver.add(recorded)
    result = list(resolver.effective())
    result.sort(key=valid_key if order == "valid" else _position)
    return result


def _position(recorded: Recorded) -> int:
    return recorded.position


def claims_by_target(records: Iterable[Recorded]) -> dict[str, list[Recorded]]:
    """Group the claim records among ``records`` by the id of the event they are about."""
    grouped: dict[str, list[Recorded]] = {}
    for recorded in records:
        if isinstance(recorded.event, Claim):
            grouped.setdefault(recorded.event.target, []).append(recorded)
    return grouped


def _check_order(order: object) -> Order:
    if order not in ("valid", "append"):
        raise ProjectionError(f"order: expected 'valid' or 'append', got {order!r}")
    return order


def _selector(
    kinds: frozenset[str] | None,
    streams: Iterable[str] | None,
    where: Callable[[Recorded], bool] | None,
) -> Callable[[Recorded], bool] | None:
    if streams is not None and isinstance(streams, str):
        streams = (streams,)
    wanted = None if streams is None else frozenset(streams)
    if kinds is None and wanted is None and where is None:
        return None

    def select(recorded: Recorded) -> bool:
        if kinds is not None and type(recorded.event).kind not in kinds:
            return False
        if wanted is not None and recorded.stream not in wanted:
            return False
        return where is None or bool(where(recorded))

    return select


def run(
    projection: Projection[S],
    source: Source,
    *,
    order: Order = "valid",
    streams: Iterable[str] | None = None,
    where: Callable[[Recorded], bool] | None = None,
    known_at: KnownAt = None,
) -> S:
    """Run ``projection`` from scratch over a store (or records) and return its state.

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
    kinds = _kinds_of(projection)
    records = effective_events(source, known_at, order=_check_order(order))
    select = _selector(kinds, streams, where)
    state = projection.initial()
    apply = projection.apply
    for recorded in records:
        if select is None or select(recorded):
            state = apply(state, recorded)
    return state


# -- live ---------------------------------------------------------------------------------


class _Selected(Projection[S]):
    """A projection that applies only the records ``select`` accepts."""

    def __init__(self, inner: Projection[S], select: Callable[[Recorded], bool]) -> None:
        self._inner = inner
        self._select = select
        self.kinds = _kinds_of(inner)

    def initial(self) -> S:
        return self._inner.initial()

    def apply(self, state: S, recorded: Recorded) -> S:
        return self._inner.apply(state, recorded) if self._select(recorded) else state

    def __repr__(self) -> str:
        return repr(self._inner)


class LiveProjection(Generic[S]):
    """A projection kept up to date with a store through its subscription.

    ``live = LiveProjection(Count(), store)``; ``live.state`` is always the
    state over everything recorded so far (what :func:`run` with the same
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
        self._kinds = _kinds_of(projection)
        self._order = _check_order(order)
        self._select = _selector(self._kinds, streams, where)
        self._resolver = Resolver()
        self._state: S = projection.initial()
        self._last: tuple[Any, ...] | None = None
        self._dirty = False
        if self._order == "valid":
            from timeline.projections.snapshot import SnapshotIndex

            selected = projection if self._select is None else _Selected(projection, self._select)
            self._index: SnapshotIndex[S] | None = SnapshotIndex(selected, store)
            self._subscription: Subscription | None = self._index.chronology._subscription
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
        records.sort(key=valid_key if self._order == "valid" else _position)
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
