"""Calendar values: one date at some precision, and the instants it covers.

A :class:`CalendarValue` is what EDTF calls a date: a year, perhaps a month
(or a sub-year grouping such as a season or quarter), perhaps a day and a time,
with unspecified digits and per-component qualifiers. It knows nothing of
intervals; :class:`~timeline.time.When` builds those from two of these.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from timeline.errors import WhenError
from timeline.time.calendar import (
    DAY,
    civil_from_days,
    days_from_civil,
    days_in_month,
    iso_week_start,
    iso_weeks_in_year,
    local_to_utc,
)
from timeline.time.precision import Precision

__all__ = ["APPROXIMATE", "GROUPINGS", "UNCERTAIN", "CalendarValue", "Grouping"]

APPROXIMATE = 1
UNCERTAIN = 2


class Grouping(NamedTuple):
    """An EDTF sub-year grouping: code 21-41, its first month and length in months."""

    code: int
    first_month: int
    months: int
    precision: Precision
    name: str


def _groupings() -> dict[int, Grouping]:
    seasons = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
    south = {"spring": 9, "summer": 12, "autumn": 3, "winter": 6}
    table: dict[int, Grouping] = {}
    for offset, (name, month) in enumerate(seasons.items()):
        table[21 + offset] = Grouping(21 + offset, month, 3, Precision.SEASON, name)
        table[25 + offset] = Grouping(25 + offset, month, 3, Precision.SEASON, f"northern {name}")
    for offset, (name, month) in enumerate(south.items()):
        table[29 + offset] = Grouping(29 + offset, month, 3, Precision.SEASON, f"southern {name}")
    for q in range(4):
        table[33 + q] = Grouping(33 + q, 1 + 3 * q, 3, Precision.QUARTER, f"Q{q + 1}")
    for t, name in enumerate(("early", "mid", "late")):
        table[37 + t] = Grouping(37 + t, 1 + 4 * t, 4, Precision.THIRD, name)
    for h, name in enumerate(("first half of", "second half of")):
        table[40 + h] = Grouping(40 + h, 1 + 6 * h, 6, Precision.HALF, name)
    return table


GROUPINGS: dict[int, Grouping] = _groupings()


class CalendarValue(NamedTuple):
    """One calendar value (an EDTF date, an ISO week, or a date and time).

    Fields left ``None`` are not stated. ``month`` holds 1-12 or a grouping
    code 21-41. ``year_unspecified`` counts trailing ``X`` digits of the year
    (1 for a decade such as ``201X``, 2 for a century such as ``20XX``).
    An unspecified month or day (``XX``) is ``None`` with its ``*_unspecified``
    flag set. ``qualifiers`` holds the approximate (1) / uncertain (2) bits of the year,
    month and day components. ``offset`` is an explicit UTC offset in seconds
    (``None``: the wall time of the value's zone); ``offset_text`` keeps how it
    was written (``Z``, ``+05:00``, ``+05``).
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    week: int | None = None
    year_unspecified: int = 0
    month_unspecified: bool = False
    day_unspecified: bool = False
    qualifiers: tuple[int, int, int] = (0, 0, 0)
    offset: int | None = None
    offset_text: str | None = None

    # -- what it says -------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """The finest component stated (an unspecified ``XX`` still counts as stated)."""
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.hour is not None:
            return Precision.HOUR
        if self.day is not None or self.day_unspecified:
            return Precision.DAY
        if self.week is not None:
            return Precision.WEEK
        if self.month_unspecified:
            return Precision.MONTH
        if self.month is not None:
            if self.month > 12:
                return GROUPINGS[self.month].precision
            return Precision.MONTH
        return (Precision.YEAR, Precision.DECADE, Precision.CENTURY)[self.year_unspecified]

    @property
    def approximate(self) -> bool:
        """Whether any component is marked approximate (``~`` or ``%``)."""
        return any(q & APPROXIMATE for q in self.qualifiers)

    @property
    def uncertain(self) -> bool:
        """Whether any component is marked uncertain (``?`` or ``%``)."""
        return any(q & UNCERTAIN for q in self.qualifiers)

    # -- checks ---------------------------------------------------------------

    def validate(self, text: str) -> CalendarValue:
        """Check ranges, raising a :class:`WhenError` that quotes ``text``; returns self."""
        month, day = self.month, self.day
        if month is not None:
            if (month > 12 and month not in GROUPINGS) or month < 1:
                raise WhenError(
                    f"invalid month {month:02d} in {text!r}: expected 01-12, "
                    "or a sub-year grouping 21-41 (seasons, quarters, thirds, halves)",
                    where=text,
                )
            if month > 12 and (day is not None or self.day_unspecified):
                raise WhenError(f"a season or quarter cannot have a day, in {text!r}", where=text)
        if day is not None:
            if month is None:
                raise WhenError(f"a day needs a known month, in {text!r}: write XX-XX", where=text)
            if day < 1 or (day > 28 and day > days_in_month(self.year, month)):
                limit = days_in_month(self.year, month)
                raise WhenError(
                    f"invalid day {day:02d} in {text!r}: "
                    f"{self.year:04d}-{month:02d} has days 01-{limit:02d}",
                    where=text,
                )
        if self.week is not None and not 1 <= self.week <= iso_weeks_in_year(self.year):
            raise WhenError(
                f"invalid ISO week {self.week:02d} in {text!r}: "
                f"{self.year} has weeks 01-{iso_weeks_in_year(self.year):02d}",
                where=text,
            )
        if self.hour is not None:
            self._validate_time(text)
        return self

    def _validate_time(self, text: str) -> None:
        assert self.hour is not None
        if not 0 <= self.hour <= 23:
            raise WhenError(f"invalid hour {self.hour:02d} in {text!r}: expected 00-23", where=text)
        if self.minute is not None and not 0 <= self.minute <= 59:
            raise WhenError(
                f"invalid minute {self.minute:02d} in {text!r}: expected 00-59", where=text
            )
        if self.second is not None and not 0 <= self.second <= 59:
            raise WhenError(
                f"invalid second {self.second:02d} in {text!r}: expected 00-59", where=text
            )
        if self.offset is not None and not -18 * 3600 <= self.offset <= 18 * 3600:
            raise WhenError(
                f"invalid UTC offset in {text!r}: expected -18:00 to +18:00", where=text
            )

    # -- the instants it covers ---------------------------------------------

    def span(self, zone: str) -> tuple[int, int]:
        """Half-open ``[lo, hi)`` in seconds since the epoch, for wall times in ``zone``."""
        if self.hour is not None:
            return self._time_span(zone)
        first, last = self._day_span()
        if zone == "UTC":
            return first * DAY, last * DAY
        return _midnight(zone, first), _midnight(zone, last)

    def pad(self, zone: str) -> int:
        """Seconds by which a qualified value may be off: one unit of the precision it qualifies.

        A marker qualifies the value *as far as the component it is written
        on*: ``2020-02-06~`` ("c. 6 February 2020") may be a day off,
        ``2020-02~`` a month, ``2020~`` a year, ``201X~`` a decade. A marker
        on one component alone counts for that component: ``2004?-06-~11``
        may be a year off, because its year is uncertain. The pad is one unit
        of the coarsest component a marker stands on (as :func:`format_value`
        writes the markers), so a coarser statement never widens less than a
        finer one. Zero when no component is qualified.
        """
        coarsest = self._qualified_component()
        if coarsest is None:
            return 0
        if coarsest == 0:
            lo, hi = CalendarValue(self.year, year_unspecified=self.year_unspecified).span(zone)
        elif coarsest == 1:
            if self.month_unspecified:
                return 31 * DAY  # one month, which month unknown: the longest
            lo, hi = self._replace(
                day=None, day_unspecified=False, hour=None, minute=None, second=None
            ).span(zone)
        else:
            return DAY
        return hi - lo

    def _qualified_component(self) -> int | None:
        """The coarsest component a qualifier marker stands on: 0 year, 1 month, 2 day.

        For each mark (approximate, uncertain) the run of components from the
        left that carry it is one marker on its last component (``2020-02-06~``
        marks the day: the date as a whole); a component carrying the mark
        outside that run has a marker of its own. ``None`` when unqualified.
        """
        stated = 1 + (self.month is not None or self.month_unspecified or self.week is not None)
        if stated == 2 and (self.day is not None or self.day_unspecified):
            stated = 3
        qualifiers = self.qualifiers[:stated]
        best: int | None = None
        for bit in (APPROXIMATE, UNCERTAIN):
            run = 0
            while run < stated and qualifiers[run] & bit:
                run += 1
            marked = [run - 1] if run else []
            marked += [i for i in range(run, stated) if qualifiers[i] & bit]
            if marked and (best is None or marked[0] < best):
                best = marked[0]
        return best

    def _day_span(self) -> tuple[int, int]:
        """[first day, day after last) as day counts."""
        year = self.year
        if self.week is not None:
            start = iso_week_start(year, self.week)
            return start, start + 7
        if self.month is None or self.month_unspecified:
            width = 10**self.year_unspecified
            return days_from_civil(year, 1, 1), days_from_civil(year + width, 1, 1)
        if self.month > 12:
            group = GROUPINGS[self.month]
            start = days_from_civil(year, group.first_month, 1)
            end_month = group.first_month + group.months
            return start, days_from_civil(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
        if self.day is None or self.day_unspecified:
            start = days_from_civil(year, self.month, 1)
            return start, start + days_in_month(year, self.month)
        start = days_from_civil(year, self.month, self.day)
        return start, start + 1

    def _time_span(self, zone: str) -> tuple[int, int]:
        assert self.month is not None
        assert self.day is not None
        assert self.hour is not None
        minute = self.minute or 0
        second = self.second or 0
        width = 1 if self.second is not None else 60 if self.minute is not None else 3600
        if self.offset is not None:
            lo = (
                days_from_civil(self.year, self.month, self.day) * DAY
                + self.hour * 3600
                + minute * 60
                + second
                - self.offset
            )
        else:
            lo = local_to_utc(zone, self.year, self.month, self.day, self.hour, minute, second)
        return lo, lo + width


def _midnight(zone: str, days: int) -> int:
    year, month, day = civil_from_days(days)
    return local_to_utc(zone, year, month, day)


class End(Enum):
    """An interval end that is not a calendar value (exported by :mod:`timeline.time.when`)."""

    OPEN = ".."
    """Open: the interval runs on without end (EDTF ``..``)."""
    UNKNOWN = ""
    """Unknown: the interval has an end, but nobody says when (EDTF empty end)."""

    def __repr__(self) -> str:
        return f"End.{self.name}"


Endpoint = CalendarValue | End
