"""Issue 12 in projections: windows honour ~ / ? widening; grouping follows the stream's zone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events import Event, StreamSettings
from timeline.projections import Chronology, ProjectionError, SnapshotIndex, snapshot
from timeline.projections._instants import to_instant
from timeline.store import MemoryStore
from timeline.strategies import whens
from timeline.time import Precision, When

from .streams import ids, merged_ids

FAST = settings(max_examples=80, deadline=None)
BOUNDED = whens(min_year=1990, max_year=2010).filter(
    lambda w: w.earliest_ts is not None and w.latest_ts is not None
)


def _store(values: list[When]) -> MemoryStore:
    store = MemoryStore()
    if values:
        store.append("s", [Event(id=f"e{i}", when=w, summary="x") for i, w in enumerate(values)])
    return store


@FAST
@given(
    st.lists(whens(min_year=1990, max_year=2010, points=True), max_size=12),
    BOUNDED,
    BOUNDED,
)
def test_windows_follow_the_widened_box(values: list[When], first: When, last: When) -> None:
    start = to_instant(first, end=False, what="from")
    stop = to_instant(last, end=True, what="to")
    if start > stop:
        start, stop, first, last = (
            to_instant(last, end=False, what="from"),
            to_instant(first, end=True, what="to"),
            last,
            first,
        )
    if start > stop:
        return
    chron = Chronology(_store(values))
    possible = {r.event.id for r in chron.query(first, last)}
    certain = {r.event.id for r in chron.query(first, last, match="certain")}
    for recorded in chron:
        box = recorded.event.when.box()
        lo, hi = recorded.event.when.bounds
        event_id = recorded.event.id
        # The definitions, from When.box() (the relations' widening), not from the code.
        assert (event_id in possible) == (box[0] < stop and box[3] > start)
        assert (event_id in certain) == (start <= box[0] and box[3] <= stop)
        # Widening only ever makes a match less certain, never more.
        if lo < stop and hi > start:
            assert event_id in possible
        if event_id in certain:
            assert start <= lo
            assert hi <= stop
    assert certain <= possible


def test_an_approximate_day_is_widened_by_a_day_not_a_year() -> None:
    chron = Chronology(_store([When.from_edtf("2020-02-06~")]))
    assert len(chron.query("2020-02-07", "2020-02-07")) == 1  # c. 6 February may be the 7th
    assert chron.query("2020-02-08", "2020-02-08") == []
    assert len(chron.query("2020-02", "2020-02", match="certain")) == 1
    assert chron.query("2020-02-06", "2020-02-06", match="certain") == []
    assert chron.query("2020-12", "2020-12") == []


def test_an_approximate_year_is_widened_by_a_year() -> None:
    chron = Chronology(_store([When.from_edtf("2019~")]))
    assert len(chron.query("2020-06", "2020-06")) == 1
    assert chron.query("2021-06", "2021-06") == []
    assert chron.query("2019", "2019", match="certain") == []
    assert len(chron.query("2018", "2020", match="certain")) == 1


ZONES = ("UTC", "Asia/Tokyo", "America/Los_Angeles", "Asia/Damascus", "Pacific/Kiritimati")


@FAST
@given(
    st.sampled_from(ZONES),
    st.lists(
        whens(
            min_year=1990,
            max_year=2030,
            precisions=(Precision.YEAR, Precision.MONTH, Precision.DAY),
            intervals=False,
            qualifiers=False,
            zones=ZONES,
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_group_follows_the_stream_zone(zone: str, drawn: list[When]) -> None:
    values = [When.from_edtf(w.to_edtf(), tz=zone) for w in drawn]
    store = MemoryStore()
    store.append("s", [StreamSettings(stream="s", when="2020", zone=zone)])
    store.append("s", [Event(id=f"e{i}", when=w, summary="x") for i, w in enumerate(values)])
    chron = Chronology(store)
    for by in ("year", "month"):
        groups = chron.group(by)
        assert groups == chron.group(by, tz=zone)
        for group in groups:
            for recorded in group.records:
                when = recorded.event.when
                # A value read in the stream's zone lands in its own calendar bucket.
                first, last = when.earliest, when.latest.subtract(seconds=1)
                if by == "year":
                    assert group.key == (first.year,)
                elif (first.year, first.month) == (last.year, last.month):
                    assert group.key == (first.year, first.month)
                else:
                    assert group.key in ((first.year, None), (first.year, *first_last(when)))


def first_last(when: When) -> tuple[int, int, int]:
    """(first month, last year, last month) of a value over several months."""
    last = when.latest.subtract(seconds=1)
    return when.earliest.month, last.year, last.month


def test_a_tokyo_2019_groups_into_2019() -> None:
    store = MemoryStore()
    store.append("t", [StreamSettings(stream="t", when="2020", zone="Asia/Tokyo")])
    store.append("t", [Event(id="y", when=When.from_edtf("2019", tz="Asia/Tokyo"), summary="x")])
    chron = Chronology(store)
    [group] = chron.group("year")
    assert (group.key, group.label) == ((2019,), "2019")
    [utc] = chron.group("year", tz="UTC")
    assert utc.label == "2018 – 2019 (spans two years)"


def test_streams_in_different_zones_need_a_zone() -> None:
    store = MemoryStore()
    store.append("t", [StreamSettings(stream="t", when="2020", zone="Asia/Tokyo")])
    store.append("t", [Event(id="a", when=When.from_edtf("2019", tz="Asia/Tokyo"), summary="x")])
    store.append("u", [Event(id="b", when="2019", summary="x")])
    chron = Chronology(store)
    with pytest.raises(ProjectionError, match=r"'t' in Asia/Tokyo, 'u' in UTC"):
        chron.group("year")
    assert [g.key for g in chron.group("year", streams="t")] == [(2019,)]
    assert len(chron.group("year", tz="UTC")) == 2
    with pytest.raises(ProjectionError, match="unknown time zone 'Mars/Olympus'"):
        chron.group("year", tz="Mars/Olympus")


QUALIFIED = whens(
    min_year=1998, max_year=2003, precisions=(Precision.YEAR, Precision.MONTH, Precision.DAY)
)


@FAST
@given(
    st.lists(QUALIFIED, min_size=1, max_size=14),
    st.lists(QUALIFIED.filter(lambda w: w.latest_ts is not None), min_size=1, max_size=3),
    st.sampled_from([1, 2, 5]),
)
def test_snapshots_widen_like_the_relations(
    values: list[When], moments: list[When], every: int
) -> None:
    store = MemoryStore()
    # One at a time, so the live index takes late qualified events in too.
    for i, value in enumerate(values):
        store.append("s", [Event(id=f"e{i}", when=value, summary="x")])
    plain = SnapshotIndex(ids(), store, every=every)
    merged = SnapshotIndex(merged_ids(), plain.chronology, every=every)
    for at in moments:
        moment = to_instant(at, end=True, what="at")
        slow = snapshot(ids(), store, at=at)
        # The reference, against the definitions from When.box().
        applied = [r for r in plain.chronology if r.event.when.box()[0] < moment]
        assert slow.possible == tuple(r.event.id for r in applied)
        assert [r.event.id for r in slow.straddling] == [
            r.event.id for r in applied if r.event.when.box()[3] > moment
        ]
        for fast in (plain.snapshot(at=at), merged.snapshot(at=at)):
            assert (fast.possible, fast.certain) == (slow.possible, slow.certain)
            assert [r.event.id for r in fast.straddling] == [r.event.id for r in slow.straddling]
            for recorded in store.read_all():
                box = recorded.event.when.box()
                assert fast.is_possible(recorded.event.id) == (box[0] < moment)
                assert fast.is_certain(recorded.event.id) == (box[3] <= moment)


def test_a_month_later_an_approximate_day_is_certain() -> None:
    store = _store([When.from_edtf("2020-02-06~")])
    index = SnapshotIndex(ids(), store)
    assert index.snapshot(at="2020-03").is_certain("e0")  # not "possibly off by a year"
    assert not index.snapshot(at="2020-02-06").is_certain("e0")
    assert index.snapshot(at="2020-02-06").is_possible("e0")
    assert index.snapshot(at="2020-02-05").is_possible("e0")  # c. 6 February may be the 5th
    assert not index.snapshot(at="2020-02-04").is_possible("e0")
