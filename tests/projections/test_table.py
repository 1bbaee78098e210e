"""Events as tables: ``Chronology.to_frame()``, ``Snapshot.to_frame()`` and the CSV export.

Properties first (rows are the chronology's entries, ids round-trip, the CSV
reads back with :mod:`csv` to the frame's values, pandas and polars agree),
then facts pinned on the Idlib seed, then the missing-extra errors.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings

from timeline.conflict import ConflictProjection
from timeline.errors import MissingExtraError, ProjectionError
from timeline.events import Event
from timeline.io.csv_table import split_list, table_csv
from timeline.projections import Chronology, CorrectionWarning, SnapshotIndex, snapshot
from timeline.projections.table import COLUMNS, event_columns, figure_of, to_frame
from timeline.store import MemoryStore
from timeline.strategies import event_streams
from timeline.time.calendar import days_from_civil

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "idlib-2020.toml"
NAMES = [name for name, _ in COLUMNS]
LISTS = {"actors", "places", "sources"}
INTS = {"figure_low", "figure_best", "figure_high", "position"}
BOOLS = {"approximate", "uncertain", "certain"}
STAMPS_MS = {"earliest", "latest"}
STAMPS_US = {"recorded_at", "reported_at"}
TEXT = {"id", "kind", "summary", "precision", "edtf", "stream"}
SLOW = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])


def chronology_of(events: list[Event]) -> Chronology:
    store = MemoryStore()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorrectionWarning)
        if events:
            store.append("s", events)
        return Chronology(store, live=False)


def pandas_values(frame: pd.DataFrame, name: str) -> list[Any]:
    """A pandas column as plain values; timestamps as integers since the epoch."""
    column = frame[name]
    if name in STAMPS_MS or name in STAMPS_US:
        column = column.astype("int64[pyarrow]")
    return [None if _missing(v) else _plain(v) for v in column.tolist()]


def polars_values(frame: pl.DataFrame, name: str) -> list[Any]:
    """A polars column as plain values; timestamps as integers since the epoch."""
    column = frame[name]
    if name in STAMPS_MS:
        column = column.dt.epoch("ms")
    elif name in STAMPS_US:
        column = column.dt.epoch("us")
    return [_plain(v) for v in column.to_list()]


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, list | str) and bool(pd.isna(value)))


def _plain(value: Any) -> Any:
    return list(value) if hasattr(value, "__len__") and not isinstance(value, str) else value


_ISO = re.compile(r"([+-]?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{6}))?Z")


def parse_iso(text: str) -> int:
    """ISO 8601 UTC text as microseconds since the epoch (checked against datetime)."""
    match = _ISO.fullmatch(text)
    assert match, text
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    micros = int(match.group(7) or 0)
    seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    if 1 <= year <= 9999:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        assert int(moment.timestamp()) == seconds
    return seconds * 1_000_000 + micros


def csv_values(rows: list[dict[str, str]], name: str) -> list[Any]:
    """A CSV column read back as the frame's values."""
    out: list[Any] = []
    for row in rows:
        cell = row[name]
        if name in LISTS:
            out.append(split_list(cell))
        elif cell == "" and name not in TEXT:
            out.append(None)  # text columns other than `figure` are never null
        elif name in INTS:
            out.append(int(cell))
        elif name in BOOLS:
            assert cell in ("true", "false")
            out.append(cell == "true")
        elif name in STAMPS_MS:
            out.append(parse_iso(cell) // 1000)
        elif name in STAMPS_US:
            out.append(parse_iso(cell))
        else:
            out.append(cell)
    return out


# -- properties ---------------------------------------------------------------------------


@SLOW
@given(event_streams(max_size=6))
def test_one_row_per_chronology_entry_and_ids_round_trip(events: list[Event]) -> None:
    chron = chronology_of(events)
    ids = [r.event.id for r in chron]
    frame = chron.to_frame()
    assert list(frame.columns) == NAMES
    assert len(frame) == len(chron)
    assert pandas_values(frame, "id") == ids
    polars = chron.to_frame(backend="polars")
    assert polars.columns == NAMES
    assert polars.height == len(chron)
    assert polars["id"].to_list() == ids


@SLOW
@given(event_streams(max_size=6))
def test_pandas_polars_and_csv_hold_the_same_values(events: list[Event]) -> None:
    chron = chronology_of(events)
    frame = chron.to_frame()
    polars = chron.to_frame(backend="polars")
    rows = list(csv.DictReader(io.StringIO(table_csv(chron), newline="")))
    assert len(rows) == len(chron)
    table = event_columns(chron)
    for name in NAMES:
        expected = table.columns[name]
        assert pandas_values(frame, name) == expected, name
        assert polars_values(polars, name) == expected, name
        assert csv_values(rows, name) == expected, name


@SLOW
@given(event_streams(max_size=6))
def test_columns_say_what_the_events_say(events: list[Event]) -> None:
    chron = chronology_of(events)
    table = event_columns(chron)
    for i, recorded in enumerate(chron):
        event = recorded.event
        when = event.when
        col = table.columns
        assert col["edtf"][i] == when.to_edtf()
        lo = col["earliest"][i]
        assert lo == (None if when.earliest_ts is None else when.earliest_ts * 1000)
        assert col["sources"][i] == list(event.sources())
        assert col["actors"][i] == list(event.actors)
        found = figure_of(event)
        if found is None:
            assert col["figure_low"][i] is col["figure_high"][i] is None
        else:
            low, best, high = col["figure_low"][i], col["figure_best"][i], col["figure_high"][i]
            assert (low, high) == (found[1].low, found[1].high)
            # A best estimate is never made up: only an exact figure gives one.
            assert best is None or low == best == high


@SLOW
@given(event_streams(max_size=6))
def test_snapshot_frame_is_the_applied_events_with_certainty(events: list[Event]) -> None:
    chron = chronology_of(events)
    for at in ("2000", "2020-01-15"):
        reference = snapshot(ConflictProjection(), chron, at=at)
        indexed = SnapshotIndex(ConflictProjection(), chron).snapshot(at=at)
        for snap in (reference, indexed):
            frame = snap.to_frame(backend="polars")
            ids = frame["id"].to_list()
            assert ids == [r.event.id for r in snap.applied()]
            assert all(snap.is_possible(i) for i in ids)
            assert frame["certain"].to_list() == [snap.is_certain(i) for i in ids]
        assert sorted(reference.to_frame()["id"].tolist()) == sorted(
            indexed.to_frame()["id"].tolist()
        )


# -- facts on the seed -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_chronology() -> Chronology:
    from timeline.cli.loading import load_file

    return Chronology(load_file(str(SEED)).store, live=False)


def test_seed_frame_types_are_arrow_types(seed_chronology: Chronology) -> None:
    frame = seed_chronology.to_frame()
    assert len(frame) == 30
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes["earliest"] == "timestamp[ms, tz=UTC][pyarrow]"
    assert dtypes["recorded_at"] == "timestamp[us, tz=UTC][pyarrow]"
    assert dtypes["actors"] == "list<item: string>[pyarrow]"
    assert dtypes["figure_low"] == "int64[pyarrow]"
    assert dtypes["approximate"] == "bool[pyarrow]"
    assert dtypes["id"] == "string[pyarrow]"
    polars = seed_chronology.to_frame(backend="polars")
    assert polars.schema["earliest"] == pl.Datetime("ms", "UTC")
    assert polars.schema["sources"] == pl.List(pl.String)


def test_seed_casualty_figures(seed_chronology: Chronology) -> None:
    frame = seed_chronology.to_frame(backend="polars")
    killed = frame.filter(pl.col("kind") == "conflict.casualties")
    assert killed["figure"].to_list() == ["killed", "killed"]
    assert sorted(killed["figure_best"].to_list()) == [5, 13]
    displaced = frame.filter(pl.col("kind") == "conflict.displacement").row(0, named=True)
    # "nearly 1 million": an upper bound only, so no low and no best.
    assert (displaced["figure_low"], displaced["figure_best"], displaced["figure_high"]) == (
        None,
        None,
        1_000_000,
    )


def test_to_frame_takes_the_query_filters(seed_chronology: Chronology) -> None:
    frame = seed_chronology.to_frame("2020-02", "2020-02", kinds={"conflict.capture"})
    ids = [
        r.event.id for r in seed_chronology.query("2020-02", "2020-02", kinds="conflict.capture")
    ]
    assert frame["id"].tolist() == ids
    assert ids


def test_seed_snapshot_marks_the_straddling_ceasefire(seed_chronology: Chronology) -> None:
    snap = SnapshotIndex(ConflictProjection(), seed_chronology).snapshot(at="2020-01-15")
    frame = snap.to_frame()
    row = frame[frame["id"] == "idlib-ceasefire-took-effect"].iloc[0]
    assert not row["certain"]  # "in January": only possibly in force on 15 January
    assert frame["certain"].sum() == len(frame) - len(snap.straddling)


def test_csv_dates_sort_as_text(seed_chronology: Chronology) -> None:
    rows = list(csv.DictReader(io.StringIO(table_csv(seed_chronology), newline="")))
    dated = [row["earliest"] for row in rows if row["earliest"]]
    assert dated == sorted(dated)  # valid-time order is the text order of the ISO column
    first = next(row for row in rows if row["id"] == "demilitarized-zone-deal-2018")
    assert first["edtf"] == "2018"
    assert first["earliest"] == "2017-12-31T22:00:00Z"  # 2018 in Damascus, in UTC


def test_empty_chronology() -> None:
    chron = Chronology()
    assert chron.to_frame().shape == (0, len(COLUMNS))
    assert chron.to_frame(backend="polars").shape == (0, len(COLUMNS))
    assert table_csv(chron).splitlines() == [",".join(NAMES)]


def test_list_cells_escape_their_separator() -> None:
    store = MemoryStore()
    store.append("s", [Event(id="e", when="2020", summary="x", actors=["a;b", "c\\d", "e"])])
    text = table_csv(Chronology(store))
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert split_list(row["actors"]) == ["a;b", "c\\d", "e"]


# -- errors -------------------------------------------------------------------------------


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ProjectionError, match="'pandas' or 'polars'") as info:
        Chronology().to_frame(backend="arrow")  # type: ignore[arg-type]
    assert info.value.field == "backend"
    with pytest.raises(ProjectionError, match="'pandas' or 'polars'"):
        to_frame(event_columns([]), "spark")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("backend", "module", "extra"),
    [
        ("pandas", "pandas", "pandas"),
        ("pandas", "pyarrow", "pandas"),
        ("polars", "polars", "polars"),
    ],
)
def test_missing_library_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, backend: Any, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(MissingExtraError) as info:
        Chronology().to_frame(backend=backend)
    assert info.value.extra == extra
    assert info.value.where == module
    assert f"pip install 'timeline-ledger[{extra}]'" in str(info.value)
    assert isinstance(info.value, ImportError)


def test_the_core_imports_without_the_extras() -> None:
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pandas", "polars", "pyarrow", "numpy"):
            raise ImportError(name)
sys.meta_path.insert(0, Block())
import timeline, timeline.projections.table, timeline.io.csv_table
from timeline.projections import Chronology, MissingExtraError
from timeline.io.csv_table import table_csv
assert table_csv(Chronology()).startswith("id,kind,")
try:
    Chronology().to_frame()
except MissingExtraError as error:
    print(error.extra)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pandas"


def test_an_event_corrected_into_a_declaration_leaves_every_snapshot_alike() -> None:
    # Found by Hypothesis (test_snapshot_frame_is_the_applied_events_with_certainty): a plain
    # event whose replacement is a declaration stayed in the index's view while the replay
    # left it out with the other declarations (the record's catalog, not the world).
    from timeline.events import Actor, ActorDeclared, Correction

    declared = ActorDeclared(id="x", when="1900", actor=Actor(id="a1", name="A"))
    events = [
        Event(id="x", when="1900", summary="x"),
        Event(id="y", when="1900", summary="y"),
        Correction(id="fix", target="x", when="1900", summary="fix", replacement=declared),
    ]
    chron = chronology_of(events)
    assert [r.event.id for r in chron] == ["y"]
    reference = snapshot(ConflictProjection(), chron, at="2000")
    indexed = SnapshotIndex(ConflictProjection(), chron).snapshot(at="2000")
    for snap in (reference, indexed):
        assert [r.event.id for r in snap.applied()] == ["y"]
        assert not snap.is_possible("x")


def test_a_qualified_event_widened_across_the_moment_is_listed_where_it_is_folded() -> None:
    # Found by Hypothesis: "201X~" widens back to 2000, so a snapshot at the end of 2000 folds
    # it; the index folded it but left it out of applied().
    chron = chronology_of(
        [Event(id="a", when="1900", summary="a"), Event(id="b", when="201X~", summary="b")]
    )
    for snap in (
        snapshot(ConflictProjection(), chron, at="2000"),
        SnapshotIndex(ConflictProjection(), chron).snapshot(at="2000"),
    ):
        assert [r.event.id for r in snap.applied()] == ["a", "b"]
        assert snap.is_possible("b")
        assert not snap.is_certain("b")
