"""EDTF examples, bad input, and a cross-check of bounds against the ``edtf`` package."""

from __future__ import annotations

import time

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import End, Precision, When, WhenError
from timeline.strategies import whens
from timeline.time.calendar import DAY, civil_from_days

# Canonical strings of every level-0 / level-1 feature, and the level-2 ones we take.
CANONICAL = [
    "2018",
    "2020-01",
    "2020-02-03",
    "2020-02-03T10:30:05",
    "2020-02-03T10:30:05Z",
    "2020-02-03T10:30:05+03:00",
    "2020-02-03T10:30:05-05",
    "2016/2019",
    "2020-01-12/2020-02-03",
    "Y170000002",
    "Y-170000002",
    "-1985",
    "0000",
    "2001-21",
    "2001-24",
    "1984?",
    "2004-06~",
    "2004-06-11%",
    "201X",
    "20XX",
    "2004-XX",
    "1985-04-XX",
    "1985-XX-XX",
    "1985-04-12/..",
    "../1985-04-12",
    "1985-04-12/",
    "/1985-04-12",
    "1984~/2004-06",
    "1984-06?/2004-08?",
    "2012-39",
    "2020-33/2020-36",
    "2020-40",
    "2001-29",
    "2004?-06-11",
    "2004-06~-11",
    "2004-06-~11",
    "2004?-06-~11",
    "2004-?06-11",
]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_strings_round_trip_exactly(text: str) -> None:
    assert When.from_edtf(text).to_edtf() == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("?2004-06-~11", "2004?-06-~11"), ("2004?-06?", "2004-06?"), ("~2004-~06", "2004-06~")],
)
def test_equivalent_spellings_normalise(text: str, canonical: str) -> None:
    assert When.from_edtf(text) == When.from_edtf(canonical)
    assert When.from_edtf(text).to_edtf() == canonical


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("20XX", Precision.CENTURY),
        ("201X", Precision.DECADE),
        ("2018", Precision.YEAR),
        ("2020-40", Precision.HALF),
        ("2012-39", Precision.THIRD),
        ("2020-33", Precision.QUARTER),
        ("2020-21", Precision.SEASON),
        ("2020-01", Precision.MONTH),
        ("2020-02-03", Precision.DAY),
        ("2020-02-03T10:00:00", Precision.SECOND),
        ("2016/2020-01", Precision.YEAR),
    ],
)
def test_precision(text: str, precision: Precision) -> None:
    assert When.from_edtf(text).precision is precision


def test_extended_text_has_weeks_hours_and_minutes() -> None:
    assert When.parse("2020-W05").precision is Precision.WEEK
    assert When.parse("2020-02-03T10").precision is Precision.HOUR
    assert When.parse("2020-02-03T10:30").precision is Precision.MINUTE
    assert When.parse("2020-W05").to_edtf() == "2020-01-27/2020-02-02"
    assert When.parse("2020-02-03T10").to_edtf() == "2020-02-03T10:00:00/2020-02-03T10:59:59"


def test_bounds_are_half_open_in_the_zone() -> None:
    january = When.from_edtf("2020-01", tz="Asia/Damascus")
    assert january.earliest is not None
    assert january.latest is not None
    assert january.earliest.isoformat() == "2020-01-01T00:00:00+02:00"
    assert january.latest.isoformat() == "2020-02-01T00:00:00+02:00"
    assert When.from_edtf("2020-01").earliest_ts == january.earliest_ts + 2 * 3600


def test_winter_runs_into_the_next_year() -> None:
    winter = When.from_edtf("2001-24")
    assert (winter.earliest_ts, winter.latest_ts) == (
        When.from_edtf("2001-12").earliest_ts,
        When.from_edtf("2002-03").earliest_ts,
    )


def test_qualifiers() -> None:
    assert When.from_edtf("1984?").uncertain
    assert not When.from_edtf("1984?").approximate
    assert When.from_edtf("1984~").approximate
    both = When.from_edtf("1984%")
    assert both.approximate
    assert both.uncertain


def test_open_and_unknown_ends() -> None:
    ongoing = When.from_edtf("2020-01-12/..")
    assert ongoing.open_end
    assert ongoing.latest is None
    assert ongoing.end is End.OPEN
    unknown = When.from_edtf("2020-01/")
    assert unknown.end is End.UNKNOWN
    assert unknown.latest is None
    assert When.from_edtf("../2012").earliest is None


def test_far_years_order_but_have_no_pendulum_bounds() -> None:
    ancient = When.from_edtf("Y-170000002")
    assert ancient < When.from_edtf("-1985") < When.from_edtf("2020")
    with pytest.raises(WhenError, match="outside years 1-9999"):
        _ = ancient.earliest


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018-13", "invalid month 13 in '2018-13'"),
        ("2020-02-30", "invalid day 30 in '2020-02-30'"),
        ("2019-02-29", "2019-02 has days 01-28"),
        ("garbage", "cannot read 'garbage'"),
        ("", "cannot read ''"),
        ("2020/2019", "ends before it starts"),
        ("../..", "at least one calendar value"),
        ("2020/2021/2022", "one '/'"),
        ("2020-W05", "EDTF has no week notation"),
        ("2020-02-03T10:30", "EDTF times need seconds"),
        ("2020-02-03T25:00:00", "invalid hour 25"),
        ("2020-21-03", "a season or quarter cannot have a day"),
        ("1985-XX-12", "a day needs a known month"),
        ("Y2020", "cannot read"),
        ("2020-02-03T10:00:00+19:00", "invalid UTC offset"),
    ],
)
def test_bad_input_names_the_input_and_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(WhenError, match=message.replace("(", r"\(").replace("?", r"\?")):
        When.from_edtf(text)


def test_bad_zone() -> None:
    with pytest.raises(WhenError, match="unknown time zone 'Mars/Olympus'"):
        When.from_edtf("2020", tz="Mars/Olympus")


def test_not_a_string() -> None:
    with pytest.raises(WhenError, match="expected a string"):
        When.from_edtf(2020)  # type: ignore[arg-type]


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="invalid month"):
        When.from_edtf("2018-13")


# -- cross-check against the edtf package (a test oracle) ----------------------


def _day(when_seconds: int) -> tuple[int, int, int]:
    return civil_from_days(when_seconds // DAY)


def _struct_day(value: time.struct_time) -> tuple[int, int, int]:
    return (value.tm_year, value.tm_mon, value.tm_mday)


def _grouped(part: str) -> bool:
    return len(part) == 7 and part[5:7].isdigit() and int(part[5:7]) > 12


# python-edtf's winter (code 24) covers December alone, and it rejects sub-year
# groupings as interval ends; level-2 groupings beyond seasons are left out. Its
# parser takes no one-of sets ([a..b], our uncertain points) with those either: the
# points' bounds are checked against spans of the same ends in tests/time/test_points.py.
oracle_values = whens(min_year=1, max_year=9998, qualifiers=False, points=False).filter(
    lambda w: "T" not in w.to_edtf() and "-24" not in w.to_edtf()
)


@given(oracle_values, st.sampled_from(["", "?", "~", "%"]))
def test_bounds_agree_with_the_edtf_package(when: When, qualifier: str) -> None:
    text = when.to_edtf()
    if not when.is_interval and qualifier and "X" not in text and not _grouped(text):
        text += qualifier
    if when.is_interval and ("X" in text or any(_grouped(part) for part in text.split("/"))):
        return  # python-edtf takes no seasons or unspecified digits as interval ends
    if not when.is_interval and len(text) >= 7 and text[5:7].isdigit() and int(text[5:7]) > 24:
        return  # level-2 groupings: python-edtf's tables differ
    oracle = edtf.parse_edtf(text)
    lower, upper = oracle.lower_strict(), oracle.upper_strict()
    if when.earliest_ts is None:
        assert lower == float("-inf") or when.start is End.UNKNOWN
    else:
        assert _struct_day(lower) == _day(when.earliest_ts)
    if when.end is End.OPEN:
        assert upper == float("inf")
    elif when.latest_ts is not None:
        assert _struct_day(upper) == _day(when.latest_ts - DAY)
