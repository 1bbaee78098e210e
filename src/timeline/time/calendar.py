"""Integer calendar arithmetic on the proleptic Gregorian calendar.

Everything here works on plain ints for any year, including years before 1 and
after 9999, so that sorting and comparing never needs ``datetime`` or pendulum.
Instants are whole seconds since 1970-01-01T00:00:00 UTC.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timeline.errors import WhenError

__all__ = [
    "DAY",
    "check_zone",
    "civil_from_days",
    "days_from_civil",
    "days_in_month",
    "is_leap",
    "iso_week_of",
    "iso_week_start",
    "iso_weeks_in_year",
    "local_to_utc",
    "wall_instants",
]

DAY = 86_400


def is_leap(year: int) -> bool:
    """Whether ``year`` is a leap year (proleptic Gregorian, astronomical numbering)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year``."""
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) of a day count since 1970-01-01."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def iso_week_start(year: int, week: int) -> int:
    """Day count of the Monday that starts ISO week ``week`` of ISO year ``year``."""
    jan4 = days_from_civil(year, 1, 4)
    weekday = (jan4 + 3) % 7  # 0 = Monday; 1970-01-01 was a Thursday
    return jan4 - weekday + (week - 1) * 7


def iso_weeks_in_year(year: int) -> int:
    """52 or 53: the number of ISO weeks in ISO year ``year``."""
    return (iso_week_start(year + 1, 1) - iso_week_start(year, 1)) // 7


def iso_week_of(days: int) -> tuple[int, int]:
    """The (ISO year, ISO week) that contains the day count ``days``."""
    year, _, _ = civil_from_days(days)
    for candidate in (year + 1, year, year - 1):
        start = iso_week_start(candidate, 1)
        if days >= start:
            return candidate, (days - start) // 7 + 1
    raise AssertionError("unreachable")  # pragma: no cover


@lru_cache(maxsize=512)
def check_zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA zone name, or a :class:`WhenError` naming it."""
    try:
        return ZoneInfo(name)
    # OSError: the zone database is a folder of files, and a name may be a folder
    # ("America"), too long for the file system, or unreadable.
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:
        shown = repr(name) if len(repr(name)) <= 80 else repr(name)[:77] + "..."
        raise WhenError(
            f"unknown time zone {shown}: expected an IANA zone name (Area/Location) such as "
            "'UTC', 'Europe/Istanbul' or 'Asia/Damascus'",
            where=str(name)[:200],
        ) from exc


_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Z", "GMT", "Etc/GMT", "UCT"})


@lru_cache(maxsize=65_536)
def _offset_at(zone: str, year: int, month: int, day: int, hour: int, minute: int) -> int:
    # Years outside what datetime holds take the offset at the nearest year it does.
    clamped = min(max(year, 1), 9999)
    if clamped != year:
        month, day = (1, 2) if year < 1 else (12, 30)
    local = datetime(clamped, month, day, hour, minute, tzinfo=check_zone(zone))
    offset = local.utcoffset() or timedelta(0)
    return int(offset.total_seconds())


def local_to_utc(
    zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> int:
    """Seconds since the epoch of a wall-clock time in ``zone``.

    A wall time that does not exist (a spring-forward gap, such as midnight on
    some Damascus DST days) maps to the instant that wall time names under the
    offset before the change, which is the first instant of the day that exists.
    """
    naive = (days_from_civil(year, month, day) * DAY) + hour * 3600 + minute * 60 + second
    if zone in _UTC_NAMES:
        return naive
    return naive - _offset_at(zone, year, month, day, hour, minute)


@lru_cache(maxsize=65_536)
def _offsets_at(
    zone: str, year: int, month: int, day: int, hour: int, minute: int
) -> tuple[int, int]:
    local = datetime(year, month, day, hour, minute, tzinfo=check_zone(zone))
    first = local.utcoffset() or timedelta(0)
    second = local.replace(fold=1).utcoffset() or timedelta(0)
    return int(first.total_seconds()), int(second.total_seconds())


def wall_instants(
    zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> tuple[tuple[int, ...], bool]:
    """The instants a wall-clock time in ``zone`` names, earliest first, and whether it is a gap.

    One instant for an ordinary time. Two for a time the clocks show twice
    (an overlap: ``False``) or skip (a gap: ``True``); for a gap they are the
    time read with the offsets before and after the change. Years outside what
    ``datetime`` holds name one instant, as :func:`local_to_utc` reads them.
    """
    naive = (days_from_civil(year, month, day) * DAY) + hour * 3600 + minute * 60 + second
    if zone in _UTC_NAMES or not 1 <= year <= 9999:
        return (local_to_utc(zone, year, month, day, hour, minute, second),), False
    before, after = _offsets_at(zone, year, month, day, hour, minute)
    if before == after:
        return (naive - before,), False
    first, other = naive - before, naive - after
    # In an overlap the first offset is the earlier instant; in a gap it is the later one.
    return (min(first, other), max(first, other)), first > other
