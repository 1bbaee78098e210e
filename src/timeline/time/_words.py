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


def display_span(
    start: Endpoint, end: Endpoint | None, hint: str | None, *, point: bool = False
) -> str:
    """Human text for a ``When``'s parts: one value (``end`` is ``None``) or two ends.

    ``point`` reads two ends as an uncertain point ("between January and
    3 February 2020") rather than a lasting span ("January – 3 February 2020").
    """
    if end is None:
        assert isinstance(start, CalendarValue)
        return _hinted(display_value(start), hint)
    if hint is not None:
        days = _hinted_days(start, end, hint)
        if days is not None:
            return f"{hint} of {days}"
    text = _point(start, end) if point else _interval(start, end)
    return _hinted(text, hint)


def _hinted(text: str, hint: str | None) -> str:
    return text if hint is None else f"{hint} of {text}"


def _hinted_days(start: Endpoint, end: Endpoint, hint: str) -> str | None:
    """The days a part of a day names, when both ends are plain hours: ``"2–3 February 2020"``."""
    if not isinstance(start, CalendarValue) or not isinstance(end, CalendarValue):
        return None
    if start.hour is None or end.hour is None or start.qualifiers != end.qualifiers:
        return None
    first = start._replace(hour=None, minute=None, second=None, offset=None, offset_text=None)
    last = end._replace(hour=None, minute=None, second=None, offset=None, offset_text=None)
    if hint == "night" and first != last:
        return _interval(first, last)
    return display_value(first) if first == last else None


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
    left, right = _pair(first, last)
    return _join(left, right)


def _point(start: Endpoint, end: Endpoint) -> str:
    """An uncertain point: ``"between January and 3 February 2020"``, ``"in or before 2012"``."""
    if isinstance(start, End):
        assert isinstance(end, CalendarValue)
        return f"in or before {display_value(end)}"
    if isinstance(end, End):
        return f"in or after {display_value(start)}"
    if start == end:
        return display_value(start)
    left, right = _pair(start, end)
    return f"between {left} and {right}"


def _pair(first: CalendarValue, last: CalendarValue) -> tuple[str, str]:
    """The two ends' texts, the first without what the last repeats (year, month, day)."""
    right = display_value(last)
    if first.qualifiers != _UNQUALIFIED or last.qualifiers != _UNQUALIFIED:
        return display_value(first), right
    kind, last_kind = _kind(first), _kind(last)
    if kind is None or last_kind is None or kind == "year" or first.year != last.year:
        return display_value(first), right
    assert first.month is not None
    month = MONTH_NAMES[first.month - 1]
    if kind == "month":
        return month, right
    same_month = last_kind != "year" and last.month == first.month
    if kind == "day":
        return (
            str(first.day) if same_month and last_kind == "day" else f"{first.day} {month}"
        ), right
    if last_kind == "time" and same_month and last.day == first.day and first.offset == last.offset:
        return _clock(first), f"{_clock(last)}{_offset(last)} on {_day(last)}"
    return f"{_clock(first)}{_offset(first)} on {first.day} {month}", right


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
