"""Hypothesis strategies for property-based tests of code that uses ``timeline``.

Use them in your own tests::

    from hypothesis import given
    from timeline.strategies import whens

    @given(whens(min_year=1900, max_year=2100))
    def test_my_chronology_sorts(when): ...

Once the library is installed, ``st.from_type(When)`` works too: the library
registers :func:`whens` through Hypothesis's entry-point hook.
Every strategy shrinks toward simple values (a plain year).
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from timeline.time.calendar import days_in_month, iso_weeks_in_year
from timeline.time.precision import Precision
from timeline.time.value import GROUPINGS, CalendarValue
from timeline.time.when import End, When

__all__ = ["calendar_values", "whens"]

#: Precisions EDTF can write, simplest first (so examples shrink toward a year).
EDTF_PRECISIONS: tuple[Precision, ...] = (
    Precision.YEAR,
    Precision.MONTH,
    Precision.DAY,
    Precision.DECADE,
    Precision.CENTURY,
    Precision.SEASON,
    Precision.QUARTER,
    Precision.THIRD,
    Precision.HALF,
    Precision.SECOND,
)
#: Every precision; weeks, hours and minutes need :meth:`When.parse` rather than EDTF.
ALL_PRECISIONS: tuple[Precision, ...] = (
    *EDTF_PRECISIONS,
    Precision.WEEK,
    Precision.HOUR,
    Precision.MINUTE,
)

_GROUP_CODES = {
    precision: sorted(code for code, g in GROUPINGS.items() if g.precision is precision)
    for precision in (Precision.SEASON, Precision.QUARTER, Precision.THIRD, Precision.HALF)
}
_OFFSETS = (None, "Z", "+03:00", "-05:00", "+05:30", "+02")


def _qualifiers(draw: st.DrawFn, components: int) -> tuple[int, int, int]:
    bits = [draw(st.sampled_from((0, 0, 1, 2, 3))) for _ in range(components)]
    bits += [0] * (3 - components)
    return (bits[0], bits[1], bits[2])


@st.composite
def calendar_values(
    draw: st.DrawFn,
    *,
    min_year: int = 1,
    max_year: int = 9999,
    precisions: Sequence[Precision] = EDTF_PRECISIONS,
    qualifiers: bool = True,
) -> CalendarValue:
    """One calendar value of a precision drawn from ``precisions``, years in the range."""
    precision = draw(st.sampled_from(tuple(precisions)))
    year = draw(st.integers(min_year, max_year))
    qualify = qualifiers and draw(st.booleans())
    if precision in (Precision.CENTURY, Precision.DECADE):
        digits = 2 if precision is Precision.CENTURY else 1
        width = 10**digits
        first = -(-max(min_year, 0) // width)  # 201X-style years are written with 4 digits
        last = (min(max_year, 9999) + 1) // width - 1
        if first <= last:
            return CalendarValue(
                draw(st.integers(first, last)) * width,
                year_unspecified=digits,
                qualifiers=_qualifiers(draw, 1) if qualify else (0, 0, 0),
            )
        precision = Precision.YEAR
    if precision is Precision.YEAR:
        return CalendarValue(year, qualifiers=_qualifiers(draw, 1) if qualify else (0, 0, 0))
    if precision in _GROUP_CODES:
        code = draw(st.sampled_from(_GROUP_CODES[precision]))
        return CalendarValue(year, code, qualifiers=_qualifiers(draw, 2) if qualify else (0, 0, 0))
    if precision is Precision.WEEK:
        week = draw(st.integers(1, iso_weeks_in_year(year)))
        return CalendarValue(year, week=week)
    month_unspecified = draw(st.booleans()) if precision is Precision.MONTH else False
    month = draw(st.integers(1, 12))
    if precision is Precision.MONTH:
        return CalendarValue(
            year,
            None if month_unspecified else month,
            month_unspecified=month_unspecified,
            qualifiers=_qualifiers(draw, 2) if qualify and not month_unspecified else (0, 0, 0),
        )
    day = draw(st.integers(1, days_in_month(year, month)))
    if precision is Precision.DAY:
        day_unspecified = draw(st.integers(0, 5)) == 0
        return CalendarValue(
            year,
            month,
            None if day_unspecified else day,
            day_unspecified=day_unspecified,
            qualifiers=_qualifiers(draw, 3) if qualify and not day_unspecified else (0, 0, 0),
        )
    hour = draw(st.integers(0, 23))
    minute = None if precision is Precision.HOUR else draw(st.integers(0, 59))
    second = draw(st.integers(0, 59)) if precision is Precision.SECOND else None
    offset_text = draw(st.sampled_from(_OFFSETS))
    offset = None
    if offset_text is not None:
        sign = -1 if offset_text.startswith("-") else 1
        offset = (
            0
            if offset_text == "Z"
            else sign * (int(offset_text[1:3]) * 3600 + int(offset_text[4:6] or 0) * 60)
        )
    return CalendarValue(
        year, month, day, hour, minute, second, offset=offset, offset_text=offset_text
    )


@st.composite
def whens(
    draw: st.DrawFn,
    *,
    min_year: int = 1,
    max_year: int = 9999,
    precisions: Sequence[Precision] = EDTF_PRECISIONS,
    intervals: bool = True,
    open_ends: bool = True,
    qualifiers: bool = True,
    zones: Sequence[str] = ("UTC",),
) -> When:
    """Any ``When``: single values, and (unless disabled) intervals with open or unknown ends.

    ``min_year`` / ``max_year`` bound the years (years outside 1-9999 are
    allowed: they order and compare, but have no pendulum bounds);
    ``precisions`` limits the calendar precisions (default: those EDTF can
    write; pass :data:`ALL_PRECISIONS` for weeks, hours and minutes too);
    ``zones`` lists the IANA zones to draw from.
    """
    values = calendar_values(
        min_year=min_year, max_year=max_year, precisions=precisions, qualifiers=qualifiers
    )
    tz = draw(st.sampled_from(tuple(zones)))
    if not intervals or not draw(st.booleans()):
        return When(draw(values), tz=tz)
    ends: list[st.SearchStrategy[CalendarValue | End]] = [values]
    if open_ends:
        ends.append(st.sampled_from((End.OPEN, End.UNKNOWN)))
    start = draw(st.one_of(ends))
    end = draw(st.one_of(ends))
    if isinstance(start, End) and isinstance(end, End):
        end = draw(values)
    if isinstance(start, CalendarValue) and isinstance(end, CalendarValue):
        if start.span(tz)[0] > end.span(tz)[0]:
            start, end = end, start
        if start.span(tz)[0] >= end.span(tz)[1]:
            end = start
    return When(start, end, tz=tz)


def _hypothesis_setup_hook() -> None:
    """Entry point Hypothesis calls at start-up: makes ``st.from_type(When)`` work."""
    st.register_type_strategy(When, whens())
