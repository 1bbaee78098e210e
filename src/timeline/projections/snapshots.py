"""Snapshots: the state of the world at valid time T, as known at recorded time R.

``snapshot(projection, store, at=T, known_at=R)`` replays from scratch (the
reference); a :class:`~timeline.projections.SnapshotIndex` (kept beside the
chronology it indexes, in :mod:`~timeline.projections.chronology`) answers the
same question from checkpoints, in O(log n + k)::

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

    Qualified values (``~``, ``?``) are widened as the relations widen them
    (``When.box()``: one unit of the coarsest qualified component on each
    side): "c. 6 February 2020" (``2020-02-06~``) may have happened by the
    end of 5 February and is certainly over only after 7 February, so a
    snapshot a month later holds it as certain, and one at the end of 6
    February lists it as straddling. "Earliest" and "latest" above mean the
    widened bounds.

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

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from timeline.errors import ProjectionError
from timeline.projections._instants import ValidTime, snapshot_instant, widened
from timeline.projections._records import KnownAt, Records
from timeline.projections._select import kinds_of
from timeline.projections.projection import Projection
from timeline.projections.resolver import effective_events
from timeline.projections.table import Backend, event_columns, to_frame
from timeline.store import Recorded

__all__ = ["Snapshot", "snapshot"]

S = TypeVar("S")


class Snapshot(Generic[S]):
    """A projection's state at valid time :attr:`at`, as known at :attr:`known_at`.

    See the module documentation for what ``possible`` and ``certain`` mean.
    :attr:`possible` is computed at once; :attr:`straddling` and
    :attr:`certain` on first access (their cost grows with the number of
    events that straddle :attr:`at`, see the module documentation).
    """

    __slots__ = (
        "_applied",
        "_cache",
        "_certain",
        "_find",
        "_straddling",
        "at",
        "known_at",
        "possible",
    )

    def __init__(
        self,
        at: float,
        known_at: KnownAt,
        possible: S,
        straddling: Callable[[], tuple[Recorded, ...]],
        certain: Callable[[], S],
        find: Callable[[str], Recorded | None],
        *,
        applied: Callable[[], Sequence[Recorded]] | None = None,
    ) -> None:
        """Made by :func:`snapshot` and :meth:`SnapshotIndex.snapshot`.

        ``applied`` gives the records applied to :attr:`possible`, in valid-time
        order (for :meth:`to_frame`).
        """
        self.at = at
        """The valid time asked about, in epoch seconds."""
        self.known_at = known_at
        """The recorded time asked about (``None``: everything recorded)."""
        self.possible = possible
        """State after every event that may have happened by :attr:`at`."""
        self._straddling = straddling
        self._certain = certain
        self._find = find
        self._applied = applied
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
        return recorded is not None and widened(recorded)[1] <= self.at

    def is_possible(self, event_id: str) -> bool:
        """Whether the event ``event_id`` may have happened by :attr:`at` (O(1)).

        True exactly for the events applied to :attr:`possible`: False for
        an event the projection does not read.
        """
        recorded = self._find(event_id)
        return recorded is not None and widened(recorded)[0] < self.at

    def applied(self) -> tuple[Recorded, ...]:
        """The records applied to :attr:`possible`, in valid-time order (computed on call).

        Those the projection reads that may have happened by :attr:`at`, as
        known at :attr:`known_at`: O(p) for ``p`` records before :attr:`at`.
        """
        if self._applied is None:
            raise ProjectionError(
                "this snapshot was made without its applied records: make it with "
                "timeline.projections.snapshot() or SnapshotIndex.snapshot()"
            )
        return tuple(self._applied())

    def to_frame(self, backend: Backend = "pandas") -> Any:
        """The events applied to :attr:`possible` as a DataFrame, one row each.

        The columns of :mod:`timeline.projections.table`, plus ``certain``:
        whether the event is certainly over by :attr:`at` (False: it straddles
        :attr:`at`, and the facts it brings only possibly hold). ``backend``
        is ``"pandas"`` (``pip install 'timeline-ledger[pandas]'``) or
        ``"polars"`` (``[polars]``).

        Raises:
            MissingExtraError: the backend's library is not installed.
        """
        records = self.applied()
        at = self.at
        certain = [widened(r)[1] <= at for r in records]
        return to_frame(event_columns(records, certain=certain), backend)

    def __repr__(self) -> str:
        return f"<Snapshot at={self.at} known_at={self.known_at!r}: {self.possible!r}>"


def snapshot(
    projection: Projection[S],
    source: Records,
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
    moment = snapshot_instant(at)
    kinds = kinds_of(projection)
    records = effective_events(source, known_at, order="valid")
    prefix = [r for r in records if widened(r)[0] < moment]
    selected = [r for r in prefix if kinds is None or type(r.event).kind in kinds]
    straddling = tuple(r for r in selected if widened(r)[1] > moment)
    by_id = {r.event.id: r for r in records if kinds is None or type(r.event).kind in kinds}

    def replay(items: list[Recorded]) -> S:
        state = projection.initial()
        for recorded in items:
            state = projection.apply(state, recorded)
        return state

    def certain() -> S:
        return replay([r for r in selected if widened(r)[1] <= moment])

    return Snapshot(
        moment,
        known_at,
        replay(selected),
        lambda: straddling,
        certain,
        by_id.get,
        applied=lambda: selected,
    )
