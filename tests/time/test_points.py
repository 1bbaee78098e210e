"""Uncertain points: "it happened once, sometime between A and B" is not "it lasted from A to B"."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import End, Tri, When, WhenError
from timeline.strategies import whens

ZONES = ("UTC", "Asia/Damascus", "America/New_York")
with_points = whens(zones=ZONES, points=True)
FINITE = 10**12


@given(with_points)
def test_points_round_trip_through_text_edtf_and_pickle(when: When) -> None:
    assert When.parse(when.to_text(), tz=when.tz) == when
    strict = When.from_edtf(when.to_edtf(), tz=when.tz)
    assert strict.bounds == when.bounds
    assert strict.is_point is when.is_point
    assert pickle.loads(pickle.dumps(when)) == when


@given(with_points)
def test_a_point_and_the_span_of_the_same_ends_differ(when: When) -> None:
    if not when.is_interval or End.UNKNOWN in (when.start, when.end):
        return
    start, end = when.start, when.end
    point, span = When.between(start, end), When.interval(start, end)
    assert point != span
    assert point.is_point
    assert not span.is_point
    assert point.bounds == span.bounds


def _clamp(x: float) -> int:
    return int(max(-FINITE, min(FINITE, x)))


def _instant_in(draw: st.DrawFn, when: When) -> int:
    """An instant the event dated ``when`` could be (a point event lasting one second)."""
    s_lo, _, _, e_hi = when.box()
    return draw(st.integers(_clamp(s_lo), _clamp(e_hi) - 1))


@given(with_points.filter(lambda w: w.is_point), with_points, st.data())
def test_a_point_is_never_more_certain_than_its_bounds_allow(
    point: When, other: When, data: st.DataObject
) -> None:
    """A YES or NO about a point holds for every instant it could have happened at."""
    t = _instant_in(data.draw, point)
    s_lo, s_hi, e_lo, e_hi = other.box()
    o_start = data.draw(st.integers(_clamp(s_lo), _clamp(s_hi)))
    floor = max(_clamp(e_lo), o_start + 1)
    o_end = data.draw(st.integers(floor, max(_clamp(e_hi), floor)))
    facts = {
        "before": t + 1 <= o_start,
        "after": o_end <= t,
        "overlaps": t < o_end and o_start < t + 1,
        "during": o_start <= t and t + 1 <= o_end,
    }
    answers = {
        "before": point.before(other),
        "after": point.after(other),
        "overlaps": point.overlaps(other),
        "during": point.during(other),
    }
    for name, answer in answers.items():
        if answer is Tri.YES:
            assert facts[name], name
        elif answer is Tri.NO:
            assert not facts[name], name


@given(with_points.filter(lambda w: w.is_point), with_points)
def test_a_point_claims_no_more_than_the_span_over_its_ends(point: When, other: When) -> None:
    """Every YES or NO about a point is also the answer about the span with the same ends.

    The span says more (it began within the first end and lasted to the last),
    so it may settle what the point cannot; never the reverse.
    """
    start, end = point.start, point.end
    span = When.interval(start, end)
    for relation in ("before", "after", "overlaps", "during", "contains"):
        answer = getattr(point, relation)(other)
        if answer is not Tri.MAYBE and relation != "contains":
            assert getattr(span, relation)(other) is answer, relation


@given(with_points, with_points)
def test_the_order_never_puts_a_certain_successor_first(a: When, b: When) -> None:
    """If ``a`` is certainly before ``b``, the chronology lists ``a`` first (points included)."""
    if a.before(b) is Tri.YES:
        assert a.sort_key < b.sort_key
        assert a < b


@given(with_points, with_points)
def test_a_point_sorts_after_what_begins_where_it_may_begin(a: When, b: When) -> None:
    if a.is_point and not b.is_point and a.bounds[0] == b.bounds[0]:
        assert b < a
    if a.bounds[0] < b.bounds[0]:
        assert a < b


@given(with_points, with_points)
def test_relations_with_points_agree_with_each_other(a: When, b: When) -> None:
    assert a.before(b) is b.after(a)
    assert a.during(b) is b.contains(a)
    assert a.overlaps(b) is (~a.before(b) & ~b.before(a))
    if a.during(b) is Tri.YES:
        assert a.overlaps(b) is Tri.YES


def test_sometime_between_and_lasting_answer_differently() -> None:
    collapse = When.from_edtf("[2020-01..2020-02-03]")
    lasting = When.from_edtf("2020-01-01/2020-02-03")
    assert collapse.is_point
    assert not lasting.is_point
    assert collapse.before(When.from_edtf("2020-02-03")) is Tri.MAYBE
    assert lasting.overlaps(When.from_edtf("2020-01-20")) is Tri.YES
    assert collapse.overlaps(When.from_edtf("2020-01-20")) is Tri.MAYBE
    # "began in January" may have begun on the 31st: the 20th may come before it.
    assert When.from_edtf("2020-01/2020-02-03").overlaps(When.from_edtf("2020-01-20")) is Tri.MAYBE
    assert collapse.after(When.from_edtf("2019-12")) is Tri.YES
    assert collapse.bounds == When.from_edtf("2020-01/2020-02-03").bounds


def test_display_says_which_one() -> None:
    assert When.from_edtf("[2020-01..2020-02-03]").display() == (
        "between January and 3 February 2020"
    )
    assert When.from_edtf("2020-01/2020-02-03").display() == "January – 3 February 2020"
    assert When.from_edtf("[2019-12-21..2019-12-31]").display() == "between 21 and 31 December 2019"
    assert When.from_edtf("[..2012]").display() == "in or before 2012"
    assert When.from_edtf("[2020..]").display() == "in or after 2020"
    assert When.from_edtf("[2019..2020-02]").display() == "between 2019 and February 2020"


def test_the_chronology_order_puts_the_collapse_after_the_ceasefire() -> None:
    took_effect = When.from_edtf("2020-01")
    collapse = When.from_edtf("[2020-01..2020-02-03]")
    first_day = When.from_edtf("2020-01-01")
    assert sorted([collapse, first_day, took_effect]) == [took_effect, first_day, collapse]
    # As a lasting span it would come first (earliest, then the wider first).
    assert When.from_edtf("2020-01/2020-02-03") < took_effect


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[2020-01..2020-02-03", "uncertain point is written"),
        ("[2020, 2021]", "uncertain point is written"),
        ("[2020-01..2020..2021]", "uncertain point is written"),
        ("[..]", "at least one calendar value"),
        ("[2021..2020]", "ends before it starts"),
    ],
)
def test_bad_points_are_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(WhenError, match=message):
        When.from_edtf(text)


def test_a_point_cannot_have_an_unknown_end() -> None:
    with pytest.raises(WhenError, match="uncertain point needs two ends"):
        When(End.UNKNOWN, When.of(2020).value, point=True)


def test_nothing_ends_before_an_open_start() -> None:
    # Found by the property above: a point sometime up to year 1 lies during, and so
    # overlaps, a span open at its start; two infinities compared as numbers said MAYBE.
    point, span = When.from_edtf("[..0001]"), When.from_edtf("../0002")
    assert point.during(span) is Tri.YES
    assert point.before(span) is Tri.NO
    assert point.overlaps(span) is Tri.YES
    assert When.from_edtf("2020/..").before(When.from_edtf("2030")) is Tri.NO
