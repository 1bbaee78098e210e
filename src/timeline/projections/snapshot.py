"""Snapshots: the state of the world at valid time T, as known at recorded time R.

``snapshot(projection, store, at=T, known_at=R)`` replays from scratch (the
reference); a :class:`SnapshotIndex` answers the same question from
checkpoints, in O(log n + k)::

    index = SnapshotIndex(ControlOfPlaces(), store)      # follows the store live
    snap = index.snapshot(at="2020-01-15")               # end of 15 January 2020
    snap.possible        # state after every event that may have happened by then
    snap.straddling      # the events only possibly over by then ("January 2020")
    snap.certain         # state after the events certainly over by then
    index.snapshot(at="2020-01-15", known_at=datetime(2020, 2, 1, tzinfo=UTC))

What "happened by T" means
    ``at`` is an instant; a ``When``, a date or EDTF text stands for the *end*
    of that period (``at="2020-01-15"`` is the end of 15 January, so the day's
    own events count). An event may have happened by T when its earliest
    instant is before T; it certainly has when its latest instant is at or
    before T. An event whose span straddles T (``earliest < T < latest``,
    for instance "January 2020" asked about on 15 January, or an open-ended
    "2020-01-12/..") is *applied*, and listed in :attr:`Snapshot.straddling`:
    the facts it brings possibly hold.

    Only the records the projection reads count: those of its ``kinds``
    (and, for a :class:`SnapshotIndex`, of its ``streams`` and ``where``).
    An event the projection does not read is never applied, so it is not
    listed in :attr:`Snapshot.straddling`, and ``is_certain`` /
    ``is_possible`` answer False for it.

    * :attr:`Snapshot.possible`: the state after every event with
      ``earliest < T``, in valid-time order (straddling ones included).
    * :attr:`Snapshot.certain`: the state after the same events without the
      straddling ones (computed on first access).
    * :meth:`Snapshot.is_certain` / :meth:`Snapshot.is_possible`: whether one
      event the projection reads is certainly / possibly over by T (O(1), by id).

    A projection that wants per-fact certainty keeps, in its state, the id of
    the event each fact comes from, and asks ``snap.is_certain(event_id)``
    (the conflict pack does this).

Checkpoints and their costs
    A :class:`SnapshotIndex` keeps the projection's state after every ``k``-th
    record of the chronology (valid-time order), computed lazily. A query
    bisects to the number ``p`` of records with ``earliest < T`` (O(log n)),
    takes the checkpoint at or before ``p`` and applies at most ``k - 1``
    records: :attr:`Snapshot.possible` costs O(log n + k).

    :attr:`Snapshot.straddling` (on first access) comes from a span index:
    O(C log n + s log s) for ``s`` straddling events and ``C`` span-length
    classes (at most ~40). ``s`` is an answer size: on a dense stream it grows
    with the stream (every month-long event around T straddles it).
    :attr:`Snapshot.certain` (on first access) replays from the checkpoint
    before the first straddling event: O(log n + k + d), ``d`` the number of
    records between that event and T (large when a long event started long
    before T; open-ended events cost nothing here, as a second checkpoint
    series leaves them out, built on the first ``.certain``).

    A late event (or a correction, or a retraction) at index ``i`` drops only
    the checkpoints after ``i``; they are rebuilt on the next query that
    needs them, at the cost of applying the records from ``i`` to that
    query's ``p`` (a fold cannot be patched in the middle).

    ``known_at`` earlier than the newest record: if the records after it hold
    no correction or retraction, the index keeps a checkpoint series for that
    ``known_at`` (keyed by the last store position known then), built on
    the shared valid-time order by skipping the later records: the first
    query at a new ``known_at`` costs O(p) to build it, the next ones
    O(log n + k). The series of the last ``views`` positions asked about are
    kept (memory: n / k states each); a late event drops their checkpoints
    after it, like the head's. If a correction or retraction was recorded
    after ``known_at``, that recorded view is indexed on its own (O(n log n)
    once; it never changes, as nothing recorded changes) and kept for the
    last ``views`` such positions (memory: an index of its own each); later
    queries on it cost O(log n + k).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from timeline.events import Correction, Retraction
from timeline.projections._instants import (
    ValidTime,
    earliest,
    key_of,
    latest,
    probe,
    to_instant,
)
from timeline.projections.chronology import Chronology
from timeline.projections.fold import (
    KnownAt,
    Projection,
    ProjectionError,
    _check_known_at,
    _kinds_of,
    _Selected,
    _selector,
    effective_events,
    known_position,
)
from timeline.store import EventStore, Recorded

__all__ = ["Snapshot", "SnapshotIndex", "snapshot"]

S = TypeVar("S")


class Snapshot(Generic[S]):
    """A projection's state at valid time :attr:`at`, as known at :attr:`known_at`.

    See the module documentation for what ``possible`` and ``certain`` mean.
    :attr:`possible` is computed at once; :attr:`straddling` and
    :attr:`certain` on first access (their cost grows with the number of
    events that straddle :attr:`at`, see the module documentation).
    """

    __slots__ = ("_cache", "_certain", "_find", "_straddling", "at", "known_at", "possible")

    def __init__(
        self,
        at: float,
        known_at: KnownAt,
        possible: S,
        straddling: Callable[[], tuple[Recorded, ...]],
        certain: Callable[[], S],
        find: Callable[[str], Recorded | None],
    ) -> None:
        """Made by :func:`snapshot` and :meth:`SnapshotIndex.snapshot`."""
        self.at = at
        """The valid time asked about, in epoch seconds."""
        self.known_at = known_at
        """The recorded time asked about (``None``: everything recorded)."""
        self.possible = possible
        """State after every event that may have happened by :attr:`at`."""
        self._straddling = straddling
        self._certain = certain
        self._find = find
        self._cache: dict[str, object] = {}

    @property
    def straddling(self) -> tuple[Recorded, ...]:
        """Events applied to :attr:`possible` that are only possibly over by :attr:`at`.

        In valid-time order: those with ``earliest < at < latest``, among the
        records the projection reads (its ``kinds``; for a
        :class:`SnapshotIndex`, its ``streams`` and ``where`` as well).
        """
        if "straddling" not in self._cache:
            self._cache["straddling"] = self._straddling()
        return self._cache["straddling"]  # type: ignore[return-value]

    @property
    def certain(self) -> S:
        """State after the events certainly over by :attr:`at` (straddling ones left out)."""
        if "certain" not in self._cache:
            self._cache["certain"] = self._certain()
        return self._cache["certain"]  # type: ignore[return-value]

    def is_certain(self, event_id: str) -> bool:
        """Whether the event ``event_id`` is certainly over by :attr:`at` (O(1)).

        True when the event, as known at :attr:`known_at` (corrections
        applied), ends at or before :attr:`at`; False when it straddles
        :attr:`at`, lies after it, is not read by the projection (not of its
        ``kinds``, ``streams`` or ``where``), or is not known (unrecorded by
        then, retracted, or not an event id).
        """
        recorded = self._find(event_id)
        return recorded is not None and latest(recorded) <= self.at

    def is_possible(self, event_id: str) -> bool:
        """Whether the event ``event_id`` may have happened by :attr:`at` (O(1)).

        True exactly for the events applied to :attr:`possible`: False for
        an event the projection does not read.
        """
        recorded = self._find(event_id)
        return recorded is not None and earliest(recorded) < self.at

    def __repr__(self) -> str:
        return f"<Snapshot at={self.at} known_at={self.known_at!r}: {self.possible!r}>"


def _at(value: ValidTime) -> float:
    if value is None:
        raise ProjectionError("at: give the valid time of the snapshot")
    moment = to_instant(value, end=True, what="at", error=ProjectionError)
    if moment in (_INF, -_INF):
        raise ProjectionError(
            f"at: {value!r} has no end, so no instant to take the snapshot at; "
            "give a bounded valid time"
        )
    return moment


def snapshot(
    projection: Projection[S],
    source: EventStore | Iterable[Recorded],
    *,
    at: ValidTime,
    known_at: KnownAt = None,
) -> Snapshot[S]:
    """The state at valid time ``at`` as known at ``known_at``, by a full replay.

    The reference answer (O(n log n)); use a :class:`SnapshotIndex` for
    repeated queries on a large stream. ``at`` is a ``When``, EDTF text, a
    date (each standing for the end of its period), an aware datetime or
    epoch seconds; ``known_at`` an aware datetime or a store position.
    """
    moment = _at(at)
    kinds = _kinds_of(projection)
    records = effective_events(source, known_at, order="valid")
    prefix = [r for r in records if earliest(r) < moment]
    selected = [r for r in prefix if kinds is None or type(r.event).kind in kinds]
    straddling = tuple(r for r in selected if latest(r) > moment)
    by_id = {r.event.id: r for r in records if kinds is None or type(r.event).kind in kinds}

    def replay(items: list[Recorded]) -> S:
        state = projection.initial()
        for recorded in items:
            state = projection.apply(state, recorded)
        return state

    def certain() -> S:
        return replay([r for r in selected if latest(r) <= moment])

    return Snapshot(moment, known_at, replay(selected), lambda: straddling, certain, by_id.get)


class SnapshotIndex(Generic[S]):
    """Snapshots of one projection from checkpoints along valid time.

    ``SnapshotIndex(projection, store)`` indexes the store (following it
    live); pass a :class:`~timeline.projections.Chronology` instead to share
    its index between projections. ``every`` is the checkpoint interval
    ``k`` (memory: one state per ``k`` records; query: at most ``k - 1``
    applications). Costs are in the module documentation.
    """

    def __init__(
        self,
        projection: Projection[S],
        source: EventStore | Chronology | Iterable[Recorded],
        *,
        every: int = 256,
        streams: Iterable[str] | None = None,
        where: Callable[[Recorded], bool] | None = None,
        views: int = 4,
    ) -> None:
        """Index ``projection`` over ``source`` (a store, a chronology, or records).

        ``streams`` and ``where`` select the records applied, as for
        :func:`~timeline.projections.run`. ``views`` is how many past
        ``known_at`` positions keep their own checkpoints (see the module docs).
        """
        if type(every) is not int or every < 1:
            raise ProjectionError(f"every: expected an int >= 1, got {every!r}")
        if type(views) is not int or views < 0:
            raise ProjectionError(f"views: expected an int >= 0, got {views!r}")
        select = _selector(_kinds_of(projection), streams, where)
        if select is not None:
            projection = _Selected(projection, select)
        self._projection = projection
        # What the projection reads (None: every record); straddling and find use it.
        self._select = select
        self._kinds = _kinds_of(projection)
        self._every = every
        self.chronology = source if isinstance(source, Chronology) else Chronology(source)
        """The chronology the snapshots are taken from."""
        self._views = views
        # Checkpoint series by (known_at position limit or None, bounded): the head
        # series, the one without open-ended events (for .certain), and the same for
        # the last few known_at positions asked about.
        self._series: OrderedDict[tuple[int | None, bool], list[S]] = OrderedDict()
        self._series[(None, False)] = [projection.initial()]
        self._series[(None, True)] = [projection.initial()]
        # Indexes of past recorded views that a later correction or retraction changed.
        self._past: OrderedDict[int, SnapshotIndex[S]] = OrderedDict()
        self.chronology._listen(self._invalidate)

    def __repr__(self) -> str:
        return (
            f"<SnapshotIndex of {self._projection!r}: {len(self.chronology)} events, "
            f"{self.checkpoints} checkpoints every {self._every}>"
        )

    @property
    def checkpoints(self) -> int:
        """How many checkpoints of the head series are valid (the initial state counts as one)."""
        return len(self._series[(None, False)])

    def _invalidate(self, index: int) -> None:
        keep = index // self._every + 1
        for series in self._series.values():
            del series[keep:]

    def _apply_range(self, state: S, start: int, stop: int, skip: Callable[[Recorded], bool]) -> S:
        apply, kinds = self._projection.apply, self._kinds
        for recorded in self.chronology._list.islice(start, stop):
            if kinds is not None and type(recorded.event).kind not in kinds:
                continue
            if skip(recorded):
                continue
            state = apply(state, recorded)
        return state

    def _get_series(self, limit: int | None, bounded: bool) -> list[S]:
        """The checkpoints of one series, made (empty) if needed; keeps the newest views."""
        key = (limit, bounded)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = [self._projection.initial()]
            views = [k for k in self._series if k[0] is not None]
            while len(views) > 2 * self._views:
                del self._series[views.pop(0)]
        elif limit is not None:
            self._series.move_to_end(key)
        return series

    def _fold(
        self,
        stop: int,
        first_skipped: int,
        skip: Callable[[Recorded], bool],
        *,
        limit: int | None = None,
        bounded: bool = False,
    ) -> S:
        """The state after the first ``stop`` records of the series (``limit``, ``bounded``).

        The series skips records after position ``limit`` (if given) and, if
        ``bounded``, events with an open latest bound; ``skip`` also skips
        other records, all at index ``first_skipped`` or later.
        """
        cps, k = self._get_series(limit, bounded), self._every
        block = min(stop, first_skipped) // k
        series_skip = _series_skip(limit, bounded)
        while len(cps) <= block:
            last = len(cps) - 1
            cps.append(self._apply_range(cps[last], last * k, (last + 1) * k, series_skip))
        return self._apply_range(cps[block], block * k, stop, skip)

    def snapshot(self, *, at: ValidTime, known_at: KnownAt = None) -> Snapshot[S]:
        """The state at valid time ``at`` as known at ``known_at`` (see the module docs).

        Equal to :func:`snapshot` with the same arguments, for every stream.
        """
        moment = _at(at)
        known_at = _check_known_at(known_at)
        chron = self.chronology
        ordered = chron._list
        log = chron._log
        stop = ordered.bisect_key_left(probe(moment))
        limit: int | None = None
        count = known_position(log, known_at)
        if count < len(log):
            limit = log[count - 1].position if count else 0
            if any(isinstance(r.event, Correction | Retraction) for r in log[count:]):
                past = self._past.get(limit)
                if past is None:
                    # What was recorded up to ``limit`` never changes: index it once.
                    past = SnapshotIndex(self._projection, log[:count], every=self._every, views=0)
                    past._select = self._select  # the same streams and where
                    self._past[limit] = past
                    while len(self._past) > self._views:
                        self._past.popitem(last=False)
                else:
                    self._past.move_to_end(limit)
                view = past.snapshot(at=moment)
                view.known_at = known_at
                return view
        later = _series_skip(limit, False)
        select = self._select
        possible = self._fold(stop, stop, later, limit=limit)
        found: list[tuple[Recorded, ...]] = []

        def unread(recorded: Recorded) -> bool:
            """Recorded after ``known_at``, or not read by the projection."""
            return later(recorded) or (select is not None and not select(recorded))

        def straddling() -> tuple[Recorded, ...]:
            if not found:
                spans = chron._spans.straddling(moment)
                found.append(tuple(sorted((r for r in spans if not unread(r)), key=key_of)))
            return found[0]

        def certain() -> S:
            # Events with an open latest bound are never certain: the bounded series
            # leaves them out, so only the other straddling events force a replay.
            across = straddling()
            ids = frozenset(r.position for r in across)
            first = stop
            bounded = [r for r in across if latest(r) != _INF]
            if bounded:
                first = min(first, ordered.bisect_key_left(key_of(bounded[0])))
            skip = _series_skip(limit, True)
            return self._fold(
                stop,
                first,
                lambda r: skip(r) or r.position in ids,
                limit=limit,
                bounded=True,
            )

        def find(event_id: str) -> Recorded | None:
            recorded = chron._resolver.get(event_id)
            return None if recorded is None or unread(recorded) else recorded

        return Snapshot(moment, known_at, possible, straddling, certain, find)

    def state(self, *, at: ValidTime, known_at: KnownAt = None) -> S:
        """Shorthand for ``snapshot(at=..., known_at=...).possible``."""
        return self.snapshot(at=at, known_at=known_at).possible

    def full_state(self) -> S:
        """The state after every event recorded, whatever its valid time (``run`` in valid order).

        O(k) from the last checkpoint when nothing arrived late since the last call.
        """
        size = len(self.chronology)
        return self._fold(size, size, _never)


def _never(recorded: Recorded) -> bool:
    return False


def _unbounded(recorded: Recorded) -> bool:
    return latest(recorded) == _INF


def _series_skip(limit: int | None, bounded: bool) -> Callable[[Recorded], bool]:
    """What a checkpoint series leaves out: records after ``limit``; open-ended events."""
    if limit is None:
        return _unbounded if bounded else _never
    if bounded:
        return lambda r: r.position > limit or latest(r) == _INF
    return lambda r: r.position > limit


_INF = float("inf")
