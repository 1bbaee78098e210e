"""Chronology and snapshot examples: windows, filters, grouping, paging, the two clocks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest

from timeline.events import Citation, Event, Gazetteer, Place, Retraction
from timeline.projections import (
    Chronology,
    ProjectionError,
    SnapshotIndex,
    fold,
    snapshot,
)
from timeline.store import MemoryStore, Recorded

from .streams import ticking_clock


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore(clock=ticking_clock([60]))
    s.append(
        "idlib",
        [
            Event(id="sochi", when="2018-09-17", summary="Sochi deal", actors=["Turkey", "Russia"]),
            Event(id="ceasefire", when="2020-01", summary="Ceasefire in January", tags=["truce"]),
            Event(
                id="maaret",
                when="2020-01-28",
                summary="Maaret al-Nouman captured",
                places=["Maaret al-Nouman"],
                citations=[Citation(source="sana")],
            ),
        ],
    )
    s.append(
        "idlib",
        [
            Event(id="incursions", when="2016/2019", summary="Turkish incursions"),
            Event(id="year-2018", when="2018", summary="Something in 2018"),
            Event(id="since-2012", when="2012-39/..", summary="Since late 2012"),
            Event(id="week", when="2020-01-13/2020-01-19", summary="A week"),
        ],
    )
    return s


def ids(records: Iterable[Recorded]) -> list[str]:
    return [r.event.id for r in records]


def test_valid_time_order_with_late_events(store: MemoryStore) -> None:
    chron = Chronology(store)
    assert ids(chron) == [
        "since-2012",
        "incursions",
        "year-2018",
        "sochi",
        "ceasefire",
        "week",
        "maaret",
    ]


def test_certain_and_possible_windows(store: MemoryStore) -> None:
    chron = Chronology(store)
    january = chron.query("2020-01", "2020-01", match="certain")
    assert ids(january) == ["ceasefire", "week", "maaret"]
    mid_january = chron.query("2020-01-10", "2020-01-20")
    assert ids(mid_january) == ["since-2012", "ceasefire", "week"]
    assert ids(chron.query("2020-01-10", "2020-01-20", match="certain")) == ["week"]
    assert ids(chron.query(date(2018, 9, 17), date(2018, 9, 17), match="certain")) == ["sochi"]
    instant = datetime(2018, 9, 17, 12, tzinfo=UTC)
    assert "sochi" in ids(chron.query(instant, instant))


def test_filters(store: MemoryStore) -> None:
    gazetteer = Gazetteer(
        [Place(id="maarat", name="Maarat al-Numan", aliases=["Maaret al-Nouman"])]
    )
    chron = Chronology(store, gazetteer=gazetteer)
    assert ids(chron.query(places="Maarat al-Numan")) == ["maaret"]
    assert ids(chron.query(places="maarat")) == ["maaret"]
    assert ids(chron.query(actors={"Russia"})) == ["sochi"]
    assert ids(chron.query(sources="sana")) == ["maaret"]
    assert ids(chron.query(tags="truce")) == ["ceasefire"]
    assert ids(chron.query(kinds=Event, where=lambda r: r.event.id.startswith("s"))) == [
        "since-2012",
        "sochi",
    ]
    assert ids(chron.query(kinds="capture")) == []


def test_grouping_never_pretends(store: MemoryStore) -> None:
    chron = Chronology(store)
    by_month = [(g.label, g.exact, ids(g.records)) for g in chron.group("month")]
    assert by_month == [
        ("spanning more than a year", False, ["since-2012", "incursions"]),
        ("2018, month not known", False, ["year-2018"]),
        ("September 2018", True, ["sochi"]),
        ("January 2020", True, ["ceasefire", "week", "maaret"]),
    ]
    by_week = [(g.key, ids(g.records)) for g in chron.group("week", "2020", "2020")]
    assert by_week == [
        ((None,), ["since-2012"]),
        ((2020, None), ["ceasefire"]),
        ((2020, 3), ["week"]),
        ((2020, 5), ["maaret"]),
    ]
    assert [g.label for g in chron.group("year", "2018", "2018")] == [
        "spanning more than a year",
        "2018",
    ]


def test_grouping_labels_a_known_span_over_two_months_honestly() -> None:
    store = MemoryStore(clock=ticking_clock())
    store.append(
        "s",
        [
            Event(id="w05", when="2020-W05", summary="27 January to 2 February"),
            Event(id="w01", when="2020-W01", summary="30 December 2019 to 5 January 2020"),
            Event(id="days", when="2020-01-30/2020-02-04", summary="Over the turn of the month"),
            Event(id="year", when="2018", summary="Some time in 2018"),
            Event(id="spring", when="2020-21", summary="Spring 2020"),
            Event(id="day", when="2020-01-28", summary="A day"),
        ],
    )
    chron = Chronology(store)
    by_month = [(g.key, g.label, g.exact, ids(g.records)) for g in chron.group("month")]
    assert by_month == [
        ((2018, None), "2018, month not known", False, ["year"]),
        (
            (2019, 12, 2020, 1),
            "December 2019 – January 2020 (spans two months)",
            False,
            ["w01"],
        ),
        ((2020, None), "2020, month not known", False, ["spring"]),
        ((2020, 1, 2020, 2), "January – February 2020 (spans two months)", False, ["w05", "days"]),
        ((2020, 1), "January 2020", True, ["day"]),
    ]
    by_week = [(g.key, g.label, g.exact, ids(g.records)) for g in chron.group("week")]
    assert by_week == [
        ((2018, None), "2018, week not known", False, ["year"]),
        ((2020, 1), "2020-W01", True, ["w01"]),
        ((2020, None), "2020, week not known", False, ["spring"]),
        ((2020, 5, 2020, 6), "2020-W05 – 2020-W06 (spans two weeks)", False, ["days"]),
        ((2020, 5), "2020-W05", True, ["w05", "day"]),
    ]


def test_grouping_by_year_files_a_week_over_new_year_under_both_years() -> None:
    store = MemoryStore(clock=ticking_clock())
    store.append(
        "s",
        [
            Event(id="w01", when="2020-W01", summary="30 December 2019 to 5 January 2020"),
            Event(id="winter", when="2019-24", summary="Winter 2019-20"),
            Event(id="days", when="2019-12-31/2020-01-02", summary="Over New Year"),
            Event(id="long", when="2019-03/2020-10", summary="Twenty months"),
            Event(id="three", when="2019-12/2021-01", summary="Over three years"),
            Event(id="open", when="2019-12-30/..", summary="Still going"),
            Event(id="y2019", when="2019", summary="Some time in 2019"),
            Event(id="y2020", when="2020-06-01", summary="A day in 2020"),
        ],
    )
    chron = Chronology(store)
    by_year = [(g.key, g.label, g.exact, ids(g.records)) for g in chron.group("year")]
    assert by_year == [
        ((None,), "spanning more than a year", False, ["long", "three", "open"]),
        ((2019, 2020), "2019 – 2020 (spans two years)", False, ["winter", "w01", "days"]),
        ((2019,), "2019", True, ["y2019"]),
        ((2020,), "2020", True, ["y2020"]),
    ]
    # Read in Tokyo, "2019" (UTC) runs into 2020 there, and stays a year long.
    tokyo = [(g.key, ids(g.records)) for g in chron.group("year", "2019", "2019", tz="Asia/Tokyo")]
    assert ((2019, 2020), ["y2019", "winter", "w01", "days"]) in tokyo


def test_paging_with_cursors(store: MemoryStore) -> None:
    chron = Chronology(store)
    first = chron.page(limit=3)
    second = chron.page(limit=3, after=first.next)
    third = chron.page(limit=3, after=second.next)
    assert ids([*first.records, *second.records, *third.records]) == ids(chron)
    assert third.next is None
    assert ids(chron.query(offset=5, limit=1)) == ["week"]


def test_known_at_and_retractions(store: MemoryStore) -> None:
    chron = Chronology(store)
    first_batch = next(iter(store.read_all())).recorded_at
    assert ids(chron.query(known_at=first_batch)) == ["sochi", "ceasefire", "maaret"]
    store.append("idlib", [Retraction(id="r", target="maaret", when="2020-02", summary="")])
    assert "maaret" not in ids(chron.query())
    assert "maaret" in ids(chron.query(known_at=first_batch))
    assert "maaret" in ids(chron.query(known_at=7))


def test_bad_arguments(store: MemoryStore) -> None:
    chron = Chronology(store)
    with pytest.raises(ProjectionError, match="naive"):
        chron.query(datetime(2020, 1, 1))
    with pytest.raises(ProjectionError, match="ends before"):
        chron.query("2021", "2019")
    with pytest.raises(ProjectionError, match="match"):
        chron.query(match="maybe")  # type: ignore[arg-type]
    with pytest.raises(ProjectionError, match="group by"):
        chron.group("day")  # type: ignore[arg-type]
    with pytest.raises(ProjectionError, match="every"):
        SnapshotIndex(fold(lambda: 0, lambda n, r: n + 1), store, every=0)


def test_snapshot_marks_what_only_possibly_holds(store: MemoryStore) -> None:
    seen = fold(lambda: frozenset[str](), lambda s, r: s | {r.event.id})
    index = SnapshotIndex(seen, store)
    snap = index.snapshot(at="2020-01-15")
    assert snap.possible == {"since-2012", "incursions", "year-2018", "sochi", "ceasefire", "week"}
    assert ids(snap.straddling) == ["since-2012", "ceasefire", "week"]
    assert snap.certain == {"incursions", "year-2018", "sochi"}
    assert snap.is_certain("sochi")
    assert not snap.is_certain("ceasefire")
    assert snap.is_possible("ceasefire")
    assert not snap.is_possible("maaret")
    reference = snapshot(seen, store, at="2020-01-15")
    assert (reference.possible, reference.certain) == (snap.possible, snap.certain)
    assert index.snapshot(at="2020-01-31").is_certain("ceasefire")


def test_straddling_lists_only_the_records_the_projection_reads() -> None:
    store = MemoryStore(clock=ticking_clock())
    store.append("s", [Event(id="a", when="2020-01", summary="x")])
    claims = fold(lambda: 0, lambda n, r: n + 1, kinds={"claim"})
    for snap in (
        snapshot(claims, store, at="2020-01-15"),
        SnapshotIndex(claims, store).snapshot(at="2020-01-15"),
    ):
        assert snap.possible == snap.certain == 0
        assert snap.straddling == ()
        assert not snap.is_possible("a")
        assert not snap.is_certain("a")
    every = fold(lambda: 0, lambda n, r: n + 1)
    assert ids(snapshot(every, store, at="2020-01-15").straddling) == ["a"]
    assert snapshot(every, store, at="2020-01-15").is_possible("a")


def test_index_straddling_follows_streams_and_where(store: MemoryStore) -> None:
    store.append("other", [Event(id="elsewhere", when="2020-01", summary="Elsewhere")])
    count = fold(lambda: 0, lambda n, r: n + 1)
    assert "elsewhere" in ids(SnapshotIndex(count, store).snapshot(at="2020-01-15").straddling)
    for retracted, index in (
        ("sochi", SnapshotIndex(count, store, streams="idlib")),
        ("year-2018", SnapshotIndex(count, store, where=lambda r: r.stream == "idlib")),
    ):
        snap = index.snapshot(at="2020-01-15")
        assert "elsewhere" not in ids(snap.straddling)
        assert not snap.is_possible("elsewhere")
        assert snap.is_possible("ceasefire")
        # The view as known before a later retraction (indexed apart) reads the same records.
        retraction = Retraction(id=f"r-{retracted}", when="2020", target=retracted, summary="")
        store.append("idlib", [retraction])
        past = index.snapshot(at="2020-01-15", known_at=store.head - 1)
        assert "elsewhere" not in ids(past.straddling)
        assert not past.is_possible("elsewhere")
        assert past.is_possible(retracted)
        assert not index.snapshot(at="2020-01-15").is_possible(retracted)


def test_streams_and_where(store: MemoryStore) -> None:
    store.append("other", [Event(id="elsewhere", when="2019", summary="Elsewhere")])
    chron = Chronology(store)
    assert ids(chron.query(streams="other")) == ["elsewhere"]
    assert "elsewhere" not in ids(chron.query(streams={"idlib"}))
    count = fold(lambda: 0, lambda n, r: n + 1)
    index = SnapshotIndex(count, chron, streams=["other"])
    assert index.state(at="2019") == 1
    assert index.state(at="2018") == 0
    only_s = SnapshotIndex(count, chron, where=lambda r: r.event.id.startswith("s"))
    assert only_s.state(at="2020") == 2
