"""Calendar buckets for :meth:`Chronology.group <timeline.projections.Chronology.group>`.

Which year, month or ISO week an event goes into, read in a time zone, and
how each bucket is labelled and sorted. An event is never put into a finer
bucket than its own precision: "2018" grouped by month goes into "2018,
month not known", never into January.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from typing import Literal, TypeAlias
from zoneinfo import ZoneInfo

import attrs

from timeline.projections._instants import INF, earliest, latest
from timeline.store import Recorded
from timeline.time import Precision

__all__ = ["Group", "GroupBy", "bucket", "describe"]

GroupBy: TypeAlias = Literal["year", "month", "week"]
"""Calendar buckets for :meth:`Chronology.group`."""


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


def _local(instant: float, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(instant, UTC).astimezone(zone)


_UNIT = {"month": Precision.MONTH, "week": Precision.WEEK}
#: The longest event the year grouping files over two years rather than as "more than a year".
_YEAR_SECONDS = 366 * 86400


def bucket(recorded: Recorded, by: GroupBy, zone: ZoneInfo) -> tuple[int | None, ...]:
    """The key of the bucket ``recorded`` goes into (see :class:`~timeline.projections.Group`)."""
    lo, hi = earliest(recorded), latest(recorded)
    if lo == -INF or hi == INF:
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


def describe(
    key: tuple[int | None, ...], by: GroupBy, zone: ZoneInfo
) -> tuple[tuple[float, float], str, bool]:
    """(sort key, label, exact) of a bucket."""
    if key == (None,):
        return ((-INF, -INF), "spanning more than a year", False)
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
