"""The laws of ``When`` as Hypothesis properties, with the library's own strategies."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import End, Tri, When, WhenError
from timeline.strategies import ALL_PRECISIONS, whens

ZONES = ("UTC", "Asia/Damascus", "America/New_York", "Pacific/Kiritimati")
any_when = whens(zones=ZONES)
every_precision = whens(precisions=ALL_PRECISIONS, zones=ZONES)
far_years = whens(min_year=-30_000, max_year=30_000)


@given(any_when)
def test_edtf_round_trips_exactly(when: When) -> None:
    text = when.to_edtf()
    again = When.from_edtf(text, tz=when.tz)
    assert again == when
    assert again.to_edtf() == text


@given(every_precision)
def test_text_round_trips_for_every_precision(when: When) -> None:
    assert When.parse(when.to_text(), tz=when.tz) == when


@given(every_precision)
def test_strict_edtf_keeps_the_bounds_of_weeks_and_short_times(when: When) -> None:
    strict = When.from_edtf(when.to_edtf(), tz=when.tz)
    assert (strict.earliest_ts, strict.latest_ts) == (when.earliest_ts, when.latest_ts)


@given(far_years)
def test_years_outside_pendulum_still_round_trip_and_order(when: When) -> None:
    assert When.from_edtf(when.to_edtf()) == when
    assert not (when < when)


@given(every_precision)
def test_pickle_round_trips(when: When) -> None:
    assert pickle.loads(pickle.dumps(when)) == when


@given(any_when, any_when)
def test_order_is_total_and_antisymmetric(a: When, b: When) -> None:
    assert [a < b, a == b, b < a].count(True) == 1
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (b <= a)


@given(any_when, any_when, any_when)
def test_order_is_transitive(a: When, b: When, c: When) -> None:
    x, y, z = sorted([a, b, c])
    assert x <= y <= z
    assert x <= z


@given(any_when, any_when)
def test_order_agrees_with_the_bounds(a: When, b: When) -> None:
    if a.sort_key < b.sort_key:
        assert a < b
    lo_a = a.earliest_ts if a.earliest_ts is not None else float("-inf")
    lo_b = b.earliest_ts if b.earliest_ts is not None else float("-inf")
    if lo_a < lo_b:
        assert a < b
    hi_a = a.latest_ts if a.latest_ts is not None else float("inf")
    hi_b = b.latest_ts if b.latest_ts is not None else float("inf")
    if lo_a == lo_b and a.is_point != b.is_point:
        # An uncertain point is not known to begin at its earliest instant: it sorts
        # after every value and span that begins there (When.sort_key).
        assert (b < a) if a.is_point else (a < b), "a point after what begins with it"
    elif lo_a == lo_b and hi_a > hi_b and not a.is_point:  # points of one start tie
        assert a < b, "the wider span comes first"


@given(st.lists(any_when, max_size=30))
def test_sorting_by_key_is_sorting_by_order(values: list[When]) -> None:
    by_key = sorted(values, key=lambda w: w.sort_key)
    by_order = sorted(values)
    assert [w.sort_key for w in by_key] == [w.sort_key for w in by_order]


@given(any_when)
def test_equal_values_hash_equal(when: When) -> None:
    twin = When.parse(when.to_text(), tz=when.tz)
    assert hash(twin) == hash(when)


@given(whens(zones=ZONES, min_year=2, max_year=9998))
def test_pendulum_bounds_match_the_integer_bounds(when: When) -> None:
    earliest, latest = when.earliest, when.latest
    if earliest is not None:
        assert earliest.int_timestamp == when.earliest_ts
        assert earliest.timezone_name == when.tz
    if latest is not None:
        assert latest.int_timestamp == when.latest_ts
    if earliest is not None and latest is not None:
        assert earliest < latest


# -- three-valued relations ---------------------------------------------------


@given(any_when, any_when)
def test_before_and_after_mirror_each_other(a: When, b: When) -> None:
    assert a.before(b) is b.after(a)
    assert a.contains(b) is b.during(a)
    assert a.overlaps(b) is b.overlaps(a)


@given(any_when, any_when)
def test_relations_agree_with_each_other(a: When, b: When) -> None:
    if a.before(b) is Tri.YES or a.after(b) is Tri.YES:
        assert a.overlaps(b) is Tri.NO
        assert a.during(b) is Tri.NO
    if a.during(b) is Tri.YES:
        assert a.before(b) is Tri.NO
        assert a.overlaps(b) is Tri.YES
    if a.overlaps(b) is Tri.YES:
        assert a.before(b) is Tri.NO


@st.composite
def nested_pairs(draw: st.DrawFn) -> tuple[When, When]:
    """A value and a wide interval that often, but not always, contains it."""
    first = draw(st.integers(1000, 3000))
    last = first + draw(st.integers(0, 40))
    start = draw(st.sampled_from([str(first), "..", ""]))
    outer = When.from_edtf(f"{start}/{last}")
    inner = draw(whens(min_year=first - 1, max_year=last + 1, open_ends=False))
    return inner, outer


@given(nested_pairs() | st.tuples(any_when, any_when))
def test_anything_during_lies_within_the_bounds(pair: tuple[When, When]) -> None:
    a, b = pair
    if a.during(b) is not Tri.YES:
        return
    if b.earliest_ts is not None:
        assert a.earliest_ts is not None
        assert b.earliest_ts <= a.earliest_ts
    if b.latest_ts is not None:
        assert a.latest_ts is not None
        assert a.latest_ts <= b.latest_ts


def _concrete(draw: st.DrawFn, when: When) -> tuple[float, float]:
    """A start and end that the event described by ``when`` could really have."""
    s_lo, s_hi, e_lo, e_hi = when.box()
    finite = 10**12
    start = (
        draw(st.integers(int(max(s_lo, -finite)), int(min(s_hi, finite)))) if s_lo != s_hi else s_lo
    )
    end_floor = max(e_lo, start + 1)
    end = (
        draw(st.integers(int(max(end_floor, -finite)), int(min(e_hi, finite + 1))))
        if end_floor != e_hi
        else e_hi
    )
    return start, end


@given(any_when, any_when, st.data())
def test_yes_and_no_hold_for_every_concrete_event(a: When, b: When, data: st.DataObject) -> None:
    """A YES or NO must be true whatever the events really were: never a guess."""
    a_start, a_end = _concrete(data.draw, a)
    b_start, b_end = _concrete(data.draw, b)
    facts = {
        "before": a_end <= b_start,
        "overlaps": a_start < b_end and b_start < a_end,
        "during": b_start <= a_start and a_end <= b_end,
    }
    answers = {"before": a.before(b), "overlaps": a.overlaps(b), "during": a.during(b)}
    for name, answer in answers.items():
        if answer is Tri.YES:
            assert facts[name], name
        elif answer is Tri.NO:
            assert not facts[name], name


@given(whens(min_year=-9999, max_year=0, intervals=False))
def test_pendulum_bounds_outside_its_range_raise_clearly(when: When) -> None:
    if when.earliest_ts is not None and when.earliest_ts >= -62135596800:
        assert when.earliest is not None
        return
    with pytest.raises(WhenError, match="outside years 1-9999"):
        _ = when.earliest


def test_maybe_is_not_a_bool() -> None:
    answer = When.from_edtf("2020-01").before(When.from_edtf("2020-01-15"))
    assert answer is Tri.MAYBE
    with pytest.raises(TypeError, match="YES, NO or MAYBE"):
        bool(answer)


def test_open_and_unknown_ends_differ() -> None:
    later = When.from_edtf("2030")
    assert When.from_edtf("2020/..").before(later) is Tri.NO
    assert When.from_edtf("2020/").before(later) is Tri.MAYBE
    assert When.from_edtf("2020/..").end is End.OPEN
    assert When.from_edtf("2020/").end is End.UNKNOWN


@given(whens(intervals=False, qualifiers=False, min_year=0, max_year=9999))
def test_the_fast_path_reads_plain_dates_like_the_general_path(when: When) -> None:
    text = when.to_edtf()
    assert When.from_edtf(text) == When.parse(text)
    assert When.from_edtf(text).sort_key == When.parse(text).sort_key
