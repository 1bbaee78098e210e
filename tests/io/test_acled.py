"""ACLED import: the column mapping, row versions as corrections at their stamps, deletions.

The files in tests/data/acled are invented (ACLED's terms forbid redistributing
its data); their README lists what each row is there for.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cli.program import main
from timeline.conflict import Attack, Capture
from timeline.errors import DatasetError
from timeline.events import Correction, Event, Figure, Retraction
from timeline.io.datasets import (
    ACLED_COLUMNS,
    AcledAttack,
    AcledBattle,
    AcledCapture,
    AcledEvent,
    AcledProtest,
    AcledRiot,
    AcledStrategic,
    import_acled,
    import_acled_deletions,
)
from timeline.projections import Chronology
from timeline.store import MemoryStore, SQLiteStore
from timeline.store.catalog import Catalog
from timeline.strategies import slugs

DATA = Path(__file__).resolve().parents[1] / "data" / "acled"
EXPORT = DATA / "acled_syria_invented.csv"
DELETIONS = DATA / "acled_deletions_invented.csv"

with EXPORT.open(encoding="utf-8", newline="") as _handle:
    _reader = csv.reader(_handle)
    HEADER = next(_reader)
    LINES = list(_reader)  # LINES[i] is on line i + 2
COL = {name: i for i, name in enumerate(HEADER)}
# The 40 events as first uploaded (the malformed rows are SYR90041 and later).
GOOD = [r for r in LINES if r[0] < "SYR90041" and r[-1] in ("1579500000", "1580100000")]
FIRST, LATER = 1579500000, 1580700000


def _moment(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, UTC)


def _row(key: str, stamp: str = "1579500000") -> dict[str, str]:
    for values in LINES:
        if values[0] == key and values[COL["timestamp"]] == stamp:
            return dict(zip(HEADER, values, strict=True))
    raise KeyError(key)


def _text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def store() -> MemoryStore:
    found = MemoryStore()
    import_acled(found, EXPORT)
    return found


def _current(store: MemoryStore, known_at: datetime | None = None) -> dict[str, Event]:
    chronology = Chronology(store, live=False)
    return {r.event.id: r.event for r in chronology.query(known_at=known_at)}


# -- the mapping ------------------------------------------------------------------------------


def test_the_file_imports_with_its_versions_and_lists_its_bad_rows(store: MemoryStore) -> None:
    result = import_acled(MemoryStore(), EXPORT)
    assert (result.rows, result.added, result.corrected, result.unchanged) == (50, 40, 4, 0)
    assert result.stamps == 3  # the stamps 1579500000, 1580100000 and 1580700000
    assert [(p.line, p.event_id, p.field) for p in result.skipped] == [
        (22, "SYR90041", "event_date"),
        (23, "SYR90042", "time_precision"),
        (36, "SYR90043", "event_type"),
        (37, "SYR90044", "fatalities"),
        (38, None, None),
        (51, "SYR90046", "timestamp"),
    ]
    assert "expected 1 to 3" in result.skipped[1].message
    assert "Battles, Explosions/Remote violence" in result.skipped[2].message
    assert len(_current(store)) == 40


def test_a_row_is_mapped_column_by_column(store: MemoryStore) -> None:
    row = _row("SYR90002")
    recorded = store.get("acled-SYR90002")
    assert recorded is not None
    event = recorded.event
    assert isinstance(event, AcledAttack)
    assert isinstance(event, Attack)
    assert event.when.to_edtf() == "2019-12-04"
    assert event.by == "acled-actor-military-forces-of-syria-2000"
    assert event.on == "acled-actor-hts-hayat-tahrir-al-sham"
    assert event.method == event.sub_event_type == "Shelling/artillery/missile attack"
    assert event.fatalities == Figure.at_least(7, text="at least 7 (ACLED's conservative estimate)")
    assert not event.fatalities.is_exact
    assert (event.time_precision, event.geo_precision) == (1, 1)
    assert event.source_scale == "Local partner-Other"
    assert event.notes == row["notes"]
    assert dict(event.data["row"]) == row
    assert [c.source for c in event.citations] == ["acled-source-orontes-radio-invented"]
    assert event.citations[0].via == "acled"
    assert event.summary == (
        "Shelling/artillery/missile attack: Military Forces of Syria (2000-) vs "
        "HTS: Hayat Tahrir al Sham, Khan Shaykhun (at least 7 killed)"
    )
    catalog = Catalog.of(store)
    places = catalog.entries("place")
    where = places[event.where]
    assert (where.name, where.coordinates) == ("Khan Shaykhun", (35.4406, 36.6492))
    chain = []
    place_id: str | None = event.where
    while place_id is not None:
        chain.append(places[place_id].name)
        place_id = places[place_id].within
    assert chain == ["Khan Shaykhun", "Khan Shaykun", "Maarrat an Nu'man", "Idlib", "Syria"]
    assert event.places[0] == event.where
    assert event.places[-1] == "acled-syria"
    actors = catalog.entries("actor")
    assert actors[event.by].kind == "State forces"  # inter1 1
    assert actors[event.on].kind == "Rebel groups"  # inter2 2


def test_associated_actors_and_several_sources(store: MemoryStore) -> None:
    event = store.get("acled-SYR90003").event  # type: ignore[union-attr]
    assert isinstance(event, AcledBattle)
    assert event.actors == (
        "acled-actor-military-forces-of-syria-2000",
        "acled-actor-hts-hayat-tahrir-al-sham",
        "acled-actor-hezbollah",
        "acled-actor-nlf-national-front-for-liberation",
    )
    assert [c.source for c in event.citations] == [
        "acled-source-valley-monitor-invented",
        "acled-source-orontes-radio-invented",
    ]
    assert event.fatalities == Figure(low=1, text="at least 1 (ACLED's conservative estimate)")


def test_each_event_type_has_its_kind_and_territory_is_a_capture(store: MemoryStore) -> None:
    events = [store.get(f"acled-{r[0]}").event for r in GOOD]  # type: ignore[union-attr]
    expected: Counter[str] = Counter()
    for values in GOOD:
        sub = values[COL["sub_event_type"]]
        if sub in ("Government regains territory", "Non-state actor overtakes territory"):
            expected["acled.capture"] += 1
        else:
            expected[
                {
                    "Battles": "acled.battle",
                    "Explosions/Remote violence": "acled.attack",
                    "Violence against civilians": "acled.attack",
                    "Protests": "acled.protest",
                    "Riots": "acled.riot",
                    "Strategic developments": "acled.strategic",
                }[values[COL["event_type"]]]
            ] += 1
    assert Counter(e.kind for e in events) == expected
    assert set(expected) == {
        "acled.attack",
        "acled.battle",
        "acled.capture",
        "acled.protest",
        "acled.riot",
        "acled.strategic",
    }
    for cls in (AcledBattle, AcledProtest, AcledRiot, AcledStrategic):
        assert issubclass(cls, AcledEvent)
    capture = store.get("acled-SYR90005").event  # type: ignore[union-attr]
    assert isinstance(capture, AcledCapture)
    assert isinstance(capture, Capture)
    assert capture.by == "acled-actor-hts-hayat-tahrir-al-sham"  # actor1 takes it...
    assert capture.from_ == "acled-actor-military-forces-of-syria-2000"  # ...from actor2
    assert capture.place == capture.places[0] == "acled-syria/aleppo/jebel-saman/haritan/khan-tuman"


@pytest.mark.parametrize(
    ("key", "edtf", "earliest", "latest"),
    [
        ("SYR90002", "2019-12-04", "2019-12-04", "2019-12-05"),  # 1: the day
        ("SYR90008", "[2019-12-19..2019-12-25]", "2019-12-19", "2019-12-26"),  # 2: +-3 days
        ("SYR90001", "2019-12", "2019-12-01", "2020-01-01"),  # 3: the month
        ("SYR90004", "2019-12-10", "2019-12-10", "2019-12-11"),  # "10 December 2019"
        ("SYR90022", "[2020-01-01..2020-01-07]", "2020-01-01", "2020-01-08"),  # "4 January 2020"
    ],
)
def test_time_precision_is_the_window_the_event_happened_in(
    store: MemoryStore, key: str, edtf: str, earliest: str, latest: str
) -> None:
    event = store.get(f"acled-{key}").event  # type: ignore[union-attr]
    assert event.when.to_edtf() == edtf
    assert event.when.earliest.date().isoformat() == earliest
    assert event.when.latest.date().isoformat() == latest


def test_precision_two_is_an_uncertain_point_not_an_interval(store: MemoryStore) -> None:
    event = store.get("acled-SYR90008").event  # type: ignore[union-attr]
    assert event.time_precision == 2
    assert event.when.is_point
    assert event.when.earliest + timedelta(days=7) == event.when.latest


# -- versions and deletions as recorded time ---------------------------------------------------


def test_each_version_is_recorded_at_its_timestamp(store: MemoryStore) -> None:
    original = store.get("acled-SYR90002")
    correction = store.get(f"acled-SYR90002~{LATER}")
    assert original is not None
    assert correction is not None
    assert original.reported_at == _moment(FIRST)
    assert store.get("acled-SYR90031").reported_at == _moment(1580100000)  # type: ignore[union-attr]
    assert correction.reported_at == _moment(LATER)
    assert isinstance(correction.event, Correction)
    assert correction.event.data["columns"] == ("notes", "fatalities")
    assert correction.event.reason == "changed by ACLED at 2020-02-03T03:20:00Z: notes, fatalities"
    recoded = store.get(f"acled-SYR90031~{LATER}").event  # type: ignore[union-attr]
    assert isinstance(recoded, Correction)
    assert isinstance(recoded.replacement, AcledBattle)


def test_known_at_before_and_after_a_correction(store: MemoryStore) -> None:
    before = _current(store, _moment(LATER) - timedelta(seconds=1))
    after = _current(store, _moment(LATER))
    assert before["acled-SYR90002"].fatalities.low == 7  # type: ignore[attr-defined]
    assert after["acled-SYR90002"].fatalities.low == 12  # type: ignore[attr-defined]
    assert before["acled-SYR90031"].kind == "acled.attack"
    assert after["acled-SYR90031"].kind == "acled.battle"
    assert dict(after["acled-SYR90007"].data["row"]) == _row("SYR90007", str(LATER))
    early = _current(store, _moment(FIRST))
    assert len(early) == 25
    assert "acled-SYR90026" not in early


def test_deletions_are_retractions_at_their_stamps(store: MemoryStore) -> None:
    result = import_acled_deletions(store, DELETIONS)
    assert (result.rows, result.retracted, result.unknown) == (4, 2, 1)
    assert [(p.line, p.event_id, p.field) for p in result.skipped] == [
        (5, "SYR90011", "deleted_timestamp")
    ]
    retraction = store.get("acled-SYR90009~deleted")
    assert retraction is not None
    assert isinstance(retraction.event, Retraction)
    assert retraction.reported_at == _moment(1581300000)
    assert "acled-SYR90009" in _current(store, _moment(1581300000) - timedelta(seconds=1))
    assert "acled-SYR90009" not in _current(store, _moment(1581300000))
    assert "acled-SYR90020" in _current(store, _moment(1581300000))
    assert len(_current(store)) == 38
    head = store.head
    again = import_acled_deletions(store, DELETIONS)
    assert (again.appended, again.unchanged, store.head) == (0, 2, head)


def test_the_same_file_again_appends_nothing(store: MemoryStore) -> None:
    head = store.head
    again = import_acled(store, EXPORT)
    assert (again.appended, again.added, again.corrected, again.unchanged) == (0, 0, 0, 44)
    assert store.head == head


def test_a_later_export_appends_only_its_new_versions(store: MemoryStore) -> None:
    changed = _row("SYR90010")
    changed["fatalities"], changed["timestamp"] = "3", "1581000000"
    new = _row("SYR90010")
    new["event_id_cnty"], new["timestamp"] = "SYR90050", "1581000000"
    text = _text([list(changed.values()), list(new.values()), GOOD[0]])
    result = import_acled(store, io.StringIO(text))
    assert (result.added, result.corrected, result.unchanged) == (1, 1, 1)
    assert result.stamps == 1
    found = store.get("acled-SYR90010~1581000000")
    assert found is not None
    assert found.event.data["columns"] == ("fatalities",)


def test_an_older_or_same_stamp_version_and_a_deleted_row_are_reported(
    store: MemoryStore,
) -> None:
    import_acled_deletions(store, DELETIONS)
    older = _row("SYR90002")
    older["notes"], older["timestamp"] = "An older account.", "1579000000"
    same = _row("SYR90001")
    same["notes"] = "Other cells under the same stamp."
    deleted = _row("SYR90009")
    deleted["timestamp"] = "1590000000"
    head = store.head
    rows = [list(r.values()) for r in (older, same, deleted)]
    result = import_acled(store, io.StringIO(_text(rows)))
    assert [(p.line, p.event_id) for p in result.skipped] == [
        (2, "SYR90002"),
        (3, "SYR90001"),
        (4, "SYR90009"),
    ]
    assert "older than the version the stream holds" in result.skipped[0].message
    assert "a changed row needs a later stamp" in result.skipped[1].message
    assert "a deleted event stays deleted" in result.skipped[2].message
    assert result.appended == 0
    assert store.head == head


def test_strict_refuses_the_file_and_leaves_the_store_unchanged(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "a.db") as db:
        import_acled(db, io.StringIO(_text(GOOD[:5])))
        head = db.head
        with pytest.raises(DatasetError) as caught:
            import_acled(db, EXPORT, strict=True)
        assert [p.line for p in caught.value.problems] == [22, 23, 36, 37, 38, 51]
        assert "acled_syria_invented.csv:22" in str(caught.value)
        assert "nothing was imported" in str(caught.value)
        assert db.head == head
        with pytest.raises(DatasetError, match="1 malformed row"):
            import_acled_deletions(db, DELETIONS, strict=True)
        assert db.head == head


def test_a_missing_column_is_refused() -> None:
    header = [h for h in HEADER if h != "fatalities"]
    rows = [[c for i, c in enumerate(r) if i != COL["fatalities"]] for r in GOOD[:2]]
    with pytest.raises(DatasetError, match=r"missing column\(s\) fatalities"):
        import_acled(MemoryStore(), io.StringIO(_text(rows, header)))
    with pytest.raises(DatasetError, match="deleted_timestamp"):
        import_acled_deletions(MemoryStore(), io.StringIO("event_id_cnty,when\nX1,1\n"))
    assert "timestamp" in ACLED_COLUMNS


# -- properties ---------------------------------------------------------------------------------


@st.composite
def _rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """ACLED rows varied from the test file's, with one to three versions of some keys."""
    bases = draw(st.lists(st.sampled_from(GOOD), min_size=1, max_size=8))
    rows = []
    for n, base in enumerate(bases):
        row = dict(zip(HEADER, base, strict=True))
        row["event_id_cnty"] = f"SYR7{n:04d}"
        stamps = draw(st.lists(st.integers(1_500_000_000, 1_700_000_000), min_size=1, max_size=3))
        for stamp in sorted(set(stamps)):
            version = dict(row)
            version["timestamp"] = str(stamp)
            version["fatalities"] = str(draw(st.integers(0, 500)))
            version["notes"] = draw(st.text(max_size=40))
            version["actor1"] = draw(slugs()).replace("-", " ").strip() or "someone"
            version["time_precision"] = str(draw(st.integers(1, 3)))
            day = draw(st.dates(datetime(1997, 1, 1).date(), datetime(2030, 12, 31).date()))
            version["event_date"] = day.isoformat()
            version["source"] = "; ".join(draw(st.lists(slugs(), min_size=0, max_size=3)))
            rows.append(version)
    return draw(st.permutations(rows))


@settings(max_examples=25, deadline=None)
@given(rows=_rows())
def test_import_then_export_reproduces_the_latest_version_of_every_row(
    rows: list[dict[str, str]],
) -> None:
    store = MemoryStore()
    text = _text([list(r.values()) for r in rows])
    result = import_acled(store, io.StringIO(text))
    assert result.skipped == ()
    latest: dict[str, dict[str, str]] = {}
    for row in rows:
        key = row["event_id_cnty"]
        if key not in latest or int(row["timestamp"]) > int(latest[key]["timestamp"]):
            latest[key] = row
    exported = {e.id: dict(e.data["row"]) for e in _current(store).values()}
    assert exported == {f"acled-{k}": r for k, r in latest.items()}
    assert result.added == len(latest)
    for key, row in latest.items():  # known at each stamp: the version of that stamp
        event = _current(store, _moment(int(row["timestamp"])))[f"acled-{key}"]
        assert dict(event.data["row"]) == row
    head = store.head
    again = import_acled(store, io.StringIO(text))
    assert (again.appended, again.unchanged, store.head) == (0, len(rows), head)


@settings(max_examples=20, deadline=None)
@given(rows=_rows(), cut=st.integers(1_500_000_000, 1_700_000_000))
def test_successive_exports_give_what_one_export_gives(
    rows: list[dict[str, str]], cut: int
) -> None:
    """Importing the rows stamped up to ``cut``, then the rest, equals importing all at once."""
    whole, parts = MemoryStore(), MemoryStore()
    import_acled(whole, io.StringIO(_text([list(r.values()) for r in rows])))
    early = [list(r.values()) for r in rows if int(r["timestamp"]) <= cut]
    late = [list(r.values()) for r in rows if int(r["timestamp"]) > cut]
    import_acled(parts, io.StringIO(_text(early)))
    result = import_acled(parts, io.StringIO(_text(late)))
    assert result.skipped == ()
    for moment in (None, _moment(cut), _moment(cut + 1)):
        assert {k: dict(e.data["row"]) for k, e in _current(parts, moment).items()} == {
            k: dict(e.data["row"]) for k, e in _current(whole, moment).items()
        }


# -- the command --------------------------------------------------------------------------------


def test_the_command_imports_exports_and_deletions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "acled.db")
    assert main(["import", str(EXPORT), db, "--format", "acled"]) == 0
    err = capsys.readouterr().err
    assert "50 rows, 40 new, 4 corrected, 0 unchanged, 6 skipped; 87 events appended" in err
    assert "acled_syria_invented.csv:37: field 'fatalities'" in err
    assert main(["import", str(DELETIONS), db, "--format", "acled-deletions"]) == 0
    assert "2 retracted, 1 not in the stream" in capsys.readouterr().err
    assert main(["import", str(EXPORT), db, "--format", "acled"]) == 0
    assert "0 events appended" in capsys.readouterr().err


def test_the_command_never_prints_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "acled.db"
    assert main(["import", str(EXPORT), str(db), "--format", "acled", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "6 malformed rows (strict)" in err
    assert "Traceback" not in err
    assert not db.exists()  # a refused import into a new file leaves none
    usage = ["import", str(EXPORT), str(db), "--format", "acled", "--release", "1"]
    assert main(usage) == 2
    assert "ACLED rows carry their own timestamp" in capsys.readouterr().err
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"event_id_cnty,deleted_timestamp\n\xff\xfe,1\n")
    assert main(["import", str(broken), str(db), "--format", "acled-deletions"]) == 1
    err = capsys.readouterr().err
    assert "broken.csv" in err
    assert "Traceback" not in err
