"""Hostile and careless input to the time model: the library's own error, every time.

Regressions of issue 17 (recursion, zone names that are folders or too long,
years beyond Python's digit limit), then fuzz tests: arbitrary text, nesting
and zones into ``When.from_edtf``, ``When.parse`` and ``resolve`` may only
raise :class:`~timeline.errors.TimelineError` subclasses.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.errors import TimelineError, WhenError
from timeline.time.phrases import resolve
from timeline.time.when import When

REFERENCE = dt.date(2020, 2, 3)


def test_a_long_chain_of_since_resolves_without_recursion() -> None:
    # Was RecursionError: one Python frame per "since".
    when = resolve("since " * 500 + "2020", "2020-02-03")
    assert when.to_text() == resolve("since 2020", "2020-02-03").to_text()


def test_a_long_chain_of_since_that_names_nothing_is_a_when_error() -> None:
    with pytest.raises(WhenError, match="cannot resolve"):
        resolve("since " * 5000 + "the war", REFERENCE)


@pytest.mark.parametrize(
    "zone",
    [
        "America",  # a folder of the zone database: was IsADirectoryError
        "A" * 300,  # longer than a file name may be: was OSError
        "Europe/" + "x" * 300,
        "America/",
        "../../etc/passwd",
        "\x00",
    ],
)
@pytest.mark.parametrize("read", [When.from_edtf, When.parse])
def test_a_bad_zone_is_a_when_error_naming_it(read: object, zone: str) -> None:
    with pytest.raises(WhenError) as info:
        read("2020", tz=zone)  # type: ignore[operator]
    message = str(info.value)
    assert "unknown time zone" in message
    assert repr(zone)[:20] in message
    assert "IANA zone name" in message
    assert "Europe/Istanbul" in message
    assert len(message) < 300


def test_a_bad_zone_in_resolve_is_a_when_error() -> None:
    with pytest.raises(WhenError, match="unknown time zone 'America'"):
        resolve("2020", REFERENCE, tz="America")


@pytest.mark.parametrize("read", [When.from_edtf, When.parse])
def test_a_year_past_the_digit_limit_is_a_when_error(read: object) -> None:
    # Was a plain ValueError from Python's limit on converting long digit strings.
    with pytest.raises(WhenError, match="a year has at most 1000 digits") as info:
        read("Y" + "9" * 5000)  # type: ignore[operator]
    assert len(str(info.value)) < 200


def test_long_years_within_the_limit_still_read() -> None:
    assert When.from_edtf("Y" + "9" * 1000).to_text() == "Y" + "9" * 1000
    assert When.from_edtf("Y-170000002").to_text() == "Y-170000002"


# -- fuzzing: only the library's own errors ----------------------------------------------

_EDTF_ALPHABET = st.sampled_from([*list("0123456789-/.~?%XYTWZ:+ "), "..", "Y-", "-W"])
_edtf_like = st.lists(_EDTF_ALPHABET, max_size=40).map("".join)
_nested = st.recursive(
    _edtf_like,
    lambda inner: st.tuples(inner, st.sampled_from(["/", "(", "[", "{"]), inner).map("".join),
    max_leaves=20,
)
_texts = st.one_of(st.text(max_size=60), _edtf_like, _nested)
_zones = st.one_of(
    st.sampled_from(["UTC", "Asia/Damascus", "America/New_York", "America", "Etc", "", "/"]),
    st.text(max_size=40),
)


def _only_library_errors(call: object, *args: object, **kwargs: object) -> None:
    with contextlib.suppress(TimelineError):
        call(*args, **kwargs)  # type: ignore[operator]


@given(_texts, _zones)
def test_from_edtf_raises_only_library_errors(text: str, zone: str) -> None:
    _only_library_errors(When.from_edtf, text, tz=zone)


@given(_texts, _zones)
def test_parse_raises_only_library_errors(text: str, zone: str) -> None:
    _only_library_errors(When.parse, text, tz=zone)


_WORDS = st.sampled_from(
    [
        "since",
        "on",
        "in",
        "last",
        "this",
        "week",
        "month",
        "year",
        "ago",
        "early",
        "late",
        "mid",
        "the",
        "2010s",
        "17",
        "September",
        "2018",
        "2020-02-03",
        "yesterday",
        "overnight",
        "a",
        "twelve",
        "99999999999999999999",
        "days",
        "of",
    ]
)
_phrases = st.one_of(
    st.text(max_size=60),
    st.lists(_WORDS, max_size=30).map(" ".join),
    st.integers(0, 3000).map(lambda n: "since " * n + "2020"),
)
_references = st.one_of(
    st.dates(),
    st.text(max_size=30),
    st.sampled_from(["2020-02-03", "0001-01-01", "9999-12-31", "2020-02-30"]),
)


@given(_phrases, _references, _zones)
def test_resolve_raises_only_library_errors(phrase: str, reference: object, zone: str) -> None:
    _only_library_errors(resolve, phrase, reference, tz=zone)
