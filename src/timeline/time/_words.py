"""The words for calendar values and interval ends (the rules are in :mod:`timeline.time.display`).

This module sits below :mod:`timeline.time.when`, which uses it for
:meth:`When.display`; it knows calendar values and ends, not ``When``.
"""

from __future__ import annotations

from timeline.time.calendar import civil_from_days, iso_week_start
from timeline.time.value import GROUPINGS, CalendarValue, End, Endpoint

__all__ = ["MONTH_NAMES", "display_span", "display_value"]

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names, January first."""

DASH = "–"
_UNQUALIFIED = (0, 0, 0)


def display_span(start: Endpoint, end: Endpoint | None, hint: str | None) -> str:
    """Human text for a ``When``'s parts: one value (``end`` is ``None``) or two ends."""
    if end is None:
        assert isinstance(start, CalendarValue)
        text = display_value(start)
    else:
        text = _interval(start, end)
    return f"night of {text}" if hint == "night" else text


def display_value(value: CalendarValue) -> str:
    """Human text for one calendar value, qualifiers included: ``"c. late 2012?"``."""
    return _qualify(_bare(value), value)


# -- single values -------------------------------------------------------------


def _qualify(text: str, value: CalendarValue) -> str:
    if value.approximate:
        text = f"c. {text}"
    if value.uncertain:
        text = f"{text}?"
    return text


def _bare(value: CalendarValue) -> str:
    """The value without its qualifiers, at its own precision."""
    if value.hour is not None:
        return f"{_day(value)}, {_clock(value)}{_offset(value)}"
    if value.month_unspecified:
        unknown = "month and day" if value.day_unspecified else "month"
        return f"{_year(value.year)}, {unknown} unknown"
    if value.day_unspecified:
        return f"{_month(value)}, day unknown"
    if value.day is not None:
        return _day(value)
    if value.week is not None:
        return f"week of {_day_from_count(iso_week_start(value.year, value.week))}"
    if value.month is not None:
        if value.month > 12:
            return f"{GROUPINGS[value.month].name} {_year(value.year)}"
        return _month(value)
    if value.year_unspecified:
        return _years_span(value.year, value.year_unspecified)
    return _year(value.year)


def _year(year: int) -> str:
    """A year as people write it: ``2018``; astronomical 0 and below as BCE (0 is 1 BCE)."""
    return str(year) if year > 0 else f"{1 - year} BCE"


def _years_span(year: int, unspecified: int) -> str:
    """A decade (``201X``) or century (``19XX``): ``"2010s"``, ``"1900s"``.

    "1900s" says the century; the decade 190X, which would read the same, is
    shown as its years, ``"1900–1909"``, as are spans before the year 1000.
    """
    last = year + 10**unspecified - 1
    if year >= 1000 and (unspecified == 2 or year % 100):
        return f"{year}s"
    return f"{_year(year)}{DASH if year > 0 else ' ' + DASH + ' '}{_year(last)}"


def _month(value: CalendarValue) -> str:
    assert value.month is not None
    return f"{MONTH_NAMES[value.month - 1]} {_year(value.year)}"


def _day(value: CalendarValue) -> str:
    assert value.month is not None
    assert value.day is not None
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {_year(value.year)}"


def _day_from_count(days: int) -> str:
    year, month, day = civil_from_days(days)
    return f"{day} {MONTH_NAMES[month - 1]} {_year(year)}"


def _clock(value: CalendarValue) -> str:
    """``"10h"`` for an hour, ``"10:30"`` for a minute, ``"10:30:15"`` for a second."""
    if value.minute is None:
        return f"{value.hour:02d}h"
    text = f"{value.hour:02d}:{value.minute:02d}"
    return text if value.second is None else f"{text}:{value.second:02d}"


def _offset(value: CalendarValue) -> str:
    """`` UTC`` / `` UTC+05:00`` for an explicit offset; empty for wall time in the zone."""
    if value.offset is None:
        return ""
    if value.offset_text is not None:
        written = value.offset_text
    else:
        sign = "-" if value.offset < 0 else "+"
        hours, rest = divmod(abs(value.offset), 3600)
        written = f"{sign}{hours:02d}:{rest // 60:02d}"
    return " UTC" if written == "Z" else f" UTC{written}"


# -- intervals -------------------------------------------------------------------


def _interval(start: Endpoint, end: Endpoint) -> str:
    if isinstance(start, End) or isinstance(end, End):
        return _open_interval(start, end)
    first, last = start, end
    if first == last:
        return display_value(first)
    shared = _shared(first, last)
    if shared is not None:
        return shared
    return _join(display_value(first), display_value(last))


def _join(left: str, right: str) -> str:
    """Two texts joined by an en dash, spaced when either side has a space."""
    if " " in left or " " in right:
        return f"{left} {DASH} {right}"
    return f"{left}{DASH}{right}"


def _open_interval(start: Endpoint, end: Endpoint) -> str:
    if isinstance(start, End):
        assert not isinstance(end, End)
        text = f"until {display_value(end)}"
        return text if start is End.OPEN else f"{text}, start unknown"
    text = display_value(start)
    return f"from {text} on" if end is End.OPEN else f"from {text}, end unknown"


def _shared(first: CalendarValue, last: CalendarValue) -> str | None:
    """Compact text for two unqualified ends of the same kind, or ``None``."""
    if first.qualifiers != _UNQUALIFIED or last.qualifiers != _UNQUALIFIED:
        return None
    kind = _kind(first)
    if kind is None or kind != _kind(last):
        return None
    if kind == "year":
        return _shared_years(first.year, last.year)
    if first.year != last.year:
        return None
    year = _year(first.year)
    assert first.month is not None
    assert last.month is not None
    if kind == "month":
        return f"{MONTH_NAMES[first.month - 1]}{DASH}{MONTH_NAMES[last.month - 1]} {year}"
    if kind == "day":
        assert first.day is not None
        assert last.day is not None
        if first.month == last.month:
            return f"{first.day}{DASH}{last.day} {MONTH_NAMES[first.month - 1]} {year}"
        return f"{first.day} {MONTH_NAMES[first.month - 1]} {DASH} {_day(last)}"
    if first.month == last.month and first.day == last.day and first.offset == last.offset:
        return f"{_day(first)}, {_clock(first)}{DASH}{_clock(last)}{_offset(last)}"
    return None


def _kind(value: CalendarValue) -> str | None:
    """``"year"``, ``"month"``, ``"day"`` or ``"time"`` for plainly stated values, else ``None``."""
    if value.month_unspecified or value.day_unspecified or value.year_unspecified:
        return None
    if value.hour is not None:
        return "time"
    if value.day is not None:
        return "day"
    if value.week is not None:
        return None
    if value.month is None:
        return "year"
    return "month" if value.month <= 12 else None


def _shared_years(first: int, last: int) -> str:
    if first > 0 and last > 0:
        return f"{first}{DASH}{last}"
    if first <= 0 and last <= 0:
        return f"{1 - first}{DASH}{1 - last} BCE"
    return f"{_year(first)} {DASH} {last} CE"
