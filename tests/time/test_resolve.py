"""resolve(): the date phrases of reporting, relative to a report's publication day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline import End, Precision, When, WhenError, resolve
from timeline.time.phrases import UNDERSTOOD, Reference

MONDAY = date(2020, 2, 3)  # publication day of the Idlib article
DAMASCUS = "Asia/Damascus"


def local(year: int, month: int, day: int) -> pendulum.DateTime:
    """Midnight starting a day in Damascus."""
    return pendulum.datetime(year, month, day, tz=DAMASCUS)


# -- every dated phrase of the Idlib article -------------------------------------------

IDLIB = [
    # phrase, EDTF-ish text, earliest, latest (Damascus wall time), display
    ("on Monday", "2020-02-03", local(2020, 2, 3), local(2020, 2, 4), "3 February 2020"),
    (
        "overnight",  # from 18h the evening before to the end of 05h: the night, not two days
        "[2020-02-02T18..2020-02-03T05]",
        pendulum.datetime(2020, 2, 2, 18, tz=DAMASCUS),
        pendulum.datetime(2020, 2, 3, 6, tz=DAMASCUS),
        "night of 2–3 February 2020",
    ),
    ("last week", "2020-W05", local(2020, 1, 27), local(2020, 2, 3), "week of 27 January 2020"),
    ("in 2018", "2018", local(2018, 1, 1), local(2019, 1, 1), "2018"),
    ("in January", "2020-01", local(2020, 1, 1), local(2020, 2, 1), "January 2020"),
    ("2016", "2016", local(2016, 1, 1), local(2017, 1, 1), "2016"),
    ("2018", "2018", local(2018, 1, 1), local(2019, 1, 1), "2018"),
    ("2019", "2019", local(2019, 1, 1), local(2020, 1, 1), "2019"),
    (
        "since late 2012",
        "2012-39/2020-02-03",
        local(2012, 9, 1),
        local(2020, 2, 4),
        "late 2012 – 3 February 2020",
    ),
]


@pytest.mark.parametrize(("phrase", "text", "earliest", "latest", "shown"), IDLIB)
def test_idlib_article_phrases(
    phrase: str, text: str, earliest: pendulum.DateTime, latest: pendulum.DateTime, shown: str
) -> None:
    when = resolve(phrase, MONDAY, tz=DAMASCUS)
    assert when.to_text() == text
    assert when.earliest == earliest
    assert when.latest == latest
    assert when.earliest_ts == int(earliest.timestamp())
    assert when.latest_ts == int(latest.timestamp())
    assert when.display() == shown
    assert when.phrase == phrase
    assert when.tz == DAMASCUS


def test_idlib_bounds_are_damascus_days_not_utc_days() -> None:
    monday = resolve("on Monday", MONDAY, tz=DAMASCUS)
    assert monday.earliest_ts == int(datetime(2020, 2, 2, 22, tzinfo=UTC).timestamp())
    assert monday.latest_ts == monday.earliest_ts + 86_400
    assert resolve("on Monday", MONDAY).earliest_ts == int(
        datetime(2020, 2, 3, tzinfo=UTC).timestamp()
    )


def test_idlib_late_2012_crosses_summer_time() -> None:
    late = resolve("since late 2012", MONDAY, tz=DAMASCUS)
    assert late.earliest is not None
    assert late.earliest.utcoffset() == timedelta(hours=3)  # Damascus summer time, Sept 2012
    assert late.precision is Precision.THIRD
    assert late.start == When.of(2012, 39, tz=DAMASCUS)
    assert late.end == When.of(2020, 2, 3, tz=DAMASCUS)


def test_idlib_overnight_is_sometime_in_the_night() -> None:
    night = resolve("overnight", MONDAY, tz=DAMASCUS)
    assert night.hint == "night"
    assert night.is_point
    assert night.start == When.of(2020, 2, 2, 18, tz=DAMASCUS)
    assert night.end == When.of(2020, 2, 3, 5, tz=DAMASCUS)


def test_idlib_recently_has_an_unknown_start() -> None:
    recently = resolve("recently", MONDAY, tz=DAMASCUS)
    assert recently.start is End.UNKNOWN
    assert recently.end == When.of(2020, 2, 3, tz=DAMASCUS)
    assert recently.earliest is None
    assert recently.latest == local(2020, 2, 4)
    assert recently.to_text() == "/2020-02-03"
    assert recently.display() == "until 3 February 2020, start unknown"


# -- the other phrases, from Monday 3 February 2020 ------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("Monday", "2020-02-03"),
        ("on Sunday", "2020-02-02"),
        ("Saturday", "2020-02-01"),
        ("on Tuesday", "2020-01-28"),
        ("today", "2020-02-03"),
        ("yesterday", "2020-02-02"),
        ("last night", "[2020-02-02T18..2020-02-03T05]"),
        ("this week", "2020-W06"),
        ("last month", "2020-01"),
        ("this month", "2020-02"),
        ("earlier this month", "2020-02-01/2020-02-02"),
        ("earlier this year", "2020-01-01/2020-02-02"),
        ("January", "2020-01"),
        ("in February", "2020-02"),
        ("in March", "2019-03"),
        ("in Sept.", "2019-09"),
        ("last year", "2019"),
        ("this year", "2020"),
        ("three days ago", "2020-01-31~"),
        ("3 days ago", "2020-01-31~"),
        ("a day ago", "2020-02-02~"),
        ("two weeks ago", "2020-01-20~"),
        ("one month ago", "2020-01"),
        ("twelve months ago", "2019-02"),
        ("five years ago", "2015"),
        ("early 2012", "2012-37"),
        ("mid 2012", "2012-38"),
        ("mid-2012", "2012-38"),
        ("late 2012", "2012-39"),
        ("late last year", "2019-39"),
        ("early this year", "2020-37"),
        ("since 2012", "2012/2020-02-03"),
        ("since January", "2020-01/2020-02-03"),
        ("since March", "2019-03/2020-02-03"),
        ("since yesterday", "2020-02-02/2020-02-03"),
        ("17 September 2018", "2018-09-17"),
        ("17th of September 2018", "2018-09-17"),
        ("September 17, 2018", "2018-09-17"),
        ("Sept. 17, 2018", "2018-09-17"),
        ("sep 17 2018", "2018-09-17"),
        ("17 September", "2019-09-17"),
        ("3 February", "2020-02-03"),
        ("February 4", "2019-02-04"),
        ("29 February", "2016-02-29"),
        ("January 2020", "2020-01"),
        ("Jan 2020", "2020-01"),
        ("the 2010s", "201X"),
        ("1990's", "199X"),
        ("the 1900s", "19XX"),  # decade or century: the wider
        ("2020-02-03", "2020-02-03"),
        ("2020-W05", "2020-W05"),
        ("2012-39", "2012-39"),
        ("201x", "201X"),
        ("2016/2019", "2016/2019"),
        ("~2012", "2012~"),
        ("2012?", "2012?"),
        ("2020-01-12/..", "2020-01-12/.."),
        ("2020-02-03t10:30:00z", "2020-02-03T10:30:00Z"),
    ],
)
def test_phrases(phrase: str, text: str) -> None:
    when = resolve(phrase, MONDAY, tz=DAMASCUS)
    assert when.to_text() == text
    assert when.phrase == phrase
    assert when.tz == DAMASCUS


@pytest.mark.parametrize(
    "phrase", ["ON MONDAY", "  on   monday ", "On Monday", "\ton\nMonday", "monday"]
)
def test_case_and_whitespace_insensitive(phrase: str) -> None:
    when = resolve(phrase, MONDAY)
    assert when == When.of(2020, 2, 3)
    assert when.phrase == phrase  # kept verbatim


def test_precisions() -> None:
    assert resolve("last week", MONDAY).precision is Precision.WEEK
    assert resolve("3 weeks ago", MONDAY).precision is Precision.DAY  # about a day
    assert resolve("in January", MONDAY).precision is Precision.MONTH
    assert resolve("late 2012", MONDAY).precision is Precision.THIRD
    assert resolve("yesterday", MONDAY).precision is Precision.DAY
    assert resolve("last year", MONDAY).precision is Precision.YEAR


def test_earlier_this_month_on_the_second_is_one_day() -> None:
    when = resolve("earlier this month", date(2020, 2, 2))
    assert when.to_text() == "2020-02-01/2020-02-01"
    assert when.display() == "1 February 2020"


@pytest.mark.parametrize(
    ("phrase", "reference"),
    [
        ("earlier this month", date(2020, 2, 1)),
        ("earlier this week", date(2020, 2, 3)),  # a Monday
        ("earlier this year", date(2020, 1, 1)),
    ],
)
def test_earlier_this_on_the_first_day_raises(phrase: str, reference: date) -> None:
    with pytest.raises(WhenError, match=rf"cannot resolve '{phrase}'.*first day"):
        resolve(phrase, reference)


# -- references ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        MONDAY,
        "2020-02-03",
        " 2020-02-03 ",
        datetime(2020, 2, 3, 12, 0),  # naive: wall time in the zone
        datetime(2020, 2, 2, 23, 30, tzinfo=UTC),  # 01:30 on the 3rd in Damascus
        pendulum.datetime(2020, 2, 3, 23, 59, tz=DAMASCUS),
        "2020-02-02T23:30:00+00:00",
        When.of(2020, 2, 3),
        When.of(2020, 2, 3, tz="America/New_York"),
    ],
)
def test_reference_kinds(reference: Reference) -> None:
    assert resolve("today", reference, tz=DAMASCUS) == When.of(2020, 2, 3, tz=DAMASCUS)


def test_aware_reference_is_read_in_the_zone() -> None:
    late_utc = datetime(2020, 2, 2, 23, 30, tzinfo=UTC)
    assert resolve("today", late_utc).to_text() == "2020-02-02"
    assert resolve("today", late_utc, tz=DAMASCUS).to_text() == "2020-02-03"


@pytest.mark.parametrize(
    "reference",
    [
        "3 February 2020",
        "2020-02-30",
        When.of(2020, 2),
        When.from_edtf("2020-02-03?"),
        When.from_edtf("2020-02-03/2020-02-04"),
        When.parse("2020-02-03T10:30"),
        20200203,
    ],
)
def test_bad_references(reference: object) -> None:
    with pytest.raises(WhenError, match="bad reference"):
        resolve("today", reference)  # type: ignore[arg-type]


def test_unknown_zone() -> None:
    with pytest.raises(WhenError, match="unknown time zone 'Mars/Olympus'"):
        resolve("today", MONDAY, tz="Mars/Olympus")


# -- what it does not understand --------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "tomorrow",
        "next week",
        "in the evening",  # of which day?
        "at night",
        "the other day",
        "soon",
        "",
        "garbage",
        "the weekday",
    ],
)
def test_not_understood_names_phrase_and_lists_understood(phrase: str) -> None:
    with pytest.raises(WhenError) as info:
        resolve(phrase, MONDAY)
    message = str(info.value)
    assert f"cannot resolve {phrase!r}" in message
    assert UNDERSTOOD in message
    assert "'last week" in message
    assert "since" in message


@pytest.mark.parametrize(
    ("phrase", "detail"),
    [
        ("30 February 2020", "invalid day 30"),
        ("2020-02-30", "invalid day 30"),
        ("31 June", "no month 06 has a day 31"),
        ("since 2021", "starts after the reference day"),
        ("since recently", "needs a known start"),
        ("since tomorrow", "cannot resolve 'tomorrow'"),
        ("2020-13", "invalid month 13"),
    ],
)
def test_errors_name_the_phrase_and_the_problem(phrase: str, detail: str) -> None:
    with pytest.raises(WhenError) as info:
        resolve(phrase, MONDAY)
    assert f"cannot resolve {phrase!r}" in str(info.value)
    assert detail in str(info.value)


def test_non_string_phrase() -> None:
    with pytest.raises(WhenError, match="expected a string"):
        resolve(2020, MONDAY)  # type: ignore[arg-type]


def test_exported() -> None:
    assert timeline.resolve is resolve
    assert timeline.time.resolve is resolve
    assert "resolve" in timeline.__all__
    assert "resolve" in timeline.time.__all__


# -- properties ------------------------------------------------------------------------------

REFERENCES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
ZONES = st.sampled_from(["UTC", DAMASCUS, "America/New_York", "Pacific/Kiritimati"])
WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def day_of(day: date, tz: str) -> When:
    return When.of(day.year, day.month, day.day, tz=tz)


def covers(outer: When, inner: When) -> bool:
    """Whether every instant ``inner`` may cover lies within ``outer``'s bounds.

    (``When.contains`` asks a different question, whether one event certainly
    lies within another, which for a week and one of its days is MAYBE.)
    """
    assert outer.earliest_ts is not None
    assert outer.latest_ts is not None
    assert inner.earliest_ts is not None
    assert inner.latest_ts is not None
    return outer.earliest_ts <= inner.earliest_ts and inner.latest_ts <= outer.latest_ts


@given(REFERENCES, st.integers(0, 2000), ZONES)
def test_n_days_ago_is_about_the_day_n_days_before(reference: date, n: int, tz: str) -> None:
    when = resolve(f"{n} days ago", reference, tz=tz)
    day = reference - timedelta(days=n)
    assert when == When.of(day.year, day.month, day.day, tz=tz, approximate=True)
    assert when.phrase == f"{n} days ago"


@given(REFERENCES, st.integers(1, 10))
def test_number_words_equal_digits(reference: date, n: int) -> None:
    for unit in ("day", "week", "month", "year"):
        worded = resolve(f"{WORDS[n - 1]} {unit}s ago", reference)
        assert worded == resolve(f"{n} {unit}s ago", reference)


@given(REFERENCES, st.integers(0, 200), ZONES)
def test_n_weeks_ago_is_about_the_day_7n_days_before(reference: date, n: int, tz: str) -> None:
    when = resolve(f"{n} weeks ago", reference, tz=tz)
    day = reference - timedelta(weeks=n)
    assert when == When.of(day.year, day.month, day.day, tz=tz, approximate=True)
    assert covers(when, day_of(day, tz))


@given(REFERENCES, st.integers(0, 300))
def test_n_months_ago(reference: date, n: int) -> None:
    when = resolve(f"{n} months ago", reference)
    index = reference.year * 12 + reference.month - 1 - n
    assert when == When.of(index // 12, index % 12 + 1)


@given(REFERENCES, st.integers(0, 300))
def test_n_years_ago(reference: date, n: int) -> None:
    assert resolve(f"{n} years ago", reference) == When.of(reference.year - n)


@given(REFERENCES, st.sampled_from(WEEKDAYS), ZONES)
def test_weekday_is_never_after_the_reference_and_within_six_days(
    reference: date, weekday: str, tz: str
) -> None:
    when = resolve(f"on {weekday}", reference, tz=tz)
    value = when.value
    assert value.month is not None
    assert value.day is not None
    day = date(value.year, value.month, value.day)
    assert reference - timedelta(days=6) <= day <= reference
    assert day.weekday() == WEEKDAYS.index(weekday)
    assert when.latest_ts <= day_of(reference, tz).latest_ts  # type: ignore[operator]


@given(REFERENCES, st.integers(1, 12))
def test_month_name_is_the_most_recent_such_month(reference: date, month: int) -> None:
    name = date(2001, month, 1).strftime("%B")
    when = resolve(f"in {name}", reference)
    value = when.value
    assert value.month == month
    months_back = (reference.year * 12 + reference.month) - (value.year * 12 + month)
    assert 0 <= months_back <= 11


@given(REFERENCES, ZONES)
def test_relative_units_contain_what_they_should(reference: date, tz: str) -> None:
    today = day_of(reference, tz)
    week_ago = day_of(reference - timedelta(days=7), tz)
    last_month_day = day_of(reference - timedelta(days=reference.day), tz)
    assert covers(resolve("this week", reference, tz=tz), today)
    assert covers(resolve("last week", reference, tz=tz), week_ago)
    assert covers(resolve("this month", reference, tz=tz), today)
    assert covers(resolve("last month", reference, tz=tz), last_month_day)
    assert covers(resolve("this year", reference, tz=tz), today)
    assert resolve("last year", reference, tz=tz) == When.of(reference.year - 1, tz=tz)
    assert resolve("today", reference, tz=tz) == today
    assert resolve("yesterday", reference, tz=tz) == day_of(reference - timedelta(days=1), tz)
    night = resolve("overnight", reference, tz=tz)
    dawn = When.of(reference.year, reference.month, reference.day, 5, tz=tz)
    assert night.latest_ts == dawn.latest_ts
    assert night.earliest_ts is not None
    assert night.earliest_ts < today.earliest_ts  # from the evening before
    assert night.hint == "night"


@given(REFERENCES, ZONES)
def test_earlier_this_month_is_before_the_reference_within_its_month(
    reference: date, tz: str
) -> None:
    if reference.day == 1:
        with pytest.raises(WhenError, match="first day"):
            resolve("earlier this month", reference, tz=tz)
        return
    when = resolve("earlier this month", reference, tz=tz)
    month = When.of(reference.year, reference.month, tz=tz)
    assert covers(month, when)
    assert when.earliest_ts == month.earliest_ts
    assert when.latest_ts == day_of(reference, tz).earliest_ts


@given(
    REFERENCES,
    st.sampled_from(
        ["late 2012", "early 1999", "2005", "January", "in March", "yesterday", "3 weeks ago"]
    ),
    ZONES,
)
def test_since_runs_from_the_start_of_the_span_to_the_end_of_the_reference_day(
    reference: date, inner: str, tz: str
) -> None:
    start = resolve(inner, reference, tz=tz)
    if start.earliest_ts >= day_of(reference, tz).latest_ts:  # type: ignore[operator]
        with pytest.raises(WhenError, match="starts after the reference day"):
            resolve(f"since {inner}", reference, tz=tz)
        return
    since = resolve(f"since {inner}", reference, tz=tz)
    assert since.earliest_ts == start.earliest_ts
    assert since.latest_ts == day_of(reference, tz).latest_ts
    assert since.start == start.replace(phrase=None)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_absolute_dates_in_every_written_form(day: date) -> None:
    expected = When.of(day.year, day.month, day.day)
    month = day.strftime("%B")
    for phrase in (
        f"{day.day} {month} {day.year:04d}",
        f"{month} {day.day}, {day.year:04d}",
        f"{month[:3]}. {day.day}, {day.year:04d}",
        f"on {day.day} {month.upper()} {day.year:04d}",
        day.isoformat(),
    ):
        assert resolve(phrase, MONDAY) == expected


@given(
    st.dates(min_value=date(2013, 1, 1), max_value=date(2100, 12, 31)),
    ZONES,
    st.sampled_from([p for p, *_ in IDLIB] + ["recently", "last night"]),
)
def test_resolved_values_always_display(reference: date, tz: str, phrase: str) -> None:
    when = resolve(phrase, reference, tz=tz)
    assert when.display()
    assert when.phrase == phrase
    assert when.tz == tz
