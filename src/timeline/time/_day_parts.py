"""The spans behind the phrase families of :mod:`timeline.time.phrases`.

Parts of a day, nights, thirds and ends of months, weekends, weekdays before
and after a day, and "about" a date: the calendar arithmetic, kept apart from
the patterns so each family reads in one place. Days are day counts since
1970-01-01 (the reference day of a phrase is one). Every span that says
"sometime in" is an uncertain point (``When.between``), never a lasting span.
"""

from __future__ import annotations

from typing import Final

from timeline.errors import WhenError
from timeline.time.calendar import civil_from_days, days_from_civil, days_in_month
from timeline.time.precision import Precision
from timeline.time.value import APPROXIMATE
from timeline.time.when import Hint, When

__all__ = [
    "HOURS",
    "WEEKDAYS",
    "about",
    "day",
    "month_part",
    "month_part_start",
    "night_of",
    "part_of_day",
    "weekday_after",
    "weekday_before",
    "weekday_in_week",
    "weekday_of",
    "weekend",
]

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

HOURS: Final[dict[str, tuple[int, int, Hint | None]]] = {
    "morning": (0, 11, "morning"),
    "early": (0, 11, "morning"),
    "afternoon": (12, 17, "afternoon"),
    "evening": (17, 23, "evening"),
    "late": (12, 23, None),
}
"""Parts of a day: first and last hour (both inclusive, wall clock) and the display hint.

As wide as the words allow: "morning" runs from midnight (the "early hours")
to noon, "evening" from 17h, and "late on Friday" is the second half of the day.
"""

NIGHT: Final = (18, 5)
"""A night: from 18h on the evening before to the end of 05h on the morning of the day."""

_PARTS: Final = {"early": (1, 10), "start": (1, 10), "mid": (11, 20), "late": (21, 31)}


def day(days: int, tz: str) -> When:
    """The calendar day ``days`` in zone ``tz``."""
    year, month, dom = civil_from_days(days)
    return When.of(year, month, dom, tz=tz)


def weekday_of(days: int) -> int:
    """0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday)."""
    return (days + 3) % 7


def weekday_before(days: int, wanted: int) -> int:
    """The last day before ``days`` (excluded) that is weekday ``wanted``."""
    return days - 1 - (weekday_of(days - 1) - wanted) % 7


def weekday_after(days: int, wanted: int) -> int:
    """The first day after ``days`` (excluded) that is weekday ``wanted``."""
    return days + 1 + (wanted - weekday_of(days + 1)) % 7


def weekday_in_week(days: int, wanted: int) -> int:
    """Weekday ``wanted`` of the ISO week (Monday to Sunday) that holds ``days``."""
    return days - weekday_of(days) + wanted


def part_of_day(days: int, part: str, tz: str) -> When:
    """Sometime in the ``part`` ("morning", "early", "afternoon", "evening", "late") of a day."""
    first, last, hint = HOURS[part]
    year, month, dom = civil_from_days(days)
    return When.between(
        When.of(year, month, dom, first, tz=tz), When.of(year, month, dom, last, tz=tz), hint=hint
    )


def night_of(days: int, tz: str) -> When:
    """The night *ending* on day ``days``: from the evening before to that morning."""
    evening, morning = NIGHT
    year, month, dom = civil_from_days(days - 1)
    start = When.of(year, month, dom, evening, tz=tz)
    year, month, dom = civil_from_days(days)
    return When.between(start, When.of(year, month, dom, morning, tz=tz), hint="night")


def month_part(year: int, month: int, part: str, tz: str) -> When:
    """Sometime in a part of a month: "early" (1-10), "mid" (11-20), "late" (21-end).

    "start" is the early third, "end" the late one.
    """
    part = {"beginning": "start", "end": "late"}.get(part, part)
    first, last = _PARTS[part]
    last = min(last, days_in_month(year, month))
    return When.between(When.of(year, month, first, tz=tz), When.of(year, month, last, tz=tz))


def month_part_start(year: int, month: int, part: str) -> int:
    """Day count of the first day of a part of a month (see :func:`month_part`)."""
    part = {"beginning": "start", "end": "late"}.get(part, part)
    return days_from_civil(year, month, _PARTS[part][0])


def weekend(days: int, which: str, tz: str) -> When:
    """Sometime in a weekend (Saturday and Sunday) relative to day ``days``.

    ``"this"``: the weekend of the ISO week of ``days``; ``"last"`` / ``"next"``:
    that of the week before / after; ``"the"``: the most recent weekend that
    has begun by ``days`` (the one in progress on a Saturday or Sunday).
    """
    saturday = weekday_in_week(days, 5)
    if which == "last" or (which == "the" and saturday > days):
        saturday -= 7
    elif which == "next":
        saturday += 7
    return When.between(day(saturday, tz), day(saturday + 1, tz))


def about(when: When, words: str) -> When:
    """``when`` marked approximate as a whole ("around 20 January": ``2020-01-20~``).

    Only a single calendar value to the day or coarser can be approximate:
    a span, a point or a time of day raises a :class:`WhenError` saying so.
    """
    if when.is_interval or when.precision > Precision.DAY or when.precision is Precision.WEEK:
        raise WhenError(
            f"{words!r} names {when.to_text()!r}: 'around' needs a single date "
            "(a day, month, year or coarser), not a span, a week or a time of day"
        )
    value = when.value
    stated = 1 + (value.month is not None) + (value.day is not None)
    qualifiers = tuple(q | APPROXIMATE if i < stated else q for i, q in enumerate(value.qualifiers))
    assert len(qualifiers) == 3
    return When(value._replace(qualifiers=qualifiers), tz=when.tz)
