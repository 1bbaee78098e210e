"""UCDP GED import: the shared file in full, releases as recorded time, bad rows, the CLI.

The shared file (../shared/data/ucdp-ged-syria) is read, never changed: later
releases are derived from it here (figures changed, rows dropped, rows added).
"""

from __future__ import annotations

import csv
import gzip
import io
import os
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cli.program import main
from timeline.errors import DatasetError
from timeline.events import Correction, Retraction
from timeline.io.datasets import (
    DatasetRelease,
    GedEvent,
    import_ucdp_ged,
    release_diff,
    releases,
)
from timeline.projections import Chronology
from timeline.store import MemoryStore, SQLiteStore

# The shared data sits beside the checkout (../shared), however deep the worktree is.
if not os.environ.get("TIMELINE_GED"):
    raise RuntimeError("the shared UCDP GED file was not found (see tests/conftest.py)")
GED = Path(os.environ["TIMELINE_GED"])  # found by tests/conftest.py


def _read_rows() -> tuple[list[str], list[list[str]]]:
    with gzip.open(GED, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


HEADER, ROWS = _read_rows()
COL = {name: i for i, name in enumerate(HEADER)}


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def full() -> MemoryStore:
    store = MemoryStore()
    result = import_ucdp_ged(store, GED, release="19.1", released="2020-01-10")
    assert result.rows == len(ROWS) == 16566
    return store


def test_the_shared_file_imports_in_full(full: MemoryStore) -> None:
    events = [r.event for r in full.read("ucdp-ged") if isinstance(r.event, GedEvent)]
    assert len(events) == len(ROWS)
    assert {e.id for e in events} == {f"ucdp-ged-{row[COL['id']]}" for row in ROWS}
    (release,) = releases(full, "ucdp-ged")
    assert release.release == "19.1"
    assert len(release.rows) == len(ROWS)
    assert release.skipped == 0
    assert Counter(e.kind for e in events) == Counter(
        {"1": "ucdp.ged.state_based", "2": "ucdp.ged.non_state", "3": "ucdp.ged.one_sided"}[
            row[COL["type_of_violence"]]
        ]
        for row in ROWS
    )


def test_counts_per_month_and_governorate_match_an_independent_csv_count(
    full: MemoryStore,
) -> None:
    # The independent count: the csv module over the raw file, nothing of timeline.
    expected: Counter[tuple[str, str]] = Counter()
    deaths: Counter[tuple[str, str]] = Counter()
    with gzip.open(GED, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["date_start"][:7], row["adm_1"])
            expected[key] += 1
            deaths[key] += int(row["best"])
    got: Counter[tuple[str, str]] = Counter()
    got_deaths: Counter[tuple[str, str]] = Counter()
    places = {p.id: p for p in _catalog_places(full)}
    for recorded in Chronology(full, live=False).query():
        event = recorded.event
        assert isinstance(event, GedEvent)
        governorate = next(
            (
                places[p].name
                for p in event.places
                if places[p].within == "ucdp-syria" and p != event.where
            ),
            "",
        )
        key = (str(event.when.earliest)[:7], governorate)
        got[key] += 1
        got_deaths[key] += event.best
    assert got == expected
    assert got_deaths == deaths
    idlib = sum(n for (_, gov), n in got.items() if gov == "Idlib Governorate")
    assert idlib == 1863


def _catalog_places(store: MemoryStore) -> list:  # type: ignore[type-arg]
    from timeline.projections import Catalog

    return list(Catalog.of(store).entries("place").values())


def test_a_row_is_mapped_in_full(full: MemoryStore) -> None:
    recorded = full.get("ucdp-ged-214797")
    assert recorded is not None
    event = recorded.event
    assert isinstance(event, GedEvent)
    assert event.kind == "ucdp.ged.state_based"
    assert event.when.to_edtf() == "2016-01-01"
    assert (event.deaths.low, event.deaths.high, event.best) == (4, 4, 4)
    assert dict(event.deaths.parts)["side_a"].low == 2
    assert event.actors == ("ucdp-actor-118", "ucdp-actor-4456")
    assert event.where == "ucdp-syria/homs-governorate/ar-rastan-district/teir-maaleh-village"
    assert event.citations[0].source == "ucdp-source-sohr"
    assert event.citations[0].reported is not None
    assert event.citations[0].reported.to_edtf() == "2015-01-01"
    assert dict(event.data["row"]) == dict(zip(HEADER, ROWS[0], strict=True))
    assert recorded.reported_at == datetime(2020, 1, 10, tzinfo=UTC)


def test_a_date_window_is_an_uncertain_point_and_clarity_2_is_uncertain(full: MemoryStore) -> None:
    row = next(r for r in ROWS if r[COL["date_start"]] != r[COL["date_end"]])
    event = full.get(f"ucdp-ged-{row[COL['id']]}").event  # type: ignore[union-attr]
    assert event.when.is_point
    assert event.when.to_edtf() == f"[{row[COL['date_start']]}..{row[COL['date_end']]}]"
    assert event.date_prec == int(row[COL["date_prec"]])  # type: ignore[attr-defined]
    unclear = next(r for r in ROWS if r[COL["event_clarity"]] == "2")
    assert "uncertain" in full.get(f"ucdp-ged-{unclear[COL['id']]}").event.tags  # type: ignore[union-attr]


def test_the_same_release_again_appends_nothing(full: MemoryStore) -> None:
    head = full.head
    again = import_ucdp_ged(full, GED, release="19.1", released="2020-01-10")
    assert again.appended == 0
    assert again.unchanged == len(ROWS)
    assert full.head == head


# -- releases, on a slice of the file to stay quick ----------------------------------------------

SLICE = ROWS[:300]


def _second_release(rows: list[list[str]]) -> tuple[list[list[str]], dict[str, str]]:
    """Change figures on rows 0-9, drop rows 10-14, add two rows: the 20.1 of this test."""
    changed = [list(r) for r in rows[:10]]
    for r in changed:
        r[COL["best"]] = str(int(r[COL["best"]]) + 1)
        r[COL["high"]] = str(int(r[COL["high"]]) + 5)
    added = []
    for n, r in enumerate(rows[20:22]):
        new = list(r)
        new[COL["id"]] = str(990000 + n)
        added.append(new)
    kept = changed + rows[15:] + added
    expected = {r[COL["id"]]: "changed" for r in changed}
    expected |= {r[COL["id"]]: "dropped" for r in rows[10:15]}
    expected |= {r[COL["id"]]: "added" for r in added}
    return kept, expected


def test_a_later_release_appends_only_the_difference(tmp_path: Path) -> None:
    store = SQLiteStore(str(tmp_path / "ged.db"))
    first = import_ucdp_ged(
        store, _write(tmp_path / "a.csv", SLICE), release="19.1", released="2019-06-01"
    )
    assert first.added == 300
    rows, expected = _second_release(SLICE)
    second = import_ucdp_ged(
        store, _write(tmp_path / "b.csv", rows), release="20.1", released="2020-06-15"
    )
    assert (second.added, second.corrected, second.retracted) == (2, 10, 5)
    assert second.unchanged == 300 - 15
    batch = [r for r in store.read("ucdp-ged") if r.position > store.head - second.appended]
    assert all(r.reported_at == datetime(2020, 6, 15, tzinfo=UTC) for r in batch)
    corrections = [r.event for r in batch if isinstance(r.event, Correction)]
    assert {c.data["columns"] for c in corrections} == {("best", "high")}
    assert all({"best", "deaths", "data", "summary"} <= set(c.changes) for c in corrections)
    # Again: nothing.
    assert import_ucdp_ged(store, tmp_path / "b.csv", release="20.1").appended == 0
    diff = release_diff(store, "19.1", "20.1", stream="ucdp-ged")
    assert set(diff.added) == {f"ucdp-ged-{k}" for k, v in expected.items() if v == "added"}
    assert set(diff.retracted) == {f"ucdp-ged-{k}" for k, v in expected.items() if v == "dropped"}
    assert set(diff.corrected) == {f"ucdp-ged-{k}" for k, v in expected.items() if v == "changed"}
    assert set(diff.corrected.values()) == {("best", "high")}
    # known_at answers as of each release.
    chron = Chronology(store, live=False)
    before = chron.query(known_at=datetime(2020, 1, 1, tzinfo=UTC))
    after = chron.query(known_at=datetime(2020, 7, 1, tzinfo=UTC))
    assert len(before) == 300
    assert len(after) == 300 - 5 + 2
    one = f"ucdp-ged-{SLICE[0][COL['id']]}"
    best_then = {r.event.id: r.event.best for r in before}  # type: ignore[attr-defined]
    best_now = {r.event.id: r.event.best for r in after}  # type: ignore[attr-defined]
    assert best_now[one] == best_then[one] + 1
    store.close()


def test_releases_are_kept_in_order_and_do_not_change(tmp_path: Path) -> None:
    store = MemoryStore()
    import_ucdp_ged(
        store, _write(tmp_path / "a.csv", SLICE[:20]), release="20.1", released="2020-06-15"
    )
    with pytest.raises(DatasetError, match="older than"):
        import_ucdp_ged(
            store, _write(tmp_path / "b.csv", SLICE[:10]), release="19.1", released="2019-06-01"
        )
    with pytest.raises(DatasetError, match="already in stream"):
        import_ucdp_ged(store, tmp_path / "b.csv", release="20.1")
    assert [r.release for r in releases(store, "ucdp-ged")] == ["20.1"]


def test_a_retracted_row_that_reappears_is_reported(tmp_path: Path) -> None:
    store = MemoryStore()
    import_ucdp_ged(store, _write(tmp_path / "a.csv", SLICE[:5]), release="1")
    import_ucdp_ged(store, _write(tmp_path / "b.csv", SLICE[:4]), release="2")
    third = import_ucdp_ged(store, tmp_path / "a.csv", release="3")
    assert [p.line for p in third.skipped] == [6]
    assert "reappears" in third.skipped[0].message


@settings(max_examples=15, deadline=None)
@given(
    changed=st.sets(st.integers(0, 29), max_size=8),
    dropped=st.sets(st.integers(0, 29), max_size=8),
    added=st.integers(0, 3),
)
def test_the_diff_is_exactly_what_the_rows_changed(
    changed: set[int], dropped: set[int], added: int
) -> None:
    rows = SLICE[:30]
    store = MemoryStore()
    import_ucdp_ged(store, io.StringIO(_text(rows)), release="a")
    later = []
    for i, row in enumerate(rows):
        if i in dropped:
            continue
        row = list(row)
        if i in changed:
            row[COL["low"]] = "0"
        later.append(row)
    later += [[*rows[0][:0], *[str(880000 + n)], *rows[0][1:]] for n in range(added)]
    import_ucdp_ged(store, io.StringIO(_text(later)), release="b")
    diff = release_diff(store, "a", "b", stream="ucdp-ged")
    ids = [f"ucdp-ged-{r[COL['id']]}" for r in rows]
    really_changed = {ids[i] for i in changed - dropped if rows[i][COL["low"]] != "0"}
    assert set(diff.corrected) == really_changed
    assert set(diff.retracted) == {ids[i] for i in dropped}
    assert set(diff.added) == {f"ucdp-ged-{880000 + n}" for n in range(added)}
    assert release_diff(store, "b", "b", stream="ucdp-ged").empty


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


# -- bad rows -------------------------------------------------------------------------------------


def _bad_file(tmp_path: Path) -> Path:
    rows = [list(r) for r in SLICE[:6]]
    rows[1][COL["date_start"]] = "2016-13-45"
    rows[2][COL["date_prec"]] = "9"
    rows[3][COL["low"]], rows[3][COL["high"]] = "9", "2"
    rows[4] = rows[4][:10]
    return _write(tmp_path / "bad.csv", rows)


def test_bad_rows_are_listed_with_their_lines_and_the_rest_imported(tmp_path: Path) -> None:
    store = MemoryStore()
    result = import_ucdp_ged(store, _bad_file(tmp_path), release="x")
    assert [(p.line, p.field) for p in result.skipped] == [
        (3, "date_start"),
        (4, "date_prec"),
        (6, None),
    ]
    assert [(p.line, p.field) for p in result.warnings] == [(5, "low")]
    assert result.added == 3  # rows 1, 4 (widened figures) and 6
    event = store.get(f"ucdp-ged-{SLICE[3][COL['id']]}").event  # type: ignore[union-attr]
    assert "inconsistent-figures" in event.tags


@pytest.mark.parametrize(
    ("low", "best", "high", "widened"),
    [("1", "2", "1", (1, 2)), ("20", "40", "20", (20, 40)), ("5", "3", "9", (3, 9))],
)
def test_a_best_outside_low_to_high_widens_the_range_with_a_warning(
    tmp_path: Path, low: str, best: str, high: str, widened: tuple[int, int]
) -> None:
    rows = [list(r) for r in SLICE[:2]]
    rows[1][COL["low"]], rows[1][COL["best"]], rows[1][COL["high"]] = low, best, high
    path = _write(tmp_path / "best.csv", rows)
    store = MemoryStore()
    result = import_ucdp_ged(store, path, release="x")
    assert [(p.line, p.field) for p in result.warnings] == [(3, "best")]
    assert f"best {best} is outside low {low} to high {high}" in result.warnings[0].message
    event = store.get(f"ucdp-ged-{SLICE[1][COL['id']]}").event  # type: ignore[union-attr]
    assert isinstance(event, GedEvent)
    assert (event.deaths.low, event.deaths.high) == widened
    assert event.best == int(best)
    assert "inconsistent-figures" in event.tags
    with pytest.raises(DatasetError) as caught:
        import_ucdp_ged(MemoryStore(), path, release="x", strict=True)
    assert [p.line for p in caught.value.problems] == [3]


def test_the_shared_file_widens_every_inconsistent_row(full: MemoryStore) -> None:
    inconsistent = {
        f"ucdp-ged-{row[COL['id']]}"
        for row in ROWS
        if not int(row[COL["low"]]) <= int(row[COL["best"]]) <= int(row[COL["high"]])
    }
    assert len(inconsistent) == 58 + 43
    tagged = set()
    for recorded in full.read("ucdp-ged"):
        event = recorded.event
        if isinstance(event, GedEvent):
            assert event.deaths.low is not None
            assert event.deaths.high is not None
            assert event.deaths.low <= event.best <= event.deaths.high
            if "inconsistent-figures" in event.tags:
                tagged.add(event.id)
    assert tagged == inconsistent


def test_strict_refuses_the_file_and_appends_nothing(tmp_path: Path) -> None:
    store = MemoryStore()
    with pytest.raises(DatasetError) as caught:
        import_ucdp_ged(store, _bad_file(tmp_path), release="x", strict=True)
    assert [p.line for p in caught.value.problems] == [3, 4, 5, 6]
    assert "bad.csv:3" in str(caught.value)
    assert store.head == 0


def test_a_missing_column_is_refused(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "best"]
    rows = [[c for i, c in enumerate(r) if i != COL["best"]] for r in SLICE[:2]]
    with pytest.raises(DatasetError, match="missing column"):
        import_ucdp_ged(MemoryStore(), _write(tmp_path / "x.csv", rows, header))


# -- the command ----------------------------------------------------------------------------------


def test_the_command_imports_releases_and_lists_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "ged.db")
    a = _write(tmp_path / "a.csv", SLICE[:40])
    with gzip.open(tmp_path / "b.csv.gz", "wt", encoding="utf-8", newline="") as out:
        out.write(_text(_second_release(SLICE[:40])[0]))
    assert (
        main(
            [
                "import",
                str(a),
                db,
                "--format",
                "ucdp-ged",
                "--release",
                "19.1",
                "--released",
                "2019-06-01",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "import",
                str(tmp_path / "b.csv.gz"),
                db,
                "--format",
                "ucdp-ged",
                "--release",
                "20.1",
                "--released",
                "2020-06-15",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "2 new, 10 corrected, 5 retracted" in err
    assert main(["diff", db, "--from", "19.1", "--to", "20.1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "ucdp-ged: 19.1 -> 20.1: 2 new, 10 corrected, 5 retracted"
    assert (
        sum(line.startswith("~ ") and line.endswith("best, high") for line in out.splitlines())
        == 10
    )
    assert main(["diff", db, "--from", "20.1", "--to", "19.1"]) == 1
    assert "swap them" in capsys.readouterr().err
    # --known-at by a release's name: the record as it stood with that release.
    documents = {}
    for known in ("19.1", "ucdp-ged/19.1", "2019-06-01T00:00Z", "20.1"):
        assert main(["render", db, "--format", "md", "--known-at", known]) == 0
        documents[known] = capsys.readouterr().out
    assert documents["19.1"] == documents["ucdp-ged/19.1"]
    assert documents["19.1"] == documents["2019-06-01T00:00Z"]
    assert documents["19.1"] != documents["20.1"]
    for known in ("19.1", "2019-06-01T00:00Z"):
        assert main(["snapshot", db, "--at", "2019", "--format", "json", "--known-at", known]) == 0
        documents[f"snapshot {known}"] = capsys.readouterr().out
    assert documents["snapshot 19.1"] == documents["snapshot 2019-06-01T00:00Z"]
    assert main(["render", db, "-f", "md", "--known-at", "18.1"]) == 2
    err = capsys.readouterr().err
    assert "--known-at 18.1: no dataset release of that name" in err
    assert "releases: ucdp-ged/19.1, ucdp-ged/20.1" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit) as exited:  # argparse's own refusal: usage, exit status 2
        main(["render", db, "-f", "md", "--known-at", "not a release!"])
    assert exited.value.code == 2
    assert "or a release name (20.1, ucdp-ged/20.1)" in capsys.readouterr().err
    assert (
        main(
            [
                "import",
                str(_bad_file(tmp_path)),
                db,
                "--format",
                "ucdp-ged",
                "--strict",
                "--release",
                "21.1",
            ]
        )
        == 1
    )
    assert "bad.csv:3" in capsys.readouterr().err


def test_release_records_stay_out_of_chronologies(full: MemoryStore) -> None:
    chron = Chronology(full, live=False)
    assert not any(isinstance(r.event, (DatasetRelease, Retraction)) for r in chron.query())
