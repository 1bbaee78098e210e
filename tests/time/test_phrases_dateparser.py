"""Cross-check of ``resolve`` against ``dateparser`` (a test-only dependency).

Where dateparser reads a phrase as one instant, our span must contain it: we
may be wider (we say what the words allow), never elsewhere. The two differ
by design in two places, both documented in docs/dates-and-uncertainty.md:
a bare weekday that is the reference's own weekday ("on Monday" in a Monday
report is that day for us, the Monday before for dateparser), and
"last Thursday" / "next Friday" where the two readings differ (we raise).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import When, WhenError, resolve

dateparser = pytest.importorskip("dateparser")

REFERENCES = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS += ["September", "October", "November", "December"]

TEMPLATES = [
    "{weekday}",
    "on {weekday}",
    "last {weekday}",
    "next {weekday}",
    "on {weekday} evening",
    "{weekday} morning",
    "{weekday} afternoon",
    "{weekday} night",
    "today",
    "yesterday",
    "this morning",
    "this afternoon",
    "this evening",
    "tonight",
    "last night",
    "yesterday morning",
    "yesterday afternoon",
    "yesterday evening",
    "{n} days ago",
    "{n} weeks ago",
    "{day} {month}",
    "{month} {day}",
    "{month} {year}",
    "{day} {month} {year}",
    "last week",
    "last month",
    "last year",
]


def _dateparser_point(phrase: str, reference: date) -> datetime | None:
    base = datetime(reference.year, reference.month, reference.day, 12)
    settings_ = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "TIMEZONE": "UTC",
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": True,
    }
    return dateparser.parse(phrase, languages=["en"], settings=settings_)  # type: ignore[no-any-return]


def _ambiguous(template: str, weekday: str, reference: date) -> bool:
    """Whether the nearest such weekday before / after R lies in R's own ISO week."""
    wanted = WEEKDAYS.index(weekday)
    if template.startswith("last"):
        return wanted < reference.weekday()
    return wanted > reference.weekday()


def _contains(when: When, instant: datetime) -> bool:
    s_lo, _, _, e_hi = when.box()  # approximate values may be off by their unit
    return s_lo <= instant.timestamp() < e_hi


@settings(max_examples=60, deadline=None)
@given(
    REFERENCES,
    st.sampled_from(TEMPLATES),
    st.sampled_from(WEEKDAYS),
    st.integers(1, 6),
    st.integers(1, 28),
    st.sampled_from(MONTHS),
    st.integers(1995, 2030),
)
def test_our_span_contains_the_point_dateparser_gives(
    reference: date, template: str, weekday: str, n: int, day: int, month: str, year: int
) -> None:
    phrase = template.format(weekday=weekday, n=n, day=day, month=month, year=year)
    if "{weekday}" in template and WEEKDAYS.index(weekday) == reference.weekday():
        return  # the documented difference: the reference's own weekday is that day for us
    if template in ("last {weekday}", "next {weekday}") and _ambiguous(
        template, weekday, reference
    ):
        with pytest.raises(WhenError, match="cannot say"):
            resolve(phrase, reference)
        return
    ours = resolve(phrase, reference)
    theirs = _dateparser_point(phrase, reference)
    if theirs is None:
        return
    assert _contains(ours, theirs.astimezone(UTC)), (phrase, reference, theirs, ours.to_text())


@pytest.mark.parametrize(
    ("phrase", "point"),
    [
        ("last Thursday", datetime(2020, 1, 30, tzinfo=UTC)),
        ("next Monday", datetime(2020, 2, 10, tzinfo=UTC)),
        ("this afternoon", datetime(2020, 2, 3, 15, tzinfo=UTC)),
        ("on Friday evening", datetime(2020, 1, 31, 18, tzinfo=UTC)),
        ("this morning", datetime(2020, 2, 3, 9, tzinfo=UTC)),
        ("3 days ago", datetime(2020, 1, 31, 12, tzinfo=UTC)),
        ("2 weeks ago", datetime(2020, 1, 20, 12, tzinfo=UTC)),
        ("last night", datetime(2020, 2, 2, 20, tzinfo=UTC)),
        ("tonight", datetime(2020, 2, 3, 20, tzinfo=UTC)),
        ("Friday night", datetime(2020, 1, 31, 20, tzinfo=UTC)),
    ],
)
def test_the_points_dateparser_gives_on_the_article_day(phrase: str, point: datetime) -> None:
    theirs = _dateparser_point(phrase, date(2020, 2, 3))
    assert theirs == point
    assert _contains(resolve(phrase, date(2020, 2, 3)), point)
