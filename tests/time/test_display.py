"""Display: human text for a When, never more precise than the value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import End, When
from timeline.strategies import ALL_PRECISIONS, whens
from timeline.time.display import display


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # single values, coarsest to finest
        ("19XX", "1900s"),
        ("201X", "2010s"),
        ("190X", "1900–1909"),
        ("200X", "2000–2009"),
        ("20XX", "2000s"),
        ("2018", "2018"),
        ("2020-40", "first half of 2020"),
        ("2020-41", "second half of 2020"),
        ("2012-37", "early 2012"),
        ("2012-38", "mid 2012"),
        ("2012-39", "late 2012"),
        ("2020-33", "Q1 2020"),
        ("2020-36", "Q4 2020"),
        ("2020-21", "spring 2020"),
        ("2020-24", "winter 2020"),
        ("2020-29", "southern spring 2020"),
        ("2020-01", "January 2020"),
        ("2020-W05", "week of 27 January 2020"),
        ("2020-W01", "week of 30 December 2019"),
        ("2018-09-17", "17 September 2018"),
        ("2020-02-03T10", "3 February 2020, 10h"),
        ("2020-02-03T10:30", "3 February 2020, 10:30"),
        ("2020-02-03T10:30:15", "3 February 2020, 10:30:15"),
        ("2020-02-03T10:30+05:00", "3 February 2020, 10:30 UTC+05:00"),
        ("2020-02-03T10:30:00Z", "3 February 2020, 10:30:00 UTC"),
        ("2020-02-03T10:30:00-03", "3 February 2020, 10:30:00 UTC-03"),
        # unspecified parts are said, not invented
        ("2004-XX", "2004, month unknown"),
        ("2004-06-XX", "June 2004, day unknown"),
        ("2004-XX-XX", "2004, month and day unknown"),
        # qualifiers
        ("~2012", "c. 2012"),
        ("2012?", "2012?"),
        ("2012%", "c. 2012?"),
        ("2020-01~", "c. January 2020"),
        ("2012-39?", "late 2012?"),
        # years before 1 are BCE (astronomical 0 is 1 BCE)
        ("-0043", "44 BCE"),
        ("0000", "1 BCE"),
        ("-0043-03-15", "15 March 44 BCE"),
        ("Y-20000", "20001 BCE"),
        ("Y12000", "12000"),
        ("000X", "1 BCE – 9"),
        ("001X", "10–19"),
    ],
)
def test_single_values(text: str, expected: str) -> None:
    assert display(When.parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016/2019", "2016–2019"),
        ("2020-02-02/2020-02-03", "2–3 February 2020"),
        ("2020-01-28/2020-02-03", "28 January – 3 February 2020"),
        ("2019-12-28/2020-01-03", "28 December 2019 – 3 January 2020"),
        ("2020-01/2020-03", "January–March 2020"),
        ("2019-11/2020-03", "November 2019 – March 2020"),
        ("2012-39/2020-02-03", "late 2012 – 3 February 2020"),
        ("199X/201X", "1990s–2010s"),
        ("2020-02-03T10:30/2020-02-03T11:45", "3 February 2020, 10:30–11:45"),
        ("2020-02-03/2020-02-03", "3 February 2020"),
        ("-0043/-0042", "44–43 BCE"),
        ("-0043/0010", "44 BCE – 10 CE"),
        ("~2016/2019", "c. 2016 – 2019"),
        ("2016?/2019", "2016?–2019"),
        # open and unknown ends
        ("2020-01-12/..", "from 12 January 2020 on"),
        ("../2012", "until 2012"),
        ("2020-01/", "from January 2020, end unknown"),
        ("/2012", "until 2012, start unknown"),
    ],
)
def test_intervals(text: str, expected: str) -> None:
    assert display(When.parse(text)) == expected


def test_night_hint() -> None:
    night = When.interval(When.of(2020, 2, 2), When.of(2020, 2, 3), hint="night")
    assert display(night) == "night of 2–3 February 2020"


def test_night_hint_across_months() -> None:
    night = When.interval(When.of(2020, 1, 31), When.of(2020, 2, 1), hint="night")
    assert display(night) == "night of 31 January – 1 February 2020"


def test_when_display_and_str_use_it() -> None:
    late = When.from_edtf("2012-39")
    assert late.display() == str(late) == "late 2012"


def test_display_ignores_the_zone() -> None:
    assert display(When.of(2020, 2, 3, tz="Asia/Damascus")) == "3 February 2020"


def test_open_end_with_open_start_of_other_kind() -> None:
    assert display(When.interval(End.OPEN, When.of(2012, 39))) == "until late 2012"


# -- properties -----------------------------------------------------------------------

_YEARS = st.one_of(
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.integers(-9999, -1).map(lambda y: f"-{-y:04d}"),
    st.integers(10_000, 99_999).map(lambda y: f"Y{y}"),
)


@st.composite
def edtf_strings(draw: st.DrawFn) -> str:
    """Plain EDTF single values and intervals, generated as text."""
    year = draw(_YEARS)
    suffix = draw(
        st.sampled_from(["", "-01", "-12-31", "-02-28", "-21", "-33", "-37", "-39", "-41", "-XX"])
    )
    qualifier = draw(st.sampled_from(["", "~", "?", "%"]))
    value = f"{year}{suffix}{qualifier}"
    shape = draw(st.sampled_from(["single", "open", "unknown", "before"]))
    return {
        "single": value,
        "open": f"{value}/..",
        "unknown": f"{value}/",
        "before": f"../{value}",
    }[shape]


@given(edtf_strings())
def test_display_never_raises_for_edtf(text: str) -> None:
    shown = display(When.from_edtf(text))
    assert shown
    assert shown == shown.strip()


@given(
    whens(min_year=-20_000, max_year=20_000, precisions=ALL_PRECISIONS),
    st.sampled_from([None, "night"]),
)
def test_display_never_raises(when: When, hint: str | None) -> None:
    if hint is not None:
        when = when.replace(hint="night")
    shown = display(when)
    assert shown
    assert "  " not in shown
    assert "None" not in shown


@given(whens(precisions=ALL_PRECISIONS, intervals=False, qualifiers=False))
def test_never_more_precise_than_the_value(when: When) -> None:
    """Only a value with a time shows a colon; only a dated value shows a day number first."""
    shown = display(when).split(" UTC")[0]
    value = when.value
    assert (":" in shown) == (value.minute is not None)
    starts_with_day = shown.split(" ")[0].isdigit() and " " in shown
    if value.year_unspecified == 0 and value.year > 0:
        assert starts_with_day == (value.day is not None)
