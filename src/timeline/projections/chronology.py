"""The chronology: every effective event in valid-time order, with window queries.

``Chronology(store)`` indexes a store (and, by default, follows it live)::

    chron = Chronology(store)
    chron.query("2020-01", "2020-02")                      # may overlap Jan-Feb 2020
    chron.query("2020-01", "2020-02", match="certain")     # lies wholly inside
    chron.query(kinds={"capture"}, places={"Nairab"}, limit=20)
    chron.group("month", "2019", "2020")                   # buckets by month
    chron.query(known_at=datetime(2020, 2, 4, tzinfo=UTC)) # as recorded by then

Order
    The total order of the time model (``When.sort_key``: earliest first, the
    wider span first), ties broken by store position. A late event lands in its
    place in O(log n) (a ``SortedKeyList``). Corrections and retractions are
    resolved as every projection resolves them (:class:`~timeline.projections.Resolver`).

Windows
    A window runs from ``valid_from`` to ``valid_to``. Each end is a
    :class:`~timeline.When` (or EDTF text, or a date), an aware datetime, or
    epoch seconds; a period stands for its start at ``valid_from`` and for
    its end at ``valid_to`` (``query("2020-01", "2020-02")`` covers all of
    January and February). ``None`` leaves that side open.

    * ``match="possible"`` (the default): the event *may* overlap the window
      (``earliest < valid_to`` and ``latest > valid_from``).
    * ``match="certain"``: the event lies *wholly* inside the window
      (``valid_from <= earliest`` and ``latest <= valid_to``).

    Qualified values (``~``, ``?``) widen as the relations widen them
    (``When.box()``): "c. 6 February 2020" may fall on 5 to 7 February, so it
    possibly overlaps 7 February and lies certainly inside February only.

Recorded time
    ``known_at`` (an aware datetime or a store position) restricts any query
    to what was recorded by then, with corrections and retractions as known
    then. When nothing after ``known_at`` is a correction or a retraction,
    the live index answers with a position filter (no extra cost); otherwise
    that view is rebuilt (O(n log n); the last one is cached).

Snapshots
    :class:`SnapshotIndex` (a projection's state at any valid time, from
    checkpoints) lives here too: the two classes make each other. What a
    snapshot means is in :mod:`timeline.projections.snapshots`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Generic, Literal, TypeAlias, TypeVar
from zoneinfo import ZoneInfo

import attrs

from timeline.errors import ProjectionError
from timeline.events import Event, Gazetteer
from timeline.projections._buckets import Group, GroupBy, bucket, describe
from timeline.projections._checkpoints import Checkpoints
from timeline.projections._filters import matcher
from timeline.projections._index import ValidTimeIndex
from timeline.projections._instants import (
    INF,
    Key,
    ValidTime,
    key_of,
    latest,
    probe,
    snapshot_instant,
    to_instant,
    widened,
)
from timeline.projections._records import KnownAt, Records, check_known_at, records_of
from timeline.projections._select import kinds_of, selected, selector
from timeline.projections.projection import Projection
from timeline.projections.snapshots import Snapshot
from timeline.projections.table import Backend, event_columns, to_frame
from timeline.store import EventStore, Recorded, Subscription

__all__ = [
    "Chronology",
    "Cursor",
    "Group",
    "GroupBy",
    "Match",
    "Page",
    "SnapshotIndex",
    "ValidTime",
]

S = TypeVar("S")

Match: TypeAlias = Literal["possible", "certain"]
"""How an event must relate to a window: ``"possible"`` (may overlap) or ``"certain"`` (inside)."""

Cursor: TypeAlias = Key
"""Where a page ended: the valid-time key of its last record; pass it back as ``after``."""


@attrs.frozen
class Page:
    """One page of a query.

    Attributes:
        records: the records on this page, in valid-time order.
        next: the cursor to pass as ``after`` for the next page (``None``: no more).
    """

    records: tuple[Recorded, ...]
    next: Cursor | None


class Chronology:
    """Every effective event of a store in valid-time order, kept current as events arrive.

    See the module documentation for windows, filters and the two clocks.
    A live chronology is updated in the thread that appends to the store; it
    takes no lock, so read it from that thread (or serialise appends and
    reads yourself).
    """

    def __init__(
        self,
        source: Records | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        live: bool = True,
    ) -> None:
        """Index ``source``: a store (followed live unless ``live=False``), records, or nothing.

        Args:
            source: an :class:`~timeline.store.EventStore`, records in any
                order, or ``None`` to start empty and :meth:`add` records.
            gazetteer: matches actor and place filters by any alias of a
                known entity (``places={"Maarat al-Numan"}`` finds events
                that name it "Maaret al-Nouman").
            live: follow the store's subscription (only for a store).
        """
        if gazetteer is not None and not isinstance(gazetteer, Gazetteer):
            raise ProjectionError(f"gazetteer: expected a Gazetteer, got {gazetteer!r}")
        self.gazetteer = gazetteer
        """The gazetteer used to match actors and places, if any."""
        self._subscription: Subscription | None = None
        self._index = ValidTimeIndex([] if source is None else records_of(source))
        if isinstance(source, EventStore) and live:
            self._subscription = source.subscribe(self.add, after=self.head)

    # -- feeding -------------------------------------------------------------------------

    @property
    def head(self) -> int:
        """The position of the last record taken in (0 when empty)."""
        return self._index.head

    def add(self, recorded: Recorded) -> None:
        """Take the next record (positions must increase); O(log n) for a plain event."""
        if not isinstance(recorded, Recorded):
            raise ProjectionError(f"add takes a Recorded, got {type(recorded).__name__}")
        if recorded.position <= self.head:
            raise ProjectionError(
                f"record at position {recorded.position} arrives after position {self.head}: "
                "records are taken in store order"
            )
        self._index.add(recorded)

    def close(self) -> None:
        """Stop following the store (the index stays readable)."""
        if self._subscription is not None:
            self._subscription.close()

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of effective events."""
        return len(self._index.ordered)

    def __iter__(self) -> Iterator[Recorded]:
        """Every effective event, in valid-time order."""
        return iter(self._index.ordered)

    def __getitem__(self, index: int) -> Recorded:
        """The record at ``index`` in valid-time order."""
        return self._index.ordered[index]

    def __repr__(self) -> str:
        return f"<Chronology of {len(self)} events, head {self.head}>"

    def get(self, event_id: str) -> Recorded | None:
        """The effective record of ``event_id`` (``None``: unknown or retracted)."""
        return self._index.resolver.get(event_id)

    def corrections(self, event_id: str) -> tuple[Recorded, ...]:
        """The corrections applied to ``event_id``, in store order."""
        return self._index.resolver.corrections(event_id)

    def snapshots(self, projection: Projection[S], *, every: int = 256) -> SnapshotIndex[S]:
        """A :class:`~timeline.projections.SnapshotIndex` of ``projection`` over this chronology."""
        return SnapshotIndex(projection, self, every=every)

    # -- queries ---------------------------------------------------------------------------

    def _iter(
        self,
        valid_from: ValidTime | None,
        valid_to: ValidTime | None,
        match: Match,
        matches: Callable[[Recorded], bool] | None,
        known_at: KnownAt,
        after: Cursor | None,
    ) -> Iterator[Recorded]:
        if match not in ("possible", "certain"):
            raise ProjectionError(f"match: expected 'possible' or 'certain', got {match!r}")
        start = (
            -INF
            if valid_from is None
            else to_instant(valid_from, end=False, what="valid_from", error=ProjectionError)
        )
        stop = (
            INF
            if valid_to is None
            else to_instant(valid_to, end=True, what="valid_to", error=ProjectionError)
        )
        if start > stop:
            raise ProjectionError(
                f"the window ends before it starts: valid_from {valid_from!r} is after "
                f"valid_to {valid_to!r}"
            )
        ordered, spans, limit = self._index.view(known_at)
        # Qualified values (~, ?) are widened as the relations widen them, by at most
        # pad: a possible match may start up to pad after the window or end up to pad
        # before it, so look that much further, then test the widened bounds.
        pad = self._index.pad if match == "possible" else 0
        first_key = start - pad
        lo = ordered.bisect_key_left(probe(first_key))
        if after is not None:
            lo = max(lo, ordered.bisect_key_right(after))
        hi = ordered.bisect_key_left(probe(stop + pad))
        head: list[Recorded] = []
        if match == "possible" and first_key > -INF:
            if spans is not None:
                head = [
                    r for r in spans.straddling(first_key) if after is None or key_of(r) > after
                ]
                head.sort(key=key_of)
            else:
                first = 0 if after is None else ordered.bisect_key_right(after)
                head = [r for r in islice(ordered, first, lo) if latest(r) > first_key]
        body = ordered.islice(lo, hi)
        for recorded in _chain(head, body):
            if limit is not None and recorded.position > limit:
                continue
            w_lo, w_hi = widened(recorded)
            if match == "certain":
                if w_lo < start or w_hi > stop:
                    continue
            elif pad and (w_lo >= stop or w_hi <= start):
                continue
            if matches is None or matches(recorded):
                yield recorded

    def query(
        self,
        valid_from: ValidTime | None = None,
        valid_to: ValidTime | None = None,
        *,
        match: Match = "possible",
        kinds: Iterable[str | type[Event]] | str | type[Event] | None = None,
        actors: Iterable[str] | str | None = None,
        places: Iterable[str] | str | None = None,
        sources: Iterable[str] | str | None = None,
        tags: Iterable[str] | str | None = None,
        streams: Iterable[str] | str | None = None,
        where: Callable[[Recorded], bool] | None = None,
        known_at: KnownAt = None,
        offset: int = 0,
        limit: int | None = None,
        after: Cursor | None = None,
    ) -> list[Recorded]:
        """The records in a valid-time window that pass every filter, in valid-time order.

        Args:
            valid_from: the window's start (``None``: unbounded).
            valid_to: the window's end (``None``: unbounded).
            match: ``"possible"`` (may overlap) or ``"certain"`` (wholly inside).
            kinds: kind names or Event classes (any of them).
            actors: actor names or ids (any of them; aliases via the gazetteer).
            places: place names or ids (any of them; aliases via the gazetteer).
            sources: source ids cited (any of them).
            tags: tags (any of them).
            streams: store streams (any of them).
            where: a predicate on the record.
            known_at: only what was recorded by then (aware datetime or position).
            offset: skip this many matching records.
            limit: at most this many records (``None``: all).
            after: continue after this cursor (see :meth:`page`).

        Raises:
            ProjectionError: a bad argument (naive datetime, reversed window...).
        """
        if type(offset) is not int or offset < 0:
            raise ProjectionError(f"offset: expected an int >= 0, got {offset!r}")
        if limit is not None and (type(limit) is not int or limit < 0):
            raise ProjectionError(f"limit: expected an int >= 0 or None, got {limit!r}")
        matches = matcher(self.gazetteer, kinds, actors, places, sources, tags, where, streams)
        found = self._iter(valid_from, valid_to, match, matches, known_at, after)
        return list(islice(found, offset, None if limit is None else offset + limit))

    def page(
        self,
        valid_from: ValidTime | None = None,
        valid_to: ValidTime | None = None,
        *,
        limit: int = 50,
        after: Cursor | None = None,
        **filters: Any,
    ) -> Page:
        """One page of :meth:`query` (same filters), with the cursor of the next page.

        ``after`` is the ``next`` of the previous page; cursors stay valid
        while events arrive (a late event before the cursor is not shown on
        later pages; query again from the start to see it).
        """
        if type(limit) is not int or limit < 1:
            raise ProjectionError(f"limit: a page holds at least one record, got {limit!r}")
        records = self.query(valid_from, valid_to, limit=limit + 1, after=after, **filters)
        more = len(records) > limit
        records = records[:limit]
        return Page(tuple(records), key_of(records[-1]) if more else None)

    def to_frame(
        self,
        valid_from: ValidTime | None = None,
        valid_to: ValidTime | None = None,
        *,
        backend: Backend = "pandas",
        **filters: Any,
    ) -> Any:
        """The events of :meth:`query` (same filters) as a DataFrame, one row each.

        With no arguments, every effective event, in valid-time order; the
        columns are those of :mod:`timeline.projections.table`. ``backend`` is
        ``"pandas"`` (Arrow-backed columns; ``pip install 'timeline-ledger[pandas]'``)
        or ``"polars"`` (``[polars]``).

        Raises:
            MissingExtraError: the backend's library is not installed.
            ProjectionError: a bad filter or backend.
        """
        records = self.query(valid_from, valid_to, **filters)
        return to_frame(event_columns(records), backend)

    def group(
        self,
        by: GroupBy,
        valid_from: ValidTime | None = None,
        valid_to: ValidTime | None = None,
        *,
        tz: str | None = None,
        **filters: Any,
    ) -> list[Group]:
        """The records of :meth:`query` (same filters) in calendar buckets, oldest first.

        An event goes into the bucket of the year, month or ISO week that
        contains its whole span, read in the zone ``tz``. An event stated at
        least as finely as the grouping whose span runs over several months
        (or weeks) goes into a bucket for those months: the ISO week
        2020-W05 into ``(2020, 1, 2020, 2)``, "January – February 2020
        (spans two months)"; by year, an event of at most a year over one
        New Year (2020-W01, 30 December 2019 to 5 January 2020) into
        ``(2019, 2020)``, "2019 – 2020 (spans two years)". An event coarser
        than the grouping goes into a bucket of its own: "2018" into
        ``(2018, None)`` ("2018, month not known"), never into January; an
        event over more than a year, or with an open end, into ``(None,)``.
        Buckets come in calendar order,
        a coarser bucket before the finer ones it contains.

        ``tz`` is the zone whose calendar the buckets follow. By default it
        is the zone of the streams grouped (their ``StreamSettings``, from the
        catalog; UTC for a stream that sets none), so a Tokyo stream's "2019"
        goes into 2019, not into "2019 – 2020". Records of streams in
        different zones need an explicit ``tz``.
        """
        if by not in ("year", "month", "week"):
            raise ProjectionError(f"group by: expected 'year', 'month' or 'week', got {by!r}")
        records = self.query(valid_from, valid_to, **filters)
        if tz is None:
            tz = self._zone_of(records)
        if not isinstance(tz, str):
            raise ProjectionError(f"tz: expected a zone name such as 'Asia/Tokyo', got {tz!r}")
        try:
            zone = ZoneInfo(tz)
        except Exception as exc:
            raise ProjectionError(
                f"tz: unknown time zone {tz!r}; give an IANA name such as 'Asia/Tokyo'"
            ) from exc
        buckets: dict[tuple[int | None, ...], list[Recorded]] = {}
        meta: dict[tuple[int | None, ...], tuple[tuple[float, float], str, bool]] = {}
        for recorded in records:
            key = bucket(recorded, by, zone)
            found = buckets.get(key)
            if found is None:
                buckets[key] = found = []
                meta[key] = describe(key, by, zone)
            found.append(recorded)
        order = sorted(buckets, key=lambda k: meta[k][0])
        return [Group(k, meta[k][1], meta[k][2], tuple(buckets[k])) for k in order]

    def _zone_of(self, records: Iterable[Recorded]) -> str:
        """The zone shared by the streams of ``records`` (UTC for none)."""
        catalog = self._index.catalog
        zones = {stream: catalog.zone(stream) for stream in {r.stream for r in records}}
        found = set(zones.values())
        if len(found) > 1:
            listed = ", ".join(f"{s!r} in {z}" for s, z in sorted(zones.items()))
            raise ProjectionError(
                f"tz: the streams grouped keep different zones ({listed}); "
                "pass tz= to choose the calendar, or filter by streams="
            )
        return found.pop() if found else "UTC"


def _chain(first: list[Recorded], rest: Iterable[Recorded]) -> Iterator[Recorded]:
    yield from first
    yield from rest


class SnapshotIndex(Generic[S]):
    """Snapshots of one projection from checkpoints along valid time.

    ``SnapshotIndex(projection, store)`` indexes the store (following it
    live); pass a :class:`~timeline.projections.Chronology` instead to share
    its index between projections. ``every`` is the checkpoint interval
    ``k`` (memory: one state per ``k`` records; query: at most ``k - 1``
    applications). Costs are in :mod:`timeline.projections.snapshots`.
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
        :func:`~timeline.projections.replay`. ``views`` is how many past
        ``known_at`` positions keep their own checkpoints (see
        :mod:`timeline.projections.snapshots`).
        """
        if type(every) is not int or every < 1:
            raise ProjectionError(f"every: expected an int >= 1, got {every!r}")
        if type(views) is not int or views < 0:
            raise ProjectionError(f"views: expected an int >= 0, got {views!r}")
        # What the projection reads (None: every record); straddling and find use it.
        select = selector(kinds_of(projection), streams, where)
        if select is not None:
            projection = selected(projection, select)
        self.chronology = source if isinstance(source, Chronology) else Chronology(source)
        """The chronology the snapshots are taken from."""
        self._checkpoints = Checkpoints(
            projection, self.chronology._index, every=every, select=select, views=views
        )

    def __repr__(self) -> str:
        cps = self._checkpoints
        return (
            f"<SnapshotIndex of {cps.projection!r}: {len(self.chronology)} events, "
            f"{cps.count} checkpoints every {cps.every}>"
        )

    @property
    def checkpoints(self) -> int:
        """How many checkpoints of the head series are valid (the initial state counts as one)."""
        return self._checkpoints.count

    def snapshot(self, *, at: ValidTime, known_at: KnownAt = None) -> Snapshot[S]:
        """The state at valid time ``at`` as known at ``known_at``.

        Equal to :func:`~timeline.projections.snapshot` with the same
        arguments, for every stream.
        """
        moment = snapshot_instant(at)
        return self._checkpoints.snapshot(moment, check_known_at(known_at))

    def state(self, *, at: ValidTime, known_at: KnownAt = None) -> S:
        """Shorthand for ``snapshot(at=..., known_at=...).possible``."""
        return self.snapshot(at=at, known_at=known_at).possible

    def full_state(self) -> S:
        """The state after every event recorded, whatever its valid time.

        What :func:`~timeline.projections.replay` gives in valid-time order; O(k)
        from the last checkpoint when nothing arrived late since the last call.
        """
        return self._checkpoints.full_state()
