"""The checkpoint series behind :class:`~timeline.projections.SnapshotIndex`.

The state of one projection after every ``k``-th record of a valid-time
index, computed lazily, dropped after a late event, and kept for the head
and for the last few ``known_at`` positions asked about. What a snapshot
means and what each query costs are in :mod:`timeline.projections.snapshots`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from timeline.events import Correction, Retraction
from timeline.projections._index import ValidTimeIndex
from timeline.projections._instants import INF, earliest, key_of, latest, probe, widened
from timeline.projections._records import KnownAt, known_prefix, known_records
from timeline.projections._select import kinds_of
from timeline.projections._summaries import BlockSummaries
from timeline.projections.projection import MergeableProjection, Projection
from timeline.projections.snapshots import Snapshot
from timeline.store import Recorded

__all__ = ["Checkpoints"]

S = TypeVar("S")


class Checkpoints(Generic[S]):
    """Checkpoints of ``projection`` along ``index``, every ``every`` records.

    ``select`` is what the projection reads (``None``: every record; the
    projection already applies only those), used for the straddling events
    and for ``is_certain`` / ``is_possible``.
    """

    def __init__(
        self,
        projection: Projection[S],
        index: ValidTimeIndex,
        *,
        every: int,
        select: Callable[[Recorded], bool] | None,
        views: int,
    ) -> None:
        """Checkpoints of ``projection`` over ``index``, following it."""
        self.projection = projection
        """The projection folded (with its selection applied)."""
        self.every = every
        """The checkpoint interval ``k``."""
        self.index = index
        """The valid-time index the checkpoints follow."""
        self._select = select
        self._kinds = kinds_of(projection)
        self._views = views
        # Checkpoint series by (known_at position limit or None, bounded): the head
        # series, the one without open-ended events (for .certain), and the same for
        # the last few known_at positions asked about.
        self._series: OrderedDict[tuple[int | None, bool], list[S]] = OrderedDict()
        self._series[(None, False)] = [projection.initial()]
        self._series[(None, True)] = [projection.initial()]
        # Checkpoints of past recorded views that a later correction or retraction changed.
        # Keyed by the position limit, or (known_at, log length) when what was known is
        # not a prefix of the log (reports imported out of order).
        self._past: OrderedDict[object, Checkpoints[S]] = OrderedDict()
        # A mergeable projection keeps the head series (and the bounded one) as block
        # summaries instead: a late event then costs O(log n + k), not O(distance).
        self._summaries: dict[bool, BlockSummaries[S]] = {}
        if isinstance(projection, MergeableProjection):
            for bounded in (False, True):
                self._summaries[bounded] = BlockSummaries(
                    projection,
                    index,
                    every=every,
                    skip=_series_skip(None, bounded),
                    kinds=self._kinds,
                )
        index.listen(self._invalidate)

    @property
    def count(self) -> int:
        """How many checkpoints of the head series are valid (the initial state counts as one).

        For a mergeable projection, the blocks whose fold is current, plus one.
        """
        if self._summaries:
            return self._summaries[False].valid + 1
        return len(self._series[(None, False)])

    def _invalidate(self, index: int, delta: int) -> None:
        keep = index // self.every + 1
        for series in self._series.values():
            del series[keep:]
        for summaries in self._summaries.values():
            summaries.changed(index, delta)

    def _apply_range(self, state: S, start: int, stop: int, skip: Callable[[Recorded], bool]) -> S:
        apply, kinds = self.projection.apply, self._kinds
        for recorded in self.index.ordered.islice(start, stop):
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
            series = self._series[key] = [self.projection.initial()]
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
        series_skip = _series_skip(limit, bounded)
        if limit is None and self._summaries:
            aligned = min(stop, first_skipped)
            state, start = self._summaries[bounded].fold(aligned)
            state = self._apply_range(state, start, aligned, series_skip)
            return self._apply_range(state, aligned, stop, skip)
        cps, k = self._get_series(limit, bounded), self.every
        block = min(stop, first_skipped) // k
        while len(cps) <= block:
            last = len(cps) - 1
            cps.append(self._apply_range(cps[last], last * k, (last + 1) * k, series_skip))
        return self._apply_range(cps[block], block * k, stop, skip)

    def snapshot(self, moment: float, known_at: KnownAt) -> Snapshot[S]:
        """The state at the instant ``moment`` as known at ``known_at`` (both checked)."""
        ordered = self.index.ordered
        log = self.index.log
        stop = ordered.bisect_key_left(probe(moment))
        limit: int | None = None
        count = known_prefix(log, known_at, reported=self.index.reported)
        if count is None:  # reports imported out of order: index what was known then
            return self._past_view((known_at, len(log)), moment, known_at)
        if count < len(log):
            limit = log[count - 1].position if count else 0
            if any(isinstance(r.event, Correction | Retraction) for r in log[count:]):
                return self._past_view(limit, moment, known_at)
        later = _series_skip(limit, False)
        select, kinds = self._select, self._kinds

        def unread(recorded: Recorded) -> bool:
            """Recorded after ``known_at``, or not read by the projection (kind or selection)."""
            return (
                later(recorded)
                or (kinds is not None and type(recorded.event).kind not in kinds)
                or (select is not None and not select(recorded))
            )

        possible = self._fold(stop, stop, later, limit=limit)
        # Qualified events (~, ?) widened across the moment: those that start at or after
        # it only once widened are applied after the prefix (they all sort after it, so
        # valid-time order holds); with the others they straddle the moment.
        near: list[Recorded] = []
        extras: list[Recorded] = []
        if self.index.pad:
            near = [r for r in self.index.approx.around(moment, self.index.pad) if not unread(r)]
            extras = sorted(
                (r for r in near if earliest(r) >= moment and widened(r)[0] < moment),
                key=key_of,
            )
            for recorded in extras:
                possible = self.projection.apply(possible, recorded)
        found: list[tuple[Recorded, ...]] = []

        def straddling() -> tuple[Recorded, ...]:
            if not found:
                spans = self.index.spans.straddling(moment)
                across = {r.position: r for r in spans if not unread(r)}
                for recorded in near:
                    lo, hi = widened(recorded)
                    if lo < moment < hi:
                        across[recorded.position] = recorded
                found.append(tuple(sorted(across.values(), key=key_of)))
            return found[0]

        def certain() -> S:
            # Events with an open latest bound are never certain: the bounded series
            # leaves them out, so only the other straddling events force a replay.
            across = straddling()
            ids = frozenset(r.position for r in across)
            first = stop
            bounded = [r for r in across if latest(r) != INF]
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
            recorded = self.index.resolver.get(event_id)
            return None if recorded is None or unread(recorded) else recorded

        def applied() -> list[Recorded]:
            # The prefix, then the qualified events widened across the moment, as folded.
            return [r for r in ordered.islice(0, stop) if not unread(r)] + extras

        return Snapshot(moment, known_at, possible, straddling, certain, find, applied=applied)

    def _past_view(self, key: object, moment: float, known_at: KnownAt) -> Snapshot[S]:
        """The snapshot from checkpoints of only what was known at ``known_at`` (cached by key)."""
        past = self._past.get(key)
        if past is None:
            # What was known then never changes: index it once.
            past = Checkpoints(
                self.projection,
                ValidTimeIndex(
                    known_records(self.index.log, known_at, reported=self.index.reported)
                ),
                every=self.every,
                select=self._select,
                views=0,
            )
            self._past[key] = past
            while len(self._past) > self._views:
                self._past.popitem(last=False)
        else:
            self._past.move_to_end(key)
        view = past.snapshot(moment, None)
        view.known_at = known_at
        return view

    def full_state(self) -> S:
        """The state after every event recorded, whatever its valid time.

        What :func:`~timeline.projections.replay` gives in valid-time order; O(k)
        from the last checkpoint when nothing arrived late since the last call.
        """
        size = len(self.index.ordered)
        return self._fold(size, size, _never)


def _never(recorded: Recorded) -> bool:
    return False


def _unbounded(recorded: Recorded) -> bool:
    return latest(recorded) == INF


def _series_skip(limit: int | None, bounded: bool) -> Callable[[Recorded], bool]:
    """What a checkpoint series leaves out: records after ``limit``; open-ended events."""
    if limit is None:
        return _unbounded if bounded else _never
    if bounded:
        return lambda r: r.position > limit or latest(r) == INF
    return lambda r: r.position > limit
