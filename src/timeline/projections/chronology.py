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
    wider span first), ties broken by store position. The index is a
    ``sortedcontainers.SortedKeyList``: a late event lands in its place in
    O(log n). Corrections and retractions are resolved as every projection
    resolves them (:class:`~timeline.projections.Resolver`).

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

    Bounds are the ``When``'s own ``earliest`` / ``latest``: qualifiers (``~``,
    ``?``) do not widen them here (``When.box()`` does, for the relations).

Recorded time
    ``known_at`` (an aware datetime or a store position) restricts any query
    to what was recorded by then, with corrections and retractions as known
    then. When nothing after ``known_at`` is a correction or a retraction,
    the live index answers with a position filter (no extra cost); otherwise
    that view is rebuilt (O(n log n); the last one is cached).
"""

from __future__ import annotations

import calendar
import weakref
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar
from zoneinfo import ZoneInfo

import attrs
from sortedcontainers import SortedKeyList

from timeline.events import Correction, Event, Gazetteer, Retraction
from timeline.projections._instants import (
    Key,
    SpanIndex,
    ValidTime,
    earliest,
    key_of,
    latest,
    probe,
    to_instant,
)
from timeline.projections.fold import (
    KnownAt,
    Projection,
    ProjectionError,
    Resolver,
    _check_known_at,
    _records,
    known_position,
)
from timeline.store import EventStore, Recorded, Subscription
from timeline.time import Precision

if TYPE_CHECKING:
    from timeline.projections.snapshot import SnapshotIndex

__all__ = ["Chronology", "Cursor", "Group", "GroupBy", "Match", "Page", "ValidTime"]

S = TypeVar("S")

Match: TypeAlias = Literal["possible", "certain"]
"""How an event must relate to a window: ``"possible"`` (may overlap) or ``"certain"`` (inside)."""

GroupBy: TypeAlias = Literal["year", "month", "week"]
"""Calendar buckets for :meth:`Chronology.group`."""

Cursor: TypeAlias = Key
"""Where a page ended: the valid-time key of its last record; pass it back as ``after``."""

Listener: TypeAlias = Callable[[int], None]

_INF = float("inf")


@attrs.frozen
class Page:
    """One page of a query.

    Attributes:
        records: the records on this page, in valid-time order.
        next: the cursor to pass as ``after`` for the next page (``None``: no more).
    """

    records: tuple[Recorded, ...]
    next: Cursor | None


@attrs.frozen
class Group:
    """The records of one calendar bucket.

    Attributes:
        key: ``(year,)``, ``(year, month)`` or ``(iso_year, week)`` for a
            calendar bucket; ``(first_year, first_month, last_year,
            last_month)`` (or the same with ISO weeks) for events stated at
            least as finely as the grouping that run over several months (or
            weeks), such as the ISO week 2020-W05 (27 January to 2 February);
            ``(first_year, last_year)`` for events of at most a year that run
            over one New Year, such as the ISO week 2020-W01 (30 December
            2019 to 5 January 2020) grouped by year;
            ``(year, None)`` for events coarser than the grouping, known only
            to the year (no month or week within it is pretended);
            ``(None,)`` for events that span more than a year or have open
            ends.
        label: for people: ``"2020"``, ``"January 2020"``, ``"2020-W05"``,
            ``"January – February 2020 (spans two months)"``,
            ``"2019 – 2020 (spans two years)"``,
            ``"2018, month not known"``, ``"spanning more than a year"``.
        exact: whether every record lies within the bucket's calendar period
            at the grouping's precision (``False`` for the coarser buckets).
        records: the records, in valid-time order.
    """

    key: tuple[int | None, ...]
    label: str
    exact: bool
    records: tuple[Recorded, ...]


def _names(values: Iterable[str] | str | None, what: str) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return frozenset({values})
    found = frozenset(values)
    for value in found:
        if not isinstance(value, str):
            raise ProjectionError(f"{what}: expected names (str), got {value!r}")
    return found


def _kind_names(kinds: Iterable[str | type[Event]] | str | type[Event] | None) -> frozenset[str]:
    if isinstance(kinds, str | type):
        kinds = (kinds,)
    names: set[str] = set()
    for item in kinds or ():
        if isinstance(item, type) and issubclass(item, Event):
            names.add(item.kind)
        elif isinstance(item, str):
            names.add(item)
        else:
            raise ProjectionError(f"kinds: expected kind names or Event classes, got {item!r}")
    return frozenset(names)


class Chronology:
    """Every effective event of a store in valid-time order, kept current as events arrive.

    See the module documentation for windows, filters and the two clocks.
    A live chronology is updated in the thread that appends to the store; it
    takes no lock, so read it from that thread (or serialise appends and
    reads yourself).
    """

    def __init__(
        self,
        source: EventStore | Iterable[Recorded] | None = None,
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
        self._resolver = Resolver()
        self._log: list[Recorded] = []
        self._listeners: list[weakref.WeakMethod[Listener]] = []
        self._subscription: Subscription | None = None
        self._view_cache: tuple[int, SortedKeyList[Recorded, Key]] | None = None
        records = [] if source is None else _records(source)
        for recorded in records:
            self._log.append(recorded)
            self._resolver.add(recorded)
        effective = list(self._resolver.effective())
        effective.sort(key=key_of)  # then SortedKeyList's own sort is a linear pass
        self._list: SortedKeyList[Recorded, Key] = SortedKeyList(effective, key=key_of)
        self._spans = SpanIndex(effective)
        if isinstance(source, EventStore) and live:
            self._subscription = source.subscribe(self.add, after=self.head)

    # -- feeding -------------------------------------------------------------------------

    @property
    def head(self) -> int:
        """The position of the last record taken in (0 when empty)."""
        return self._log[-1].position if self._log else 0

    def add(self, recorded: Recorded) -> None:
        """Take the next record (positions must increase); O(log n) for a plain event."""
        if not isinstance(recorded, Recorded):
            raise ProjectionError(f"add takes a Recorded, got {type(recorded).__name__}")
        if recorded.position <= self.head:
            raise ProjectionError(
                f"record at position {recorded.position} arrives after position {self.head}: "
                "records are taken in store order"
            )
        self._log.append(recorded)
        for before, after in self._resolver.add(recorded):
            if before is not None:
                index = self._list.index(before)
                del self._list[index]
                self._spans.remove(before)
                self._changed(index)
            if after is not None:
                self._list.add(after)
                self._spans.add(after)
                self._changed(self._list.bisect_key_left(key_of(after)))

    def _changed(self, index: int) -> None:
        alive = []
        for ref in self._listeners:
            listener = ref()
            if listener is not None:
                listener(index)
                alive.append(ref)
        if len(alive) != len(self._listeners):
            self._listeners = alive

    def _listen(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(index)`` when the record at ``index`` changes (held weakly)."""
        self._listeners.append(weakref.WeakMethod(listener))

    def close(self) -> None:
        """Stop following the store (the index stays readable)."""
        if self._subscription is not None:
            self._subscription.close()

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of effective events."""
        return len(self._list)

    def __iter__(self) -> Iterator[Recorded]:
        """Every effective event, in valid-time order."""
        return iter(self._list)

    def __getitem__(self, index: int) -> Recorded:
        """The record at ``index`` in valid-time order."""
        return self._list[index]

    def __repr__(self) -> str:
        return f"<Chronology of {len(self)} events, head {self.head}>"

    def get(self, event_id: str) -> Recorded | None:
        """The effective record of ``event_id`` (``None``: unknown or retracted)."""
        return self._resolver.get(event_id)

    def corrections(self, event_id: str) -> tuple[Recorded, ...]:
        """The corrections applied to ``event_id``, in store order."""
        return self._resolver.corrections(event_id)

    def snapshots(self, projection: Projection[S], *, every: int = 256) -> SnapshotIndex[S]:
        """A :class:`~timeline.projections.SnapshotIndex` of ``projection`` over this chronology."""
        from timeline.projections.snapshot import SnapshotIndex

        return SnapshotIndex(projection, self, every=every)

    # -- the recorded clock --------------------------------------------------------------

    def _view(
        self, known_at: KnownAt
    ) -> tuple[SortedKeyList[Recorded, Key], SpanIndex | None, int | None]:
        """The index to read for ``known_at``: (sorted records, span index, position limit)."""
        known_at = _check_known_at(known_at)
        if known_at is None:
            return self._list, self._spans, None
        count = known_position(self._log, known_at)
        if count == len(self._log):
            return self._list, self._spans, None
        limit = self._log[count - 1].position if count else 0
        tail = self._log[count:]
        if not any(isinstance(r.event, Correction | Retraction) for r in tail):
            return self._list, self._spans, limit
        if self._view_cache is None or self._view_cache[0] != limit:
            resolver = Resolver()
            for recorded in self._log[:count]:
                resolver.add(recorded)
            self._view_cache = (limit, SortedKeyList(resolver.effective(), key=key_of))
        return self._view_cache[1], None, None

    # -- queries ---------------------------------------------------------------------------

    def _matcher(
        self,
        kinds: Iterable[str | type[Event]] | str | type[Event] | None,
        actors: Iterable[str] | str | None,
        places: Iterable[str] | str | None,
        sources: Iterable[str] | str | None,
        tags: Iterable[str] | str | None,
        where: Callable[[Recorded], bool] | None,
        streams: Iterable[str] | str | None = None,
    ) -> Callable[[Recorded], bool] | None:
        kind_set = _kind_names(kinds) if kinds is not None else None
        stream_set = _names(streams, "streams")
        actor_set = self._entities(_names(actors, "actors"))
        place_set = self._entities(_names(places, "places"))
        source_set = _names(sources, "sources")
        tag_set = _names(tags, "tags")
        wanted = (kind_set, actor_set, place_set, source_set, tag_set, stream_set, where)
        if all(x is None for x in wanted):
            return None
        canon = self._canonical

        def matches(recorded: Recorded) -> bool:
            event = recorded.event
            if kind_set is not None and type(event).kind not in kind_set:
                return False
            if stream_set is not None and recorded.stream not in stream_set:
                return False
            if actor_set is not None and actor_set.isdisjoint(map(canon, event.actors)):
                return False
            if place_set is not None and place_set.isdisjoint(map(canon, event.places)):
                return False
            if source_set is not None and source_set.isdisjoint(c.source for c in event.citations):
                return False
            if tag_set is not None and tag_set.isdisjoint(event.tags):
                return False
            return where is None or bool(where(recorded))

        return matches

    def _canonical(self, name: str) -> str:
        if self.gazetteer is None:
            return name
        found = self.gazetteer.find(name)
        return name if found is None else found

    def _entities(self, names: frozenset[str] | None) -> frozenset[str] | None:
        if names is None or self.gazetteer is None:
            return names
        return frozenset(map(self._canonical, names))

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
            -_INF
            if valid_from is None
            else to_instant(valid_from, end=False, what="valid_from", error=ProjectionError)
        )
        stop = (
            _INF
            if valid_to is None
            else to_instant(valid_to, end=True, what="valid_to", error=ProjectionError)
        )
        if start > stop:
            raise ProjectionError(
                f"the window ends before it starts: valid_from {valid_from!r} is after "
                f"valid_to {valid_to!r}"
            )
        ordered, spans, limit = self._view(known_at)
        lo = ordered.bisect_key_left(probe(start))
        if after is not None:
            lo = max(lo, ordered.bisect_key_right(after))
        hi = ordered.bisect_key_left(probe(stop))
        head: list[Recorded] = []
        if match == "possible" and start > -_INF:
            if spans is not None:
                head = [r for r in spans.straddling(start) if after is None or key_of(r) > after]
                head.sort(key=key_of)
            else:
                first = 0 if after is None else ordered.bisect_key_right(after)
                head = [r for r in islice(ordered, first, lo) if latest(r) > start]
        body = ordered.islice(lo, hi)
        for recorded in _chain(head, body):
            if limit is not None and recorded.position > limit:
                continue
            if match == "certain" and latest(recorded) > stop:
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
        matches = self._matcher(kinds, actors, places, sources, tags, where, streams)
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

    def group(
        self,
        by: GroupBy,
        valid_from: ValidTime | None = None,
        valid_to: ValidTime | None = None,
        *,
        tz: str = "UTC",
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
        """
        if by not in ("year", "month", "week"):
            raise ProjectionError(f"group by: expected 'year', 'month' or 'week', got {by!r}")
        try:
            zone = ZoneInfo(tz)
        except Exception as exc:
            raise ProjectionError(f"tz: unknown time zone {tz!r}") from exc
        buckets: dict[tuple[int | None, ...], list[Recorded]] = {}
        meta: dict[tuple[int | None, ...], tuple[tuple[float, float], str, bool]] = {}
        for recorded in self.query(valid_from, valid_to, **filters):
            key = _bucket(recorded, by, zone)
            found = buckets.get(key)
            if found is None:
                buckets[key] = found = []
                meta[key] = _describe(key, by, zone)
            found.append(recorded)
        order = sorted(buckets, key=lambda k: meta[k][0])
        return [Group(k, meta[k][1], meta[k][2], tuple(buckets[k])) for k in order]


def _chain(first: list[Recorded], rest: Iterable[Recorded]) -> Iterator[Recorded]:
    yield from first
    yield from rest


def _local(instant: float, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(instant, UTC).astimezone(zone)


_UNIT = {"month": Precision.MONTH, "week": Precision.WEEK}
#: The longest event the year grouping files over two years rather than as "more than a year".
_YEAR_SECONDS = 366 * 86400


def _bucket(recorded: Recorded, by: GroupBy, zone: ZoneInfo) -> tuple[int | None, ...]:
    lo, hi = earliest(recorded), latest(recorded)
    if lo == -_INF or hi == _INF:
        return (None,)
    first = _local(lo, zone)
    last = _local(hi - 1, zone)
    if by == "year":
        if first.year == last.year:
            return (first.year,)
        if (
            last.year == first.year + 1
            and hi - lo <= _YEAR_SECONDS
            and recorded.event.when.precision >= Precision.YEAR
        ):
            # A known stretch of at most a year over one New Year (the ISO week 2020-W01,
            # winter 2019-20) runs over two years, which its bucket says; it does not span
            # more than a year.
            return (first.year, last.year)
        return (None,)
    if by == "week":
        a, b = first.isocalendar(), last.isocalendar()
        start, end = (a.year, a.week), (b.year, b.week)
    else:
        start, end = (first.year, first.month), (last.year, last.month)
    if start == end:
        return start
    if recorded.event.when.precision >= _UNIT[by]:
        # Stated at least as finely as the grouping (a week by month, a day by week),
        # it is known: it runs over several months (weeks), which its bucket says.
        return (*start, *end)
    if first.year != last.year:
        return (None,)
    return (first.year, None)


def _describe(
    key: tuple[int | None, ...], by: GroupBy, zone: ZoneInfo
) -> tuple[tuple[float, float], str, bool]:
    """(sort key, label, exact) of a bucket."""
    if key == (None,):
        return ((-_INF, -_INF), "spanning more than a year", False)
    year = key[0]
    assert year is not None
    start = datetime(year, 1, 1, tzinfo=zone)
    end = datetime(year + 1, 1, 1, tzinfo=zone)
    if len(key) == 1:
        return ((start.timestamp(), -end.timestamp()), str(year), True)
    sub = key[1]
    if by == "year" and sub is not None:
        span_end = datetime(sub + 1, 1, 1, tzinfo=zone)
        label = f"{year} – {sub} (spans two years)"
        return ((start.timestamp(), -span_end.timestamp()), label, False)
    if len(key) == 4:
        return _describe_spanning(key, by, zone)
    if sub is None:
        what = "month" if by == "month" else "week"
        return ((start.timestamp(), -end.timestamp()), f"{year}, {what} not known", False)
    if by == "month":
        m_start, m_end = _month(year, sub, zone)
        label = f"{calendar.month_name[sub]} {year}"
        return ((m_start.timestamp(), -m_end.timestamp()), label, True)
    w_start, w_end = _week(year, sub, zone)
    return ((w_start.timestamp(), -w_end.timestamp()), f"{year}-W{sub:02d}", True)


def _week(iso_year: int, week: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.fromisocalendar(iso_year, week, 1).replace(tzinfo=zone)
    return start, start + timedelta(days=7)


def _month(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=zone)
    return start, datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)


_COUNTS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")


def _describe_spanning(
    key: tuple[int | None, ...], by: GroupBy, zone: ZoneInfo
) -> tuple[tuple[float, float], str, bool]:
    """(sort key, label, exact) of the bucket of events over several months (weeks)."""
    y1, u1, y2, u2 = (int(part or 0) for part in key)
    if by == "week":
        start, _ = _week(y1, u1, zone)
        _, end = _week(y2, u2, zone)
        span = f"{y1}-W{u1:02d} – {y2}-W{u2:02d}"
        count = (end - start).days // 7
        unit = "weeks"
    else:
        start, _ = _month(y1, u1, zone)
        _, end = _month(y2, u2, zone)
        name1, name2 = calendar.month_name[u1], calendar.month_name[u2]
        span = f"{name1} – {name2} {y2}" if y1 == y2 else f"{name1} {y1} – {name2} {y2}"
        count = (y2 - y1) * 12 + u2 - u1 + 1
        unit = "months"
    many = _COUNTS[count - 2] if count - 2 < len(_COUNTS) else str(count)
    return ((start.timestamp(), -end.timestamp()), f"{span} (spans {many} {unit})", False)
