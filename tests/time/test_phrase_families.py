"""The phrase families of reporting: weekdays, parts of days, nights, parts of months,
weekends, "the past few days", "the following day", "around"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import Tri, When, WhenError, resolve

MONDAY = date(2020, 2, 3)
DAMASCUS = "Asia/Damascus"
REFERENCES = st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31))
ZONES = st.sampled_from(["UTC", DAMASCUS, "America/New_York"])
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july"]
MONTHS += ["august", "september", "october", "november", "december"]


def day_of(day: date, tz: str = "UTC") -> When:
    return When.of(day.year, day.month, day.day, tz=tz)


def inside(inner: When, outer: When) -> bool:
    """Whether the bounds of ``inner`` lie within those of ``outer``."""
    return outer.bounds[0] <= inner.bounds[0] and inner.bounds[1] <= outer.bounds[1]


# -- weekdays with last / next / this ----------------------------------------------------


@given(REFERENCES, st.sampled_from(WEEKDAYS), st.sampled_from(["last", "next"]), ZONES)
def test_last_and_next_weekday_answer_or_say_why_not(
    reference: date, weekday: str, which: str, tz: str
) -> None:
    """The nearest such day before / after R when both readings agree, else a clear error."""
    wanted = WEEKDAYS.index(weekday)
    sign = -1 if which == "last" else 1
    nearest = next(
        reference + timedelta(days=sign * n)
        for n in range(1, 8)
        if (reference + timedelta(days=sign * n)).weekday() == wanted
    )
    same_week = nearest.isocalendar()[:2] == reference.isocalendar()[:2]
    phrase = f"{which} {weekday}"
    if same_week:
        with pytest.raises(WhenError, match="reference day cannot say"):
            resolve(phrase, reference, tz=tz)
        return
    when = resolve(phrase, reference, tz=tz)
    assert when == day_of(nearest, tz)
    assert when.phrase == phrase


@given(REFERENCES, st.sampled_from(WEEKDAYS))
def test_this_weekday_is_in_the_week_of_the_reference(reference: date, weekday: str) -> None:
    when = resolve(f"this {weekday}", reference)
    day = reference + timedelta(days=WEEKDAYS.index(weekday) - reference.weekday())
    assert when == day_of(day)


def test_on_monday_on_a_monday_is_that_monday() -> None:
    """The documented rule: a bare weekday is the most recent one, the reference included."""
    assert resolve("on Monday", MONDAY) == When.of(2020, 2, 3)
    assert resolve("last Monday", MONDAY) == When.of(2020, 1, 27)
    assert resolve("next Monday", MONDAY) == When.of(2020, 2, 10)
    with pytest.raises(WhenError, match=r"cannot resolve 'next Friday'.*this week"):
        resolve("next Friday", MONDAY)


# -- parts of days and nights ---------------------------------------------------------------


@given(REFERENCES, ZONES)
def test_parts_of_the_day_lie_in_the_day_and_in_order(reference: date, tz: str) -> None:
    today = day_of(reference, tz)
    morning = resolve("this morning", reference, tz=tz)
    afternoon = resolve("this afternoon", reference, tz=tz)
    evening = resolve("this evening", reference, tz=tz)
    for part in (morning, afternoon, evening):
        assert part.is_point
        assert inside(part, today)
    assert morning.before(afternoon) is Tri.YES
    assert afternoon.before(evening) is Tri.MAYBE  # 17h is both
    assert morning.before(evening) is Tri.YES
    assert resolve("early today", reference, tz=tz) == morning.replace(phrase=None)


@given(REFERENCES, ZONES)
def test_a_night_runs_from_the_evening_before_to_the_morning(reference: date, tz: str) -> None:
    night = resolve("last night", reference, tz=tz)
    yesterday = day_of(reference - timedelta(days=1), tz)
    today = day_of(reference, tz)
    assert night.hint == "night"
    assert night.is_point
    assert yesterday.overlaps(night) is Tri.MAYBE
    assert night.bounds[0] > yesterday.bounds[0]  # not the whole day before
    assert night.bounds[1] < resolve("this afternoon", reference, tz=tz).bounds[0]
    assert today.bounds[0] < night.bounds[1]
    assert resolve("overnight", reference, tz=tz) == night.replace(phrase="overnight")
    tomorrow = reference + timedelta(days=1)
    assert resolve("tonight", reference, tz=tz) == resolve("last night", tomorrow, tz=tz).replace(
        phrase="tonight"
    )


@given(REFERENCES, st.sampled_from(WEEKDAYS), st.sampled_from(["morning", "afternoon", "evening"]))
def test_a_weekday_part_is_that_part_of_that_weekday(
    reference: date, weekday: str, part: str
) -> None:
    day = resolve(weekday, reference)
    start = day.value
    assert start.month is not None
    assert start.day is not None
    on_that_day = resolve(f"this {part}", date(start.year, start.month, start.day))
    assert resolve(f"on {weekday} {part}", reference) == on_that_day.replace(
        phrase=f"on {weekday} {part}"
    )


def test_day_parts_of_the_article_day() -> None:
    assert resolve("on Friday evening", MONDAY).to_text() == "[2020-01-31T17..2020-01-31T23]"
    assert resolve("early on Tuesday", MONDAY).to_text() == "[2020-01-28T00..2020-01-28T11]"
    assert resolve("late on Friday", MONDAY).to_text() == "[2020-01-31T12..2020-01-31T23]"
    assert resolve("Friday night", MONDAY).to_text() == "[2020-01-31T18..2020-02-01T05]"
    assert resolve("yesterday afternoon", MONDAY).display() == "afternoon of 2 February 2020"
    with pytest.raises(WhenError, match="'last week' is not one day"):
        resolve("early last week", MONDAY)


# -- parts of months ---------------------------------------------------------------------------


@given(st.integers(1900, 2100), st.sampled_from(MONTHS))
def test_thirds_of_a_month_tile_it(year: int, month: str) -> None:
    reference = date(2101, 1, 1)
    early, mid, late = (resolve(f"{p} {month} {year}", reference) for p in ("early", "mid", "late"))
    whole = When.of(year, MONTHS.index(month) + 1)
    assert early.bounds[0] == whole.bounds[0]
    assert early.bounds[1] == mid.bounds[0]
    assert mid.bounds[1] == late.bounds[0]
    assert late.bounds[1] == whole.bounds[1]
    assert early.before(mid) is Tri.YES
    assert mid.before(late) is Tri.YES
    assert resolve(f"the start of {month} {year}", reference).bounds == early.bounds
    assert resolve(f"at the end of {month} {year}", reference).bounds == late.bounds


@given(REFERENCES, st.sampled_from(MONTHS), st.sampled_from(["early", "mid", "late"]))
def test_a_part_of_a_month_without_a_year_is_the_latest_begun_or_an_error(
    reference: date, month: str, part: str
) -> None:
    number = MONTHS.index(month) + 1
    year = reference.year if number <= reference.month else reference.year - 1
    first_day = date(year, number, {"early": 1, "mid": 11, "late": 21}[part])
    phrase = f"{part} {month}"
    if first_day > reference:
        with pytest.raises(WhenError, match="give the year"):
            resolve(phrase, reference)
        return
    when = resolve(phrase, reference)
    assert when.bounds[0] == day_of(first_day).bounds[0]
    assert when.is_point


@given(REFERENCES)
def test_the_start_and_end_of_the_month_are_of_the_reference_month(reference: date) -> None:
    month = When.of(reference.year, reference.month)
    start = resolve("at the start of the month", reference)
    end = resolve("at the end of the month", reference)
    assert inside(start, month)
    assert inside(end, month)
    assert start.bounds[0] == month.bounds[0]
    assert end.bounds[1] == month.bounds[1]
    last = resolve("the end of last month", reference)
    assert last.bounds[1] == month.bounds[0]


# -- weekends, recent days, following days, around ---------------------------------------------


@given(REFERENCES, ZONES)
def test_weekends_are_a_saturday_and_a_sunday_a_week_apart(reference: date, tz: str) -> None:
    this = resolve("this weekend", reference, tz=tz)
    last = resolve("last weekend", reference, tz=tz)
    start = this.start
    assert isinstance(start, When)
    saturday = start.value
    assert saturday.month is not None
    assert saturday.day is not None
    assert date(saturday.year, saturday.month, saturday.day).weekday() == 5
    assert this.is_point
    week_before = resolve("this weekend", reference - timedelta(days=7), tz=tz)
    assert last == week_before.replace(phrase="last weekend")
    over = resolve("over the weekend", reference, tz=tz)
    assert over.bounds in (this.bounds, last.bounds)
    assert over.bounds[0] <= day_of(reference, tz).bounds[0]


@given(REFERENCES, st.integers(1, 12))
def test_the_past_n_days_end_on_the_reference(reference: date, n: int) -> None:
    when = resolve(f"the past {n} days", reference)
    assert when.is_point
    assert when.bounds[1] == day_of(reference).bounds[1]
    assert when.bounds[0] == day_of(reference - timedelta(days=n)).bounds[0]
    assert (
        resolve("the past few days", reference).bounds
        == resolve("the last 7 days", reference).bounds
    )


@given(REFERENCES, st.integers(0, 30))
def test_the_following_day_counts_from_the_reference(reference: date, n: int) -> None:
    assert resolve("the following day", reference) == day_of(reference + timedelta(days=1))
    assert resolve("the previous day", reference) == day_of(reference - timedelta(days=1))
    assert resolve(f"{n} days later", reference) == day_of(reference + timedelta(days=n))
    assert resolve(f"{n} days earlier", reference) == day_of(reference - timedelta(days=n))


@given(REFERENCES, st.sampled_from(["20 January", "January", "2018", "yesterday", "in March"]))
def test_around_is_the_same_date_approximate(reference: date, words: str) -> None:
    plain = resolve(words, reference)
    around = resolve(f"around {words}", reference)
    assert around.approximate
    assert around.bounds == plain.bounds
    assert around.precision is plain.precision
    assert around.phrase == f"around {words}"


def test_around_needs_one_date() -> None:
    with pytest.raises(WhenError, match="'around' needs a single date"):
        resolve("around last week", MONDAY)
    with pytest.raises(WhenError, match="not a date phrase"):
        resolve("around teatime", MONDAY)


def test_since_takes_the_new_families_too() -> None:
    assert resolve("since yesterday morning", MONDAY).to_text() == "2020-02-02T00/2020-02-03"
    assert resolve("since last night", MONDAY).to_text() == "2020-02-02T18/2020-02-03"
    assert resolve("since early on Tuesday", MONDAY).to_text() == "2020-01-28T00/2020-02-03"
