"""Approximation by precision: "c. 6 February" may be a day off, "c. 2020" a year.

The rule (docs/dates-and-uncertainty.md, "Qualifiers"): a qualified value may
be off by one unit of the coarsest component a qualifier marker stands on.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline import Precision, Tri, When
from timeline.strategies import calendar_values, whens
from timeline.time.value import APPROXIMATE, UNCERTAIN, CalendarValue

ZONES = ("UTC", "Asia/Damascus", "America/New_York")
DAY = 86_400


def _truncated(value: CalendarValue, components: int, bits: int) -> CalendarValue:
    """``value`` cut to its first ``components`` (1 to 3), wholly marked ``bits``."""
    if components == 1:
        return CalendarValue(value.year, qualifiers=(bits, 0, 0))
    if components == 2:
        return CalendarValue(value.year, value.month, qualifiers=(bits, bits, 0))
    return CalendarValue(value.year, value.month, value.day, qualifiers=(bits, bits, bits))


@given(whens(zones=ZONES))
def test_widening_is_never_narrower_than_the_nominal_bounds(when: When) -> None:
    """The relations' box always holds every instant of ``[earliest, latest)``."""
    s_lo, s_hi, e_lo, e_hi = when.box()
    lo = -float("inf") if when.earliest_ts is None else when.earliest_ts
    hi = float("inf") if when.latest_ts is None else when.latest_ts
    assert s_lo <= lo
    assert e_hi >= hi
    if not when.is_interval:
        assert s_hi >= hi - 1
        assert e_lo <= lo + 1


@given(
    calendar_values(precisions=(Precision.DAY,), qualifiers=False).filter(lambda v: v.day),
    st.sampled_from((APPROXIMATE, UNCERTAIN, APPROXIMATE | UNCERTAIN)),
    st.sampled_from(ZONES),
)
def test_approximate_widening_grows_with_precision(
    value: CalendarValue, bits: int, zone: str
) -> None:
    """c. the day <= c. its month <= c. its year: a coarser statement widens more."""
    day, month, year = (_truncated(value, n, bits).pad(zone) for n in (3, 2, 1))
    assert 0 < day <= month <= year
    assert day == DAY
    assert 28 * DAY - 3600 <= month <= 31 * DAY + 3600
    assert 365 * DAY - 3600 <= year <= 366 * DAY + 3600


@given(calendar_values(qualifiers=True))
def test_a_whole_value_mark_widens_by_one_unit_of_its_precision(value: CalendarValue) -> None:
    """With every stated component marked, the pad is the width of the value itself (UTC)."""
    if value.week is not None or value.hour is not None or value.month_unspecified:
        return
    stated = (
        1 if value.month is None else 2 if value.day is None and not value.day_unspecified else 3
    )
    marked = value._replace(qualifiers=(1,) * stated + (0,) * (3 - stated))  # type: ignore[arg-type]
    lo, hi = marked.span("UTC")
    assert marked.pad("UTC") == (DAY if stated == 3 else hi - lo)


@given(calendar_values(qualifiers=True), st.sampled_from(ZONES))
def test_a_qualified_year_alone_still_widens_by_a_year(value: CalendarValue, zone: str) -> None:
    """A marker on the year alone (``2004?-06-~11``) keeps the year's unit: never narrower."""
    if value.week is not None or value.hour is not None or not value.qualifiers[0]:
        return
    year_lo, year_hi = CalendarValue(value.year, year_unspecified=value.year_unspecified).span(zone)
    month_stated = value.month is not None or value.month_unspecified
    if not month_stated or value.qualifiers[0] & ~value.qualifiers[1]:
        assert value.pad(zone) == year_hi - year_lo


def test_the_trap_of_the_issue_c_6_february_is_a_day_either_way() -> None:
    circa = When.from_edtf("2020-02-06~")
    assert circa.before(When.from_edtf("2020-12-01")) is Tri.YES
    assert circa.before(When.from_edtf("2020-02-08")) is Tri.YES
    assert circa.before(When.from_edtf("2020-02-07")) is Tri.MAYBE
    assert circa.after(When.from_edtf("2020-02-04")) is Tri.YES
    assert circa.after(When.from_edtf("2020-02-05")) is Tri.MAYBE


def test_examples_of_the_rule() -> None:
    def pad_days(text: str) -> float:
        return When.from_edtf(text).value.pad("UTC") / DAY

    assert pad_days("2020-02-06~") == 1
    assert pad_days("2020-02~") == 29
    assert pad_days("2020~") == 366
    assert pad_days("201X~") == 3652  # 2010-2019
    assert pad_days("2020-21?") == 92  # spring 2020, a season either way
    assert pad_days("2004?-06-~11") == 366  # the year alone is uncertain
    assert pad_days("2004-06~-11") == 30  # "about June 2004, the 11th"
    assert pad_days("2020-02-06") == 0
